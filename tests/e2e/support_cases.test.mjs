// A Read-only user blocked by the modal asks support for help in Italian: finds the help
// article, opens a case, sees its reference number, finds it in the list after a reload and
// opens it to read it again.
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

test('a blocked read-only user opens a support case in Italian', async () => {
  const context = await browser.newContext({ locale: 'it-IT' });
  const page = await context.newPage();
  try {
    await signIn(page, 'viewer@luigi.example');
    const dialog = page.getByRole('dialog', { name: 'Informazioni obbligatorie' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: "Contatta l'assistenza" }).click();
    const panel = dialog.getByRole('tabpanel', { name: "Contatta l'assistenza" });
    await panel.getByText('Ancora nessuna richiesta di assistenza.').waitFor();

    // The help article, named as the Italian help pages name it, in Italian.
    const help = panel.getByRole('link', { name: /^Guida: Come ottenere assistenza/ });
    assert.match(await help.getAttribute('href'), /[?&]hl=it$/);
    assert.equal(await help.getAttribute('target'), '_blank');
    assert.equal(await help.getAttribute('rel'), 'noopener');
    assert.equal(await panel.getByLabel('Rispondi a (email)').inputValue(), 'viewer@luigi.example', 'reply-to is prefilled');
    assert.equal(await panel.getByLabel('Ambiente (facoltativo)').inputValue(), 'sandbox', 'environment comes from the switcher');

    // Submitting empty shows the focused summary and inline errors, in Italian.
    await panel.getByRole('button', { name: "Invia all'assistenza" }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'support-summary');
    assert.match(await panel.locator('#support-subject-error').innerText(), /obbligatorio/);
    assert.equal(await panel.getByLabel('Oggetto').getAttribute('aria-invalid'), 'true');

    await panel.getByLabel('Categoria').selectOption('access_and_users');
    await panel.getByLabel('Oggetto').fill('Non posso modificare i dati di contatto');
    await panel.getByLabel('Descrizione').fill('Ho accesso in sola lettura. Chi può inserire i contatti?');
    assert.match(await panel.locator('#support-description-counter').innerText(), /^56 di 5000 caratteri$/);
    assert.deepEqual(await axeViolations(page), [], 'the support tab has no axe violations');
    await panel.getByRole('button', { name: "Invia all'assistenza" }).click();

    const created = panel.locator('#support-created');
    await created.waitFor();
    const reference = (await created.innerText()).match(/CASE-\d{4}-\d{6}/)?.[0];
    assert.ok(reference, `a reference number is shown: ${await created.innerText()}`);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Invia all'assistenza", 'focus stays on the submit button');
    await page.locator('#announcer').getByText(reference).waitFor();
    await panel.getByRole('rowheader', { name: reference }).waitFor();
    await screenshot(page, 'support-it');

    await page.reload();
    const again = page.getByRole('dialog', { name: 'Informazioni obbligatorie' });
    await again.waitFor();
    await again.getByRole('tab', { name: "Contatta l'assistenza" }).click();
    const row = again.getByRole('row', { name: new RegExp(reference) });
    await row.waitFor();
    assert.match(await row.innerText(), /Non posso modificare i dati di contatto/);
    assert.match(await row.innerText(), /Accesso e utenti/);
    assert.match(await row.innerText(), /Lucia Lettrice/);

    // The case opens in a dialog with its full text; Escape returns to it.
    const open = row.getByRole('button', { name: reference });
    await open.click();
    const detail = page.getByRole('dialog', { name: `Richiesta di assistenza ${reference}` });
    await detail.waitFor();
    await detail.getByText('Ho accesso in sola lettura. Chi può inserire i contatti?').waitFor();
    assert.match(await detail.innerText(), /Lucia Lettrice/);
    assert.match(await detail.innerText(), /viewer@luigi\.example/);
    assert.match(await detail.innerText(), /Sandbox/);
    await page.waitForFunction(() => document.activeElement?.id === 'case-dialog-title');
    assert.deepEqual(await axeViolations(page), [], 'the case dialog has no axe violations');
    await screenshot(page, 'support-case-it');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await page.waitForFunction((name) => document.activeElement?.textContent === name, reference);
  } catch (error) {
    await screenshot(page, 'failure-support');
    throw error;
  } finally {
    await context.close();
  }
});
