import nodemailer from 'nodemailer';
import type { Mailbox } from './address.js';
import type { SmtpOptions } from './smtp-url.js';

export interface OutgoingMail {
  from: Mailbox;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** <id@host>: a mail sent again after a crash carries the same one, so receivers can tell. */
  messageId: string;
}

/** The SMTP server's answer: its reply code (250…) and text. */
export interface Accepted {
  code: number | null;
  response: string;
}

/** A failed send: temporary (4xx, no answer, timeout: retried) or permanent (5xx: given up). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly temporary: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<Accepted>;
  close(): void;
}

const replyCode = (text: string | undefined) => {
  const match = /^(\d{3})[\s-]/u.exec(text ?? '');
  return match ? Number(match[1]) : null;
};

/**
 * SMTP through nodemailer, one connection per mail (no pool to go stale between mails). No
 * file or URL access from message fields, whatever a payload says.
 */
export function smtpTransport(smtp: SmtpOptions, timeoutMs: number): MailTransport {
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          from: mail.from.name === undefined ? mail.from.address : { name: mail.from.name, address: mail.from.address },
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
          messageId: mail.messageId,
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return { code: replyCode(info.response), response: String(info.response ?? '').slice(0, 500) };
      } catch (error) {
        const e = error as Error & { responseCode?: number; code?: string; response?: string };
        const code = typeof e.responseCode === 'number' ? e.responseCode : replyCode(e.response);
        // An envelope refused without a code (no valid recipient) will not change on a retry either.
        const temporary = code !== null ? code < 500 : e.code !== 'EENVELOPE';
        const message = [e.code, e.response ?? e.message].filter(Boolean).join(': ');
        throw new SendError(message.slice(0, 500), code, temporary);
      }
    },
    close: () => transporter.close(),
  };
}
