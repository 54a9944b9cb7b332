// The designer preview, as designers run it: plain `trunk serve` (the default features, no
// API server; `cargo xtask gallery` / `cargo xtask test` start it and set PREVIEW_URL).
// The gallery: every tile, in German, Italian and English, reaches its state, has no axe-core
// violation (axe runs inside each tile's own document) and is screenshotted into
// $E2E_ARTIFACTS/gallery/. The toolbar: reachable by keyboard over the blocking modal, axe
// clean, every choice in the URL, edits kept across a reload, Reset brings the fixtures back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './support.mjs';

const PREVIEW_URL = process.env.PREVIEW_URL;
const skip = PREVIEW_URL ? false : 'PREVIEW_URL is not set: run `cargo xtask gallery`';
const ARTIFACTS = path.join(process.env.E2E_ARTIFACTS ?? path.join(process.cwd(), 'target', 'e2e-artifacts'), 'gallery');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LANGUAGES = ['de', 'it', 'en'];

/** axe-core in one frame's document (evaluated: the Content-Security-Policy allows no injected script). */
async function axeViolations(frame) {
  await frame.evaluate(AXE);
  const results = await frame.evaluate(async () => globalThis.axe.run(document, { iframes: false, resultTypes: ['violations'] }));
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Opens the toolbar (it remembers whether it was open). */
async function openToolbar(page) {
  const toggle = page.locator('#preview-toolbar-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator('#preview-toolbar-panel').waitFor();
}

/**
 * Waits until the tile's scenario is done; its `<html>` says so. The frame is looked up
 * through the `<iframe>` on every try: a lazily loaded frame can be replaced while it leaves
 * about:blank, and a stale handle would fail until the deadline. The tile is also brought
 * back into view on every try: the scenario steps wait frame by frame, and Chromium runs
 * no animation frames in an iframe that a layout shift moved off screen. Gives `last`, what
 * was seen last, if the tile is not ready within `budgetMs`.
 */
async function readiness(iframe, budgetMs) {
  const deadline = Date.now() + budgetMs;
  let last = 'no frame yet';
  for (;;) {
    try {
      await iframe.scrollIntoViewIfNeeded();
      const frame = await iframe.contentFrame();
      if (frame) {
        const state = await frame.evaluate(() => {
          const root = document.documentElement;
          return { ready: root.getAttribute('data-preview-ready'), error: root.getAttribute('data-preview-error'), lang: root.lang, url: location.href };
        });
        if (state.ready) return { frame, state };
        last = `at ${state.url}, not ready`;
      }
    } catch (error) {
      // The frame is still navigating from about:blank.
      last = String(error?.message ?? error).split('\n')[0];
    }
    if (Date.now() > deadline) return { last };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('every gallery tile reaches its state in de, it and en, without axe violations', { skip, timeout: 30 * 60_000 }, async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
    const page = await context.newPage();
    // Uncaught errors of the tiles' documents, reported with a tile that does not get ready.
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error?.message ?? error).split('\n')[0]));
    await page.goto(`${PREVIEW_URL}/preview/gallery?pv-zoom=100`);
    await page.getByRole('heading', { level: 1, name: 'Preview gallery' }).waitFor();
    assert.deepEqual(await axeViolations(page.mainFrame()), [], 'the gallery page itself');
    const ids = await page.locator('figure.gallery-tile').evaluateAll((figures) => figures.map((figure) => figure.id));
    assert.ok(ids.length >= 3 * 30, `${ids.length} tiles`);
    for (const id of ids) {
      const caption = await page.locator(`#${id} figcaption`).innerText();
      assert.ok(caption.length > 0, `${id} is labelled`);
      assert.ok(await page.locator(`#${id} iframe`).getAttribute('title'), `${id} has a frame title`);
    }
    const failures = [];
    // Tiles since the gallery page was last loaded. All tiles run in the gallery page's
    // renderer, and a removed tile's document is not collected, not even by forced full
    // garbage collections (measured: ~1,300 DOM nodes and ~100 listeners stay per tile),
    // so neither is its wasm memory. After ~60 tiles in one page, the next tile's
    // `WebAssembly.instantiate()` fails with "Out of memory: Cannot allocate Wasm memory for
    // new instance" and the tile never starts. So the page is loaded afresh every
    // TILES_PER_LOAD tiles.
    const TILES_PER_LOAD = 30;
    let sinceLoad = 0;
    for (const lang of LANGUAGES) {
      for (const id of ids.filter((each) => each.endsWith(`-${lang}`))) {
        if (sinceLoad === TILES_PER_LOAD) {
          await page.reload();
          await page.getByRole('heading', { level: 1, name: 'Preview gallery' }).waitFor();
          sinceLoad = 0;
        }
        sinceLoad += 1;
        const figure = page.locator(`#${id}`);
        await figure.scrollIntoViewIfNeeded();
        let iframe = await figure.locator('iframe').elementHandle();
        let { frame, state, last } = await readiness(iframe, 30_000);
        // A tile that still stalls (each is ready in well under a second on a fresh gallery
        // page) gets up to two more, longer tries on a freshly loaded page. A broken tile
        // fails all three.
        for (let retry = 1; !state && retry <= 2; retry += 1) {
          const errors = pageErrors.splice(0).join(' | ') || 'no uncaught error';
          console.log(`${id}: not ready (${last}; ${errors}); loading the gallery afresh (retry ${retry} of 2)`);
          await page.reload();
          await page.getByRole('heading', { level: 1, name: 'Preview gallery' }).waitFor();
          sinceLoad = 1;
          await figure.scrollIntoViewIfNeeded();
          iframe = await figure.locator('iframe').elementHandle();
          ({ frame, state, last } = await readiness(iframe, 60_000));
        }
        if (!state) throw new Error(`${id}: the tile never got ready (${last}; ${pageErrors.join(' | ') || 'no uncaught error'})`);
        if (state.ready !== 'true') {
          failures.push(`${id}: ${state.error}`);
        } else {
          assert.equal(state.lang, lang, `${id} is in ${lang}`);
          const violations = await axeViolations(frame);
          if (violations.length > 0) failures.push(`${id}: ${violations.join('; ')}`);
        }
        await figure.locator('.gallery-frame').screenshot({ path: path.join(ARTIFACTS, `${id}.png`) });
        // Done with it: free the tile's page (its memory) before the next one loads.
        await iframe.evaluate((element) => element.remove());
      }
    }
    assert.deepEqual(failures, [], 'every tile reached its state with no axe violation');
  } finally {
    await browser.close();
  }
});

