// Where the blocking modal's first render spends its time: opens the modal of the SPA at
// BENCH_URL (signed in with BENCH_COOKIE) in Chromium with 4× CPU throttling, recording a V8
// CPU profile (100 µs sampling) and a devtools.timeline trace, then prints the long tasks
// (≥ 50 ms) and, inside them, the functions with the most self and inclusive time. Build the
// SPA with names kept for this (`cargo xtask profile` does: wasm-opt -g), else wasm frames are
// `wasm-function[N]`. Writes modal.cpuprofile and modal-trace.json to BENCH_OUT (open either
// in Chromium's Performance panel).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const BASE = process.env.BENCH_URL;
const COOKIE = process.env.BENCH_COOKIE;
const OUT = process.env.BENCH_OUT ?? 'target/profile';
const THROTTLING = Number(process.env.BENCH_THROTTLING ?? 4);
const TOP = Number(process.env.BENCH_TOP ?? 40);
const LONG_MS = Number(process.env.BENCH_LONG_MS ?? 50);

/** Prints the long tasks and their heaviest functions. */
function analyze(profile, text, focused) {
  const events = JSON.parse(text).traceEvents ?? [];
  // The page's renderer main thread: of the renderers' main threads, the busiest.
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const isTask = (e) => e.ph === 'X' && e.name === 'RunTask';
  const busy = (m) => events.filter((e) => isTask(e) && e.pid === m.pid && e.tid === m.tid).reduce((sum, e) => sum + e.dur, 0);
  const main = mains.sort((a, b) => busy(b) - busy(a))[0];
  const tasks = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && isTask(e)
    && e.dur >= LONG_MS * 1000).map((e) => ({ start: e.ts, end: e.ts + e.dur })).sort((a, b) => a.start - b.start);

  // Samples with their times (µs, the trace's clock).
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const fn = f.functionName || '(anonymous)';
    return f.url && !f.url.endsWith('.wasm') && !f.url.includes('wasm://') ? `${fn} [${path.basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}]` : fn.replace(/::h[0-9a-f]{16}$/, '');
  };
  let t = profile.startTime;
  const within = (time) => tasks.findIndex((task) => time >= task.start && time < task.end);
  const self = new Map();
  const inclusive = new Map();
  const perTask = tasks.map(() => 0);
  const taskOurs = tasks.map(() => new Map());
  const isOurs = (l) => /^(partner_portal|portal_rules|fluent|intl_|__wbg_|wasm_bindgen::JsValue)/.test(l);
  const interval = (profile.endTime - profile.startTime) / profile.samples.length;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const index = within(t);
    if (index < 0) return;
    const dt = (profile.timeDeltas[i + 1] ?? interval) / 1000;
    perTask[index] += dt;
    const node = nodes.get(id);
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(nodes.get(cur));
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
      if (isOurs(l)) taskOurs[index].set(l, (taskOurs[index].get(l) ?? 0) + dt);
    }
  });
  const top = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  console.log(`\nModal first render, ${THROTTLING}× CPU: first field focused at ${focused.toFixed(0)} ms`);
  console.log(`long tasks (≥ ${LONG_MS} ms): ${tasks.map((task, i) => `${((task.end - task.start) / 1000).toFixed(0)} ms (sampled ${perTask[i].toFixed(0)})`).join(', ')}`);
  console.log('\nself time in long tasks (ms):');
  for (const [l, ms] of top(self)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${l}`);
  console.log('\ninclusive time in long tasks (ms):');
  for (const [l, ms] of top(inclusive)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${l}`);
  // Our own code and the browser APIs it calls, which the generic frames above hide.
  const ours = new Map([...inclusive].filter(([l]) => isOurs(l)));
  console.log('\ninclusive time in long tasks, our code, Fluent and browser calls (ms):');
  for (const [l, ms] of top(ours)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${l}`);
  tasks.forEach((task, i) => {
    console.log(`\nlong task ${i + 1}: ${((task.end - task.start) / 1000).toFixed(0)} ms at ${((task.start - profile.startTime) / 1000).toFixed(0)} ms; our code, Fluent and browser calls:`);
    for (const [l, ms] of [...taskOurs[i]].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${l}`);
  });
}

mkdirSync(OUT, { recursive: true });
if (process.env.BENCH_ANALYZE) {
  // Only the analysis, of the files a previous run kept.
  const { readFileSync } = await import('node:fs');
  analyze(JSON.parse(readFileSync(path.join(OUT, 'modal.cpuprofile'), 'utf8')), readFileSync(path.join(OUT, 'modal-trace.json'), 'utf8'), NaN);
  process.exit(0);
}
if (!BASE || !COOKIE) throw new Error('BENCH_URL and BENCH_COOKIE are not set');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 412, height: 823 } });
  const [name, ...value] = COOKIE.split('=');
  await context.addCookies([{ name, value: value.join('='), url: BASE }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // BENCH_SCENARIO: `modal` (default) profiles the page load up to the modal's focused
  // first field; `row` profiles adding three hours rows and `type` typing 20 characters
  // into an address input, both in the open modal.
  const scenario = process.env.BENCH_SCENARIO ?? 'modal';
  if (scenario !== 'modal') {
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => performance.getEntriesByName('portal:dialog-focused').length > 0, null, { timeout: 60_000 });
    await page.waitForTimeout(500);
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLING });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute'] },
  });
  await cdp.send('Profiler.start');
  if (scenario === 'modal') {
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => performance.getEntriesByName('portal:dialog-focused').length > 0, null, { timeout: 60_000 });
  } else if (scenario === 'row') {
    for (let i = 0; i < 3; i++) {
      await page.locator('#field-support_hours .hours-rows > button').click();
      await page.waitForTimeout(500);
    }
  } else {
    await page.locator('#field-technical_non_emergency').click();
    for (const key of 'contact.person@demo.ex') {
      await page.keyboard.press(key);
      await page.waitForTimeout(60);
    }
  }
  await page.waitForTimeout(1000);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  writeFileSync(path.join(OUT, 'modal.cpuprofile'), JSON.stringify(profile));
  writeFileSync(path.join(OUT, 'modal-trace.json'), text);
  const focused = await page.evaluate(() => performance.getEntriesByName('portal:dialog-focused')[0].startTime);

  analyze(profile, text, focused);
} finally {
  await browser.close();
}
