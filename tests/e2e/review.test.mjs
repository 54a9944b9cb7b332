// An Italian editor of the seeded account whose contact information was last confirmed
// more than a year ago (Agriturismo Collina Verde) sees the review banner on every page,
// follows "Verifica" to the form, confirms with "Sono ancora corrette": the banner goes,
// the confirmation is announced and shows in the change history, and it stays gone after a
// reload. The page with the banner has no axe violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, axeViolations, screenshot } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('an editor confirms the contact information as still correct', async () => {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  try {
    // No other end-to-end test uses this account.
    await signIn(page, 'editor@collina.example');
    const banner = page.getByRole('region', { name: 'Verifica delle informazioni di contatto' });
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /Verifica che le tue informazioni di contatto siano ancora corrette\./);
    // The date of the last confirmation, in Italian (e.g. "22 ott 2025").
    assert.match(text, /Ultima conferma: \d{1,2} \S+ \d{4}\./);
    assert.deepEqual(await axeViolations(page), [], 'the page with the banner has no axe violations');
    await screenshot(page, 'review-banner-it');

    await banner.getByRole('link', { name: 'Verifica' }).click();
    await page.waitForURL('**/configuration/contact-information');
    const history = page.locator('section.change-history');
    await history.getByRole('heading', { name: 'Cronologia delle modifiche', level: 2 }).waitFor();
    await banner.waitFor();

    await banner.getByRole('button', { name: 'Sono ancora corrette' }).click();
    await banner.waitFor({ state: 'detached' });
    await page
      .locator('#announcer')
      .getByText('Grazie. Le tue informazioni di contatto sono confermate come ancora corrette.')
      .waitFor();
    const first = history.locator('.history-list > li').first();
    await first.waitFor();
    assert.equal(
      await first.getByRole('heading', { level: 3 }).innerText(),
      'Confermate come ancora corrette',
    );
    assert.match(
      await first.locator('.history-meta').innerText(),
      /Bruno Redattore \(editor@collina\.example\)$/,
    );
    await screenshot(page, 'review-confirmed-it');

    await page.reload();
    await history.getByRole('heading', { name: 'Cronologia delle modifiche', level: 2 }).waitFor();
    assert.equal(await page.locator('.review-banner').count(), 0, 'not asked again');
  } catch (error) {
    await screenshot(page, 'failure-review');
    throw error;
  } finally {
    await context.close();
  }
});
