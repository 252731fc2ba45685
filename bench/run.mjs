// `make bench`: AuthPilot's budgets (issues 5 and 11), each figure measured in this run beside its
// baseline, as a median over repeated runs with the spread (p10–p90). A benchmark, not a
// test: it reports and never fails on a slow machine. Writes target/bench/results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { startReplica, launchBrowser, startSession, openTab, openPopup, showHelper, helperFrame, workerWatch, extensionDir, root } from '../tests/e2e/harness.mjs';
import { buildEntries, fillStore, median, spread, measureLog, timeMessages } from './log-browser.mjs';
import { budget, beforeBuild, BEFORE_20 } from './budget.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 15);
const rows = [];
const fmt = (x, digits = 1) => (typeof x === 'number' ? x.toFixed(digits) : x);
function row(id, what, value, unit, budget, met, detail = '') {
  rows.push({ id, what, value: fmt(value, unit === 'ratio' ? 3 : 1), unit, budget: budget ?? '', met: met === undefined ? '' : met ? 'yes' : 'NO', detail });
  console.log(`${id.padEnd(3)} ${what.padEnd(52)} ${String(fmt(value, unit === 'ratio' ? 3 : 1)).padStart(9)} ${unit.padEnd(5)} ${String(budget ?? '').padEnd(18)} ${met === undefined ? '' : met ? 'met' : 'MISSED'} ${detail}`);
}
const stats = (xs) => { const [lo, hi] = spread(xs); return { median: median(xs), lo, hi }; };
const sp = (s) => `[${fmt(s.lo)}–${fmt(s.hi)}]`;

// ---- B1: size --------------------------------------------------------------------------
// The builds the size and start-up rows compare, in the same run: "before issue 24"
// (BENCH_BEFORE_24, default f030458: one wasm module for the worker and every page), built once
// into a git worktree under target/bench/ (kept: later runs reuse it), and "this build"
// (dist/extension: the worker's module and the pages' module, issue 24).
const BEFORE_24 = process.env.BENCH_BEFORE_24 || 'f030458';
// Issue 34's "now": main when the issue was filed (4807a69), built the same way.
const BEFORE_34 = process.env.BENCH_BEFORE_34 || '4807a69';
function builds() {
  return { 'before issue 24': beforeBuild(BEFORE_24), 'before issue 34': beforeBuild(BEFORE_34), 'this build': extensionDir };
}

/** What each context loads at start: its glue and the wasm that glue fetches. */
function contextFiles(dir) {
  const pkg = join(dir, 'pkg');
  const one = existsSync(join(pkg, 'authpilot.js')); // one module for all (before issue 24)
  const name = (c) => (one ? 'authpilot' : c === 'worker' ? 'worker' : 'pages');
  const files = (c) => [`${name(c)}.js`, `${name(c)}_bg.wasm`].map((f) => join(pkg, f));
  return Object.fromEntries(['worker', 'popup', 'helper'].map((c) => [c, files(c)]));
}

function zipSize(dir) {
  const zipDir = mkdtempSync(join(tmpdir(), 'authpilot-zip-'));
  const zip = join(zipDir, 'store.zip');
  execFileSync('python3', ['-c', `import shutil,sys; shutil.make_archive(sys.argv[1][:-4], 'zip', sys.argv[2])`, zip, dir]);
  const bytes = statSync(zip).size;
  rmSync(zipDir, { recursive: true, force: true });
  return bytes / 1024;
}

function sizes(all) {
  const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
  const figures = Object.fromEntries(Object.entries(all).map(([name, dir]) => [name, {
    contexts: Object.fromEntries(Object.entries(contextFiles(dir)).map(([c, files]) => [c, files.map(gz).reduce((x, y) => x + y, 0)])),
    zip: zipSize(dir),
  }]));
  const names = Object.keys(all);
  const mine = figures['this build'];
  for (const context of ['worker', 'popup', 'helper']) {
    const values = names.map((n) => fmt(figures[n].contexts[context])).join(' / ');
    const goal = context === 'worker' ? 150 : 300; // issue 24: the worker's ≤ 150 KB; none over the 300 KB guard
    row('B1', `${context}: wasm + glue gz (${names.join(' / ')})`, values, 'KB', `≤ ${goal} KB`, mine.contexts[context] <= goal);
  }
  row('B1', `store zip (${names.join(' / ')})`, names.map((n) => fmt(figures[n].zip)).join(' / '), 'KB', '≤ 250 KB', mine.zip <= 250);
}

