// Shared helpers for the end-to-end tests: the real SPA (built by Trunk) served by the
// real API server, driven in Debian's Chromium. `cargo xtask e2e` / `cargo xtask test`
// start the server and set PORTAL_URL.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const BASE_URL = process.env.PORTAL_URL ?? 'http://127.0.0.1:3000';
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(process.cwd(), 'target', 'e2e-artifacts');
const require = createRequire(import.meta.url);

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The newest sign-in link mailed to `email` after `since` (from the dev outbox). */
export async function waitForSignInLink(email, since, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${BASE_URL}/api/dev/outbox.json`);
    if (!response.ok) throw new Error(`outbox answered ${response.status}`);
    const mails = await response.json();
    const mail = mails.find((m) => m.to.toLowerCase() === email.toLowerCase() && Date.parse(m.created_at) >= since - 1000 && m.link);
    if (mail) return mail.link;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no sign-in link for ${email} arrived`);
}

/** Signs in through the UI: request a link, open it from the outbox, land in the portal. */
export async function signIn(page, email) {
  await page.goto(`${BASE_URL}/`);
  await page.waitForURL('**/sign-in');
  const since = Date.now();
  await page.locator('#sign-in-email').fill(email);
  await page.locator('form button[type=submit]').click();
  await page.locator('.notice-success').waitFor();
  const link = await waitForSignInLink(email, since);
  await page.goto(link);
  await page.waitForURL(`${BASE_URL}/`);
}

/** Types `text` into a contact form's e-mail list and presses Enter to add it. */
export async function addAddresses(page, field, text) {
  const input = page.locator(`#field-${field}`);
  await input.click();
  await input.pressSequentially(text);
  await input.press('Enter');
}

/** Fills every required e-mail list of a Things-to-do account with `user@domain` addresses. */
export async function fillContactLists(page, domain) {
  for (const [field, user] of [
    ['technical_emergency', 'pager'],
    ['technical_non_emergency', 'dev'],
    ['merchant_issues', 'merchants'],
    ['operational_google', 'ops'],
    ['operational_public', 'help'],
  ]) {
    await addAddresses(page, field, `${user}@${domain}`);
  }
}

/** Runs axe-core on the page and returns its violations. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await page.evaluate(async () => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Id of the focused element, and whether it is inside the open dialog. */
export async function focusState(page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    const dialog = document.querySelector('[role=dialog]');
    return { id: active?.id ?? '', tag: active?.tagName ?? '', insideDialog: !!dialog && dialog.contains(active) };
  });
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually(check, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
