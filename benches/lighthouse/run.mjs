// `cargo xtask bench`: Lighthouse on its default mobile profile (a mid-range phone, simulated
// slow 4G and 4× CPU slowdown) against the release SPA served by the real server at
// BENCH_URL: the sign-in page (signed out) and the blocking modal (signed in by a session
// cookie obtained before the run and sent with every request). A second run of the modal
// with applied ("devtools") throttling measures when its first field took focus: simulated
// runs replay timings observed unthrottled, so a User Timing mark is only meaningful when
// the throttling really happened. Reports (HTML and JSON) go to BENCH_OUT, and the figures
// as TSV rows (figure, measured, target, met) to BENCH_OUT/lighthouse.tsv for xtask's table.
// Simulated runs vary from run to run on one machine (the modal's TBT measured 275 and 547 ms
// on the same build): each simulated page is run BENCH_LIGHTHOUSE_RUNS times (default 3) and
// the median run (Lighthouse's own `computeMedianRun`) is reported, with the range.
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import * as chromeLauncher from 'chrome-launcher';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signIn } from '../sign-in.mjs';

const URL_BASE = process.env.BENCH_URL;
const OUT = process.env.BENCH_OUT ?? 'target/lighthouse';
const USER = process.env.BENCH_USER ?? 'admin@demo.example';
const FOCUSED_MARK = 'portal:dialog-focused';
const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100 };
const RUNS = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3));
if (!URL_BASE) throw new Error('BENCH_URL is not set: run `cargo xtask bench`');

const ms = (audit) => (audit?.numericValue === undefined ? '—' : `${Math.round(audit.numericValue)} ms`);

/** One Lighthouse run of `page`: its result (the report's texts and the LHR). */
async function once(port, page) {
  const flags = {
    port,
    output: ['html', 'json'],
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
  };
  const config = page.devtools
    ? { extends: 'lighthouse:default', settings: { throttlingMethod: 'devtools' } }
    : undefined;
  const result = await lighthouse(page.url, flags, config);
  if (!result) throw new Error(`${page.name}: Lighthouse gave no result`);
  if (result.lhr.runtimeError) throw new Error(`${page.name}: ${result.lhr.runtimeError.message}`);
  return result;
}

/** The median of RUNS runs of `page` (one with applied throttling), and the runs' range. */
async function run(port, page) {
  const results = [];
  for (let i = 0; i < (page.devtools ? 1 : RUNS); i += 1) results.push(await once(port, page));
  const lhr = computeMedianRun(results.map((result) => result.lhr));
  const [html, json] = results.find((result) => result.lhr === lhr).report;
  writeFileSync(path.join(OUT, `${page.file}.html`), html);
  writeFileSync(path.join(OUT, `${page.file}.json`), json);
  const range = (values) => `${Math.min(...values)}–${Math.max(...values)}`;
  const spread = results.length < 2 ? null : {
    performance: range(results.map((result) => Math.round((result.lhr.categories.performance?.score ?? 0) * 100))),
    tbt: range(results.map((result) => Math.round(result.lhr.audits['total-blocking-time']?.numericValue ?? 0))),
    lcp: range(results.map((result) => Math.round(result.lhr.audits['largest-contentful-paint']?.numericValue ?? 0))),
    runs: results.length,
  };
  const scores = Object.fromEntries(Object.keys(TARGETS).map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]));
  const marks = lhr.audits['user-timings']?.details?.items ?? [];
  const focused = marks.find((item) => item.name === FOCUSED_MARK);
  const failing = Object.entries(lhr.audits)
    .filter(([, audit]) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary')
    .map(([id]) => id);
  // Source-map findings per script: a map named but not to be had, or a large first-party
  // script without one (Lighthouse counts the wasm as a script; over 500 KiB it wants a map).
  const sourceMapErrors = (lhr.audits['valid-source-maps']?.details?.items ?? [])
    .flatMap((item) => (item.subItems?.items ?? []).map(({ error }) => ({ script: path.basename(new URL(item.scriptUrl).pathname), error })));
  return { page, scores, lhr, focused, failing, sourceMapErrors, spread };
}

