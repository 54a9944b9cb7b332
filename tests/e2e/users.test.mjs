// The "let a colleague fill it in" path, in German: the only administrator of an account
// invites an Editor from the modal's Users tab; the Editor signs in through the e-mailed
// link in a separate browser, completes the contact information, and the administrator's
// portal is unlocked. Then role change and removal through their alert dialogs, including
// removing an alert contact, which brings the modal back for Production. Last, with a second
// administrator, she steps down (the portal follows at once) and, made one again, leaves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, fillContactLists, addAddresses, waitForSignInLink, followSignInLink, axeViolations, screenshot, focusState, eventually, BASE_URL } from './support.mjs';

const ADMIN = 'admin@alpenblick.example';
const COLLEAGUE = 'paul.partner@alpenblick.example';
const MODAL = 'Obligatorische Informationen';

let browser;
let admin;
let colleague;
before(async () => {
  browser = await launchBrowser();
  admin = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  colleague = await browser.newContext({ locale: 'de-CH', timezoneId: 'Europe/Zurich' });
});
after(async () => {
  await browser?.close();
});

/** The users table as [name, e-mail, role, status] rows. */
async function tableRows(page) {
  return page.locator('.users-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('th, td')].slice(0, 4).map((cell) => cell.innerText.trim())),
  );
}

test('a German admin invites an editor from the Users tab, who completes the contact information', async () => {
  const page = await admin.newPage();
  try {
    await signIn(page, ADMIN);
    const dialog = page.getByRole('dialog', { name: MODAL });
    await dialog.waitFor();
    await dialog.getByRole('tab', { name: 'Nutzer' }).click();
    const panel = dialog.getByRole('tabpanel', { name: 'Nutzer' });
    await panel.getByRole('table').waitFor();
    assert.deepEqual(await tableRows(page), [['Greta Gruber (Sie)', ADMIN, 'Administrator', 'Aktiv']]);
    assert.equal(await panel.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'), 'ascending');

    // A mistyped address is caught by the shared rule, tied to its field, in German.
    await panel.getByLabel('Name', { exact: true }).fill('Paul Partner');
    const email = panel.getByLabel('E-Mail-Adresse');
    await email.fill('paul.partner@@alpenblick.example');
    await email.blur();
    const emailError = page.locator('#invite-email-error');
    assert.equal(await emailError.innerText(), '„paul.partner@@alpenblick.example“ ist keine gültige E-Mail-Adresse.');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.getAttribute('aria-describedby'), 'invite-email-error');
    await email.fill(COLLEAGUE);
    assert.equal(await panel.getByLabel('Rolle', { exact: true }).inputValue(), 'editor', 'Editor is preselected');

    const since = Date.now();
    await panel.getByRole('button', { name: 'Einladung senden' }).click();
    const sent = `Einladung an Paul Partner (${COLLEAGUE}) gesendet.`;
    await page.locator('#invite-sent').getByText(sent).waitFor();
    await page.locator('#announcer').getByText(sent).waitFor();
    assert.equal((await focusState(page)).id, 'invite-submit', 'focus stays on the button');
    await eventually(async () => (await tableRows(page)).length === 2);
    assert.deepEqual((await tableRows(page))[1], ['Paul Partner', COLLEAGUE, 'Bearbeiter', 'Eingeladen']);
    assert.match(await page.locator('.users-table tbody tr').nth(1).innerText(), /Noch nie/);
    assert.equal(await email.inputValue(), '', 'the form is ready for the next colleague');
    assert.deepEqual(await axeViolations(page), [], 'the Users tab has no axe violations');
    await screenshot(page, 'users-invited-de');

    // Inviting the same person again is refused at the e-mail field.
    await panel.getByLabel('Name', { exact: true }).fill('Paul Partner');
    await email.fill(COLLEAGUE.toUpperCase());
    await panel.getByRole('button', { name: 'Einladung senden' }).click();
    await emailError.getByText('Diese Person hat bereits Zugriff auf das Partner-Portal für dieses Konto.').waitFor();
    // The summary is focused on the animation frame after the answer.
    await eventually(async () => (await focusState(page)).id === 'invite-summary');

    // Meanwhile the administrator starts on the contact information herself.
    await dialog.getByRole('tab', { name: 'Kontaktdaten' }).click();
    await addAddresses(page, 'technical_non_emergency', 'greta.gruber@alpenblick.example');

    // The colleague opens the invitation in their own browser and lands in the same account.
    const link = await waitForSignInLink(COLLEAGUE, since);
    const colleaguePage = await colleague.newPage();
    try {
      await followSignInLink(colleaguePage, link);
      const colleagueDialog = colleaguePage.getByRole('dialog', { name: MODAL });
      await colleagueDialog.waitFor();
      assert.match(await colleaguePage.locator('header').innerText(), /Bergbahnen Alpenblick AG/);
      await fillContactLists(colleaguePage, 'alpenblick.example');
      await colleagueDialog.getByLabel('24/7 (immer erreichbar)').check();
      await colleagueDialog.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
      await colleagueDialog.waitFor({ state: 'detached' });
      await colleaguePage.locator('#announcer').getByText('Das Partner-Portal ist jetzt freigeschaltet').waitFor();
    } catch (error) {
      await screenshot(colleaguePage, 'failure-users-colleague');
      throw error;
    }

    // The administrator's portal is unlocked at once: the modal goes, what she typed is kept
    // as a draft, and the live notice leads to where it is offered back.
    await dialog.waitFor({ state: 'detached' });
    const pointer = page.locator('#live-notice-draft');
    await pointer.waitFor({ timeout: 10_000 });
    assert.match(
      await page.locator('#live-notice').innerText(),
      /Gerade eben von Paul Partner aktualisiert\. Ihre Eingaben in den Kontaktdaten bleiben als Entwurf erhalten\. Weiter unter Konfiguration → Kontaktdaten/,
    );
    assert.deepEqual(await axeViolations(page), [], 'the notice with its pointer has no axe violations');
    await screenshot(page, 'live-draft-pointer-de');
    await pointer.click();
    const offer = page.locator('#contact-form-draft');
    await offer.waitFor();
    assert.equal(await page.locator('#live-notice-draft').count(), 0, 'no pointer on the page that offers the draft');
    await offer.getByRole('button', { name: 'Verwerfen' }).click();
    await offer.waitFor({ state: 'detached' });

    // And stays unlocked after a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0, 'no modal any more');
    assert.equal(await page.locator('.portal').getAttribute('inert'), null);
  } catch (error) {
    await screenshot(page, 'failure-users-invite');
    throw error;
  }
});

