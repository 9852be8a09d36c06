import { createServer as createNetServer } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A mail as the SMTP server received it: the envelope, and the message parsed by mailparser. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/** How the server behaves; tests change it between steps. */
export interface Behaviour {
  /** Refuse this many RCPT TO commands with 451 (temporary) before accepting. */
  temporaryRefusals: number;
  /** Refuse every recipient with 550 (permanent). */
  refuseRecipients: boolean;
  /** Wait this long before the greeting (a slow server: the client times out before sending anything). */
  greetingDelayMs: number;
}

/**
 * A real SMTP server in the test process (smtp-server, from the nodemailer project), on a free
 * loopback port, without STARTTLS (plain SMTP on loopback) and without authentication.
 */
export async function startSmtpReceiver(options: Partial<SMTPServerOptions> = {}) {
  const mails: ReceivedMail[] = [];
  const behaviour: Behaviour = { temporaryRefusals: 0, refuseRecipients: false, greetingDelayMs: 0 };
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      setTimeout(callback, behaviour.greetingDelayMs);
    },
    onRcptTo(address, _session, callback) {
      if (behaviour.refuseRecipients) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      if (behaviour.temporaryRefusals > 0) {
        behaviour.temporaryRefusals -= 1;
        refused += 1;
        return callback(Object.assign(new Error('4.7.1 Try again later'), { responseCode: 451 }));
      }
      void address;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const finish = async () => {
          const parsed = await simpleParser(raw);
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
          });
          callback();
        };
        void finish().catch((error: Error) => callback(error));
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    behaviour,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;

/** A loopback port where nothing listens (a server that is down). */
export async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
