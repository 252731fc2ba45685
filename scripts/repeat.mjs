// Runs an end-to-end suite N times, optionally with the CPU deliberately busy (one spinning
// process per core: scripts/busy.mjs), and prints how many runs lost or delayed an admin's
// change (issue 31). A run "lost" an entry when a test timed out waiting for one; "delayed"
// when it came more than DELAYED_MS after the page showed its message (the suite prints
// `entry-delay-ms` diagnostics: tests/e2e/cold.test.mjs does). Writes the table to
// target/stress/<suite>.txt as well.
//
//   node scripts/repeat.mjs [--runs 20] [--busy] [tests/e2e/cold.test.mjs]
//   make stress RUNS=20
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBusy } from './busy.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Longer than the content script's first three waits together (0.2 + 0.4 + 0.8 s) and a cold
 * worker's start on a busy machine: an entry later than this waited on something else. */
const DELAYED_MS = 5000;

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const runs = Number(value('--runs', '20'));
const busy = flag('--busy');
const suite = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs').pop() || 'tests/e2e/cold.test.mjs';
if (!(runs >= 1)) {
  console.error('usage: node scripts/repeat.mjs [--runs N] [--busy] [suite.test.mjs]');
  process.exit(2);
}

/** Runs the suite once; its TAP output read for failures, entry delays and deliveries. */
function once() {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', suite], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      const failed = [...out.matchAll(/^not ok \d+ - (.*)$/gm)].map((m) => m[1]);
      const timeouts = [...out.matchAll(/timed out waiting for ([^'\n]*)/g)].map((m) => m[1]);
      const delays = [...out.matchAll(/entry-delay-ms: (\d+)/g)].map((m) => Number(m[1]));
      const repeated = [...out.matchAll(/deliveries: (\{.*\})/g)].map((m) => JSON.parse(m[1]).repeated);
      resolve({ code, seconds: (Date.now() - started) / 1000, failed, timeouts, delays, repeated });
    });
  });
}

const load = busy ? startBusy() : null;
const lines = [];
const say = (line) => { lines.push(line); console.log(line); };
say(`${basename(suite)} × ${runs}${busy ? `, CPU busy (${load.count} spinning processes)` : ''}`);
say('run  result  seconds  entry delay (ms)  repeats  what failed');
const results = [];
try {
  for (let n = 1; n <= runs; n++) {
    const r = await once();
    results.push(r);
    const lost = r.timeouts.some((t) => /turn|save|entry|change/.test(t));
    const result = r.code === 0 ? 'pass' : lost ? 'LOST' : 'FAIL';
    say(`${String(n).padStart(3)}  ${result.padEnd(6)}  ${r.seconds.toFixed(1).padStart(7)}  ${(r.delays.join(', ') || '-').padStart(16)}  ${(r.repeated.join(', ') || '-').padStart(7)}  ${r.failed.join('; ')}${r.timeouts.length ? ` (timed out waiting for ${r.timeouts.join('; ')})` : ''}`);
  }
} finally {
  await load?.stop();
}
const lostRuns = results.filter((r) => r.timeouts.some((t) => /turn|save|entry|change/.test(t))).length;
const delayedRuns = results.filter((r) => r.delays.some((d) => d > DELAYED_MS)).length;
const failedRuns = results.filter((r) => r.code !== 0).length;
const delays = results.flatMap((r) => r.delays);
say(`summary: ${lostRuns} of ${runs} runs lost an entry, ${delayedRuns} delayed one (> ${DELAYED_MS} ms), ${failedRuns} failed in all; `
  + `entry delay max ${delays.length ? Math.max(...delays) : '-'} ms, median ${delays.length ? delays.sort((a, b) => a - b)[Math.floor(delays.length / 2)] : '-'} ms; `
  + `deliveries repeated in ${results.filter((r) => r.repeated.some((x) => x > 0)).length} runs`);
mkdirSync(join(root, 'target', 'stress'), { recursive: true });
writeFileSync(join(root, 'target', 'stress', `${basename(suite, '.test.mjs')}${busy ? '-busy' : ''}.txt`), `${lines.join('\n')}\n`);
process.exit(failedRuns ? 1 : 0);
