// Signing in, as a German-speaking visitor who has never signed in: the first visit logs
// nothing in the browser console (the session probe answers "signed out", not 401), the
// invalid-address message names what was typed, and the document title names each page
// and state in the UI language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, waitForSignInLink, eventually, screenshot, BASE_URL } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Every console error and uncaught exception of `page` (a failed request is logged as one). */
function consoleErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  return errors;
}

const titleIs = (page, title) => eventually(async () => (await page.title()) === title);

test('a signed-out first visit logs no error, and sign-in names the address and its stage', async () => {
  const context = await browser.newContext({ locale: 'de-CH' });
  const page = await context.newPage();
  const errors = consoleErrors(page);
  try {
    const probes = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/v1/session') probes.push(response.status());
    });
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL('**/sign-in');
    await page.locator('#sign-in-email').waitFor();
    await titleIs(page, 'Anmelden – Partner-Portal');
    assert.deepEqual(probes, [200], 'the session probe answers "signed out" with 200');
    // A first visit straight to the sign-in page, too.
    await page.goto(`${BASE_URL}/sign-in`);
    await page.locator('#sign-in-email').waitFor();
    await titleIs(page, 'Anmelden – Partner-Portal');
    assert.deepEqual(errors, [], 'no console errors on a signed-out first visit');

    // The message names the address typed (it used to show empty quotes).
    await page.locator('#sign-in-email').fill('anna.example.com');
    await page.locator('#sign-in-submit').click();
    const error = page.locator('#sign-in-email-error');
    await error.waitFor();
    assert.equal(await error.innerText(), '„anna.example.com“ ist keine gültige E-Mail-Adresse.');
    assert.equal(await page.locator('#sign-in-email').getAttribute('aria-invalid'), 'true');

    const email = 'admin@alpenblick.example';
    const since = Date.now();
    await page.locator('#sign-in-email').fill(email);
    await page.locator('#sign-in-submit').click();
    await page.locator('.notice-success').waitFor();
    await titleIs(page, 'Anmeldelink gesendet – Partner-Portal');
    assert.equal(await page.locator('#sign-in-submit').getAttribute('aria-disabled'), 'false');

    // The link's page, then the blocking modal: each names itself.
    const link = await waitForSignInLink(email, since);
    await page.goto(link);
    await page.locator('#sign-in-continue').waitFor();
    await titleIs(page, 'Anmeldung fortsetzen – Partner-Portal');
    // Looking at the link did not use it: "Continue as" does.
    await page.locator('#sign-in-continue').click();
    await page.waitForURL(`${BASE_URL}/`);
    await page.getByRole('dialog', { name: 'Obligatorische Informationen' }).waitFor();
    await titleIs(page, 'Kontaktdaten erforderlich – Partner-Portal');
    await page.getByRole('dialog').getByLabel('Sprache', { exact: true }).selectOption('it');
    await titleIs(page, 'Informazioni di contatto obbligatorie – Portale partner');

    await page.goto(`${BASE_URL}/no-such-page`);
    await titleIs(page, 'Pagina non trovata – Portale partner');
    assert.deepEqual(errors, [], 'no console errors along the way');
  } catch (failure) {
    await screenshot(page, 'failure-sign-in');
    throw failure;
  } finally {
    await context.close();
  }
});
