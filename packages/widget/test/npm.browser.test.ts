import { expect, test } from 'vitest';
import { describeInChromium } from './support/browser.js';
import { npmPage, widgetSuite } from './support/suite.js';

/** The npm packages as an app's bundler would see them (see `serveNpmPackages`). */
describeInChromium('npm packages: @feedloop/sdk + @feedloop/widget as ES modules', () => {
  const suite = widgetSuite({ npm: true });

  test('mountWidget on a client: the panel and a locale are imported lazily, feedback is stored', async () => {
    const { site, ingest } = suite;
    site.pages.set('/npm', {
      body: npmPage({
        lang: 'fr',
        script: `const client = createClient({ key: ${JSON.stringify(ingest.publicKey)}, endpoint: ${JSON.stringify(ingest.url)}, flushDelay: 50 });
window.widget = mountWidget(client, { feature: 'npm-feature', locale: 'fr', position: 'bottom-left', scale: 'stars' });
window.client = client;`,
      }),
    });
    const { page, problems } = await suite.open('/npm');
    await page.waitForFunction(() => (window as any).widget);
    expect(site.requests.some((path) => path.includes('/npm/widget/panel/'))).toBe(false); // not before first open
    await page.getByRole('button', { name: 'Votre avis' }).click();
    await page.getByRole('dialog', { name: 'Donnez votre avis' }).waitFor();
    expect(site.requests).toContain('/npm/widget/panel/mount.js');
    expect(site.requests).toContain('/npm/widget/i18n/locales/fr.js');
    await page.getByRole('radio', { name: '5 étoiles sur 5' }).check();
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Merci ! Votre avis a été envoyé.').waitFor();
    expect(await suite.storedFor('npm-feature')).toMatchObject([{ rating_scale: 'stars', rating_value: 5 }]);
    expect(problems).toEqual([]);
  });

  test("the client's privacy calls: consent pending stores nothing and sends the feedback; optOut() sends nothing more", async () => {
    const { site, ingest } = suite;
    site.pages.set('/npm-consent', {
      body: npmPage({
        lang: 'en',
        script: `window.client = createClient({ key: ${JSON.stringify(ingest.publicKey)}, endpoint: ${JSON.stringify(ingest.url)}, flushDelay: 50, consent: 'pending', experiments: { 'npm-exp': 'a' } });
window.widget = mountWidget(window.client, { feature: 'npm-consent' });`,
      }),
    });
    const { page, problems } = await suite.open('/npm-consent');
    await page.waitForFunction(() => (window as any).widget);
    await page.getByRole('button', { name: 'Feedback' }).click();
    await page.getByRole('radio', { name: 'Good', exact: true }).check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    expect(await suite.storedFor('npm-consent')).toHaveLength(1);
    const stored = () => page.evaluate(() => Object.keys({ ...localStorage, ...sessionStorage }).filter((key) => key.startsWith('feedloop:')));
    expect(await stored()).toEqual([]);
    expect((await ingest.stored('exposures')).filter((row) => row.experiment == 'npm-exp')).toEqual([]);

    await page.evaluate(() => (window as any).client.optOut());
    await page.evaluate(() => (window as any).client.feedback({ comment: 'after opting out' }));
    await page.evaluate(() => (window as any).client.flush());
    expect(await suite.storedFor('npm-consent')).toHaveLength(1);
    expect(await stored()).toEqual(['feedloop:optOut']);
    expect(problems).toEqual([]);
  });
});
