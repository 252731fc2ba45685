// The action log, end to end on the built extension: manual records, real downloads,
// import idempotence, a tampered import refused, and 200 appends from two tabs while the
// service worker is stopped part-way.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, openPopup, popupTab } from './harness.mjs';

let session;
// An admin in Tokyo: times are entered and shown in local time, stored in UTC.
before(async () => { session = await startSession({ locale: 'en-US', timezoneId: 'Asia/Tokyo' }); });
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());

// Read straight from storage through an extension page (it outlives worker restarts).
let reader;
const storedEntries = async () => {
  if (!reader || reader.isClosed()) reader = await openPopup(session, undefined, { tab: 'log' });
  return reader.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    return Object.keys(all).filter((k) => k.startsWith('log:')).sort().map((k) => all[k]);
  });
};

async function recordManually(popup, { protocol, action, outcome, time, note }) {
  const details = popup.locator('#record');
  if (!(await details.evaluate((d) => d.open))) await popup.getByText('Record manually', { exact: true }).click();
  await popup.locator('#protocol').selectOption(protocol);
  await popup.locator('#action').selectOption(action);
  await popup.locator('#outcome').selectOption(outcome);
  await popup.locator('#local_time').fill(time);
  if (note) await popup.locator('#note').fill(note);
  await popup.getByRole('button', { name: 'Record', exact: true }).click();
}

test('a manual record appears on the board, verified, with its history', async () => {
  const popup = await openPopup(session, undefined, { tab: 'log' });
  assert.equal(await popup.locator('#log-status').innerText(), 'Log verified — 0 entries.');
  await recordManually(popup, { protocol: 'IMAP', action: 're-enable', outcome: 'submitted', time: '2022-10-15T10:00', note: 'Support ticket 1234' });
  await popup.locator('#notice', { hasText: 'Recorded: IMAP, Re-enable, Submitted.' }).waitFor();
  const cell = popup.locator('tr[data-protocol="IMAP"] td.last');
  assert.equal(await cell.getAttribute('data-outcome'), 'submitted');
  assert.equal(await cell.innerText(), 'Re-enable · Submitted · Oct 15, 2022, 10:00 AM');
  assert.equal(await popup.locator('#log-status').innerText(), 'Log verified — 1 entry.');

  // A later outcome is a new entry; the first stays as it was.
  await popup.getByRole('button', { name: 'History of IMAP' }).click();
  await popup.getByRole('button', { name: 'Mark succeeded' }).click();
  await popup.locator('#notice', { hasText: 'Outcome recorded.' }).waitFor();
  assert.equal(await cell.getAttribute('data-outcome'), 'succeeded');
  assert.equal(await popup.locator('#history li').count(), 2);
  assert.match(await popup.locator('#history').innerText(), /Support ticket 1234/);
  assert.match(await popup.locator('#history').innerText(), /Should work by Oct 15, 2022, 11:00 AM/);
  const entries = await storedEntries();
  assert.equal(entries.length, 2);
  assert.equal(entries[0].at, '2022-10-15T01:00:00Z', '10:00 in Tokyo is stored as 01:00 UTC');
  assert.equal(entries[1].effective_by, '2022-10-15T02:00:00Z');
  assert.equal(entries[0].outcome, 'submitted');
  assert.equal(entries[1].supersedes, entries[0].id);
  assert.equal(entries[1].prev_hash, entries[0].hash);
  await popup.close();
});

test('a bad manual record is refused with a message and nothing is stored', async () => {
  const popup = await openPopup(session, undefined, { tab: 'log' });
  const before = await storedEntries();
  await recordManually(popup, { protocol: 'POP', action: 'opt-out', outcome: 'submitted', time: '' });
  await popup.locator('#local-time-error').waitFor();
  assert.equal(await popup.locator('#local-time-error').innerText(), 'Enter the date and time the action was taken.');
  assert.deepEqual(await storedEntries(), before);
  await popup.close();
});

async function exportFile(popup, label) {
  const [download] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: label }).click(),
  ]);
  const path = join(session.dir, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8'), path };
}

async function importFile(popup, path) {
  // A redraw patches the notice in place (web::dom): its text changes.
  const previous = await popup.evaluate(() => document.querySelector('#notice')?.textContent ?? null);
  const [chooser] = await Promise.all([
    popup.waitForEvent('filechooser'),
    popup.getByRole('button', { name: 'Import log' }).click(),
  ]);
  await chooser.setFiles(path);
  await popup.waitForFunction((old) => (document.querySelector('#notice')?.textContent ?? null) !== old, previous);
  return popup.locator('#notice').innerText();
}

