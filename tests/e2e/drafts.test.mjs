// Drafts that survive anything, and the field-by-field comparison after a 412. German: a
// lone administrator fills the blocking modal, reloads, is offered what they typed,
// restores it and saves; the draft is gone. Italian: a support request typed in the modal
// survives an expired sign-in. English: a save after someone's "Still correct" goes
// through without asking; a real concurrent save shows the comparison, one side is kept per
// field, and the merged save succeeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, addAddresses, fillContactLists, axeViolations, screenshot, focusState, eventually, BASE_URL } from './support.mjs';

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
    await signIn(page, 'admin@alpenblick.example');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.locator('#field-technical_emergency').waitFor();
    await fillContactLists(page, 'alpenblick.example');
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
    assert.equal((await focusState(page)).id, 'field-technical_emergency', 'focus moves on to the form');
    assert.equal(await page.locator('#field-operational_public').inputValue(), 'help@alpenblick.example');
    assert.equal(await dialog.getByText('pager@alpenblick.example', { exact: true }).count(), 1);

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
    await signIn(page, 'admin@luigi.example');
    await page.getByRole('dialog').waitFor();
    await page.locator('#blocking-modal-tab-contact-support').click();
    await page.locator('#support-subject').fill('Domanda sui contatti');
    await page.locator('#support-description').fill('Chi deve ricevere gli avvisi del fine settimana?');

    // The session ends (expired or signed out elsewhere): signing in again offers the draft.
    await context.clearCookies();
    await page.reload();
    await page.waitForURL('**/sign-in');
    await signIn(page, 'admin@luigi.example');
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
    assert.equal((await focusState(page)).id, 'support-subject');

    // Discarding drops it for good.
    await page.reload();
    await page.locator('#blocking-modal-tab-contact-support').click();
    await page.locator('#support-draft').getByRole('button', { name: 'Scarta' }).click();
    await page.locator('#support-draft').waitFor({ state: 'detached' });
    assert.deepEqual(await draftKeys(page), []);
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
    await signIn(page, 'admin@luigi.example');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.locator('#field-technical_emergency').waitFor();
    for (const [field, user] of [['technical_emergency', 'pager'], ['technical_non_emergency', 'dev'], ['merchant_issues', 'merchants'], ['operational_google', 'ops'], ['operational_public', 'help']]) {
      if ((await page.locator(`#field-${field}`).count()) > 0) await addAddresses(page, field, `${user}@luigi.example`);
    }
    await dialog.getByRole('button', { name: 'Add time range' }).click();
    await dialog.getByRole('button', { name: 'Save contact information' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.locator('.navigation').getByRole('link', { name: 'Contact information' }).click();
    await page.locator('#field-technical_non_emergency').waitFor();
    // Another editor clicks "Still correct": a new version, no field changed.
    const current = await page.request.get(`${BASE_URL}/api/v1/contact-info`);
    const confirmed = await page.request.post(`${BASE_URL}/api/v1/contact-info/confirmation`, {
      headers: { 'If-Match': current.headers()['etag'] },
    });
    assert.equal(confirmed.status(), 200);
    await addAddresses(page, 'technical_non_emergency', 'night@luigi.example');
    await page.getByRole('button', { name: 'Save contact information' }).click();
    await page.locator('#announcer').getByText('Contact information saved.').waitFor();
    assert.equal(await page.locator('#contact-form-conflict').count(), 0, 'saved without a question');

    // A real concurrent save: both change the non-emergency contacts, they also the Google one.
    await someoneElseSaves(page, (contact) => {
      contact.technical_non_emergency = ['theirs@luigi.example'];
      contact.operational_google = ['ops-new@luigi.example'];
    });
    await addAddresses(page, 'technical_non_emergency', 'mine@luigi.example');
    await addAddresses(page, 'operational_public', 'front-desk@luigi.example');
    await page.getByRole('button', { name: 'Save contact information' }).click();
    const comparison = page.locator('#contact-form-conflict');
    await comparison.waitFor();
    await eventually(async () => (await focusState(page)).id === 'contact-form-conflict');
    const both = comparison.getByRole('group', { name: 'Technical non-emergency contacts' });
    assert.match(await both.innerText(), /Changed by both of you\. Before: dev@luigi\.example and night@luigi\.example/);
    assert.ok(await both.getByRole('radio', { name: /^Keep mine: .*mine@luigi\.example/ }).isChecked());
    assert.match(await comparison.locator('#contact-form-conflict-operational_google').innerText(), /their version is taken: ops-new@luigi\.example/);
    assert.match(await comparison.locator('#contact-form-conflict-operational_public').innerText(), /your version is kept: front-desk@luigi\.example/);
    assert.deepEqual(await axeViolations(page), [], 'the comparison has no axe violations');
    await screenshot(page, 'merge-en');

    await both.getByRole('radio', { name: 'Keep theirs: theirs@luigi.example' }).check();
    await comparison.getByRole('button', { name: 'Save the merged version' }).click();
    await comparison.waitFor({ state: 'detached' });
    const saved = await eventually(async () => {
      const info = await (await page.request.get(`${BASE_URL}/api/v1/contact-info`)).json();
      return info.contact.operational_public[0] === 'front-desk@luigi.example' && info;
    });
    assert.deepEqual(saved.contact.technical_non_emergency, ['theirs@luigi.example'], 'their side, as chosen');
    assert.deepEqual(saved.contact.operational_google, ['ops-new@luigi.example'], 'only they changed it: taken');
    assert.deepEqual(await draftKeys(page), [], 'the draft is gone after the save');
  } catch (error) {
    await screenshot(page, 'failure-drafts-en');
    throw error;
  } finally {
    await context.close();
  }
});