test('role change and removal ask first; removing the alert contact brings the modal back for Production', async () => {
  const page = await admin.newPage();
  try {
    await page.goto(`${BASE_URL}/configuration/users`);
    await page.getByRole('heading', { level: 1, name: 'Nutzer' }).waitFor();
    await page.locator('.users-table').waitFor();

    // Keyboard only: open the role dialog, Escape returns focus to its button.
    const changeRole = page.getByRole('button', { name: 'Rolle ändern: Paul Partner' });
    await changeRole.focus();
    await page.keyboard.press('Enter');
    const roleDialog = page.getByRole('alertdialog', { name: 'Rolle von Paul Partner ändern' });
    await roleDialog.waitFor();
    assert.match(await roleDialog.getAttribute('aria-describedby'), /user-dialog-description/);
    // Focus moves in on the next animation frame.
    await eventually(async () => (await focusState(page)).id === 'user-dialog-role-editor');
    assert.equal(await page.locator('.users-list').evaluate((element) => element.closest('[inert]') !== null), true, 'the page behind is inert');
    await page.keyboard.press('Escape');
    await roleDialog.waitFor({ state: 'detached' });
    await eventually(async () => /^user-\d+-change-role$/.test((await focusState(page)).id));

    await page.keyboard.press('Enter');
    await roleDialog.waitFor();
    await eventually(async () => (await focusState(page)).id === 'user-dialog-role-editor');
    await page.keyboard.press('ArrowUp'); // native radio group: Bearbeiter → Administrator
    assert.ok(await roleDialog.getByRole('radio', { name: 'Administrator' }).isChecked());
    await page.keyboard.press('Tab');
    assert.equal((await focusState(page)).id, 'user-dialog-confirm');
    await page.keyboard.press('Enter');
    await roleDialog.waitFor({ state: 'detached' });
    await page.locator('#announcer').getByText('Paul Partner hat jetzt die Rolle Administrator.').waitFor();
    await eventually(async () => (await tableRows(page)).some((row) => row[0] === 'Paul Partner' && row[2] === 'Administrator'));
    await eventually(async () => /^user-\d+-change-role$/.test((await focusState(page)).id));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.match((await focusState(page)).id, /^user-\d+-change-role$/, 'focus stays on the row after the list reloads');

    // In Production the alert contacts are missing: the modal returns; Paul becomes one.
    await page.getByLabel('Umgebung', { exact: true }).selectOption('production');
    const modal = page.getByRole('dialog', { name: MODAL });
    await modal.waitFor();
    await modal.getByRole('checkbox', { name: /Paul Partner/ }).check();
    await modal.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
    await modal.waitFor({ state: 'detached' });

    // Removing him warns first, focusing the safe choice.
    await page.getByRole('button', { name: 'Entfernen: Paul Partner' }).click();
    const removeDialog = page.getByRole('alertdialog', { name: 'Paul Partner entfernen?' });
    await removeDialog.waitFor();
    await eventually(async () => (await focusState(page)).id === 'user-dialog-cancel');
    assert.match(await removeDialog.locator('#user-dialog-description').innerText(), /ist ein Kontakt für Benachrichtigungen/);
    assert.deepEqual(await axeViolations(page), [], 'the confirmation has no axe violations');
    await screenshot(page, 'users-remove-de');
    await removeDialog.getByRole('button', { name: 'Nutzer entfernen' }).click();

    // Same transaction on the server: he is gone from the users and the alert contacts,
    // so Production is incomplete again and the modal is back.
    await page.locator('#announcer').getByText('Paul Partner wurde entfernt.').waitFor();
    await modal.waitFor();
    await modal.getByRole('checkbox', { name: /Greta Gruber/ }).waitFor();
    assert.equal(await modal.getByRole('checkbox', { name: /Paul Partner/ }).count(), 0, 'no longer an alert contact');
    await modal.getByRole('tab', { name: 'Nutzer' }).click();
    await eventually(async () => (await tableRows(page)).length === 1);

    // His session ended with his access.
    const colleaguePage = await colleague.newPage();
    await colleaguePage.goto(`${BASE_URL}/`);
    await colleaguePage.waitForURL('**/sign-in');
  } catch (error) {
    await screenshot(page, 'failure-users-manage');
    throw error;
  }
});

