import { expect, it } from 'vitest';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { createRule } from '../../server/src/services/alerts/rules.js';
import { createWebhook } from '../../server/src/services/webhooks/webhooks.js';
import { waitForFreshness } from '../../server/src/services/rollups/freshness.js';
import { feedbackEvent } from '../../server/test/support/app.js';
import { storeFeedback } from '../../server/test/support/webhook-receiver.js';
import { NOTHING_INJECTED, SCREENSHOTS, audit, injected, useDashboard } from './support/dashboard.js';
import { XSS_PAYLOADS } from './support/seed.js';

describeInChromium('the dashboard alerts page', () => {
  const d = useDashboard('Alerts test', async () => {});

  it('creates, previews, subscribes, pauses and deletes rules; lists fired alerts with hostile quotes as text; saves the digest; axe clean', async () => {
    // A keyword alert that quotes the XSS corpus, fired by the service's own scheduler.
    await createRule(d.t.database.db, d.projectId, { name: 'Crash watch', kind: 'keyword', params: { keywords: ['crash'] } }, null);
    await storeFeedback(d.t.database.db, d.projectId, [feedbackEvent({ feature: 'pay', comment: `crash\n${XSS_PAYLOADS.join('\n')}` })]);
    await waitForFreshness(d.t.database.db, new Date(), 10_000);
    await d.t.app.alerts.tick();
    const hook = await createWebhook(d.t.database.db, d.projectId, { url: 'https://hooks.example.com/team', format: 'slack', description: 'Team Slack' }, { allowPrivate: false });

    const { page, problems, foreign, dialogs } = await d.signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    expect(page.url()).toContain('#/alerts');
    await page.locator('table.alert-events').getByText('New feedback on pay mentions "crash".').waitFor();
    expect(await page.locator('table.alert-events blockquote').textContent()).toContain(XSS_PAYLOADS[0]);

    // Out of range: the reason shows. Preview, then create.
    await page.getByLabel('Kind').selectOption('negative_spike');
    await page.getByLabel('Factor').fill('0.5');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.locator('.error[role="alert"]').getByText('params.factor must be a number from 1.5 to 100').waitFor();
    await page.getByLabel('Factor').fill('3');
    await page.getByLabel('Name').fill('<b>Spikes</b>');
    await page.getByLabel('Webhook').selectOption({ label: 'Team Slack (slack)' });
    await page.getByRole('button', { name: 'Preview last 30 days' }).click();
    await page.getByText('This rule would not have fired in the last 30 days.').waitFor();
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText('Rule created.').waitFor();
    const row = page.locator('table.alert-rules tr', { hasText: '<b>Spikes</b>' });
    await row.waitFor();
    await row.getByText('Sent as mail to subscribers and a webhook').waitFor();

    await page.getByRole('button', { name: 'Subscribe to <b>Spikes</b>' }).click();
    await page.getByText('Subscribed to <b>Spikes</b>.').waitFor();
    await page.getByRole('button', { name: 'Pause <b>Spikes</b>' }).click();
    await page.getByRole('button', { name: 'Resume <b>Spikes</b>' }).waitFor();
    const rules = (await d.t.app.inject({ method: 'GET', url: '/v1/alerts/rules', headers: { authorization: `Bearer ${d.adminToken}` } })).json().rules;
    expect(rules.find((r: { name: string }) => r.name === '<b>Spikes</b>')).toMatchObject({ paused: true, subscribers: 1, params: { factor: 3 }, email: true, webhookId: hook.id });

    // The digest: a time zone that does not exist is refused; a real one is saved.
    await page.getByRole('combobox', { name: 'Digest' }).selectOption('weekly');
    await page.getByRole('combobox', { name: 'Day', exact: true }).selectOption('3');
    await page.getByLabel('Hour').fill('8');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save digest' }).click();
    await page.locator('.error[role="alert"]').getByText('is not an IANA time zone').waitFor();
    await page.getByLabel('Time zone').fill('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save digest' }).click();
    await page.getByText('Digest saved.').waitFor();

    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-alerts-light.png`, fullPage: true });
    expect(await injected(page)).toEqual(NOTHING_INJECTED);

    await page.getByRole('button', { name: 'Delete <b>Spikes</b>' }).click();
    await page.getByText('Deleted <b>Spikes</b>.').waitFor();
    // The list reloads after the message shows: wait for the row to go.
    await row.waitFor({ state: 'detached' });
    expect(await page.locator('table.alert-rules').textContent()).not.toContain('Spikes');
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    // The console shows the refused rule's and time zone's 400s; nothing else.
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});
