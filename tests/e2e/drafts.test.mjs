// Drafts that survive anything, and the field-by-field comparison after a 412. German: a
// lone administrator fills the blocking modal, reloads, is offered what they typed,
// restores it and saves; the draft is gone. Italian: a support request typed in the modal
// survives an expired sign-in, and an explicit sign-out drops it. English: a save after someone's "Still correct" goes
// through without asking; a real concurrent save shows the comparison, one side is kept per
// field, and the merged save succeeds. Each scenario provisions an account of its own
// (`portal-server accounts add`), so the demo accounts stay as the other files expect them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchBrowser, signIn, addAddresses, fillContactLists, axeViolations, screenshot, focusState, eventually, waitForSignInLink, followSignInLink, BASE_URL } from './support.mjs';

function provision(args) {
  const binary = process.env.PORTAL_SERVER_BINARY;
  if (!binary) throw new Error('PORTAL_SERVER_BINARY is not set: run the tests with `cargo xtask e2e`');
  execFileSync(binary, args, { env: { ...process.env, PORTAL_DATABASE: process.env.PORTAL_E2E_DATABASE }, stdio: 'pipe' });
}

/** A new Things-to-do account whose only user, an administrator, is signed in on `page`. */
async function freshAccount(page, partnerId, email, locale) {
  const since = Date.now();
  provision(['accounts', 'add', '--partner-id', partnerId, '--name', `Drafts ${partnerId}`, '--integration', 'things_to_do']);
  provision(['users', 'add', '--partner-id', partnerId, '--name', 'Dora Draft', '--email', email, '--role', 'administrator', '--locale', locale, '--public-url', BASE_URL]);
  // Queued by another process: the server's mail worker finds it within its 30 s poll (the
  // rest is room for a loaded machine).
  await followSignInLink(page, await waitForSignInLink(email, since, 90_000));
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The keys of this browser's stored drafts. */
async function draftKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('portal.draft.')));
}

test('German: what was typed in the modal survives a reload, is restored and saved, then dropped', async () => {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  try {
    await freshAccount(page, 'drafts-de', 'dora@drafts-de.example', 'de');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.locator('#field-technical_emergency').waitFor();
    await fillContactLists(page, 'drafts-de.example');
    await dialog.getByRole('button', { name: 'Zeitraum hinzufügen' }).click();
    assert.deepEqual(await draftKeys(page), [`portal.draft.${await accountAndUser(page)}.contact_info`]);

    await page.reload();
    await dialog.waitFor();
    const offer = page.locator('#contact-form-draft');
    await offer.waitFor();
    assert.match(await offer.innerText(), /Möchten Sie wiederherstellen, was Sie am .+ eingegeben haben\?/);
    assert.equal(await page.locator('#field-operational_public').inputValue(), '', 'nothing is restored unasked');
    assert.deepEqual(await axeViolations(page), [], 'the offer has no axe violations');
    await screenshot(page, 'draft-offer-de');

    await offer.getByRole('button', { name: 'Wiederherstellen' }).click();
    await offer.waitFor({ state: 'detached' });
    // Focus moves on to the form once the restored draft is rendered.
    await eventually(async () => (await focusState(page)).id === 'field-technical_emergency');
    assert.equal(await page.locator('#field-operational_public').inputValue(), 'help@drafts-de.example');
    assert.equal(await dialog.getByText('pager@drafts-de.example', { exact: true }).count(), 1);

    await dialog.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await draftKeys(page), [], 'the draft is gone after the save');
    await page.reload();
    await page.locator('#page-heading').waitFor();
    assert.equal(await page.locator('#contact-form-draft').count(), 0);
  } catch (error) {
    await screenshot(page, 'failure-drafts-de');
    throw error;
  } finally {
    await context.close();
  }
});

/** "<account>.<user>" of the signed-in session, as draft keys name them. */
async function accountAndUser(page) {
  const session = await (await page.request.get(`${BASE_URL}/api/v1/session`)).json();
  return `${session.account.id}.${session.user.id}`;
}

test('Italian: a support request typed in the modal survives an expired sign-in', async () => {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  try {
    await freshAccount(page, 'drafts-it', 'dora@drafts-it.example', 'it');
    await page.getByRole('dialog').waitFor();
    await page.locator('#blocking-modal-tab-contact-support').click();
    await page.locator('#support-subject').fill('Domanda sui contatti');
    await page.locator('#support-description').fill('Chi deve ricevere gli avvisi del fine settimana?');

    // The session ends (expired or signed out elsewhere): signing in again offers the draft.
    await context.clearCookies();
    await page.reload();
    await page.waitForURL('**/sign-in');
    await signIn(page, 'dora@drafts-it.example');
    await page.getByRole('dialog').waitFor();
    await page.locator('#blocking-modal-tab-contact-support').click();
    const offer = page.locator('#support-draft');
    await offer.waitFor();
    assert.match(await offer.innerText(), /Vuoi ripristinare ciò che hai inserito il .+\?/);
    assert.equal(await page.locator('#support-subject').inputValue(), '');
    assert.deepEqual(await axeViolations(page), [], 'the offer has no axe violations');
    await screenshot(page, 'draft-offer-support-it');
    await offer.getByRole('button', { name: 'Ripristina' }).click();
    await offer.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#support-subject').inputValue(), 'Domanda sui contatti');
    assert.equal(await page.locator('#support-description').inputValue(), 'Chi deve ricevere gli avvisi del fine settimana?');
    await eventually(async () => (await focusState(page)).id === 'support-subject');

    // Discarding drops it for good.
    await page.reload();
    await page.locator('#blocking-modal-tab-contact-support').click();
    await page.locator('#support-draft').getByRole('button', { name: 'Scarta' }).click();
    await page.locator('#support-draft').waitFor({ state: 'detached' });
    assert.deepEqual(await draftKeys(page), []);

    // An explicit sign-out (unlike the expiry above) drops what was typed.
    await page.locator('#support-subject').fill('Un\'altra domanda');
    assert.equal((await draftKeys(page)).length, 1);
    await page.getByRole('dialog').getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL('**/sign-in');
    assert.deepEqual(await draftKeys(page), [], 'signing out drops the draft');
  } catch (error) {
    await screenshot(page, 'failure-drafts-it');
    throw error;
  } finally {
    await context.close();
  }
});

