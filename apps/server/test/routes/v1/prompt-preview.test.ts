import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_ENV, cookieHeader, createPerson, signIn } from '../../support/accounts.js';
import { startTestApp, type TestApp } from '../../support/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(ACCOUNTS_ENV);
});
afterAll(() => t?.close());

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));

describe('GET /v1/prompt-preview', () => {
  it('is an empty, sandboxed page that may connect nowhere and runs only the service’s scripts', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/prompt-preview' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-cache');
    const csp = directives(String(response.headers['content-security-policy']));
    expect(Object.fromEntries(csp)).toEqual({
      sandbox: 'allow-scripts',
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'connect-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'self'",
    });
    // Only the dashboard frames it (the helmet's X-Frame-Options agrees with frame-ancestors).
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');

    // No inline script, style or handler: every script is a file of the service, by a relative path.
    const page = response.body;
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes, body]) => [attributes!.trim(), body])).toEqual([['src="../dashboard/prompt-preview.js" defer', '']]);
    expect(new URL('../dashboard/prompt-preview.js', `http://service/v1/prompt-preview`).pathname).toBe('/dashboard/prompt-preview.js');
    expect(page).not.toMatch(/<style|style=|\son\w+=/i);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('id="preview-status"');
  });

  it('holds no data: a signed-in person, a token and nobody get the same page', async () => {
    const project = await t.project('Preview', []);
    const person = await createPerson(t, { roles: { [project.projectId]: 'admin' } });
    const session = await signIn(t.app, person);
    const nobody = await t.app.inject({ method: 'GET', url: '/v1/prompt-preview' });
    const signedIn = await t.app.inject({ method: 'GET', url: '/v1/prompt-preview', headers: { cookie: cookieHeader(session) } });
    const token = await t.app.inject({ method: 'GET', url: '/v1/prompt-preview', headers: { authorization: `Bearer ${project.adminToken}` } });
    expect(signedIn.statusCode).toBe(200);
    expect(token.statusCode).toBe(200);
    expect(signedIn.body).toBe(nobody.body);
    expect(token.body).toBe(nobody.body);
    expect(signedIn.headers['set-cookie']).toBeUndefined();
  });

  it('answers only GET (and HEAD)', async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const response = await t.app.inject({ method, url: '/v1/prompt-preview', payload: {} });
      expect(response.statusCode, method).toBe(404);
    }
    expect((await t.app.inject({ method: 'HEAD', url: '/v1/prompt-preview' })).statusCode).toBe(200);
  });
});
