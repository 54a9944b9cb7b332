// The API answers the portal asks for first are preloaded by index.html (the server names
// them for the page and the session), so they travel while the wasm downloads. Here, in a
// real browser: each of them reaches the server once (the SPA's own fetch takes the
// preloaded answer instead of asking again), the page works, and Chromium reports no
// preload left unused (its console warning comes a few seconds after the load event).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, signIn, BASE_URL } from './support.mjs';

const UNUSED = 'preloaded using link preload but not used';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Records `page`'s API requests by path, and its console warnings about unused preloads. */
function watch(page) {
  const requests = new Map();
  const unused = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) requests.set(pathname, (requests.get(pathname) ?? 0) + 1);
  });
  page.on('console', (message) => {
    if (message.text().includes(UNUSED)) unused.push(message.text());
  });
  return {
    requests,
    unused,
    clear: () => {
      requests.clear();
      unused.length = 0;
    },
  };
}

/** The preloads `page`'s document names. */
const preloadsOf = (page) => page.$$eval('link[rel=preload][as=fetch][href^="/api/"]', (links) => links.map((link) => link.getAttribute('href')));

/** Loads `path` afresh and checks every preload was asked for once and taken. */
async function loadAndCheck(page, watcher, path, expected, ready) {
  // Away first: the page before may still be asking for something.
  await page.goto('about:blank');
  watcher.clear();
  await page.goto(`${BASE_URL}${path}`);
  await ready();
  assert.deepEqual(await preloadsOf(page), expected, `${path}: preloads`);
  // Chromium reports an unused preload about three seconds after the load event.
  await page.waitForTimeout(4000);
  for (const url of expected) {
    assert.equal(watcher.requests.get(url), 1, `${path}: ${url} reached the server once (${JSON.stringify([...watcher.requests])})`);
  }
  assert.deepEqual(watcher.unused, [], `${path}: no preload left unused`);
}

test('the first API answers are preloaded and taken, signed out, signed in and picking an account', async () => {
  const context = await browser.newContext({ locale: 'it-IT' });
  const page = await context.newPage();
  const watcher = watch(page);
  try {
    await loadAndCheck(page, watcher, '/', ['/api/v1/session'], () => page.locator('#sign-in-email').waitFor());
    // The sign-in page itself asks the API for nothing at first.
    await loadAndCheck(page, watcher, '/sign-in', [], () => page.locator('#sign-in-email').waitFor());

    await signIn(page, 'admin@demo.example');
    await loadAndCheck(page, watcher, '/configuration/users', ['/api/v1/session', '/api/v1/contact-info', '/api/v1/users'],
      // The blocking modal, or the Users page once another suite completed the account.
      () => page.getByRole('dialog', { name: 'Informazioni obbligatorie' }).or(page.getByRole('heading', { name: 'Utenti', level: 1 })).first().waitFor());
  } finally {
    await context.close();
  }

  const agency = await browser.newContext({ locale: 'it-IT' });
  const picking = await agency.newPage();
  const agencyWatcher = watch(picking);
  try {
    await signIn(picking, 'agency@studio.example');
    await loadAndCheck(picking, agencyWatcher, '/', ['/api/v1/session', '/api/v1/accounts'],
      () => picking.locator('.account-picker').waitFor());
  } finally {
    await agency.close();
  }
});
