// Measures the action log inside the real extension (Debian Chromium, built dist/): append
// round trips with 10 and with 10,000 entries stored, and export/verify of 10,000 entries.
// A benchmark, not a test: it prints medians and spreads and never fails on a slow machine.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, openPopup, root } from '../tests/e2e/harness.mjs';

/** Builds a valid chain with the rule of docs/log-format.md (an independent implementation). */
export function buildEntries(n) {
  const entries = [];
  let prev = '0'.repeat(64);
  for (let i = 0; i < n; i++) {
    const body = {
      id: randomUUID(), seq: i + 1, at: new Date(Date.UTC(2022, 9, 1) + i * 1000).toISOString().replace('.000Z', 'Z'),
      protocol: ['EAS', 'EWS', 'POP', 'IMAP', 'RemotePowerShell', 'MAPI', 'OAB', 'RPC'][i % 8],
      action: 're-enable', outcome: 'submitted', source: 'observed', host: 'admin.microsoft.com',
      cloud: 'worldwide', tenant: 'contoso.onmicrosoft.com', note: `entry ${i}`, prev_hash: prev,
    };
    const canonical = JSON.stringify(Object.fromEntries(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1))));
    const hash = createHash('sha256').update(canonical, 'utf8').digest('hex');
    entries.push({ ...body, hash });
    prev = hash;
  }
  return entries;
}

export async function fillStore(page, entries) {
  await page.evaluate(async (entries) => {
    await chrome.storage.local.clear();
    const items = { store_schema: 2, log_head: entries.length
      ? { count: entries.length, last_hash: entries[entries.length - 1].hash }
      : { count: 0, last_hash: '0'.repeat(64) } };
    items.log_latest = {};
    for (const e of entries) {
      items[`log:${String(e.seq).padStart(10, '0')}`] = e;
      items[`logid:${e.id}`] = e.seq;
      items.log_latest[e.protocol] = e;
    }
    await chrome.storage.local.set(items);
  }, entries);
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
export const spread = (xs) => { const s = [...xs].sort((a, b) => a - b); return [s[Math.floor(s.length * 0.1)], s[Math.floor(s.length * 0.9)]]; };

/** Times `runs` calls of `message` from an extension page, in milliseconds. */
export async function timeMessages(page, makeMessage, runs) {
  return page.evaluate(async ({ source, runs }) => {
    const make = new Function('i', source);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const answer = await chrome.runtime.sendMessage(make(i));
      times.push(performance.now() - t);
      if (!answer.ok) throw new Error(answer.error);
    }
    return times;
  }, { source: makeMessage, runs });
}

const appendMessage = `return { type: 'log-append', draft: { id: 'bench-' + Date.now() + '-' + i, at: '2022-10-20T08:00:00Z',
  protocol: 'POP', action: 're-enable', outcome: 'submitted', source: 'manual', cloud: 'worldwide' } };`;

export async function measureLog(session) {
  const page = await openPopup(session);
  const rows = [];
  const appendMedians = {};
  for (const n of [10, 10000]) {
    await fillStore(page, buildEntries(n));
    await timeMessages(page, appendMessage, 5); // warm the worker
    const t = await timeMessages(page, appendMessage, 50);
    appendMedians[n] = median(t);
    rows.push({ what: `append, ${n} entries stored`, median_ms: median(t), p10_p90_ms: spread(t), runs: 50 });
  }
  rows.push({ what: 'append ratio, 10,000 / 10 entries stored', ratio: appendMedians[10000] / appendMedians[10] });
  await fillStore(page, buildEntries(10000));
  for (const [what, message] of [
    ['export JSON, 10,000 entries (load + verify + build)', `return { type: 'log-export', format: 'json' };`],
    ['export CSV, 10,000 entries (load + verify + build)', `return { type: 'log-export', format: 'csv' };`],
    ['summary, 10,000 entries (load + verify)', `return { type: 'log-summary' };`],
  ]) {
    const t = await timeMessages(page, message, 7);
    rows.push({ what, median_ms: median(t), p10_p90_ms: spread(t), runs: 7 });
  }
  await page.close();
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const session = await startSession();
  try {
    const rows = await measureLog(session);
    console.table(rows);
    mkdirSync(join(root, 'target', 'bench'), { recursive: true });
    writeFileSync(join(root, 'target', 'bench', 'log-browser.json'), JSON.stringify(rows, null, 2));
  } finally {
    await session.stop();
  }
}
