// A partner administrator in a German-language browser signs in and meets the blocking
// modal in German; the portal behind it cannot be reached; tabs and language switch work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, axeViolations, screenshot, focusState, BASE_URL } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a German-speaking admin meets the blocking modal and cannot get past it', async () => {
  const context = await browser.newContext({ locale: 'de-CH' });
  const page = await context.newPage();
  try {
    await signIn(page, 'admin@demo.example');

    const dialog = page.getByRole('dialog', { name: 'Obligatorische Informationen' });
    await dialog.waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.deepEqual(await dialog.getByRole('tab').allInnerTexts(), ['Kontaktdaten', 'Nutzer', 'Support kontaktieren']);
    // Focus moves in on the frame after the dialog mounts.
    await page.waitForFunction(() => document.activeElement?.id === 'blocking-modal-tab-contact-information', null, { timeout: 5000 });

    // The portal behind is inert and hidden from assistive technology.
    const portal = page.locator('.portal');
    assert.equal(await portal.getAttribute('inert'), '');
    assert.equal(await portal.getAttribute('aria-hidden'), 'true');

    // Keyboard focus never leaves the dialog, in either direction.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      assert.ok((await focusState(page)).insideDialog, `Tab #${i + 1} left the dialog`);
    }
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Shift+Tab');
      assert.ok((await focusState(page)).insideDialog, `Shift+Tab #${i + 1} left the dialog`);
    }

    // Escape and a click on the backdrop do not close it; the navigation cannot be clicked.
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);
    await page.mouse.click(100, 300);
    assert.ok(await dialog.isVisible(), 'the modal is still open');
    assert.equal(new URL(page.url()).pathname, '/');

    // Direct navigation to another page still meets the modal.
    await page.goto(`${BASE_URL}/configuration/users`);
    await dialog.waitFor();

    // Tabs: arrow keys move and activate.
    await dialog.getByRole('tab', { name: 'Kontaktdaten' }).focus();
    await page.keyboard.press('ArrowRight');
    const usersTab = dialog.getByRole('tab', { name: 'Nutzer' });
    assert.equal(await usersTab.getAttribute('aria-selected'), 'true');
    assert.equal((await focusState(page)).id, 'blocking-modal-tab-users');
    await dialog.getByRole('tabpanel', { name: 'Nutzer' }).getByRole('rowheader', { name: 'Anna Admin' }).waitFor();
    await page.keyboard.press('End');
    assert.equal((await focusState(page)).id, 'blocking-modal-tab-contact-support');
    await page.keyboard.press('Home');
    assert.equal((await focusState(page)).id, 'blocking-modal-tab-contact-information');

    // The help page's wording: the intro names the account's integration, every label
    // carries its required marker.
    assert.match(await dialog.locator('#blocking-modal-intro').innerText(), /^Bevor Sie die Funktion „Mögliche Aktivitäten“ einbinden können/);
    await dialog.getByRole('tab', { name: 'Kontaktdaten' }).click();
    assert.equal(await dialog.getByLabel('Kontakte für technische Notfälle (erforderlich)').getAttribute('aria-required'), 'true');
    assert.equal(await dialog.getByLabel('Operativer Ansprechpartner für Händlerprobleme (für einige Integrationen erforderlich)').getAttribute('aria-required'), 'true');

    // The "Contact support" link at the top right opens that tab.
    const supportLink = dialog.getByRole('button', { name: 'Support kontaktieren' });
    const [linkBox, dialogBox, titleBox] = await Promise.all([
      supportLink.boundingBox(), dialog.boundingBox(), dialog.getByRole('heading', { level: 1 }).boundingBox(),
    ]);
    assert.ok(linkBox.x + linkBox.width > dialogBox.x + dialogBox.width - 60, 'the link is at the right edge');
    assert.ok(linkBox.y < titleBox.y + titleBox.height, 'the link is at the top, beside the title');
    await supportLink.click();
    assert.equal(await dialog.getByRole('tab', { name: 'Support kontaktieren' }).getAttribute('aria-selected'), 'true');

    assert.deepEqual(await axeViolations(page), [], 'axe-core finds no violations');
    await screenshot(page, 'modal-de');

    // Switching language in the modal changes everything at once, and is remembered.
    await dialog.getByLabel('Sprache', { exact: true }).selectOption('it');
    await page.getByRole('dialog', { name: 'Informazioni obbligatorie' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'it');
    assert.deepEqual(await page.getByRole('dialog').getByRole('tab').allInnerTexts(), ['Informazioni di contatto', 'Utenti', "Contatta l'assistenza"]);
    await page.reload();
    await page.getByRole('dialog', { name: 'Informazioni obbligatorie' }).waitFor();
    await screenshot(page, 'modal-it');
  } catch (error) {
    await screenshot(page, 'failure-blocking-modal');
    throw error;
  } finally {
    await context.close();
  }
});

test('an English browser gets English, and signing out returns to sign-in', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  try {
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL('**/sign-in');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await axeViolations(page), [], 'sign-in page has no axe violations');

    // The shared e-mail rule runs in the browser before anything is sent.
    await page.locator('#sign-in-email').fill('not-an-address');
    await page.locator('form button[type=submit]').click();
    const error = page.locator('#sign-in-email-error');
    await error.waitFor();
    assert.match(await error.innerText(), /not a valid e-mail address/);
    assert.equal(await page.locator('#sign-in-email').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#sign-in-email').getAttribute('aria-describedby'), 'sign-in-email-error');

    await signIn(page, 'viewer@demo.example');
    const dialog = page.getByRole('dialog', { name: 'Mandatory information' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL('**/sign-in');
  } catch (error) {
    await screenshot(page, 'failure-english');
    throw error;
  } finally {
    await context.close();
  }
});

test('a used or forged sign-in link is refused with a localized message', async () => {
  const context = await browser.newContext({ locale: 'it-IT' });
  const page = await context.newPage();
  try {
    await page.goto(`${BASE_URL}/sign-in/callback?token=forged-token`);
    await page.getByRole('heading', { name: 'Accesso non riuscito' }).waitFor();
    assert.match(await page.getByRole('alert').innerText(), /non è valido/);
  } finally {
    await context.close();
  }
});