test('an administrator steps down and the portal follows at once; made one again, she leaves and sign-in says so', async () => {
  const VERA = 'vera.vogel@alpenblick.example';
  const page = await admin.newPage();
  let veraPage;
  try {
    await page.goto(`${BASE_URL}/configuration/users`);
    // Production lacks an alert contact since the last test; Sandbox is complete.
    const modal = page.getByRole('dialog', { name: MODAL });
    await modal.waitFor();
    await modal.getByLabel('Umgebung', { exact: true }).selectOption('sandbox');
    await modal.waitFor({ state: 'detached' });
    await page.locator('.users-table').waitFor();
    // The only administrator who signed in cannot go: her row says why.
    await page.locator('#users-self-only-administrator').waitFor();

    // A second administrator, who signs in.
    await page.getByLabel('Name', { exact: true }).fill('Vera Vogel');
    await page.getByLabel('E-Mail-Adresse').fill(VERA);
    await page.getByLabel('Rolle', { exact: true }).selectOption('administrator');
    const since = Date.now();
    await page.getByRole('button', { name: 'Einladung senden' }).click();
    await page.locator('#invite-sent').waitFor();
    veraPage = await colleague.newPage();
    await followSignInLink(veraPage, await waitForSignInLink(VERA, since));

    // Stepping down: the confirmation says what she loses; afterwards every view is rebuilt
    // for the new role, without a page reload.
    await page.reload();
    await page.getByRole('button', { name: 'Rolle ändern (Ihre eigene)' }).click();
    const stepDown = page.getByRole('alertdialog', { name: 'Eigene Rolle ändern' });
    await stepDown.waitFor();
    assert.match(await stepDown.locator('#user-dialog-description').innerText(), /verlieren Sie sofort Ihre Administratorrechte/);
    await stepDown.getByRole('radio', { name: 'Bearbeiter' }).check();
    await stepDown.getByRole('button', { name: 'Meine Rolle ändern' }).click();
    await page.locator('#announcer').getByText('Sie haben jetzt die Rolle Bearbeiter.', { exact: false }).waitFor();
    await page.locator('#users-managed-by-administrators').waitFor();
    assert.equal(await page.getByRole('columnheader', { name: 'Aktionen' }).count(), 0, 'no actions any more');
    assert.equal(await page.locator('#invite-name').count(), 0, 'no invitation form');
    assert.match(await page.locator('#user-menu-panel').textContent(), /Bearbeiter/, 'the header has the new role');
    await eventually(async () => (await focusState(page)).id === 'users-list-heading');

    // Vera makes her an administrator again; then she leaves the account.
    await veraPage.goto(`${BASE_URL}/configuration/users`);
    await veraPage.getByRole('button', { name: 'Rolle ändern: Greta Gruber' }).click();
    const veraDialog = veraPage.getByRole('alertdialog', { name: 'Rolle von Greta Gruber ändern' });
    await veraDialog.getByRole('radio', { name: 'Administrator' }).check();
    await veraDialog.getByRole('button', { name: 'Rolle ändern' }).click();
    await veraDialog.waitFor({ state: 'detached' });

    await page.reload();
    await page.getByRole('button', { name: 'Dieses Konto verlassen' }).click();
    const leave = page.getByRole('alertdialog', { name: 'Bergbahnen Alpenblick AG verlassen?' });
    await leave.waitFor();
    await eventually(async () => (await focusState(page)).id === 'user-dialog-cancel');
    assert.match(await leave.locator('#user-dialog-description').innerText(), /verlieren jeden Zugriff/);
    assert.deepEqual(await axeViolations(page), [], 'the confirmation to leave has no axe violations');
    await leave.getByRole('button', { name: 'Konto verlassen' }).click();
    await page.waitForURL('**/sign-in');
    const notice = page.locator('#left-account-notice');
    assert.equal(
      await notice.innerText(),
      'Sie haben Bergbahnen Alpenblick AG verlassen und keinen Zugriff mehr auf das Partner-Portal dieses Kontos.',
    );
    await eventually(async () => (await focusState(page)).id === 'left-account-notice');
    assert.deepEqual(await axeViolations(page), [], 'sign-in after leaving has no axe violations');
    await screenshot(page, 'users-left-de');
    // Her session ended with her access.
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL('**/sign-in');
    assert.equal(await page.locator('#left-account-notice').count(), 0, 'the notice was for that moment only');
  } catch (error) {
    await screenshot(page, 'failure-users-leave');
    throw error;
  }
});
