import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeInChromium, launchChromium, openPage } from './support/browser.js';
import { startIngest, type RunningIngest } from './support/ingest.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const PREACT = `${dirname(createRequire(import.meta.url).resolve('preact/package.json'))}/`;

/**
 * The npm packages as an app's bundler would see them: plain ESM with bare imports (preact is
 * imported, not inlined), resolved here by an import map instead of a bundler.
 */
describeInChromium('npm packages: @feedloop/sdk + @feedloop/widget as ES modules', () => {
  let site: StaticServer;
  let ingest: RunningIngest;
  let browser: Browser;

  beforeAll(async () => {
    site = await startStaticServer();
    site.mounts.set('/npm/widget/', here('../lib/'));
    site.mounts.set('/npm/sdk/', here('../../sdk/dist/'));
    site.mounts.set('/npm/protocol/', here('../../protocol/dist/'));
    site.mounts.set('/npm/preact/', PREACT);
    ingest = await startIngest(site.origin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await ingest?.close();
    await site?.close();
  });

  test('mountWidget on a client: the panel and a locale are imported lazily, feedback is stored', async () => {
    const imports = {
      preact: '/npm/preact/dist/preact.module.js',
      'preact/hooks': '/npm/preact/hooks/dist/hooks.module.js',
      'preact/jsx-runtime': '/npm/preact/jsx-runtime/dist/jsxRuntime.module.js',
      '@feedloop/sdk': '/npm/sdk/index.js',
      '@feedloop/protocol/limits': '/npm/protocol/limits.js',
    };
    site.pages.set('/npm', {
      body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>npm</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
import { createClient } from '@feedloop/sdk';
import { mountWidget } from '/npm/widget/index.js';
const client = createClient({ key: ${JSON.stringify(ingest.publicKey)}, endpoint: ${JSON.stringify(ingest.url)}, flushDelay: 50 });
window.widget = mountWidget(client, { feature: 'npm-feature', locale: 'fr', position: 'bottom-left', scale: 'stars' });
window.client = client;
</script></head><body><h1>App</h1></body></html>`,
    });
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${site.origin}/npm`);
    await page.waitForFunction(() => (window as any).widget);
    expect(site.requests.some((path) => path.includes('/npm/widget/panel/'))).toBe(false); // not before first open
    await page.getByRole('button', { name: 'Votre avis' }).click();
    await page.getByRole('dialog', { name: 'Donnez votre avis' }).waitFor();
    expect(site.requests).toContain('/npm/widget/panel/mount.js');
    expect(site.requests).toContain('/npm/widget/i18n/locales/fr.js');
    await page.getByRole('radio', { name: '5 étoiles sur 5' }).check();
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Merci ! Votre avis a été envoyé.').waitFor();
    const rows = (await ingest.stored('feedback')).filter((row) => row.feature == 'npm-feature');
    expect(rows).toMatchObject([{ rating_scale: 'stars', rating_value: 5 }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
