// Does Chromium's wasm code cache serve AuthPilot's modules (issue 34)? V8 caches a module
// compiled by WebAssembly.instantiateStreaming from the same URL once enough of it is optimised
// ("v8.wasm.cachedModule"), and a later load of the same bytes finds it
// ("v8.wasm.moduleCacheHit") instead of compiling again ("v8.wasm.compiledModule" only).
// This runs the built extension with a startup trace of the "v8.wasm" category, loads each
// module several times — the popup (the pages' module) opened and closed, the worker (the
// worker's module) stopped and woken — with a pause after each load for the optimising
// compiler, and counts each event per module. `make bench` (BENCH_ONLY=cache) prints the
// counts; BENCHMARKS.md ("Issue 34") says what they mean.
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startSession, openPopup } from '../tests/e2e/harness.mjs';

const EVENTS = ['v8.wasm.streamFromResponseCallback', 'v8.wasm.compiledModule', 'v8.wasm.cachedModule', 'v8.wasm.moduleCacheHit', 'v8.wasm.moduleCacheInvalid'];
const LOADS = Number(process.env.CACHE_LOADS || 4);
const PAUSE_MS = Number(process.env.CACHE_PAUSE_MS || 4000);

export async function wasmCache() {
  const dir = mkdtempSync(join(tmpdir(), 'authpilot-trace-'));
  const file = join(dir, 'trace.json');
  const session = await startSession({
    extraArgs: ['--trace-startup=v8.wasm,devtools.timeline,disabled-by-default-devtools.timeline,blink.resource', `--trace-startup-file=${file}`, '--trace-startup-duration=600', '--trace-startup-format=json'],
  });
  const stopWorker = async (page) => {
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
  };
  try {
    for (let i = 0; i < LOADS; i++) {
      const popup = await openPopup(session);
      await popup.locator('#app[data-ready]').waitFor();
      // Wake the worker (its module) with a message from the popup.
      await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'log-export', format: 'json' }));
      await popup.waitForTimeout(PAUSE_MS);
      await stopWorker(popup);
      await popup.close();
    }
  } finally {
    // The trace is written when the browser closes.
    await session.context.close().catch(() => {});
    await session.stop().catch(() => {});
  }
  const counts = {};
  if (existsSync(file)) {
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    const events = (trace.traceEvents || trace).slice().sort((a, b) => (a.ts || 0) - (b.ts || 0));
    // An event names its module by its own url, or by the streaming compile nearest to it in
    // its process (wasm.SetUrl names the module a compile is for).
    const setUrls = events.filter((e) => e.name === 'wasm.SetUrl' && e.args && e.args.url);
    const nearest = (e) => {
      let best = null;
      for (const u of setUrls) {
        if (u.pid === e.pid && (!best || Math.abs(u.ts - e.ts) < Math.abs(best.ts - e.ts))) best = u;
      }
      return best && best.args.url;
    };
    for (const e of events) {
      if (!EVENTS.includes(e.name)) continue;
      const url = String((e.args && (e.args.url || (e.args.data && e.args.data.url))) || nearest(e) || '?');
      const module = url.includes('worker_bg') ? 'worker' : url.includes('pages_bg') ? 'pages' : url;
      counts[module] ??= Object.fromEntries(EVENTS.map((n) => [n, 0]));
      counts[module][e.name] += 1;
    }
  }
  const traced = existsSync(file);
  if (process.env.CACHE_KEEP) console.log(`trace kept: ${file}`);
  else rmSync(dir, { recursive: true, force: true });
  return { loads: LOADS, pauseMs: PAUSE_MS, traced, counts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await wasmCache();
  console.log(`wasm code cache — ${result.loads} loads of each module, ${result.pauseMs} ms after each`);
  for (const [module, c] of Object.entries(result.counts)) {
    console.log(`  ${module}: ${EVENTS.map((n) => `${n.replace('v8.wasm.', '')} ${c[n]}`).join(', ')}`);
  }
  if (!Object.keys(result.counts).length) console.log(`  (no v8.wasm event in the trace${result.traced ? '' : ': no trace written'})`);
}