test('"Export JSON" and "Export CSV" download files that match the log; re-importing adds nothing; a tampered copy is refused', async () => {
  const popup = await openPopup(session, undefined, { tab: 'log' });
  const entries = await storedEntries();
  const json = await exportFile(popup, 'Export JSON');
  assert.match(json.name, /^authpilot-log-\d{4}-\d{2}-\d{2}\.json$/);
  const parsed = JSON.parse(json.text);
  assert.equal(parsed.format, 'authpilot-action-log');
  assert.equal(parsed.version, 2);
  assert.deepEqual(parsed.entries, entries);

  const csv = await exportFile(popup, 'Export CSV');
  assert.match(csv.name, /^authpilot-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csv.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(lines[0], 'id,seq,at,protocol,scope,mailbox,action,outcome,source,host,cloud,tenant,message,note,effective_by,mc437540_seen,supersedes,prev_hash,hash');
  assert.equal(lines.length, entries.length + 1);
  assert.ok(lines[1].startsWith(`${entries[0].id},1,${entries[0].at},IMAP,,,re-enable,submitted,manual,`));
  assert.ok(lines[2].endsWith(`,${entries[1].prev_hash},${entries[1].hash}`));

  assert.equal(await importFile(popup, json.path), `Imported ${json.name}: 0 new entries, 2 already in the log.`);
  assert.deepEqual(await storedEntries(), entries);

  const tampered = JSON.parse(json.text);
  tampered.entries[0].note = 'Support ticket 9999';
  const tamperedPath = join(session.dir, 'tampered.json');
  writeFileSync(tamperedPath, JSON.stringify(tampered));
  const refusal = await importFile(popup, tamperedPath);
  assert.match(refusal, /^tampered\.json was not imported\. The file's chain is broken at entry 1 \(id [0-9a-f-]+\): hash does not match/);
  assert.deepEqual(await storedEntries(), entries);
  assert.match(await popup.locator('#log-status').innerText(), /^Log verified — 2 entries\.$/);

  const head = await popup.evaluate(() => chrome.storage.local.get('log_head'));
  assert.equal(head.log_head.count, 2);
  await popup.close();
});

test('two tabs send 200 appends while the service worker is stopped part-way: exactly 200 entries, chain verified', async () => {
  const startCount = (await storedEntries()).length;
  const tabs = [await openPopup(session, undefined, { tab: 'log' }), await openPopup(session, undefined, { tab: 'log' })];
  // Each tab appends 100 entries with ids of its own, retrying any whose answer was lost.
  const send = (page, tag) => page.evaluate(async (tag) => {
    const ids = Array.from({ length: 100 }, (_, i) => `${tag}-${String(i).padStart(3, '0')}`);
    let retries = 0;
    for (const id of ids) {
      for (;;) {
        try {
          // A message caught by the stop may never be answered: give up on it after 2 s and
          // send again (an append of a known id with the same content is acknowledged once).
          const answer = await Promise.race([
            chrome.runtime.sendMessage({ type: 'log-append', draft: {
              id, at: '2022-10-20T08:00:00Z', protocol: 'POP', action: 're-enable', outcome: 'submitted',
              source: 'manual', cloud: 'worldwide', note: `bulk ${id}` } }),
            new Promise((_, fail) => setTimeout(() => fail(new Error('no answer in 2 s')), 2000)),
          ]);
          if (answer && answer.ok) break;
          throw new Error(answer ? answer.error : 'no answer');
        } catch (e) {
          retries += 1;
          if (retries > 500) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }
    return retries;
  }, tag);
  const running = [send(tabs[0], 'tab-a'), send(tabs[1], 'tab-b')];
  // Stop the worker while both tabs are appending, as chrome-extensions-samples'
  // tutorial.terminate-sw test does (through the DevTools protocol).
  const stopper = (async () => {
    await new Promise((r) => setTimeout(r, 150));
    const cdp = await session.context.newCDPSession(tabs[0]);
    const statuses = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) if (v.scriptURL.endsWith('/sw.js')) statuses.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    for (let i = 0; i < 100 && !statuses.includes('stopped'); i++) await new Promise((r) => setTimeout(r, 20));
    await cdp.detach();
    return statuses;
  })();
  const [retriesA, retriesB, statuses] = await Promise.all([...running, stopper]);
  assert.ok(statuses.includes('stopped'), `the service worker was really stopped (saw ${statuses})`);
  console.log(`appends resent after the stop: ${retriesA + retriesB}`);
  const entries = await storedEntries();
  assert.equal(entries.length - startCount, 200);
  const ids = new Set(entries.map((e) => e.id));
  assert.equal(ids.size, entries.length, 'no id twice');
  const popup = await openPopup(session, undefined, { tab: 'log' });
  assert.equal(await popup.locator('#log-status').innerText(), `Log verified — ${entries.length} entries.`);
  await Promise.all([popup.close(), ...tabs.map((t) => t.close())]);
});

test('a stored entry changed behind AuthPilot\'s back is named by the popup, and export refuses', async () => {
  const popup = await openPopup(session, undefined, { tab: 'log' });
  const entries = await storedEntries();
  assert.ok(entries.length >= 3);
  // Change the second entry in storage, and forget this session's verification so the
  // popup checks the chain in full, as after a browser restart.
  await popup.evaluate(async () => {
    const key = 'log:0000000002';
    const entry = (await chrome.storage.local.get(key))[key];
    await chrome.storage.local.set({ [key]: { ...entry, note: 'changed outside AuthPilot' } });
    await chrome.storage.session.remove('log_verified');
  });
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  const status = popup.locator('#log-status');
  assert.equal(await status.getAttribute('data-verified'), 'false');
  assert.equal(await status.innerText(), `The log no longer verifies: entry 2 (id ${entries[1].id}): hash does not match the entry's content (changed after it was written).`);
  await popup.getByRole('button', { name: 'Export JSON' }).click();
  await popup.locator('#notice', { hasText: 'it was not exported' }).waitFor();
  assert.match(await popup.locator('#notice').innerText(), /^The log is broken at entry 2 \(id /);
  // Put it back: the chain verifies again.
  await popup.evaluate(async (original) => {
    await chrome.storage.local.set({ 'log:0000000002': original });
    await chrome.storage.session.remove('log_verified');
  }, entries[1]);
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  assert.equal(await popup.locator('#log-status').getAttribute('data-verified'), 'true');

  // The board's summary (log_latest) is outside the chain: changed behind AuthPilot's back,
  // the board draws nothing from it and the popup names the entry.
  const latest = (await popup.evaluate(() => chrome.storage.local.get('log_latest'))).log_latest;
  const [protocol, entry] = Object.entries(latest)[0];
  await popup.evaluate(async ([p, forged]) => {
    const all = (await chrome.storage.local.get('log_latest')).log_latest;
    await chrome.storage.local.set({ log_latest: { ...all, [p]: forged } });
  }, [protocol, { ...entry, outcome: entry.outcome === 'succeeded' ? 'failed' : 'succeeded' }]);
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  assert.equal(await popup.locator('#log-status').getAttribute('data-verified'), 'false');
  assert.match(await popup.locator('#log-status').innerText(), new RegExp(`entry ${entry.seq} \\(id ${entry.id}\\): does not match the chain's own entry`));
  assert.equal(await popup.locator(`tr[data-protocol="${protocol}"] td.last`).getAttribute('data-outcome'), 'none', 'nothing drawn from the forged summary');
  await popup.evaluate(async (original) => chrome.storage.local.set({ log_latest: original }), latest);
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  assert.equal(await popup.locator('#log-status').getAttribute('data-verified'), 'true');
  await popup.close();
});

test('a redraw keeps what the admin typed but did not save, and the sections they opened', async () => {
  const popup = await openPopup(session, undefined, { tab: 'log' });
  const before = (await storedEntries()).length;
  await popup.getByText('Record manually', { exact: true }).click();
  await popup.locator('#protocol').selectOption('POP');
  await popup.locator('#action').selectOption('opt-out');
  await popup.locator('#local_time').fill('2022-09-20T09:30');
  await popup.locator('#note').fill('Ticket 42, still to confirm');
  // Another tab, typed into, and back: each switch redraws the whole popup from its model.
  await popupTab(popup, 'settings');
  await popup.locator('#practice_date').fill('2022-09-15');
  await popupTab(popup, 'log');
  // History redraws the whole popup from its model.
  await popup.getByRole('button', { name: 'History of EWS' }).click();
  await popup.locator('#history').waitFor();
  assert.equal(await popup.locator('#record').evaluate((d) => d.open), true, 'Record manually stays open');
  assert.equal(await popup.locator('#protocol').inputValue(), 'POP');
  assert.equal(await popup.locator('#action').inputValue(), 'opt-out');
  assert.equal(await popup.locator('#local_time').inputValue(), '2022-09-20T09:30');
  assert.equal(await popup.locator('#note').inputValue(), 'Ticket 42, still to confirm');
  assert.equal(await popup.locator('#practice_date').inputValue(), '2022-09-15');
  assert.equal(await popup.locator('#practice_date').isVisible(), false, 'in the Settings tab, not shown');
  // Closed by the admin, it stays closed through the next redraw; nothing was stored.
  await popup.getByText('Record manually', { exact: true }).click();
  await popup.getByRole('button', { name: 'History of EWS' }).click();
  await popup.locator('#history').waitFor({ state: 'detached' });
  assert.equal(await popup.locator('#record').evaluate((d) => d.open), false);
  assert.equal(await popup.locator('#note').inputValue(), 'Ticket 42, still to confirm');
  assert.equal((await storedEntries()).length, before, 'nothing recorded');
  const stored = await popup.evaluate(() => chrome.storage.local.get('settings'));
  assert.notEqual(stored.settings && stored.settings.practice_date, '2022-09-15', 'typing is not saving');
  await popup.close();
});
