import fp from 'fastify-plugin';
import { smtpTransport, type MailTransport } from '../../services/mail/transport.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** SMTP (nodemailer), when FEEDLOOP_SMTP_URL and FEEDLOOP_MAIL_FROM are set; undefined: mail is off. */
    mailTransport: MailTransport | undefined;
  }
}

/** The configured SMTP transport; nothing is connected until a mail is sent. */
export default fp(
  async (app) => {
    const mail = app.config.mail;
    const transport = mail ? smtpTransport(mail.smtp, mail.timeoutMs) : undefined;
    app.decorate('mailTransport', transport);
    app.addHook('onClose', async () => transport?.close());
  },
  { name: 'mail-transport', dependencies: ['config'] },
);