// ---- B2 / B3: page cost — (a) no extension, (b) an extension whose content script is empty,
// (c) AuthPilot — measured alternately in one run, on admin-center pages where nothing is
// happening (issue 10: AuthPilot must cost what an empty content script costs).
async function pageMetrics(context, url, waitChurn) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  if (waitChurn) await page.waitForFunction(() => window.__churn, null, { timeout: 30000 });
  await page.waitForTimeout(waitChurn ? 400 : 1200); // let idle-time work (content script, launcher) finish
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  await page.close();
  return { script: m.ScriptDuration * 1000, task: m.TaskDuration * 1000 };
}

/** An extension with AuthPilot's content-script matches and an empty content script. */
function emptyExtension(dir) {
  const own = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
  const path = join(dir, 'empty-extension');
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name: 'Empty content script (benchmark baseline)', version: '1.0',
    content_scripts: own.content_scripts.map((c) => ({ ...c, js: ['content.js'] })),
  }));
  writeFileSync(join(path, 'content.js'), '');
  return path;
}

async function overhead() {
  const dir = mkdtempSync(join(tmpdir(), 'authpilot-bench-'));
  const server = await startReplica(dir);
  const empty = emptyExtension(dir);
  // (b2) is a second, identical empty-script browser: (b2) − (b) is the metric's own noise,
  // printed beside each figure so a difference below it is read as none.
  const contexts = {
    a: await launchBrowser(join(dir, 'a'), server, { extension: false }),
    b: await launchBrowser(join(dir, 'b'), server, { extensionPath: empty }),
    b2: await launchBrowser(join(dir, 'b2'), server, { extensionPath: empty }),
    c: await launchBrowser(join(dir, 'c'), server),
  };
  const keys = Object.keys(contexts);
  const runs = Number(process.env.BENCH_PAGE_RUNS || 31);
  const paired = (xs, ys, f) => stats(xs.map((x, i) => f(x, ys[i])));
  try {
    for (const ui of (process.env.BENCH_UI || 'hand,v8').split(',')) {
      for (const [id, what, url, churn] of [
        ['B2', `${ui}: page load`, `https://admin.microsoft.com/Adminportal/Home?ui=${ui}#/homepage`, false],
        ['B3', `${ui}: 5,000 DOM mutations in bursts`, `https://admin.microsoft.com/Adminportal/Home?ui=${ui}&churn=5000#/homepage`, true],
      ]) {
        const m = Object.fromEntries(keys.map((k) => [k, { script: [], task: [] }]));
        for (const k of keys) await pageMetrics(contexts[k].context, url, churn); // warm all
        for (let i = 0; i < runs; i++) {
          // A fresh random order each round, so drift and order effects fall on all alike.
          for (const k of [...keys].sort(() => Math.random() - 0.5)) {
            const x = await pageMetrics(contexts[k].context, url, churn);
            m[k].script.push(x.script); m[k].task.push(x.task);
          }
        }
        const med = (k, f) => fmt(stats(m[k][f]).median);
        row(id, `${what}: task time (a) none / (b) empty / (c) AuthPilot`, `${med('a', 'task')} / ${med('b', 'task')} / ${med('c', 'task')}`, 'ms', '', undefined, `${runs} rounds`);
        row(id, `${what}: script time (a) / (b) / (c)`, `${med('a', 'script')} / ${med('b', 'script')} / ${med('c', 'script')}`, 'ms');
        if (id === 'B2') {
          const added = paired(m.c.script, m.b.script, (c, b) => c - b);
          const noise = paired(m.b2.script, m.b.script, (x, b) => x - b);
          row(id, `${what}: script time (c) − (b), paired median`, added.median, 'ms', '≤ 1 ms', added.median <= 1, `${sp(added)}; noise (b2) − (b): ${fmt(noise.median)} ${sp(noise)}`);
        } else {
          const ca = paired(m.c.task, m.a.task, (c, a) => c / a);
          const cb = paired(m.c.task, m.b.task, (c, b) => c / b);
          const noise = paired(m.b2.task, m.b.task, (x, b) => x / b);
          row(id, `${what}: task time (c) ÷ (a), paired median`, ca.median, 'ratio', '≤ 1.05', ca.median <= 1.05, `[${fmt(ca.lo, 3)}–${fmt(ca.hi, 3)}]`);
          row(id, `${what}: task time (c) ÷ (b), paired median`, cb.median, 'ratio', '≤ 1.02', cb.median <= 1.02, `[${fmt(cb.lo, 3)}–${fmt(cb.hi, 3)}]; noise (b2) ÷ (b): ${fmt(noise.median, 3)}`);
        }
      }
    }
  } finally {
    for (const k of keys) await contexts[k].context.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- B5 / B6: start-up, this build beside the one-module baseline, in the same run ------
// The baseline is the layout before issue 11 (`scripts/build.sh --one-module`: one wasm with
// every feature, loaded by the worker, the popup and the helper alike). Both browsers run
// side by side and each round measures both, in alternating order.
async function stopWorker(b) {
  const cdp = await b.session.context.newCDPSession(b.ext);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await b.ext.waitForTimeout(100);
}

async function startup(all) {
  // Each build is copied with a blank page (no wasm) to talk from: Chromium shares a compiled
  // wasm between the pages and the worker of one extension when the bytes are the same (the
  // one-module layout), so a popup left open would hand the baseline's worker its module
  // ready-made. Every figure here starts with no AuthPilot page open and the worker stopped —
  // the popup opened after the worker went idle, the worker woken by a tab.
  const dir = mkdtempSync(join(tmpdir(), 'authpilot-startup-'));
  // The floor (issue 20): an extension whose popup is an empty page that says it is ready and
  // whose worker answers every message at once; AuthPilot's figures are printed as ratios to it.
  const floor = join(dir, 'empty-src');
  mkdirSync(floor);
  writeFileSync(join(floor, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty (benchmark floor)', version: '1.0', permissions: ['storage'], background: { service_worker: 'sw.js' } }));
  writeFileSync(join(floor, 'sw.js'), 'chrome.runtime.onMessage.addListener((m, s, answer) => { answer({ ok: true }); });');
  writeFileSync(join(floor, 'popup.html'), '<!doctype html><title>empty</title><div id="app">empty page</div><div id="log-status"></div><script src="popup.js"></script>');
  writeFileSync(join(floor, 'popup.js'), 'const app = document.getElementById("app"); app.dataset.readyMs = performance.now(); app.dataset.ready = "true";');
  const builds = Object.fromEntries([...Object.entries(all), ['empty', floor]].map(([name, from]) => [name, { from }]));
  for (const [name, b] of Object.entries(builds)) {
    b.path = join(dir, name.replace(/ /g, '-'));
    execFileSync('cp', ['-R', b.from, b.path]);
    writeFileSync(join(b.path, 'blank.html'), '<!doctype html><title>blank</title>');
    b.session = await startSession({ extensionPath: b.path });
    b.ext = await b.session.context.newPage();
    await b.ext.goto(`chrome-extension://${b.session.extensionId}/blank.html`);
    b.ready = { cold: { 0: [], 10000: [] }, warm: { 0: [], 10000: [] } };
    b.own = { 0: [], 10000: [] };
    b.cold = [];
  }
  try {
    const order = (round) => (round % 2 ? Object.values(builds) : Object.values(builds).reverse());
    const popupReady = async (b, n, state) => {
      const popup = await openPopup(b.session);
      const ready = Number(await popup.locator('#app').getAttribute('data-ready-ms'));
      b.ready[state][n].push(ready);
      // From the loader's first line (a mark the loader leaves; navigation start before it).
      if (state === 'cold') b.own[n].push(ready - await popup.evaluate(() => (performance.getEntriesByName('authpilot-script')[0] || { startTime: 0 }).startTime));
      const status = await popup.locator('#log-status').innerText();
      if (b.from !== floor && !status.startsWith(`Log verified — ${n} `)) throw new Error(`popup says: ${status}`);
      await popup.close();
    };
    // B5: popup ready (navigation → board drawn), with 0 and 10,000 entries: "cold" right after
    // the worker stopped (the normal state: Chrome stops it after ~30 idle seconds), "warm" at
    // once after, with the worker just used by the cold popup.
    for (const n of process.env.BENCH_COLD_ONLY ? [] : [0, 10000]) {
      for (const b of Object.values(builds)) await fillStore(b.ext, buildEntries(n));
      for (let round = 0; round < 10; round++) {
        for (const b of order(round)) {
          await stopWorker(b);
          await popupReady(b, n, 'cold');
          await popupReady(b, n, 'warm');
        }
      }
    }
    // B6: service-worker cold start: stopped worker → first answered message (wasm init included).
    for (const b of Object.values(builds)) {
      await fillStore(b.ext, []);
      b.warm = await timeMessages(b.ext, `return { type: 'tab-status', tabId: 1 };`, 20);
    }
    for (let round = 0; round < 20; round++) {
      for (const b of order(round)) {
        await stopWorker(b);
        const [t] = await timeMessages(b.ext, `return { type: 'tab-status', tabId: 1 };`, 1);
        b.cold.push(t);
      }
    }
  } finally {
    for (const b of Object.values(builds)) await b.session.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const names = Object.keys(builds);
  const line = (pick) => names.map((n) => fmt(stats(pick(builds[n])).median)).join(' / ');
  const spreads = (pick) => names.map((n) => sp(stats(pick(builds[n])))).join(' / ');
  const mine = builds['this build'];
  const others = names.filter((n) => n !== 'empty');
  const ratios = (pick) => others.map((n) => stats(pick(builds[n])).median / stats(pick(builds.empty)).median);
  for (const n of process.env.BENCH_COLD_ONLY ? [] : [0, 10000]) {
    for (const state of ['cold', 'warm']) {
      row('B5', `popup ready, ${state}, ${n.toLocaleString('en')} entries (${names.join(' / ')})`, line((b) => b.ready[state][n]), 'ms',
        '', undefined, spreads((b) => b.ready[state][n]));
      // Issue 24: ≤ 1.5 × the empty page at 10,000 entries, warm and right after the worker stopped.
      const r = ratios((b) => b.ready[state][n]);
      row('B5', `popup ready ÷ empty page, ${state}, ${n.toLocaleString('en')} entries (${others.join(' / ')})`, r.map((x) => fmt(x, 2)).join(' / '), 'ratio',
        n ? '≤ 1.5' : '', n ? r[r.length - 1] <= 1.5 : undefined);
    }
    row('B5', `  of which loader → ready, cold, ${n.toLocaleString('en')} entries`, line((b) => b.own[n]), 'ms', '', undefined,
      'the rest is Chromium opening the page, before any AuthPilot script runs');
    // Issue 34: the Log tab's verified count right after the worker stopped ÷ warm (≤ 1.2).
    const cw = others.map((name) => stats(builds[name].ready.cold[n]).median / stats(builds[name].ready.warm[n]).median);
    row('B5', `popup ready (Log verified), cold ÷ warm, ${n.toLocaleString('en')} entries (${others.join(' / ')})`, cw.map((x) => fmt(x, 2)).join(' / '), 'ratio',
      n ? '≤ 1.2' : '', n ? cw[cw.length - 1] <= 1.2 : undefined);
  }
  row('B6', `worker warm round trip (${names.join(' / ')})`, line((b) => b.warm), 'ms', '', undefined, spreads((b) => b.warm));
  row('B6', `worker cold start → first answer (${names.join(' / ')})`, line((b) => b.cold), 'ms', '', undefined, spreads((b) => b.cold));
  const r = ratios((b) => b.cold);
  row('B6', `worker cold start ÷ empty worker (${others.join(' / ')})`, r.map((x) => fmt(x, 2)).join(' / '), 'ratio', '≤ 1.5', r[r.length - 1] <= 1.5);
}

// ---- B9: worker starts nothing asked for (issue 24) ----------------------------------------
// A helper on screen on the admin center's home page and nothing happening,
// for BENCH_IDLE_SECONDS (default 180). Chrome stops an idle worker after ~30 s; under the
// DevTools protocol it never idles out, so the bench stops it every 30 s as Chrome would
// (ServiceWorker.stopAllWorkers) and counts the starts that follow — each one a cold start
// nothing asked for. Both builds side by side, in the same run.
async function idleWakeups(all) {
  const seconds = Number(process.env.BENCH_IDLE_SECONDS || 180);
  const one = async (path) => {
    const session = await startSession({ extensionPath: path });
    try {
      const { page, tabId } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
      await showHelper(session, tabId);
      const watch = await workerWatch(session, page);
      // The helper is on screen and has its view: from here on nothing happens.
      await helperFrame(page).locator('#page-step').waitFor();
      const t0 = Date.now();
      let starts = watch.starts;
      while (Date.now() - t0 < seconds * 1000) {
        await page.waitForTimeout(Math.min(30000, seconds * 1000 - (Date.now() - t0)));
        if (watch.status === 'running') await watch.stop();
      }
      starts = watch.starts - starts;
      await watch.detach();
      return starts;
    } finally {
      await session.stop();
    }
  };
  const names = Object.keys(all);
  const counts = await Promise.all(names.map((n) => one(all[n])));
  row('B9', `worker starts, helper idle ${seconds} s (${names.join(' / ')})`, counts.join(' / '), 'count', '0', counts[counts.length - 1] === 0,
    'the worker stopped every 30 s as Chrome stops an idle one');
}

// ---- B4–B7 in one extension session ------------------------------------------------------
async function inExtension() {
  const session = await startSession();
  try {
    const ext = await openPopup(session);
    // B4: pre-fill latency, from the search box being inserted to the app accepting the value.
    const { page, tabId } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home?latePane=200#/homepage');
    const latencies = [];
    for (let i = 0; i < 50; i++) {
      // Close the pane (as its × would), so each run opens it afresh and waits for the box.
      await page.evaluate(() => {
        document.querySelector('#help-pane button[aria-label="Close"]')?.click();
        window.__replicaTimings.queryAccepted = 0;
      });
      const answer = await ext.evaluate((id) => chrome.runtime.sendMessage({ type: 'prefill', tabId: id, submit: false }), tabId);
      if (!answer.ok) throw new Error(answer.error);
      const t = await page.evaluate(() => window.__replicaTimings);
      latencies.push(t.queryAccepted - t.boxInserted);
    }
    const b4 = stats(latencies);
    row('B4', 'pre-fill: search box inserted → value accepted (50 runs)', b4.median, 'ms', '≤ 16 ms', b4.median <= 16, sp(b4));
    await page.close();

    // B7 (in wasm, in the extension): append at 10 vs 10,000; export/summary at 10,000.
    for (const r of await measureLog(session)) {
      if (r.ratio !== undefined) row('B7', r.what, r.ratio, 'ratio', '≤ 1.5', r.ratio <= 1.5);
      // End to end (Chrome's storage read included); the ≤ 100 ms budget is for the export in
      // wasm, which `make bench` prints just before this (tests/web_bench.rs).
      else row('B7', r.what, r.median_ms, 'ms', '', undefined, sp({ lo: r.p10_p90_ms[0], hi: r.p10_p90_ms[1] }));
    }
  } finally {
    await session.stop();
  }
}

console.log(`AuthPilot benchmarks — ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${RUNS} runs where not stated`);
console.log(`${'#'.padEnd(3)} ${'what'.padEnd(52)} ${'value'.padStart(9)} ${'unit'.padEnd(5)} ${'budget'.padEnd(18)}`);
const only = process.env.BENCH_ONLY; // e.g. BENCH_ONLY=overhead for the page-cost rows alone
const all = (!only || ['sizes', 'startup', 'idle'].includes(only)) ? builds() : null;
if (!only || only === 'sizes') sizes(all);
if (!only || only === 'overhead') await overhead();
if (!only || only === 'startup') await startup(all);
if (!only || only === 'idle') await idleWakeups(all);
if (!only || only === 'extension') await inExtension();
if (!only || only === 'budget') await budget(row);
// B10 (issue 34): whether Chromium's wasm code cache serves the worker's and the pages' modules.
if (!only || only === 'cache') {
  const { wasmCache } = await import('./wasm-cache.mjs');
  const r = await wasmCache();
  for (const [module, c] of Object.entries(r.counts)) {
    row('B10', `${module} module, ${r.loads} loads: compiled / cached / cache hits`, `${c['v8.wasm.compiledModule']} / ${c['v8.wasm.cachedModule']} / ${c['v8.wasm.moduleCacheHit']}`, 'count', '', undefined,
      `streamed ${c['v8.wasm.streamFromResponseCallback']}, invalid ${c['v8.wasm.moduleCacheInvalid']}`);
  }
  if (!Object.keys(r.counts).length) row('B10', 'wasm code cache: no v8.wasm event traced', 0, 'count');
}
mkdirSync(join(root, 'target', 'bench'), { recursive: true });
writeFileSync(join(root, 'target', 'bench', 'results.json'), JSON.stringify({
  machine: { cpus: cpus().length, model: cpus()[0].model, memory_gib: Math.round(totalmem() / 2 ** 30) },
  runs: RUNS, rows,
}, null, 2));
console.log('written: target/bench/results.json');
