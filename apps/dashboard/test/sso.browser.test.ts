import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { startIdentityProvider, TEST_PASSWORD, type TestIdentityProvider } from '../../server/test/support/oidc-provider.js';
import { useDashboard } from './support/dashboard.js';

describeInChromium('the dashboard: single sign-on at a real OpenID Connect provider', () => {
  let idp: TestIdentityProvider;
  // Filled before useDashboard's hook starts the service: the provider's issuer and client.
  const env: Record<string, string> = {};
  beforeAll(async () => {
    idp = await startIdentityProvider({
      ada: { email: 'Ada@Example.com', name: 'Ada at the IdP' },
      stranger: { email: 'stranger@elsewhere.example' },
    });
    Object.assign(env, idp.env, { FEEDLOOP_PASSWORD_SIGN_IN: 'false' });
  });
  const d = useDashboard('SSO test', async () => undefined, env);
  // The provider learns the service's callback once the service listens.
  beforeAll(() => idp.open(`${d.base}/v1/sso/callback`));
  afterAll(async () => {
    await idp?.close();
  });

  /** Clicks the button, and signs in at the provider's own page. */
  const signInAtProvider = async (page: Awaited<ReturnType<typeof d.open>>['page'], username: string) => {
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
  };

  it('click the button, sign in at the provider, land signed in on the dashboard', async () => {
    const { page, problems } = await d.open();
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).waitFor();
    // Password sign-in is off: the page offers single sign-on only.
    expect(await page.getByLabel('Email').count()).toBe(0);

    await signInAtProvider(page, 'ada');
    await page.waitForURL(`${d.base}/dashboard/**`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // The account the provider's verified email matched: Ada Tester, owner of the project.
    await page.getByRole('link', { name: /Ada Tester/ }).waitFor();
    await page.locator('main h1').first().waitFor();
    const me = await page.evaluate(() => fetch('/v1/me').then((r) => r.json()));
    expect(me).toMatchObject({ user: { email: 'ada@example.com' }, memberships: [{ projectId: d.projectId, role: 'owner' }] });
    expect(problems).toEqual([]);
  });

  it('an email without an account lands back on the sign-in page, which says why', async () => {
    const { page } = await d.open();
    await signInAtProvider(page, 'stranger');
    await page.getByText('there is no Feedloop account for that email address', { exact: false }).waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/sign-in/);
    expect(await page.evaluate(() => fetch('/v1/me').then((r) => r.status))).toBe(401);
  });
});