/** Saves `change(contact)` through the API as another client would, against the current ETag. */
async function someoneElseSaves(page, change) {
  const current = await page.request.get(`${BASE_URL}/api/v1/contact-info`);
  const body = await current.json();
  change(body.contact);
  const saved = await page.request.put(`${BASE_URL}/api/v1/contact-info`, {
    headers: { 'If-Match': current.headers()['etag'], 'Content-Type': 'application/json' },
    data: { environment: 'sandbox', contact: body.contact },
  });
  assert.equal(saved.status(), 200);
}

test('English: "Still correct" elsewhere needs no question; a real conflict is merged field by field', async () => {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  try {
    await freshAccount(page, 'drafts-en', 'dora@drafts-en.example', 'en');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.locator('#field-technical_emergency').waitFor();
    await fillContactLists(page, 'drafts-en.example');
    await dialog.getByRole('button', { name: 'Add time range' }).click();
    await dialog.getByRole('button', { name: 'Save contact information' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.locator('.navigation').getByRole('link', { name: 'Contact information' }).click();
    await page.locator('#field-technical_non_emergency').waitFor();
    // Typed first: an untouched form simply follows a newer version (live updates), so
    // only a form with edits meets the 412 these steps are about.
    await addAddresses(page, 'technical_non_emergency', 'night@drafts-en.example');
    // Another editor clicks "Still correct": a new version, no field changed.
    const current = await page.request.get(`${BASE_URL}/api/v1/contact-info`);
    const confirmed = await page.request.post(`${BASE_URL}/api/v1/contact-info/confirmation`, {
      headers: { 'If-Match': current.headers()['etag'] },
    });
    assert.equal(confirmed.status(), 200);
    await page.getByRole('button', { name: 'Save contact information' }).click();
    await page.locator('#announcer').getByText('Contact information saved.').waitFor();
    assert.equal(await page.locator('#contact-form-conflict').count(), 0, 'saved without a question');

    // A real concurrent save: both change the non-emergency contacts, they also the Google one.
    await addAddresses(page, 'technical_non_emergency', 'mine@drafts-en.example');
    await addAddresses(page, 'operational_public', 'front-desk@drafts-en.example');
    await someoneElseSaves(page, (contact) => {
      contact.technical_non_emergency = ['theirs@drafts-en.example'];
      contact.operational_google = ['ops-new@drafts-en.example'];
    });
    await page.getByRole('button', { name: 'Save contact information' }).click();
    const comparison = page.locator('#contact-form-conflict');
    await comparison.waitFor();
    await eventually(async () => (await focusState(page)).id === 'contact-form-conflict');
    const both = comparison.getByRole('group', { name: 'Technical non-emergency contacts' });
    assert.match(await both.innerText(), /Changed by both of you\. Before: dev@drafts-en\.example and night@drafts-en\.example/);
    assert.ok(await both.getByRole('radio', { name: /^Keep mine: .*mine@drafts-en\.example/ }).isChecked());
    assert.match(await comparison.locator('#contact-form-conflict-operational_google').innerText(), /their version is taken: ops-new@drafts-en\.example/);
    assert.match(await comparison.locator('#contact-form-conflict-operational_public').innerText(), /your version is kept: front-desk@drafts-en\.example/);
    assert.deepEqual(await axeViolations(page), [], 'the comparison has no axe violations');
    await screenshot(page, 'merge-en');

    await both.getByRole('radio', { name: 'Keep theirs: theirs@drafts-en.example' }).check();
    await comparison.getByRole('button', { name: 'Save the merged version' }).click();
    await comparison.waitFor({ state: 'detached' });
    const saved = await eventually(async () => {
      const info = await (await page.request.get(`${BASE_URL}/api/v1/contact-info`)).json();
      return info.contact.operational_public[0] === 'front-desk@drafts-en.example' && info;
    });
    assert.deepEqual(saved.contact.technical_non_emergency, ['theirs@drafts-en.example'], 'their side, as chosen');
    assert.deepEqual(saved.contact.operational_google, ['ops-new@drafts-en.example'], 'only they changed it: taken');
    // The server has it before the page has read the answer (which drops the draft).
    await eventually(async () => (await draftKeys(page)).length === 0).catch(async (error) => {
      assert.deepEqual(await draftKeys(page), [], `the draft is gone after the save (${error.message})`);
    });
  } catch (error) {
    await screenshot(page, 'failure-drafts-en');
    throw error;
  } finally {
    await context.close();
  }
});
