// Verified contacts against the real server and its SMTP server: a German administrator of
// Ferienhof Sonnenwiese (seeded with nothing saved) saves the contact information; each
// address gets a confirmation mail in German, and the page says "5 von 5 Adressen sind noch
// nicht bestätigt". Opening one mailed link (signed out, in another browser) confirms the
// address; the Configuration page then shows it confirmed with the date; the same link
// again is no longer valid; sending a link again at once is refused. An Italian Read-only
// user sees the statuses without the resend buttons; an English page confirms another
// link and refuses an unknown one. Every page state passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, signIn, fillContactLists, waitForVerificationLink, axeViolations, screenshot, BASE_URL,
} from './support.mjs';

const CONTACT_PAGE = `${BASE_URL}/configuration/contact-information`;
let browser;
let savedAt;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Opens `link` in a fresh, signed-out browser context in `locale`; returns its page. */
async function openSignedOut(link, locale) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

test('a German administrator saves, confirms one address by its mail and sees it confirmed', async () => {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  try {
    await signIn(page, 'admin@sonnenwiese.example');
    const dialog = page.getByRole('dialog', { name: 'Obligatorische Informationen' });
    await dialog.waitFor();
    savedAt = Date.now();
    await fillContactLists(page, 'sonnenwiese.example');
    await dialog.getByLabel('24/7 (immer erreichbar)').check();
    await dialog.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
    await dialog.waitFor({ state: 'detached' });

    const { body, link } = await waitForVerificationLink('dev@sonnenwiese.example', savedAt);
    assert.match(body, /dev@sonnenwiese\.example wurde im Partner-Portal als Kontaktadresse von Ferienhof Sonnenwiese/);
    assert.match(body, /7 Tage gültig/);

    await page.goto(CONTACT_PAGE);
    const section = page.getByRole('region', { name: 'Bestätigung der E-Mail-Adressen' });
    await section.waitFor();
    assert.match(await section.innerText(), /5 von 5 Adressen sind noch nicht bestätigt\./);
    const devChip = page.locator('#field-technical_non_emergency').locator('xpath=..').locator('.chip', { hasText: 'dev@sonnenwiese.example' });
    await devChip.getByText('Noch nicht bestätigt').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'statuses and summary have no axe violations');

    const confirmed = await openSignedOut(link, 'de-DE');
    await confirmed.getByRole('heading', { name: 'Adresse bestätigt', level: 1 }).waitFor();
    assert.match(await confirmed.locator('main').innerText(), /Vielen Dank\. dev@sonnenwiese\.example ist im Partner-Portal als Kontaktadresse bestätigt\./);
    assert.equal(new URL(confirmed.url()).hash, '', 'the token leaves the address bar');
    assert.deepEqual(await axeViolations(confirmed), [], 'the confirmation page has no axe violations');
    await screenshot(confirmed, 'verify-link-confirmed-de');
    // The same link once more: no longer valid.
    await confirmed.goto('about:blank');
    await confirmed.goto(link);
    await confirmed.getByRole('heading', { name: 'Dieser Link ist nicht mehr gültig', level: 1 }).waitFor();
    await confirmed.context().close();

    await page.reload();
    await section.waitFor();
    await devChip.getByText(/^Bestätigt am \d{1,2}\.\d{1,2}\.\d{4}$/).waitFor();
    assert.match(await section.innerText(), /4 von 5 Adressen sind noch nicht bestätigt\./);
    assert.match(await section.innerText(), /dev@sonnenwiese\.example\s*Bestätigt am/);
    const remove = devChip.getByRole('button');
    const statusId = await remove.getAttribute('aria-describedby');
    assert.match(await page.locator(`[id="${statusId}"]`).innerText(), /^Bestätigt am/);
    // The link went out just now: another at once is refused, and said so.
    await section.getByRole('button', { name: 'Link erneut senden ops@sonnenwiese.example' }).click();
    await section.locator('#verification-failure').getByText(/Zu viele Versuche/).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'a confirmed address and a refusal have no axe violations');
    await screenshot(page, 'verify-configuration-de');
  } catch (error) {
    await screenshot(page, 'failure-verify-de');
    throw error;
  } finally {
    await context.close();
  }
});

test('an Italian Read-only user sees the statuses but cannot send links', async () => {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  try {
    await signIn(page, 'viewer@sonnenwiese.example');
    await page.goto(CONTACT_PAGE);
    const section = page.getByRole('region', { name: 'Conferma degli indirizzi email' });
    await section.waitFor();
    assert.match(await section.innerText(), /4 indirizzi su 5 non sono ancora confermati\./);
    assert.match(await section.innerText(), /Confermato il \d/);
    assert.match(await section.innerText(), /Non ancora confermato/);
    assert.equal(await section.getByRole('button').count(), 0, 'no resend for Read-only users');
    assert.deepEqual(await axeViolations(page), [], 'the Italian statuses have no axe violations');
    await screenshot(page, 'verify-configuration-it');
  } catch (error) {
    await screenshot(page, 'failure-verify-it');
    throw error;
  } finally {
    await context.close();
  }
});

test('an English confirmation page confirms a link and refuses an unknown one', async () => {
  const { link } = await waitForVerificationLink('help@sonnenwiese.example', savedAt ?? 0);
  const page = await openSignedOut(link, 'en-GB');
  try {
    await page.getByRole('heading', { name: 'Address confirmed', level: 1 }).waitFor();
    assert.match(await page.title(), /^Confirm e-mail address – Partner Portal$/);
    // A fresh load (a new fragment alone would not reload the page).
    await page.goto('about:blank');
    await page.goto(`${BASE_URL}/verify#token=no-such-token`);
    await page.getByRole('heading', { name: 'This link is no longer valid', level: 1 }).waitFor();
    assert.match(await page.locator('main [role=alert]').innerText(), /already used, has expired or is incomplete/);
    assert.deepEqual(await axeViolations(page), [], 'the invalid-link page has no axe violations');
    await screenshot(page, 'verify-link-invalid-en');
  } catch (error) {
    await screenshot(page, 'failure-verify-en');
    throw error;
  } finally {
    await page.context().close();
  }
});
