import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { enqueueMail } from '../../server/src/services/mail/outbox.js';
import { projectMailSettings } from '../../server/src/services/mail/settings.js';
import { unsubscribeToken } from '../../server/src/services/mail/unsubscribe.js';
import { mailsTo, tuneWorker } from '../../server/test/support/mail.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../server/test/support/smtp-receiver.js';
import { NOTHING_INJECTED, SCREENSHOTS, audit, injected, useDashboard } from './support/dashboard.js';
import { XSS_PAYLOADS } from './support/seed.js';

describeInChromium('the dashboard mail page', () => {
  let receiver: SmtpReceiver;
  // Filled before the service starts (this hook runs before useDashboard's).
  const env: Record<string, string> = {};
  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    Object.assign(env, {
      FEEDLOOP_SMTP_URL: receiver.url,
      FEEDLOOP_MAIL_FROM: 'Feedloop <loop@feedloop.example>',
      FEEDLOOP_PUBLIC_URL: 'https://feedloop.example',
      FEEDLOOP_MAIL_COALESCE_SECONDS: '0',
    });
  });
  const d = useDashboard('Mail test', async () => {}, env);
  beforeAll(() => {
    tuneWorker(d.t);
    // Mail needs a public URL at start (its links); the pages are served on a port chosen at
    // listen time, and sign-in checks that origin: the service names itself by it from now on.
    d.t.app.config.publicUrl = d.base;
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('shows mail on, sends a test mail (Arabic, right to left), saves the settings, lists the log and the unsubscribed; hostile text stays text', async () => {
    const { page, problems, foreign, dialogs } = await d.signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
    expect(page.url()).toContain('#/mail');
    await page.getByText('Mail is on: sent as Feedloop <loop@feedloop.example>.').waitFor();
    await page.getByText('No mail yet.').waitFor();

    // The test mail goes to the signed-in person by default.
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('button', { name: 'Send a test mail' }).click();
    await page.getByText('Test mail to ada@example.com queued').waitFor();
    const [mail] = await mailsTo(receiver, 'ada@example.com');
    expect(mail!.parsed.html).toContain('<html lang="ar" dir="rtl">');
    const row = page.locator('table.mail-log tbody tr').first();
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return row.textContent({ timeout: 1000 }).catch(() => '');
        },
        { timeout: 10_000 },
      )
      .toMatch(/Test mail\s*ada@example\.com\s*sent\s*1\s*SMTP 250/);

    // Settings: a link that is not http(s) is refused (the reason shows), a good one is saved.
    await page.getByLabel('Done').uncheck();
    await page.getByLabel('In progress').check();
    await page.getByLabel('Link in every mail (optional)').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.error[role="alert"]').getByText('replyLink must be an http(s) URL').waitFor();
    await page.getByLabel('Link in every mail (optional)').fill('https://example.com/roadmap');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const saved = await d.t.app.inject({ method: 'GET', url: '/v1/mail/settings', headers: { authorization: `Bearer ${d.adminToken}` } });
    expect(saved.json()).toMatchObject({ notifyStatuses: ['planned', 'in_progress'], replyLink: 'https://example.com/roadmap' });

    // A hostile recipient (never sent: not an address) and an unsubscribed address.
    await enqueueMail(d.t.database.db, d.projectId, { kind: 'test', recipient: `${XSS_PAYLOADS[0]}@x.example`, payload: {} });
    const { secret } = await projectMailSettings(d.t.database.db, d.projectId);
    const token = unsubscribeToken(d.projectId, secret, 'ada@example.com');
    expect((await d.t.app.inject({ method: 'POST', url: `/v1/mail/unsubscribe?token=${token}`, payload: '' })).statusCode).toBe(200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
    await expect.poll(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return page.locator('table.mail-log tbody tr').first().textContent({ timeout: 1000 }).catch(() => '');
    }, { timeout: 10_000 }).toContain('not a valid address');
    expect(await page.locator('table.mail-log').textContent()).toContain(XSS_PAYLOADS[0]);
    await page.locator('table.mail-unsubscribes').getByText('a…@e….com').waitFor();
    expect(await page.locator('table.mail-unsubscribes').textContent()).toContain('One click, from the mail');

    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-mail-light.png`, fullPage: true });
    expect(await injected(page)).toEqual(NOTHING_INJECTED);
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    // The console shows the refused link's 400; nothing else.
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});

describeInChromium('the dashboard mail page, mail off', () => {
  const d = useDashboard('Mail off', async () => {});

  it('says mail is off and why, offers no test mail, and is axe clean in dark mode', async () => {
    const { page, problems } = await d.signedIn('#/mail', { colorScheme: 'dark' });
    await page.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
    await page.getByText('Mail is off: FEEDLOOP_SMTP_URL and FEEDLOOP_MAIL_FROM are not set on this service.').waitFor();
    expect(await page.getByRole('button', { name: 'Send a test mail' }).count()).toBe(0);
    await page.getByText('Nobody has unsubscribed.').waitFor();
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
