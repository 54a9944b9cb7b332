// An agency address in two partner accounts (the seed's agency@studio.example: Editor of
// Trattoria Da Luigi, whose contact information is missing, and Administrator of Agriturismo
// Collina Verde). In German it signs in with the one mailed link (whose page names the person
// and says the account is picked next: two accounts), picks Collina Verde on the
// account page (focus on its heading), sees that account's users and its role there, then
// switches in the header to Luigi, where the blocking modal asks for the contact information
// and the role is Editor. In Italian it picks Luigi first and leaves it from the modal's own
// account switcher. Every state has no axe violations. This test changes no data (other
// tests rely on both accounts as seeded).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, axeViolations, screenshot, focusState, eventually } from './support.mjs';

const AGENCY = 'agency@studio.example';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the agency picks an account, switches in the header and meets the modal where information is missing (de)', async () => {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Zurich' });
  const page = await context.newPage();
  try {
    // The link's page names the person and says the account is picked next.
    await signIn(page, AGENCY, async (page, button) => {
      assert.equal((await button.innerText()).trim(), 'Weiter als Sara Agenzia');
      await page.getByText('Ihre Adresse hat Zugriff auf 2 Konten: Im nächsten Schritt wählen Sie eines davon.', { exact: false }).waitFor();
    });
    const heading = page.getByRole('heading', { name: 'Konto auswählen', level: 1 });
    await heading.waitFor();
    assert.equal(await page.title(), 'Konto auswählen – Partner-Portal');
    await eventually(async () => (await focusState(page)).id === 'page-heading');
    const luigi = page.getByRole('button', { name: /Trattoria Da Luigi/ });
    const collina = page.getByRole('button', { name: /Agriturismo Collina Verde/ });
    assert.match(await luigi.innerText(), /Partner-ID demo-3003/);
    assert.match(await luigi.innerText(), /Ihre Rolle: Bearbeiter/);
    assert.match(await luigi.innerText(), /Kontaktdaten fehlen/);
    assert.match(await collina.innerText(), /Ihre Rolle: Administrator/);
    assert.doesNotMatch(await collina.innerText(), /Kontaktdaten fehlen/);
    assert.deepEqual(await axeViolations(page), [], 'the account picker has no axe violations');
    await screenshot(page, 'accounts-picker-de');

    await collina.click();
    await page.getByRole('heading', { name: 'Übersicht', level: 1 }).waitFor();
    await page
      .locator('#announcer')
      .getByText('Sie arbeiten jetzt im Konto Agriturismo Collina Verde mit der Rolle Administrator.')
      .waitFor();
    await eventually(async () => (await focusState(page)).id === 'page-heading');
    assert.equal(await page.locator('.portal-header .account').innerText(), 'Agriturismo Collina Verde');
    assert.match(await page.locator('#user-menu-panel').textContent(), /Administrator/);
    // That account's data: its users, and an Administrator may invite.
    await page.locator('nav a[href="/configuration/users"]').click();
    await page.locator('.users-table').waitFor();
    const users = await page.locator('.users-table').innerText();
    assert.match(users, /admin@collina\.example/);
    assert.doesNotMatch(users, /luigi\.example/);
    assert.equal(await page.locator('#invite-name').count(), 1, 'the invitation form (Administrator)');

    // The header's switcher: a labelled select and a button.
    const switcher = page.getByLabel('Konto', { exact: true });
    await eventually(async () => (await switcher.locator('option').count()) === 2);
    await switcher.selectOption({ label: 'Trattoria Da Luigi (Partner-ID demo-3003) – Bearbeiter' });
    await page.getByRole('button', { name: 'Wechseln' }).click();
    const modal = page.getByRole('dialog', { name: 'Obligatorische Informationen' });
    await modal.waitFor();
    await page
      .locator('#announcer')
      .getByText('Sie arbeiten jetzt im Konto Trattoria Da Luigi mit der Rolle Bearbeiter.')
      .waitFor();
    assert.equal(await page.locator('.portal-header .account').innerText(), 'Trattoria Da Luigi');
    assert.match(await page.locator('#user-menu-panel').textContent(), /Bearbeiter/);
    assert.doesNotMatch(await page.locator('main').textContent(), /collina/i, 'nothing of Collina Verde stays');
    assert.deepEqual(await axeViolations(page), [], 'the modal after switching has no axe violations');
    await screenshot(page, 'accounts-switched-blocked-de');
  } catch (error) {
    await screenshot(page, 'failure-accounts-de');
    throw error;
  } finally {
    await context.close();
  }
});

test('from the modal of an account with missing information, the agency switches to its other account (it)', async () => {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  try {
    await signIn(page, AGENCY, async (page, button) => {
      assert.equal((await button.innerText()).trim(), 'Continua come Sara Agenzia');
    });
    await page.getByRole('heading', { name: "Scegli l'account", level: 1 }).waitFor();
    const luigi = page.getByRole('button', { name: /Trattoria Da Luigi/ });
    assert.match(await luigi.innerText(), /Il tuo ruolo: Editor/);
    assert.match(await luigi.innerText(), /Informazioni di contatto mancanti/);
    await luigi.click();
    const modal = page.getByRole('dialog', { name: 'Informazioni obbligatorie' });
    await modal.waitFor();
    await page.locator('#announcer').getByText('Ora lavori nell\'account Trattoria Da Luigi con il ruolo Editor.').waitFor();

    const switcher = modal.getByLabel('Account', { exact: true });
    await eventually(async () => (await switcher.locator('option').count()) === 2);
    await switcher.selectOption({ label: 'Agriturismo Collina Verde (ID partner demo-6006) – Amministratore' });
    await modal.getByRole('button', { name: 'Cambia' }).click();
    await modal.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Panoramica', level: 1 }).waitFor();
    await eventually(async () => (await focusState(page)).id === 'page-heading');
    assert.equal(await page.locator('.portal-header .account').innerText(), 'Agriturismo Collina Verde');
    assert.match(await page.locator('#user-menu-panel').textContent(), /Amministratore/);
    assert.deepEqual(await axeViolations(page), [], 'the portal after switching has no axe violations');
    await screenshot(page, 'accounts-switched-it');

    // A reload keeps the chosen account: no picker again.
    await page.reload();
    await page.getByRole('heading', { name: 'Panoramica', level: 1 }).waitFor();
    assert.equal(await page.locator('.portal-header .account').innerText(), 'Agriturismo Collina Verde');
  } catch (error) {
    await screenshot(page, 'failure-accounts-it');
    throw error;
  } finally {
    await context.close();
  }
});