test('the toolbar drives the preview by keyboard, over the blocking modal, and everything is in the URL', { skip, timeout: 5 * 60_000 }, async () => {
  const browser = await launchBrowser();
  let page;
  try {
    const context = await browser.newContext({ locale: 'de-CH' });
    page = await context.newPage();
    // A fresh browser: the fixtures, signed in as the first demo administrator.
    await page.goto(`${PREVIEW_URL}/`);
    const modal = page.getByRole('dialog', { name: 'Obligatorische Informationen' });
    await modal.waitFor();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('pv-user') === 'admin@demo.example');

    // Alt+Shift+P reaches the toolbar from inside the modal.
    await page.waitForFunction(() => document.activeElement?.closest('[role=dialog]'));
    await page.keyboard.press('Alt+Shift+KeyP');
    await page.waitForFunction(() => document.activeElement?.id === 'preview-toolbar-toggle');
    const toggle = page.locator('#preview-toolbar-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const toolbar = page.getByRole('complementary', { name: 'Designer-Vorschau' });
    await toolbar.getByLabel('Konto').waitFor();
    assert.deepEqual(await axeViolations(page.mainFrame()), [], 'toolbar open over the modal');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'toolbar-de.png') });

    // Keyboard only: Tab into the panel, choose "network failure" for the next request.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.id === 'preview-toolbar-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    await toolbar.getByLabel('Antwort', { exact: true }).selectOption('network');
    await toolbar.getByLabel('Für', { exact: true }).selectOption('next');
    await page.waitForFunction(() => location.search.includes('pv-force=network') && location.search.includes('pv-for=next'));
    assert.match(await toolbar.getByRole('status').innerText(), /Netzwerkfehler/);

    // The language follows the toolbar, live, and is in the URL.
    await toolbar.getByLabel('Sprache', { exact: true }).selectOption('it');
    await page.getByRole('dialog', { name: 'Informazioni obbligatorie' }).waitFor();
    await page.waitForFunction(() => location.search.includes('pv-lang=it'));

    // A link to a state: another account and user, Production, read back on load.
    await page.goto(`${PREVIEW_URL}/?pv-account=preview-9009&pv-user=lena.berger@alpin-erlebnis.example&pv-env=production&pv-lang=en`);
    const mandatory = page.getByRole('dialog', { name: 'Mandatory information' });
    await mandatory.waitFor();
    await page.locator('#field-alert_contacts input[type=checkbox]').first().check();
    await mandatory.getByRole('button', { name: 'Save' }).click();
    await mandatory.waitFor({ state: 'detached' });
    // Saved in the browser: a reload keeps the portal unlocked.
    await page.reload();
    await page.locator('.contact-status').waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);

    // Reset brings back the fixtures: the modal is back.
    await openToolbar(page);
    await page.locator('#preview-reset').click();
    await page.getByRole('dialog', { name: 'Mandatory information' }).waitFor();
  } catch (error) {
    await page?.screenshot({ path: path.join(ARTIFACTS, 'failure-toolbar.png'), fullPage: true });
    throw error;
  } finally {
    await browser.close();
  }
});
