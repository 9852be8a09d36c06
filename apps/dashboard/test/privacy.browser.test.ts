import { expect, it } from 'vitest';
import type { FeedbackItem } from '@feedloop/protocol';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { feedbackEvent, postEvents } from '../../server/test/support/app.js';
import { SCREENSHOTS, audit, useDashboard } from './support/dashboard.js';

describeInChromium('the dashboard privacy page', () => {
  const d = useDashboard('Privacy test', async () => {});

  async function storedComment(comment: string): Promise<string | null> {
    const event = feedbackEvent({ feature: 'privacy', comment });
    expect((await postEvents(d.t.app, d.keys.publicKey, [event])).json().accepted).toBe(1);
    const listed = await d.t.app.inject({ method: 'GET', url: '/v1/feedback?feature=privacy&limit=100', headers: { authorization: `Bearer ${d.keys.secretKey}` } });
    return (listed.json().feedback as FeedbackItem[]).find((item) => item.id === event.id)!.comment;
  }

  it('an admin changes the settings (they apply to new events only, as the page says); a refused pattern shows why; axe in light and dark', async () => {
    const { page, problems } = await d.signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
    expect(page.url()).toContain('#/privacy');
    await page.getByText('Changes apply to new events only.').waitFor();
    await page.getByText('These are the defaults: never changed.').waitFor();
    expect(await audit(page)).toEqual([]);

    const comment = 'write to ada@example.com about ORD-123456';
    expect(await storedComment(comment)).toBe(comment);

    // A pattern RE2 refuses: the service's reason shows, nothing is saved.
    await page.getByLabel(/Extra patterns/).fill('(a)\\1');
    await page.getByRole('button', { name: 'Save privacy settings' }).click();
    await expect.poll(() => page.locator('.error[role="alert"]').textContent()).toMatch(/not a valid RE2 pattern/);

    await page.getByLabel(/Extra patterns/).fill('ORD-[0-9]+');
    await page.getByRole('group', { name: 'Email addresses inside comments' }).getByLabel('Replace by [redacted:email]').check();
    await page.getByRole('group', { name: 'Query strings of page URLs' }).getByLabel('Drop the query string (the part after ?)').check();
    await page.getByLabel(/Metadata keys to drop/).fill('internalNotes\nDebug');
    await page.getByRole('button', { name: 'Save privacy settings' }).click();
    await page.getByText(/Privacy settings saved\. They apply to events received from now on/).waitFor();
    await page.getByText(/Last changed/).waitFor();

    const saved = await d.t.app.inject({ method: 'GET', url: `/v1/projects/${d.projectId}/privacy/settings`, headers: { authorization: `Bearer ${d.adminToken}` } });
    expect(saved.json().settings).toEqual({
      extraPatterns: ['ORD-[0-9]+'],
      dropMetadataKeys: ['internalNotes', 'Debug'],
      emailsInComments: 'redact',
      phonesInComments: 'keep',
      urlQueryStrings: 'drop',
    });
    // The new settings scrub the next event; the one stored before stays as it was.
    expect(await storedComment(comment)).toBe('write to [redacted:email] about [redacted:custom]');
    const listed = await d.t.app.inject({ method: 'GET', url: '/v1/feedback?feature=privacy&limit=100', headers: { authorization: `Bearer ${d.keys.secretKey}` } });
    expect((listed.json().feedback as FeedbackItem[]).map((i) => i.comment)).toContain(comment);

    // After a reload the form shows what is saved.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
    await expect.poll(() => page.getByLabel(/Extra patterns/).inputValue()).toBe('ORD-[0-9]+');
    expect(await page.getByRole('group', { name: 'Email addresses inside comments' }).getByLabel('Replace by [redacted:email]').isChecked()).toBe(true);
    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-privacy-light.png`, fullPage: true });

    const dark = await d.signedIn('#/privacy', { colorScheme: 'dark' });
    await dark.page.getByText('Changes apply to new events only.').waitFor();
    await dark.page.getByRole('button', { name: 'Save privacy settings' }).waitFor();
    expect(await audit(dark.page)).toEqual([]);
    // The console shows the refused pattern's 400; nothing else.
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    expect(dark.problems).toEqual([]);
  });

  it('a member sees no Privacy link, and the page says it is for admins', async () => {
    const mo = await d.addUser({ displayName: 'Mo Member', role: 'member' });
    const { page } = await d.signedIn('#/privacy', {}, mo);
    await page.getByRole('heading', { level: 1, name: 'For admins of the project' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy' }).count()).toBe(0);
    expect(await audit(page)).toEqual([]);
  });
});
