// A German administrator completes the contact information, then finds the save in the
// change history on Configuration → Kontaktdaten (who, when, each field in words), saves
// again and sees the new entry on top; the page has no axe violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, addAddresses, axeViolations, screenshot } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a save shows in the change history in the current language', async () => {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  try {
    // Noleggio Bici Garda: no other end-to-end test uses it (Sandbox only, no merchant field).
    await signIn(page, 'admin@garda.example');
    const dialog = page.getByRole('dialog', { name: 'Obligatorische Informationen' });
    await dialog.waitFor();
    for (const [field, user] of [
      ['technical_emergency', 'pager'],
      ['technical_non_emergency', 'dev'],
      ['operational_google', 'ops'],
      ['operational_public', 'help'],
    ]) {
      await addAddresses(page, field, `${user}@garda.example`);
    }
    await dialog.getByLabel('24/7 (immer erreichbar)').check();
    await dialog.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Kontaktdaten', exact: true }).click();
    const history = page.locator('section.change-history');
    await history.getByRole('heading', { name: 'Änderungsverlauf', level: 2 }).waitFor();
    const entries = history.locator('.history-list > li');
    await entries.first().waitFor();
    assert.equal(await entries.count(), 1);
    const first = entries.first();
    assert.equal(await first.getByRole('heading', { level: 3 }).innerText(), 'Kontaktdaten geändert');
    const meta = await first.locator('.history-meta').innerText();
    assert.match(meta, /von Paola Prova \(admin@garda\.example\)$/);
    // The date and time in German (e.g. "26.11.2026, 14:05"), the instant in `datetime`.
    assert.match(meta, /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
    assert.match(await first.locator('time').getAttribute('datetime'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const changes = await first.locator('dl').innerText();
    assert.match(changes, /Kontakte für technische Notfälle\s+Hinzugefügt: pager@garda\.example/);
    assert.match(changes, /Operativer Support\s+Vorher: keine\. Jetzt: 24\/7 \(immer erreichbar\)\./);

    // Another save: its entry comes first, saying only what changed.
    await addAddresses(page, 'technical_emergency', 'bereitschaft@garda.example');
    await page.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
    await page.locator('#announcer').getByText('Die Kontaktdaten wurden gespeichert.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.history-list > li').length === 2);
    const newest = await entries.first().locator('dl').innerText();
    assert.match(newest, /^Kontakte für technische Notfälle\s+Hinzugefügt: bereitschaft@garda\.example$/);

    await history.scrollIntoViewIfNeeded();
    assert.deepEqual(await axeViolations(page), [], 'the page with its change history has no axe violations');
    await screenshot(page, 'history-de');
  } catch (error) {
    await screenshot(page, 'failure-history');
    throw error;
  } finally {
    await context.close();
  }
});