mkdirSync(OUT, { recursive: true });
const cookie = await signIn(URL_BASE, USER);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results = [];
try {
  for (const page of [
    { name: 'sign-in page (signed out)', file: 'sign-in', url: `${URL_BASE}/sign-in` },
    { name: 'blocking modal (signed in)', file: 'modal', url: `${URL_BASE}/`, cookie },
    { name: 'blocking modal, applied throttling', file: 'modal-devtools', url: `${URL_BASE}/`, cookie, devtools: true },
  ]) {
    results.push(await run(chrome.port, page));
  }
} finally {
  await chrome.kill();
}

let missed = 0;
console.log('\nLighthouse 12, mobile profile (Moto G Power class, slow 4G, 4× CPU slowdown)');
const rows = [];
for (const { page, scores, lhr, focused, failing, sourceMapErrors, spread } of results) {
  console.log(`\n${page.name}: ${page.url}${page.devtools ? ' (throttling applied, not simulated)' : ''}`);
  for (const [id, target] of Object.entries(TARGETS)) {
    const met = scores[id] >= target;
    if (!met && !page.devtools) missed += 1;
    console.log(`  ${id.padEnd(15)} ${String(scores[id]).padStart(3)}  (target ${target}${met ? '' : ', MISSED'})`);
  }
  if (spread) console.log(`  median of ${spread.runs} runs; over the runs: performance ${spread.performance}, TBT ${spread.tbt} ms, LCP ${spread.lcp} ms`);
  console.log(`  FCP ${ms(lhr.audits['first-contentful-paint'])}, LCP ${ms(lhr.audits['largest-contentful-paint'])}, TBT ${ms(lhr.audits['total-blocking-time'])}, TTI ${ms(lhr.audits.interactive)}, Speed Index ${ms(lhr.audits['speed-index'])}`);
  if (focused) console.log(`  first field focused (${FOCUSED_MARK}) ${Math.round(focused.startTime)} ms after navigation start`);
  if (failing.length) console.log(`  failing audits: ${failing.join(', ')}`);
  console.log(`  source-map findings: ${sourceMapErrors.map(({ script, error }) => `${script}: ${error}`).join('; ') || 'none'}`);
  const where = `Lighthouse ${page.file}`;
  if (!page.devtools) {
    const met = Object.entries(TARGETS).every(([id, target]) => scores[id] >= target);
    rows.push([`${where}: performance / accessibility / best practices`, Object.keys(TARGETS).map((id) => scores[id]).join(' / '),
      Object.values(TARGETS).map((t) => (t === 100 ? '100' : `≥ ${t}`)).join(' / '), met ? 'yes' : 'no']);
    rows.push([`${where}: FCP / LCP / TBT`, ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time'].map((id) => ms(lhr.audits[id])).join(' / '), '', '-']);
    if (spread) rows.push([`${where}: range of ${spread.runs} runs: performance / TBT / LCP`, `${spread.performance} / ${spread.tbt} ms / ${spread.lcp} ms`, '', '-']);
  }
  if (focused) rows.push([`${where}: first field focused after navigation`, `${Math.round(focused.startTime)} ms`, '', '-']);
  if (!page.devtools) {
    const ofJs = sourceMapErrors.filter(({ script }) => script.endsWith('.js'));
    const shown = sourceMapErrors.map(({ script, error }) => `${script.replace(/-[0-9a-f]{8,16}/, '-…')}: ${error}`).join('; ');
    rows.push([`${where}: source-map findings`, shown || 'none', 'none for the JS', ofJs.length === 0 ? 'yes' : 'no']);
  }
  console.log(`  report: ${path.join(OUT, page.file)}.html`);
}
console.log(missed ? `\n${missed} target(s) missed (reported, not enforced: times vary by machine)` : '\nall targets met');
writeFileSync(path.join(OUT, 'lighthouse.tsv'), rows.map((row) => row.join('\t')).join('\n') + '\n');
