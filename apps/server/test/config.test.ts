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
