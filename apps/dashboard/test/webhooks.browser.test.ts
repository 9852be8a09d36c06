import { WEBHOOK_HEADERS } from '@feedloop/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { feedbackEvent, postEvents } from '../../server/test/support/app.js';
import { aggregated } from '../../server/test/support/verify.js';
import { eventually, startReceiver } from '../../server/test/support/webhook-receiver.js';
import { verifyWebhookSignature } from '../../server/src/services/webhooks/signature.js';
import { NOTHING_INJECTED, SCREENSHOTS, audit, injected, useDashboard } from './support/dashboard.js';
import { XSS_PAYLOADS } from './support/seed.js';

describeInChromium('the dashboard webhooks page', () => {
  // The receiver listens on 127.0.0.1: this service allows private addresses, as local development does.
  const d = useDashboard('Webhooks test', async () => {}, { FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'true' });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    // One attempt, quickly: the delivery fails for good at once, so only the button can send it again.
    Object.assign(d.t.app.webhookDispatcher.settings, { pollMs: 20, backoffMs: 100, maxBackoffMs: 400, timeoutMs: 2000, maxAttempts: 1 });
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('adds a webhook (secret shown once), shows the delivery log, redelivers a failed delivery; hostile text stays text', async () => {
    const { page, problems, foreign, dialogs } = await d.signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    expect(page.url()).toContain('#/webhooks');
    await page.getByText('No webhook yet.').waitFor();

    // A URL the service refuses (not http(s), with markup in it): the reason shows, as text.
    await page.getByLabel('URL').fill('ftp://x.example/<img src=x onerror=alert(1)>');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.locator('.error[role="alert"]').waitFor();

    const url = receiver.url('/dashboard-hook');
    await page.getByLabel('URL').fill(url);
    await page.getByLabel('Format').selectOption('json');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.locator('.secret code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    const card = page.getByRole('region', { name: url });
    await card.getByText('Nothing delivered yet.').waitFor();
    expect(await card.textContent()).toContain(`${secret.slice(0, 8)}`);

    // The receiver is down for the first delivery: with one attempt allowed, it fails.
    receiver.state.failures = 1;
    const comment = XSS_PAYLOADS[0]!;
    expect((await postEvents(d.t.app, d.keys.publicKey, [feedbackEvent({ feature: 'checkout', comment })])).statusCode).toBe(200);
    await eventually(() => expect(receiver.received).toHaveLength(1), 10_000);
    const row = card.locator('table.deliveries tbody tr').first();
    await expect
      .poll(
        async () => {
          await card.getByRole('button', { name: 'Refresh' }).click();
          return row.textContent({ timeout: 1000 }).catch(() => '');
        },
        { timeout: 10_000 },
      )
      .toMatch(/feedback\.created\s*failed.*1HTTP 503/);

    // Redeliver: the same delivery goes again, signed with the secret the page showed, and the log says so.
    await row.getByRole('button', { name: /Redeliver/ }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/delivered/);
    expect(receiver.received).toHaveLength(2);
    const [first, again] = receiver.received as [(typeof receiver.received)[0], (typeof receiver.received)[0]];
    expect(again.headers[WEBHOOK_HEADERS.delivery]).toBe(first.headers[WEBHOOK_HEADERS.delivery]);
    const signed = {
      secret,
      body: again.body,
      timestamp: again.headers[WEBHOOK_HEADERS.timestamp] as string,
      signature: again.headers[WEBHOOK_HEADERS.signature] as string,
    };
    expect(verifyWebhookSignature(signed)).toEqual({ ok: true });
    expect(JSON.parse(again.body).data.feedback.comment).toBe(comment);

    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-webhooks-light.png`, fullPage: true });
    expect(await injected(page)).toEqual(NOTHING_INJECTED);
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    // The console shows the refused URL's 400; nothing else.
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
  });

  it('Slack format chosen on the page: every XSS payload arrives escaped, no mention, link or markup forms', async () => {
    const { page, problems } = await d.signedIn('#/webhooks');
    const url = receiver.url('/slack');
    await page.getByLabel('URL').fill(url);
    await page.getByLabel('Format').selectOption('slack');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('region', { name: url }).getByText(/^Slack format/).waitFor();

    const events = XSS_PAYLOADS.map((comment) => feedbackEvent({ feature: 'checkout', comment }));
    expect((await postEvents(d.t.app, d.keys.publicKey, events)).statusCode).toBe(200);
    const slack = () => receiver.received.filter((r) => r.path === '/slack').map((r) => (JSON.parse(r.body) as { text: string }).text);
    await eventually(() => expect(slack()).toHaveLength(XSS_PAYLOADS.length), 10_000);
    // A hostile reply and tag reach Slack too (feedback.updated).
    const listed = await d.t.app.inject({ method: 'GET', url: '/v1/feedback?feature=checkout&limit=1', headers: { authorization: `Bearer ${d.keys.secretKey}` } });
    const id = listed.json().feedback[0].id as string;
    const patched = await d.t.app.inject({
      method: 'PATCH',
      url: `/v1/feedback/${id}`,
      headers: { authorization: `Bearer ${d.keys.secretKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        publicReply: '<!channel> <https://evil.example|click> & <script>alert(1)</script>',
        tags: ['<!here>'],
        // URLs may keep a "|": in Slack's <url|text> it would end the URL and name the link.
        issueUrl: 'https://tracker.example/FL-1?q=|Reset_your_password',
      }),
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await eventually(() => expect(slack()).toHaveLength(XSS_PAYLOADS.length + 1), 10_000);

    const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const texts = slack();
    // The one link Slack may show is the issue's, its "|" encoded.
    expect(texts.at(-1)).toContain('issue <https://tracker.example/FL-1?q=%7CReset_your_password|linked>');
    texts[texts.length - 1] = texts.at(-1)!.replace('<https://tracker.example/FL-1?q=%7CReset_your_password|linked>', 'LINK');
    // Slack's <…> (mentions, links) cannot form: no angle bracket but the "> " that starts a quoted line.
    for (const text of texts) expect(text.replace(/^> /gm, ''), text).not.toMatch(/[<>]/);
    for (const payload of XSS_PAYLOADS) {
      const quoted = payload.split('\n').map((line) => `> ${line}`).join('\n');
      expect(texts.some((text) => unescape(text).includes(quoted)), payload).toBe(true);
    }
    expect(unescape(texts.at(-1)!)).toContain('<!channel> <https://evil.example|click> & <script>alert(1)</script>');
    expect(problems).toEqual([]);
  });

  it('pauses and resumes a webhook, rotates its secret (the next delivery is signed with the new one), deletes it after confirming', async () => {
    const { page, problems } = await d.signedIn('#/webhooks');
    const url = receiver.url('/manage');
    await page.getByLabel('URL').fill(url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const card = page.getByRole('region', { name: url });
    await card.getByText('Nothing delivered yet.').waitFor();
    const received = () => receiver.received.filter((r) => r.path === '/manage');

    // Paused: feedback arrives, nothing is delivered.
    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByText(/· paused ·/).waitFor();
    await card.getByRole('status').getByText(/Paused/).waitFor();
    expect((await postEvents(d.t.app, d.keys.publicKey, [feedbackEvent({ feature: 'paused', comment: 'while paused' })])).statusCode).toBe(200);
    // Aggregated (the outbox written) while the webhook is paused.
    await aggregated(d.t.database.db);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received()).toEqual([]);

    // Rotated, then resumed: the next delivery verifies with the new secret only.
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    const secret = (await card.locator('.secret code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await card.getByRole('button', { name: 'Resume' }).click();
    await card.getByText(/· active ·/).waitFor();
    expect(await card.textContent()).toContain(secret.slice(0, 10));
    expect((await postEvents(d.t.app, d.keys.publicKey, [feedbackEvent({ feature: 'resumed', comment: 'after resume' })])).statusCode).toBe(200);
    await eventually(() => expect(received()).toHaveLength(1), 10_000);
    const [got] = received();
    expect(JSON.parse(got!.body).data.feedback.comment).toBe('after resume');
    expect(
      verifyWebhookSignature({
        secret,
        body: got!.body,
        timestamp: got!.headers[WEBHOOK_HEADERS.timestamp] as string,
        signature: got!.headers[WEBHOOK_HEADERS.signature] as string,
      }),
    ).toEqual({ ok: true });

    // Delete asks first; Cancel keeps it, confirming removes it.
    await card.getByRole('button', { name: 'Delete…' }).click();
    await card.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Cancel' }).click();
    await card.getByRole('button', { name: 'Delete…' }).click();
    expect(await audit(page)).toEqual([]);
    await card.getByRole('button', { name: 'Delete webhook' }).click();
    await card.waitFor({ state: 'detached' });
    // Webhooks are the admins' (the secret key reads, exports and triages only).
    const left = await d.t.app.inject({ method: 'GET', url: '/v1/webhooks', headers: { authorization: `Bearer ${d.adminToken}` } });
    expect(left.json().webhooks.map((h: { url: string }) => h.url)).not.toContain(url);
    expect(problems).toEqual([]);
  });

  it('accessible in dark too', async () => {
    const { page, problems } = await d.signedIn('#/webhooks', { colorScheme: 'dark' });
    await page.locator('table.deliveries').first().waitFor();
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
