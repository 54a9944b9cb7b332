// Live updates: two people of the Demo account have Configuration → Contact information
// open, Anna Admin in English and Emil Editor in German. Anna saves: within seconds Emil's
// page says "Gerade eben von Anna Admin aktualisiert." and shows her new address (form and
// change history), without a reload; Anna's own page says nothing. Then Emil has unsaved
// edits when Anna saves again: they are kept, her address does not replace them, and the
// form says so. No axe violations with either notice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, addAddresses, axeViolations, screenshot, BASE_URL } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The demo account's contact information, complete (whatever earlier tests left). */
const COMPLETE = {
  alert_contacts: ['admin@demo.example'],
  technical_emergency: ['oncall@partner.example'],
  technical_non_emergency: ['dev@partner.example'],
  merchant_issues: ['merchants@partner.example'],
  operational_google: ['ops@partner.example'],
  operational_public: ['support@partner.example'],
  support_hours: {
    always_open: false,
    rows: [{ weekdays: ['monday', 'friday'], start: '09:00', end: '17:00', time_zone: 'Europe/Berlin' }],
  },
};

async function makeComplete(page) {
  const current = await page.request.get(`${BASE_URL}/api/v1/contact-info`);
  assert.equal(current.status(), 200);
  const { version } = await current.json();
  const saved = await page.request.put(`${BASE_URL}/api/v1/contact-info`, {
    headers: { 'If-Match': `"${version}"`, Origin: BASE_URL },
    data: { environment: 'production', contact: COMPLETE },
  });
  assert.equal(saved.status(), 200, await saved.text());
}

/** The chip of `address` in the contact form's list `field`. */
const chip = (page, field, address) =>
  page
    .locator('form.contact-form .form-field')
    .filter({ has: page.locator(`#field-${field}`) })
    .locator('li.chip')
    .filter({ hasText: address });

test('another user’s save shows within seconds and never replaces unsaved edits', async () => {
  const anna = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin' });
  const emil = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const annasPage = await anna.newPage();
  const emilsPage = await emil.newPage();
  const consoleErrors = [];
  for (const page of [annasPage, emilsPage]) {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
  }
  try {
    await signIn(annasPage, 'admin@demo.example');
    await makeComplete(annasPage);
    await signIn(emilsPage, 'editor@demo.example');
    for (const page of [annasPage, emilsPage]) {
      await page.goto(`${BASE_URL}/configuration/contact-information`);
      await page.locator('form.contact-form').waitFor();
      await page.locator('section.change-history .history-list > li').first().waitFor();
    }

    // Anna saves a new emergency address.
    await addAddresses(annasPage, 'technical_emergency', 'live-one@partner.example');
    await annasPage.getByRole('button', { name: 'Save contact information' }).click();
    await annasPage.locator('#announcer').getByText('Contact information saved.').waitFor();

    // Emil's page learns of it without a reload: the notice, the address in the form and
    // the change history.
    const notice = emilsPage.locator('#live-notice');
    await notice.getByText('Gerade eben von Anna Admin aktualisiert.').waitFor({ timeout: 10_000 });
    await chip(emilsPage, 'technical_emergency', 'live-one@partner.example').waitFor({ timeout: 5_000 });
    await emilsPage
      .locator('section.change-history .history-list > li')
      .first()
      .getByText('live-one@partner.example')
      .waitFor({ timeout: 5_000 });
    assert.equal(await annasPage.locator('#live-notice').innerText(), '', 'no notice for one’s own save');
    assert.deepEqual(await axeViolations(emilsPage), [], 'the page with the notice has no axe violations');
    await screenshot(emilsPage, 'live-updated-de');

    // Emil types without saving; Anna saves again.
    await addAddresses(emilsPage, 'technical_non_emergency', 'entwurf@partner.example');
    await chip(emilsPage, 'technical_non_emergency', 'entwurf@partner.example').waitFor();
    await addAddresses(annasPage, 'technical_emergency', 'live-two@partner.example');
    await annasPage.getByRole('button', { name: 'Save contact information' }).click();
    await annasPage.locator('#announcer').getByText('Contact information saved.').waitFor();

    const kept = emilsPage.locator('#contact-form-live-kept');
    await kept.waitFor({ timeout: 10_000 });
    assert.equal(
      await kept.innerText(),
      'Anna Admin hat Änderungen an den Kontaktdaten gespeichert. Ihre Eingaben bleiben erhalten; beim Speichern können Sie sie mit der gespeicherten Fassung vergleichen.',
    );
    assert.equal(await chip(emilsPage, 'technical_non_emergency', 'entwurf@partner.example').count(), 1, 'the edit is kept');
    assert.equal(
      await chip(emilsPage, 'technical_emergency', 'live-two@partner.example').count(),
      0,
      'the draft is not replaced',
    );
    assert.deepEqual(await axeViolations(emilsPage), [], 'the kept-edits notice has no axe violations');
    await screenshot(emilsPage, 'live-edits-kept-de');
    assert.deepEqual(consoleErrors, [], 'no console errors');
  } catch (error) {
    await screenshot(emilsPage, 'failure-live');
    throw error;
  } finally {
    await anna.close();
    await emil.close();
  }
});
