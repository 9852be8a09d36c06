import { expect, it } from 'vitest';
import { describeInChromium } from '../../../../packages/widget/test/support/browser.js';
import { demoSuite } from '../../../../packages/widget/test/support/suite.js';
import { getFeatures } from '../support/app.js';

// The whole product in one path: the demo page embeds the script-tag widget, a user gives
// feedback, the service stores it, and the analyst's API counts it.
describeInChromium('demo page, end to end', () => {
  const suite = demoSuite();

  it('feedback given on the demo page is counted by GET /v1/features', async () => {
    const { t, base } = suite;
    const { page, problems } = await suite.open(`${base}/demo/`);
    const variant = await page.locator('#variant').textContent();

    await page.getByRole('button', { name: /feedback/i }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('radio').first().click();
    await dialog.getByRole('textbox').first().fill('Search works <b>nicely</b>');
    await dialog.getByRole('button', { name: /send|submit/i }).click();
    await dialog.getByText(/thank/i).waitFor();

    await expect
      .poll(async () => (await getFeatures(t.app, t.demo!.secretKey)).json().features, { timeout: 10_000 })
      .toEqual([expect.objectContaining({ feature: 'search', count: 1, comments: 1 })]);

    const row = await t.database.db.selectFrom('feedback').selectAll().executeTakeFirstOrThrow();
    expect(row.comment).toBe('Search works <b>nicely</b>');
    expect(row.experiments).toEqual({ 'checkout-button': variant });
    const exposures = await t.database.db.selectFrom('exposures').selectAll().execute();
    expect(exposures).toEqual([expect.objectContaining({ experiment: 'checkout-button', variant })]);
    expect(problems).toEqual([]);
  });
});
