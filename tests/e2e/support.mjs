// Shared helpers for the end-to-end tests: the real SPA (built by Trunk) served by the
// real API server, configured as in production, driven in Debian's Chromium; mail goes
// over SMTP to a real (local) mail server. `cargo xtask e2e` / `cargo xtask test` start
// both and set PORTAL_URL and PORTAL_MAILDIR.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const BASE_URL = process.env.PORTAL_URL ?? 'http://127.0.0.1:3000';
const MAILDIR = process.env.PORTAL_MAILDIR;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(process.cwd(), 'target', 'e2e-artifacts');
const require = createRequire(import.meta.url);

/**
 * Chromium for one test file. Every page of every context reports Content-Security-Policy
 * violations; closing the browser fails the file if there was any.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
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
  const violations = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.exposeBinding('reportCspViolation', ({ page }, text) => {
      violations.push(`${page.url()}: ${text}`);
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        globalThis.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    return context;
  };
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    if (violations.length > 0) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
  };
  return browser;
}

/** Splits a mail into its header block and its decoded text body (7bit, quoted-printable or base64). */
function decodeMail(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = head.match(/^content-transfer-encoding:\s*(\S+)/im)?.[1]?.toLowerCase();
  if (encoding === 'base64') return { head, body: Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') };
  if (encoding !== 'quoted-printable') return { head, body };
  const bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return { head, body: bytes.toString('utf8') };
}

/** The envelope recipients the SMTP server recorded (`X-RcptTo`), lower-cased. */
function recipients(head) {
  const line = head.match(/^x-rcptto:\s*(.*)$/im)?.[1] ?? '';
  return line.split(',').map((address) => address.trim().replace(/^<|>$/g, '').toLowerCase());
}

/** The mails delivered to `email` (by the real SMTP server into the Maildir) after `since`. */
function mailsTo(email, since) {
  if (!MAILDIR) throw new Error('PORTAL_MAILDIR is not set: run the tests with `cargo xtask e2e`');
  const folder = path.join(MAILDIR, 'new');
  let names;
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .map((name) => path.join(folder, name))
    // Delivered after the request was made: an older link may have been ended by a newer one.
    .filter((file) => statSync(file).mtimeMs >= since)
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((file) => decodeMail(readFileSync(file, 'utf8')))
    .filter(({ head }) => recipients(head).includes(email.toLowerCase()));
}

/** The newest sign-in link mailed to `email` after `since`, as it arrived over SMTP. */
export async function waitForSignInLink(email, since, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const links = mailsTo(email, since)
      .map(({ body }) => body.match(/https?:\/\/\S+\/sign-in\/callback#token=[A-Za-z0-9_-]+/)?.[0])
      .filter(Boolean);
    if (links.length > 0) return links[links.length - 1];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no sign-in link for ${email} arrived`);
}

/** The newest address-confirmation link mailed to `email` after `since`, and its mail's text. */
export async function waitForVerificationLink(email, since, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = mailsTo(email, since)
      .map(({ body }) => ({ body, link: body.match(/https?:\/\/\S+\/verify#token=[A-Za-z0-9_-]+/)?.[0] }))
      .filter(({ link }) => link);
    if (found.length > 0) return found[found.length - 1];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no confirmation link for ${email} arrived`);
}

/**
 * Opens a mailed link: the page names who it signs in, and "Continue as …" uses it.
 * `onContinuePage(page, button)`, if given, checks that page before the click.
 */
export async function followSignInLink(page, link, onContinuePage) {
  await page.goto(link);
  const button = page.locator('#sign-in-continue');
  await button.waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the token is gone from the address bar');
  await onContinuePage?.(page, button);
  await button.click();
  await page.waitForURL(`${BASE_URL}/`);
}

/** Signs in through the UI: request a link, open it from the mail, land in the portal. */
export async function signIn(page, email, onContinuePage) {
  await page.goto(`${BASE_URL}/`);
  await page.waitForURL('**/sign-in');
  const since = Date.now();
  await page.locator('#sign-in-email').fill(email);
  await page.locator('form button[type=submit]').click();
  await page.locator('.notice-success').waitFor();
  const link = await waitForSignInLink(email, since);
  await followSignInLink(page, link, onContinuePage);
}

/**
 * Types `text` into a contact form's e-mail list and presses Enter to add it; into the
 * single-address input (the operational contact shared with users), where Enter would
 * submit the form, it only types.
 */
export async function addAddresses(page, field, text) {
  const input = page.locator(`#field-${field}`);
  await input.click();
  if ((await input.getAttribute('type')) === 'email') {
    await input.fill(text);
    return;
  }
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
  // Evaluated, not injected as a <script>: the Content-Security-Policy allows no such script.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
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
export async function eventually(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
