// A new administrator fills the whole contact form in Italian with a deliberate error,
// fixes it, saves, lands in the unlocked portal, reloads, edits it again from
// Configuration, and meets a concurrent change without losing what they typed.
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

test('an Italian admin completes the contact information and unlocks the portal', async () => {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  try {
    await signIn(page, 'admin@salute.example');
    const dialog = page.getByRole('dialog', { name: 'Informazioni obbligatorie' });
    await dialog.waitFor();

    // Alert contacts are read-only in Sandbox, chosen from users in Production.
    const alertBox = dialog.getByRole('checkbox', { name: /Marco Amministratore/ });
    assert.ok(await alertBox.isDisabled(), 'alert contacts are read-only in Sandbox');
    await dialog.getByLabel('Ambiente', { exact: true }).selectOption('production');
    await alertBox.check();

    // Healthcare appointments do not use the merchant contact: the field is absent.
    assert.equal(await page.locator('#field-merchant_issues').count(), 0);

    // Paste several addresses at once, including a deliberate mistake.
    const emergency = page.locator('#field-technical_emergency');
    await emergency.focus();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text', 'reperibilita@salute.example;\nsbagliato');
      document.querySelector('#field-technical_emergency').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    // The same address again (in other case) is not added twice; a message names it.
    await emergency.pressSequentially('Reperibilita@Salute.example,');
    await page.locator('#field-technical_emergency-duplicate').getByText('“Reperibilita@Salute.example” è già presente nell\'elenco.').waitFor();
    assert.match(await emergency.getAttribute('aria-describedby'), /field-technical_emergency-duplicate/);
    assert.equal(await dialog.getByText('reperibilita@salute.example', { exact: true }).count(), 1);
    await page.keyboard.press('Tab');
    const emergencyError = page.locator('#field-technical_emergency-error');
    await emergencyError.getByText('“sbagliato” non è un indirizzo email valido.').waitFor();
    assert.equal(await emergency.getAttribute('aria-invalid'), 'true');
    assert.match(await emergency.getAttribute('aria-describedby'), /field-technical_emergency-error/);

    await addAddresses(page, 'technical_non_emergency', 'sviluppo@salute.example');
    await addAddresses(page, 'operational_google', 'operazioni@salute.example');
    // Shared with users: exactly one address, a plain e-mail input with its marker.
    const shared = dialog.getByLabel('Contatto operativo (per la condivisione con gli utenti) (obbligatorio)');
    assert.equal(await shared.getAttribute('type'), 'email');
    await addAddresses(page, 'operational_public', 'assistenza@salute.example');
    await dialog.getByRole('button', { name: 'Aggiungi fascia oraria' }).click();
    const zone = dialog.getByRole('combobox', { name: 'Fuso orario' });
    assert.equal(await zone.inputValue(), 'Europe/Rome');
    assert.match(await zone.locator('option:checked').innerText(), /^Europe\/Rome — .*(Europa|europea)/i, 'zone names are in Italian');
    assert.ok(await dialog.getByRole('checkbox', { name: 'lunedì' }).isChecked(), 'weekday names come from Intl in Italian');

    // Submitting with the mistake focuses the error summary, which links to the field.
    await dialog.getByRole('button', { name: 'Salva informazioni di contatto' }).click();
    const summary = page.locator('#contact-form-summary');
    await summary.waitFor();
    // Focus moves once the summary is rendered (`focus_after_render`), not with it.
    await eventually(async () => (await focusState(page)).id === 'contact-form-summary');
    await summary.getByRole('link', { name: /Contatti tecnici di emergenza/ }).click();
    assert.equal((await focusState(page)).id, 'field-technical_emergency');
    await dialog.getByRole('button', { name: 'Rimuovi sbagliato' }).click();
    assert.equal(await emergencyError.innerText(), '');

    assert.deepEqual(await axeViolations(page), [], 'the filled form has no axe violations');
    await screenshot(page, 'form-it');

    await dialog.getByRole('button', { name: 'Salva informazioni di contatto' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('#announcer').getByText('Il Portale partner è ora sbloccato').waitFor();
    // Focus moves to the page heading once the unlocked page is rendered.
    await eventually(async () => (await focusState(page)).id === 'page-heading');
    assert.equal(await page.locator('.portal').getAttribute('inert'), null);

    // Reload: still unlocked (state comes from the server), environment remembered.
    await page.reload();
    await page.getByRole('heading', { name: 'Panoramica' }).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.equal(await page.getByLabel('Ambiente', { exact: true }).inputValue(), 'production');

    // Edit again from Configuration → Contact information.
    await page.getByRole('link', { name: 'Informazioni di contatto' }).click();
    await page.getByRole('heading', { name: 'Informazioni di contatto', level: 1 }).waitFor();
    // In the form (the confirmation summary above it names the address too).
    assert.ok(await page.locator('.contact-form').getByText('reperibilita@salute.example', { exact: true }).isVisible());
    await addAddresses(page, 'technical_non_emergency', 'architettura@salute.example');
    await page.getByRole('button', { name: 'Salva informazioni di contatto' }).click();
    await page.locator('#announcer').getByText('Informazioni di contatto salvate.').waitFor();

    // Someone else saves while we have unsaved edits (typed first: an untouched form would
    // follow their version at once, through the live updates); our save meets a 412 and
    // keeps what we typed.
    await addAddresses(page, 'technical_non_emergency', 'qualita@salute.example');
    const current = await page.request.get(`${BASE_URL}/api/v1/contact-info`);
    const body = await current.json();
    body.contact.operational_google = ['altro@salute.example'];
    const theirs = await page.request.put(`${BASE_URL}/api/v1/contact-info`, {
      headers: { 'If-Match': current.headers()['etag'], 'Content-Type': 'application/json' },
      data: { environment: 'production', contact: body.contact },
    });
    assert.equal(theirs.status(), 200);
    await page.getByRole('button', { name: 'Salva informazioni di contatto' }).click();
    const conflict = page.locator('#contact-form-conflict');
    await conflict.waitFor();
    assert.ok(await page.getByText('qualita@salute.example', { exact: true }).isVisible(), 'typed entries survive the conflict');
    await conflict.getByRole('button', { name: /Carica i valori più recenti/ }).click();
    await page.locator('.contact-form').getByText('altro@salute.example', { exact: true }).waitFor();
    assert.equal(await page.getByText('qualita@salute.example').count(), 0);

    // Another concurrent change, after we typed (an untouched form would simply follow
    // it); this time merge it with ours.
    await addAddresses(page, 'technical_non_emergency', 'mio@salute.example');
    const latest = await page.request.get(`${BASE_URL}/api/v1/contact-info`);
    const other = await latest.json();
    other.contact.operational_google = ['terzo@salute.example'];
    const overwritten = await page.request.put(`${BASE_URL}/api/v1/contact-info`, {
      headers: { 'If-Match': latest.headers()['etag'], 'Content-Type': 'application/json' },
      data: { environment: 'production', contact: other.contact },
    });
    assert.equal(overwritten.status(), 200);
    await page.getByRole('button', { name: 'Salva informazioni di contatto' }).click();
    // Only they changed the Google contact, only we the non-emergency ones: the merged
    // version keeps both changes.
    await conflict.getByRole('button', { name: 'Salva la versione unificata' }).click();
    await conflict.waitFor({ state: 'detached' });
    const saved = await eventually(async () => {
      const info = await (await page.request.get(`${BASE_URL}/api/v1/contact-info`)).json();
      return info.contact.technical_non_emergency.includes('mio@salute.example') && info;
    });
    assert.deepEqual(saved.contact.operational_google, ['terzo@salute.example'], 'their change is taken, ours kept');
  } catch (error) {
    await screenshot(page, 'failure-contact-form');
    throw error;
  } finally {
    await context.close();
  }
});

test('a read-only user sees the form read-only with the administrators to ask', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  try {
    await signIn(page, 'viewer@demo.example');
    const dialog = page.getByRole('dialog', { name: 'Mandatory information' });
    await dialog.waitFor();
    await dialog.getByText('You have read-only access').waitFor();
    assert.match(await dialog.locator('#contact-form-read-only').innerText(), /Anna Admin/);
    assert.ok(await page.locator('#field-technical_emergency').isDisabled());
    assert.equal(await dialog.getByRole('button', { name: 'Save contact information' }).count(), 0);
  } finally {
    await context.close();
  }
});

test('an editor completes Sandbox; switching to Production brings the modal back for alert contacts', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    await signIn(page, 'editor@demo.example');
    const dialog = page.getByRole('dialog', { name: 'Mandatory information' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Environment', { exact: true }).inputValue(), 'sandbox');
    // The fields are built a group per task after the modal's first paint (`Deferred`), and
    // their texts with them: wait for each text rather than read it once.
    const shows = (selector, pattern) => eventually(async () => pattern.test(await dialog.locator(selector).innerText()));
    await shows('#field-alert_contacts-note', /only be specified in the Production environment. Switch to Production/);
    // In Sandbox the alert contacts are not required, and the form says so.
    await shows('#field-alert_contacts legend', /Alert contacts \(required in Production\)/);
    await shows('.required-note', /^In Sandbox, all fields shown are required except the alert contacts/);
    // Things to do uses the merchant-issues contact (server configuration).
    await fillContactLists(page, 'demo.example');
    await dialog.getByLabel('24/7 (always available)').check();
    await dialog.getByRole('button', { name: 'Save contact information' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('#announcer').getByText('The Partner Portal is now unlocked').waitFor();

    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    const again = page.getByRole('dialog', { name: 'Mandatory information' });
    await again.waitFor();
    await again.getByRole('checkbox', { name: /Anna Admin/ }).check();
    await again.getByRole('button', { name: 'Save contact information' }).click();
    await again.waitFor({ state: 'detached' });
    await page.getByLabel('Environment', { exact: true }).selectOption('sandbox');
    assert.equal(await page.getByRole('dialog').count(), 0, 'complete in both environments now');
  } catch (error) {
    await screenshot(page, 'failure-environments');
    throw error;
  } finally {
    await context.close();
  }
});
