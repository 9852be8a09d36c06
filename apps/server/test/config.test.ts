import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults: embedded database with the demo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8787, databaseUrl: undefined, dataDir: './.feedloop', demo: true, maxBodyBytes: 65_536, maxBatchEvents: 100 });
  });

  it('turns the demo off by default on PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/feedloop' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/feedloop', FEEDLOOP_DEMO: 'on' }).demo).toBe(true);
  });

  it('names every mistake with the value given, hiding secrets', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://u:secret@db', FEEDLOOP_DEMO: 'maybe', FEEDLOOP_ADMIN_TOKEN: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(message).toContain('PORT="eighty"');
    expect(message).toMatch(/FEEDLOOP_DEMO="maybe".*one of: auto, on, off/);
    expect(message).not.toContain('secret');
    expect(message).not.toContain('short');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 8787, databaseUrl: undefined });
  });
});

describe('FEEDLOOP_WEBHOOK_ALLOW_PRIVATE', () => {
  it('is off unless set to true, and a value that is not a boolean stops the start', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
    expect(() => loadConfig({ FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'sometimes' })).toThrow(/FEEDLOOP_WEBHOOK_ALLOW_PRIVATE="sometimes"/);
  });
});

describe('mail (FEEDLOOP_SMTP_URL, FEEDLOOP_MAIL_FROM)', () => {
  const base = { FEEDLOOP_PUBLIC_URL: 'https://feedloop.example', FEEDLOOP_MAIL_FROM: 'Feedloop <loop@example.com>' };
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('is off without both; with both, read into explicit options (the password never printed)', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    const config = loadConfig({ ...base, FEEDLOOP_SMTP_URL: 'smtps://mailer%40example.com:p%40ss@smtp.example.com' });
    expect(config.mail).toEqual({
      smtp: { host: 'smtp.example.com', port: 465, secure: true, auth: { user: 'mailer@example.com', pass: 'p@ss' }, requireTLS: false },
      from: { name: 'Feedloop', address: 'loop@example.com' },
      timeoutMs: 30_000,
    });
    expect(loadConfig({ ...base, FEEDLOOP_SMTP_URL: 'smtp://10.0.0.5?requireTLS=true' }).mail?.smtp).toMatchObject({ port: 587, secure: false, requireTLS: true });
    expect(problem({ FEEDLOOP_SMTP_URL: 'smtp://h.example' })).toContain('FEEDLOOP_SMTP_URL is set without FEEDLOOP_MAIL_FROM');
    expect(problem({ FEEDLOOP_MAIL_FROM: 'a@example.com' })).toContain('FEEDLOOP_MAIL_FROM is set without FEEDLOOP_SMTP_URL');
    expect(problem({ FEEDLOOP_SMTP_URL: 'smtp://h.example', FEEDLOOP_MAIL_FROM: 'a@example.com' })).toContain('needs FEEDLOOP_PUBLIC_URL');
  });

  it('an invalid or hostile URL stops the start with a clear message, hiding what it holds', () => {
    const cases: Array<[string, RegExp]> = [
      ['not a url', /spaces or control characters/],
      ['notaurl', /is not a URL/],
      ['http://user:secret@smtp.example.com', /must start with smtp:\/\/ or smtps:\/\//],
      ['file:///etc/passwd', /must start with smtp/],
      ['smtp://user:secret@smtp.example.com\r\nRCPT TO:<x@y>', /control characters/],
      ['smtp://smtp.example.com:99999', /is not a URL/],
      ['smtp://user:secret@smtp.example.com/path', /takes no path/],
      ['smtp://smtp.example.com?proxy=socks5://evil.example:1080', /does not take \?proxy/],
      ['smtp://smtp.example.com?logger=true', /does not take \?logger/],
      ['smtp://:secret@smtp.example.com', /password without a user/],
      ['smtp://user:%E0%A4%A@smtp.example.com', /badly encoded/],
    ];
    for (const [url, expected] of cases) {
      const message = problem({ ...base, FEEDLOOP_SMTP_URL: url });
      expect(message, url).toMatch(expected);
      expect(message, url).toContain('FEEDLOOP_SMTP_URL=(hidden)');
      expect(message, url).not.toContain('secret');
    }
  });

  it('a sender with a line break or not an address is refused', () => {
    for (const from of ['Feedloop <loop@example.com>\r\nBcc: evil@example.com', 'loop@example.com\nBcc: x@y.z', 'not an address', 'Name <a@b>']) {
      expect(problem({ ...base, FEEDLOOP_SMTP_URL: 'smtp://smtp.example.com', FEEDLOOP_MAIL_FROM: from }), from).toContain('FEEDLOOP_MAIL_FROM=');
    }
  });
});
