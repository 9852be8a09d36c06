/**
 * FEEDLOOP_SMTP_URL, read into explicit transport options. nodemailer would accept the URL
 * itself, but it turns query parameters into options (proxies, loggers, sendmail…): here only
 * host, port, user and password are taken, and anything else stops the start with a message.
 */
export interface SmtpOptions {
  host: string;
  port: number;
  /** smtps: TLS from the first byte (usually 465); smtp: STARTTLS when the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | undefined;
  /** smtp://…?requireTLS=true: refuse a server that does not offer STARTTLS. */
  requireTLS: boolean;
}

export type SmtpUrlResult = { ok: true; options: SmtpOptions } | { ok: false; problem: string };

export function parseSmtpUrl(raw: string): SmtpUrlResult {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/u.test(raw)) return { ok: false, problem: 'contains spaces or control characters' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'is not a URL (expected smtp://user:password@host:587 or smtps://…:465)' };
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return { ok: false, problem: `must start with smtp:// or smtps:// (not ${url.protocol}//)` };
  if (!url.hostname) return { ok: false, problem: 'names no host' };
  if (url.pathname !== '' && url.pathname !== '/') return { ok: false, problem: 'takes no path' };
  if (url.hash) return { ok: false, problem: 'takes no #fragment' };
  let requireTLS = false;
  for (const [name, value] of url.searchParams) {
    if (name === 'requireTLS' && (value === 'true' || value === 'false')) requireTLS = value === 'true';
    else return { ok: false, problem: `does not take ?${name} (only ?requireTLS=true)` };
  }
  const secure = url.protocol === 'smtps:';
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    return { ok: false, problem: 'has a badly encoded user or password (percent-encode them)' };
  }
  if (pass !== '' && user === '') return { ok: false, problem: 'has a password without a user' };
  return {
    ok: true,
    options: {
      host: url.hostname.replace(/^\[(.*)\]$/u, '$1'),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      auth: user === '' ? undefined : { user, pass },
      requireTLS,
    },
  };
}
