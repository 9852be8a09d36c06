import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { feedbackEvent, postEvents } from '../../server/test/support/app.js';
import { aggregated } from '../../server/test/support/verify.js';
import { createLink } from '../../server/src/services/accounts/links.js';
import { updateUser } from '../../server/src/services/accounts/users.js';
import { roleOf, setMember } from '../../server/src/services/members/members.js';
import { SCREENSHOTS, TEST_PASSWORD, audit, expectNothingRan, useDashboard, type TestUser } from './support/dashboard.js';
import { XSS_PAYLOADS } from './support/seed.js';

/** Every seeded item's submitter: members see it, viewers do not. */
const SUBMITTER = 'submitter@example.com';

describeInChromium('the dashboard: sign-in, projects, members, tokens, audit trail, account', () => {
  const d = useDashboard('Accounts test', async (app, keys) => {
    const events = Array.from({ length: 6 }, (_, i) =>
      feedbackEvent({ feature: 'checkout', comment: `Comment number ${i}`, email: SUBMITTER, anonymousId: `anon-${i}`, timestamp: new Date(Date.now() - i * 60_000).toISOString() }),
    );
    const response = await postEvents(app, keys.publicKey, events);
    if (response.statusCode !== 200) throw new Error(`seeding failed: ${response.body}`);
  });
  const db = () => d.t.database.db;

  /** A request as a browser holding `cookie` would send it from the dashboard. */
  const withCookie = (cookie: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${d.base}${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie, origin: d.base, 'x-feedloop-project': d.projectId, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
  /** Ids of the project's feedback, newest first. */
  const feedbackIds = async () => {
    const listed = await d.t.app.inject({ method: 'GET', url: '/v1/feedback?limit=100', headers: { authorization: `Bearer ${d.keys.secretKey}` } });
    return (listed.json().feedback as { id: string }[]).map((i) => i.id);
  };
  const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
  const memberRow = (page: Page, name: string) => page.locator('table.members tbody tr').filter({ has: page.locator('.member-name', { hasText: name }) });
  /** Fills the sign-in form and waits for the service's answer. */
  const attempt = async (page: Page, email: string, password: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/session') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await answered;
  };

  it('sign-in page: wrong password, throttling with the wait, a disabled account, a failed single sign-on; signing out ends the session', async () => {
    const tom = await d.addUser({ displayName: 'Throttled Tom' });
    const dora = await d.addUser({ displayName: 'Disabled Dora' });
    await updateUser(db(), dora.id, { disabled: true });

    const { page, problems } = await d.open('#/sign-in?error=sso_failed');
    await page.getByText('Single sign-on did not complete. Try again, or ask an admin.').waitFor();
    const error = page.locator('#sign-in-error');
    for (let i = 0; i < 5; i++) {
      await attempt(page, tom.email, `wrong password ${i}`);
      await expect.poll(() => error.textContent()).toBe('Wrong email or password.');
    }
    // The sixth is refused before any check, with the wait the service gives.
    await attempt(page, tom.email, tom.password);
    await expect.poll(() => error.textContent()).toMatch(/^Too many failed attempts\. Try again in \d+ seconds\.$/);
    await attempt(page, dora.email, dora.password);
    await expect.poll(() => error.textContent()).toBe('This account is disabled. Ask an admin.');
    expect(await audit(page)).toEqual([]);

    await d.signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Features' }).waitFor();
    // Only one project: no switcher.
    expect(await page.getByRole('combobox', { name: 'Project' }).count()).toBe(0);
    const session = (await page.context().cookies()).find((c) => c.name === 'feedloop_session')!;
    const cookie = `${session.name}=${session.value}`;
    expect((await withCookie(cookie, '/v1/me')).status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    // The cookie is worthless afterwards, wherever it was copied to.
    expect((await withCookie(cookie, '/v1/me')).status).toBe(401);
    expect((await withCookie(cookie, '/v1/features')).status).toBe(401);
    // The console shows the refusals (401, 429, 403); nothing else.
    expect(problems.filter((p) => !/\b(401|403|429)\b/.test(p))).toEqual([]);
  });

  it('project switcher: a person in two projects switches between them (remembered); each shows its own data and the role there', async () => {
    const second = await d.t.project('Second project');
    await postEvents(d.t.app, second.publicKey, [feedbackEvent({ feature: 'second-only', comment: 'Only in the second project' })]);
    await aggregated(db());
    const mia = await d.addUser({ displayName: 'Mia Multi', role: 'admin' });
    await setMember(db(), second.projectId, mia.id, 'viewer');

    const { page, problems } = await d.signedIn('', {}, mia);
    const switcher = page.getByRole('combobox', { name: 'Project' });
    expect(await switcher.inputValue()).toBe(d.projectId);
    expect(await switcher.locator('option').allTextContents()).toEqual(['Accounts test (Admin)', 'Second project (Viewer)']);
    await page.getByRole('link', { name: 'checkout', exact: true }).first().waitFor();
    expect(await navLinks(page)).toContain('Members');

    await switcher.selectOption(second.projectId);
    await page.getByRole('link', { name: 'second-only', exact: true }).first().waitFor();
    expect(await page.getByRole('link', { name: 'checkout', exact: true }).count()).toBe(0);
    // A viewer there: no admin pages.
    expect(await navLinks(page)).toEqual(['Features', 'Feedback', 'Experiments', 'Report', 'Alerts']);
    await page.reload();
    await page.getByRole('link', { name: 'second-only', exact: true }).first().waitFor();
    expect(await page.getByRole('combobox', { name: 'Project' }).inputValue()).toBe(second.projectId);
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('members: invite by email (the one-time link is shown; completing it signs the newcomer in), change a role, remove someone; axe in light and dark', async () => {
    const grace = await d.addUser({ displayName: 'Grace Hopper', role: 'viewer' });
    const linus = await d.addUser({ displayName: 'Linus Leaving', role: 'viewer' });
    let { page, problems } = await d.signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await memberRow(page, 'Grace Hopper').waitFor();
    // Nobody changes their own role here.
    expect(await memberRow(page, 'Ada Tester').getByRole('combobox').isDisabled()).toBe(true);

    await memberRow(page, 'Grace Hopper').getByRole('combobox', { name: 'Role of Grace Hopper' }).selectOption('admin');
    await page.getByText('Grace Hopper is now Admin.').waitFor();
    expect(await roleOf(db(), d.projectId, grace.id)).toBe('admin');

    // Remove asks first (with the keyboard: focus moves to Cancel, so a second Enter changes nothing).
    await memberRow(page, 'Linus Leaving').getByRole('button', { name: 'Remove Linus Leaving' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('group', { name: 'Confirm removal of Linus Leaving' });
    expect(await confirm.textContent()).toContain('Remove Linus Leaving from Accounts test?');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(await roleOf(db(), d.projectId, linus.id)).toBe('viewer');
    await memberRow(page, 'Linus Leaving').getByRole('button', { name: 'Remove Linus Leaving' }).click();
    await confirm.getByRole('button', { name: 'Remove member' }).click();
    await memberRow(page, 'Linus Leaving').waitFor({ state: 'detached' });
    expect(await roleOf(db(), d.projectId, linus.id)).toBeUndefined();

    // Someone without an account: an invitation link to give them.
    await page.getByLabel('Email', { exact: true }).fill('newcomer@example.com');
    await page.getByRole('region', { name: 'Invite someone' }).getByRole('combobox', { name: /^Role/ }).selectOption('member');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = await page.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(new RegExp(`^${d.base}/dashboard/#/link/fll_`));
    await page.getByRole('table', { name: 'Invitations not used yet' }).getByText('newcomer@example.com').waitFor();
    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-members-light.png`, fullPage: true });
    expect(problems).toEqual([]);

    // The newcomer opens it: what it is, then a name and a password, and they are in.
    ({ page, problems } = await d.open(new URL(link).hash));
    await page.getByRole('heading', { level: 1, name: 'Join Accounts test' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('You are invited to Accounts test as Member with newcomer@example.com.');
    expect(await audit(page)).toEqual([]);
    await page.getByLabel('Your name').fill('Nia Newcomer');
    await page.getByLabel('New password').fill('newcomer password 1');
    await page.getByLabel('Repeat the password').fill('newcomer password 2');
    await page.getByRole('button', { name: 'Create the account and sign in' }).click();
    await page.getByText('The two passwords differ.').waitFor();
    await page.getByLabel('Repeat the password').fill('newcomer password 1');
    await page.getByRole('button', { name: 'Create the account and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Features' }).waitFor();
    expect(await page.locator('.account-link').textContent()).toContain('Nia Newcomer');
    expect(await navLinks(page)).toEqual(['Features', 'Feedback', 'Experiments', 'Report', 'Alerts']);
    expect(problems).toEqual([]);
    // Used once: opened again, it says so.
    ({ page, problems } = await d.open(new URL(link).hash));
    await page.getByText(/This link is unknown, used or expired/).waitFor();

    ({ page, problems } = await d.signedIn('#/members', { colorScheme: 'dark' }));
    await memberRow(page, 'Nia Newcomer').waitFor();
    expect(await memberRow(page, 'Nia Newcomer').getByRole('combobox').inputValue()).toBe('member');
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('tokens: created with scopes and an expiry, shown once, listed with its last use, revoked after confirming; axe in light and dark', async () => {
    const { page, problems, foreign, dialogs } = await d.signedIn('#/tokens');
    await page.getByRole('heading', { level: 1, name: 'Tokens' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('CI export');
    await page.getByRole('checkbox', { name: /^export/ }).check();
    await page.getByLabel('Expires after').selectOption('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.locator('.token-value').textContent())!;
    expect(token).toMatch(/^flt_/);
    const row = page.locator('table.tokens tbody tr').filter({ has: page.locator('.token-name', { hasText: 'CI export' }) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/read, export/);
    expect(await row.textContent()).toMatch(/never.*active/);

    // It works (with submitter emails: the export scope), and the list says when it was used.
    const used = await fetch(`${d.base}/v1/feedback?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(used.status).toBe(200);
    expect((await used.json()).feedback[0].email).toBe(SUBMITTER);
    await page.reload();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/just now/);
    // Shown once: gone after a reload.
    expect(await page.content()).not.toContain(token);
    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-tokens-light.png`, fullPage: true });

    // A hostile name is text.
    await page.getByLabel('Name', { exact: true }).fill(XSS_PAYLOADS[1]!);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('.token-name', { hasText: XSS_PAYLOADS[1]! }).waitFor();

    // Revoked with the keyboard after confirming: refused at once.
    await row.getByRole('button', { name: 'Revoke… CI export' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Revoke token');
    await page.keyboard.press('Enter');
    await row.locator('.chip', { hasText: 'revoked' }).waitFor();
    expect((await fetch(`${d.base}/v1/feedback?limit=1`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await expectNothingRan({ page, problems, foreign, dialogs });

    const dark = await d.signedIn('#/tokens', { colorScheme: 'dark' });
    await dark.page.locator('table.tokens').waitFor();
    expect(await audit(dark.page)).toEqual([]);
    expect(dark.problems).toEqual([]);
  });

  it('audit trail: who changed what, filtered by action and by actor, older entries by "Load more"; axe in light and dark', async () => {
    // Enough changes for more than one page, made by Grace through her own session.
    const grace = await d.addUser({ displayName: 'Grace Auditor', role: 'member' });
    const cookie = await d.sessionOf(grace);
    const ids = await feedbackIds();
    for (let i = 0; i < 55; i++) {
      const changed = await withCookie(cookie, `/v1/feedback/${ids[i % ids.length]}`, { method: 'PATCH', body: { tags: [`round-${i}`] } });
      expect(changed.status, await changed.text()).toBe(200);
    }

    const { page, problems } = await d.signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    const rows = page.locator('table.audit-trail tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().locator('.audit-actor').textContent()).toBe('Grace Auditor');
    expect(await rows.first().textContent()).toMatch(/Triaged feedback.*feedback\.triaged.*items: 1; fields: tags/);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(50);
    const shown = await rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-id')));
    expect(new Set(shown).size).toBe(shown.length);

    // By kind of action: the members' changes of the earlier tests, made by Ada, naming the member.
    await page.getByLabel('Action').selectOption('member.');
    await expect.poll(async () => new Set(await rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-action'))))).toEqual(
      new Set(['member.role_changed', 'member.removed', 'member.invited']),
    );
    const roleChange = rows.filter({ hasText: 'member.role_changed' }).first();
    expect(await roleChange.locator('.audit-actor').textContent()).toBe('Ada Tester');
    expect(await roleChange.locator('.audit-target').textContent()).toBe('Grace Hopper');
    expect(await roleChange.locator('.audit-changes').textContent()).toBe('role: viewer → admin');
    expect(await roleChange.locator('td').last().textContent()).toMatch(/^127\.0\.0\.0/);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-audit-light.png` });

    // By actor.
    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('Actor').selectOption({ label: 'Grace Auditor' });
    await expect.poll(async () => new Set(await rows.locator('.audit-actor').allTextContents())).toEqual(new Set(['Grace Auditor']));
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);

    const dark = await d.signedIn('#/audit', { colorScheme: 'dark' });
    await dark.page.locator('table.audit-trail').waitFor();
    expect(await audit(dark.page)).toEqual([]);
    expect(dark.problems).toEqual([]);
  });

  it('hostile display names (the XSS corpus) are text on the members page and in the audit trail, which names each authenticated actor', async () => {
    const hostile: TestUser[] = [];
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      hostile.push(await d.addUser({ displayName: payload.slice(0, 100), email: `hostile-${i}@example.com`, role: 'member' }));
    }
    // Each triages through their own session; a typed actor name is ignored.
    const ids = await feedbackIds();
    for (const [i, user] of hostile.entries()) {
      const cookie = await d.sessionOf(user);
      const changed = await withCookie(cookie, `/v1/feedback/${ids[i % ids.length]}`, { method: 'PATCH', body: { status: 'acknowledged', tags: [`hostile-${i}`] } });
      expect(changed.status, await changed.text()).toBe(200);
    }

    const { page, problems, foreign, dialogs } = await d.signedIn('#/members');
    await memberRow(page, 'Grace Hopper').waitFor();
    const names = await page.locator('table.members .member-name').allTextContents();
    for (const user of hostile) expect(names, user.displayName).toContain(user.displayName);
    // Change one's role and remove another (the question names them, as text).
    const [first, second] = hostile as [TestUser, TestUser];
    await memberRow(page, first.displayName).getByRole('combobox').selectOption('viewer');
    await page.getByText(`${first.displayName} is now Viewer.`).waitFor();
    await memberRow(page, second.displayName).getByRole('button', { name: /^Remove/ }).click();
    await page.getByRole('group', { name: `Confirm removal of ${second.displayName}` }).getByRole('button', { name: 'Remove member' }).click();
    await memberRow(page, second.displayName).waitFor({ state: 'detached' });
    expect(await roleOf(db(), d.projectId, first.id)).toBe('viewer');
    expect(await roleOf(db(), d.projectId, second.id)).toBeUndefined();
    await expectNothingRan({ page, problems, foreign, dialogs });

    await page.goto(`${d.base}/dashboard/#/audit`);
    const rows = page.locator('table.audit-trail tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    const actors = await rows.locator('.audit-actor').allTextContents();
    for (const user of hostile) expect(actors, user.displayName).toContain(user.displayName);
    const targets = await rows.locator('.audit-target').allTextContents();
    expect(targets).toContain(first.displayName);
    await expectNothingRan({ page, problems, foreign, dialogs });
  });

  it('account: own sessions (this one marked, another ended), display name and password; axe in light and dark', async () => {
    const sam = await d.addUser({ displayName: 'Sam Sessions', role: 'member' });
    const other = await d.sessionOf(sam, 'Other device (test)');
    const { page, problems } = await d.signedIn('', {}, sam);
    await page.getByRole('link', { name: 'Your account: Sam Sessions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const rows = page.locator('table.sessions tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const current = rows.filter({ hasText: 'this session' });
    expect(await current.getByRole('button').count()).toBe(0);
    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-account-light.png`, fullPage: true });

    await rows.filter({ hasText: 'Other device (test)' }).getByRole('button', { name: /^End/ }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect((await withCookie(other, '/v1/me')).status).toBe(401);

    await page.getByLabel('Display name').fill('Sam Renamed');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('link', { name: 'Your account: Sam Renamed' }).waitFor();

    // A new password ends every other session.
    const third = await d.sessionOf(sam, 'Third device (test)');
    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel(/^New password/).fill('a brand new password');
    await page.getByLabel('Repeat the new password').fill('a brand new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Every other session has ended.').waitFor();
    expect((await withCookie(third, '/v1/me')).status).toBe(401);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    expect(problems).toEqual([]);

    const dark = await d.signedIn('#/account', { colorScheme: 'dark' });
    await dark.page.locator('table.sessions').waitFor();
    expect(await audit(dark.page)).toEqual([]);
    expect(dark.problems).toEqual([]);
  });

  it('a viewer sees no admin pages, no triage controls and no submitter email; a member sees the email', async () => {
    const vera = await d.addUser({ displayName: 'Vera Viewer', role: 'viewer' });
    const viewer = await d.signedIn('#/feedback', {}, vera);
    const stream = viewer.page.getByRole('list', { name: 'Feedback items, newest first' });
    await stream.locator('article').first().waitFor();
    expect(await navLinks(viewer.page)).toEqual(['Features', 'Feedback', 'Experiments', 'Report', 'Alerts']);
    expect(await viewer.page.locator('#app').textContent()).not.toContain(SUBMITTER);
    expect(await stream.getByRole('combobox').count()).toBe(0);
    expect(await stream.getByRole('button', { name: /Reply, link, tag/ }).count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: 'Apply to selected' }).count()).toBe(0);
    expect(await audit(viewer.page)).toEqual([]);
    // An admin page reached by its address says whose it is.
    await viewer.page.goto(`${d.base}/dashboard/#/members`);
    await viewer.page.getByRole('heading', { level: 1, name: 'For admins of the project' }).waitFor();
    expect(viewer.problems).toEqual([]);

    const mo = await d.addUser({ displayName: 'Mo Member', role: 'member' });
    const member = await d.signedIn('#/feedback', {}, mo);
    await member.page.getByRole('list', { name: 'Feedback items, newest first' }).getByText(SUBMITTER).first().waitFor();
    expect(await navLinks(member.page)).toEqual(['Features', 'Feedback', 'Experiments', 'Report', 'Alerts']);
    expect(member.problems).toEqual([]);

    // Someone in no project yet is told so (and calls nothing project-scoped).
    const noah = await d.addUser({ displayName: 'Noah Nowhere', role: null });
    const nowhere = await d.signedIn('', {}, noah);
    await nowhere.page.getByRole('heading', { level: 1, name: 'No project yet' }).waitFor();
    expect(await nowhere.page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(await audit(nowhere.page)).toEqual([]);
    expect(nowhere.problems).toEqual([]);
  });

  it('one-time links: a password reset signs in with the new password; a set-up link on an instance with accounts is refused; axe in light and dark', async () => {
    const rita = await d.addUser({ displayName: 'Rita Reset', role: 'member' });
    const reset = await createLink(db(), 'reset', { userId: rita.id }, d.base);
    for (const scheme of ['dark', 'light'] as const) {
      const { page, problems } = await d.open(new URL(reset.url).hash, { colorScheme: scheme });
      await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(`For ${rita.email}.`);
      expect(await page.getByLabel('Your name').count()).toBe(0);
      expect(await audit(page)).toEqual([]);
      expect(problems).toEqual([]);
    }
    const { page } = await d.open(new URL(reset.url).hash);
    await page.getByLabel('New password').fill('the reset password');
    await page.getByLabel('Repeat the password').fill('the reset password');
    await page.getByRole('button', { name: 'Set the password and sign in' }).click();
    await page.getByRole('link', { name: 'Your account: Rita Reset' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await attempt(page, rita.email, rita.password);
    await page.getByText('Wrong email or password.').waitFor();
    await attempt(page, rita.email, 'the reset password');
    await page.getByRole('link', { name: 'Your account: Rita Reset' }).waitFor();

    const setup = await createLink(db(), 'setup', { instanceAdmin: true }, d.base);
    const opened = await d.open(new URL(setup.url).hash);
    await opened.page.getByRole('heading', { level: 1, name: 'Set up Feedloop' }).waitFor();
    expect(await audit(opened.page)).toEqual([]);
    await opened.page.getByLabel('Email').fill('second-admin@example.com');
    await opened.page.getByLabel('New password').fill('set-up password 1');
    await opened.page.getByLabel('Repeat the password').fill('set-up password 1');
    await opened.page.getByRole('button', { name: 'Create the account and sign in' }).click();
    await opened.page.getByText('This instance is set up already: sign in instead.').waitFor();
    expect(opened.problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});
