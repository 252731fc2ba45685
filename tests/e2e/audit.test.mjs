// Issue 21: the tenant's audit log read through the popup (the four groups and their counts,
// a listed sender that disagrees, bad and oversized files refused with nothing changed), and
// the printable audit report — printed to PDF in Chromium (pages, headings, pictures) in
// English and in Japanese (a Japanese font embedded), saved as one HTML file, IP addresses
// only when asked for. The log is built through the worker's own log-append; the audit file is
// built from the documented Purview export form (shared/docs/audit-log.md). Then the command line
// (issue 26) on the files the extension wrote: the same verdict, groups and report.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startSession, openPopup, until, axeViolations, CLI } from './harness.mjs';

let session;
before(async () => { session = await startSession({ locale: 'en-US', timezoneId: 'Asia/Tokyo' }); });
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());

const EAC = '497effe9-df71-4043-a8bb-14cf78c4b63b';
const PS = 'fb78d390-0c51-40cd-8e17-fdbfab77341b';
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const NOW = Date.now();
const H = 3600 * 1000;

function auditData(id, ms, op, user, app, params, external = false) {
  return JSON.stringify({
    CreationTime: iso(ms).replace('Z', ''), Id: id, Operation: op, OrganizationId: '0c2b', RecordType: 1,
    ResultStatus: 'True', UserKey: '10032', UserType: 2, Version: 1, Workload: 'Exchange', ClientIP: '40.97.1.2:443',
    ObjectId: '', UserId: user, AppId: app, ClientAppId: '', ExternalAccess: external, OrganizationName: 'contoso.onmicrosoft.com',
    Parameters: Object.entries(params).map(([Name, Value]) => ({ Name, Value })),
  });
}
const cell = (t) => `"${t.replace(/"/g, '""')}"`;
function purview(rows) {
  return 'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n'
    + rows.map((r, i) => `r${i + 1},${iso(NOW)} ,ExchangeAdmin,op,admin@contoso.com,${cell(r)},,\r\n`).join('');
}
const RECORDS = [
  auditData('r1', NOW - 3 * H + 40000, 'Set-TransportConfig', 'admin@contoso.com', EAC, { Identity: 'Transport Settings', SmtpClientAuthenticationDisabled: 'True' }),
  auditData('r2', NOW - 2.8 * H, 'Set-CASMailbox', 'admin@contoso.com', EAC, { Identity: 'scanner@contoso.com', SmtpClientAuthenticationDisabled: 'False' }),
  auditData('r3', NOW - 2.7 * H, 'Set-CASMailbox', 'admin@contoso.com', EAC, { Identity: '8f1c4a9e-2b7d-4e1a-9c3f-6d5e4b3a2f10', SmtpClientAuthenticationDisabled: 'False' }),
  auditData('r4', NOW - 1 * H, 'Set-CASMailbox', 'tool@contoso.com', PS, { Identity: 'printer-3f@contoso.com', SmtpClientAuthenticationDisabled: '' }, true),
  auditData('r5', NOW - 0.9 * H, 'Set-Mailbox', 'admin@contoso.com', EAC, { Identity: 'scanner@contoso.com', HiddenFromAddressListsEnabled: 'True' }),
];

let n = 0;
const draft = (ms, scope, mailbox, action, outcome) => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, at: iso(ms), protocol: 'SMTP', scope,
  ...(mailbox ? { mailbox } : {}), action, outcome, source: 'manual', cloud: 'worldwide',
});

async function prepare(popup) {
  await popup.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    await chrome.storage.local.remove(Object.keys(all).filter((k) => k.startsWith('log') || k.startsWith('pending:')));
    await chrome.storage.local.set({ settings: { schema: 1, cloud: 'worldwide', needed: ['EWS'], practice_date: null, smtp_senders: ['scanner@contoso.com', 'printer-3f@contoso.com'] } });
  });
  for (const d of [
    draft(NOW - 3 * H, 'organization', null, 'turn-off', 'succeeded'),
    draft(NOW - 2.8 * H - 60000, 'mailbox', 'scanner@contoso.com', 'turn-on', 'succeeded'),
    draft(NOW - 2.5 * H, 'authentication-policy', null, 'turn-off', 'failed'),
    draft(NOW - 10 * 60000, 'mailbox', 'printer-3f@contoso.com', 'turn-off', 'succeeded'),
    { ...draft(Date.UTC(2022, 9, 15, 10), null, null, 're-enable', 'succeeded'), protocol: 'IMAP', scope: undefined, effective_by: '2022-10-15T11:00:00Z' },
  ]) {
    const answer = await popup.evaluate((dr) => chrome.runtime.sendMessage({ type: 'log-append', draft: dr }), d);
    assert.equal(answer.ok, true, JSON.stringify(answer));
  }
}

const snapshot = (page) => page.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null)]));

async function chooseFile(page, button, path) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
  await chooser.setFiles(path);
}

test('an audit file read in the popup: four groups with their counts, a listed sender that disagrees; bad and oversized files refused with nothing changed', async () => {
  const popup = await openPopup(session, undefined, { tab: 'log' });
  await prepare(popup);
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  const before = await snapshot(popup);
  const good = join(session.dir, 'audit.csv');
  writeFileSync(good, purview(RECORDS));
  await chooseFile(popup, 'Read an audit file…', good);
  await popup.locator('#audit-status', { hasText: 'Read audit.csv (a Purview export): 4 SMTP AUTH changes; 1 other records skipped.' }).waitFor();
  assert.deepEqual(await axeViolations(popup), [], 'the Log tab with an audit file read');
  const counts = await popup.locator('#audit-groups [data-group]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.group, Number(e.dataset.count)])));
  assert.deepEqual(counts, { matched: 2, 'only-authpilot': 2, 'only-tenant': 1, 'cannot-tell': 1 });
  // The groups the admin must act on are open, showing their records; the others closed.
  const open = await popup.locator('#audit-groups [data-group]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.group, e.open])));
  assert.deepEqual(open, { matched: false, 'only-authpilot': false, 'only-tenant': true, 'cannot-tell': true });
  assert.ok(await popup.getByText(/tool@contoso\.com with PowerShell/).isVisible(), 'a change only in the tenant\'s record is on screen');
  assert.match(await popup.locator('[data-group="only-authpilot"]').textContent(), /failed[\s\S]*not yet in the tenant's record/);
  assert.match(await popup.locator('[data-group="only-tenant"]').textContent(), /tool@contoso\.com with PowerShell \(external access/);
  assert.match(await popup.locator('#audit-disagreements').innerText(), /printer-3f@contoso\.com: AuthPilot says turned off \(.*\), the tenant's record says set to follow the organisation \(/);
  assert.equal(await snapshot(popup), before, 'reading an audit file stores nothing');

  // A malformed file: refused, naming the line; the log and the settings are as they were.
  const bad = join(session.dir, 'bad.csv');
  writeFileSync(bad, purview(RECORDS.slice(0, 2)) + 'r3,x,ExchangeAdmin,op,a,"{not json",,\r\n');
  await chooseFile(popup, 'Read an audit file…', bad);
  await popup.locator('#audit-status', { hasText: /^bad\.csv was not read\. Line 4: its AuditData is not readable JSON/ }).waitFor();
  // Oversized (sparse, so nothing is written to disk): refused before it is read.
  const huge = join(session.dir, 'huge.csv');
  const fd = openSync(huge, 'w'); ftruncateSync(fd, 130 * 1024 * 1024); closeSync(fd);
  await chooseFile(popup, 'Read an audit file…', huge);
  await popup.locator('#audit-status', { hasText: /^huge\.csv was not read\. the file is larger than 120 MB/ }).waitFor();
  assert.equal(await snapshot(popup), before, 'nothing changed by the refused files');
  // Copy the PowerShell: the exact command, and nothing is asked or recorded.
  assert.match(await popup.locator('#audit-command').innerText(), /^Search-UnifiedAuditLog -StartDate \(Get-Date\)\.AddDays\(-30\) .* \| Export-Csv -Path .*smtp-auth-audit\.csv -NoTypeInformation/);
  await popup.close();
});

async function openReport(lang) {
  const own = lang ? await startSession({ lang }) : session;
  const popup = await openPopup(own, undefined, { tab: 'log' });
  if (lang) await prepare(popup);
  const [report] = await Promise.all([
    own.context.waitForEvent('page', (p) => p.url().endsWith('/report.html')),
    popup.getByRole('button', { name: lang === 'ja' ? '監査レポートを開く' : 'Open the audit report' }).click(),
  ]);
  await report.waitForSelector('#app[data-ready="true"]');
  return { own, popup, report };
}

/** The PDF's page count, and the names of the fonts it embeds. */
function pdfFacts(buffer) {
  const text = buffer.toString('latin1');
  return { pages: (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length, fonts: [...new Set((text.match(/\/BaseFont\s*\/[\w+-]+/g) || []))] };
}

test('the audit report: verified chain only, the pictures, the reconciliation, IP addresses only when asked; printed to PDF and saved as one HTML file', async () => {
  const { popup, report } = await openReport();
  assert.match(await report.locator('#report-chain').innerText(), /^Made only from AuthPilot's verified log: 5 entries, headed by entry 5 \(id 00000000-0000-4000-8000-\d{12}\), hash [0-9a-f]{64}\.$/);
  assert.equal(await report.locator('svg.timeline').count(), 4, 'organisation, policy and the two listed senders');
  assert.equal(await report.locator('svg.timeline line.marker').count(), 4, 'the December change marked on each');
  assert.equal(await report.locator('svg.timeline').first().evaluate((s) => s.namespaceURI), 'http://www.w3.org/2000/svg');
  assert.ok(await report.locator('svg.timeline rect[data-state="off"]').count() >= 1);
  await chooseFile(report, 'Read an audit file…', join(session.dir, 'audit.csv'));
  await report.locator('#report-counts').waitFor();
  assert.deepEqual(await axeViolations(report), [], 'the report, with its reconciliation');
  assert.deepEqual(await report.locator('#report-counts li').allInnerTexts(), ['Matched: 2', 'Only in AuthPilot: 2', "Only in the tenant's record: 1", 'Cannot tell which mailbox: 1']);
  assert.equal(await report.getByText('40.97.1.2:443').count(), 0, 'no IP address unless asked');
  await report.getByLabel('Include IP addresses from the audit file').check();
  await report.getByText('40.97.1.2:443').first().waitFor();
  await report.getByLabel('Include IP addresses from the audit file').uncheck();
  await until(async () => (await report.getByText('40.97.1.2:443').count()) === 0, 'IP addresses gone again');
  // Printed: the controls hidden, each section on its own pages.
  await report.emulateMedia({ media: 'print' });
  assert.equal(await report.locator('.controls').isVisible(), false);
  for (const h of ['What changed', 'SMTP AUTH over time', "Held against the tenant's audit log", 'The 2022 diagnostic']) {
    assert.equal(await report.getByRole('heading', { name: h }).isVisible(), true, h);
  }
  const pdf = pdfFacts(await report.pdf({ format: 'A4', printBackground: true }));
  assert.ok(pdf.pages >= 4, `a page per section at least: ${pdf.pages}`);
  await report.emulateMedia({ media: 'screen' });
  // Saved as one file: styles inside, no script, no controls, the pictures kept.
  const [download] = await Promise.all([report.waitForEvent('download'), report.getByRole('button', { name: 'Save as HTML' }).click()]);
  assert.match(download.suggestedFilename(), /^authpilot-audit-report-\d{4}-\d{2}-\d{2}\.html$/);
  const path = join(session.dir, download.suggestedFilename());
  await download.saveAs(path);
  const html = readFileSync(path, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<style>[\s\S]*@media print/);
  assert.doesNotMatch(html, /<script|class="controls/);
  assert.equal((html.match(/<svg /g) || []).length, 4);
  assert.match(html, /Matched: 2/);
  await Promise.all([report.close(), popup.close()]);
});

test('the audit report in Japanese prints with a Japanese font; a broken chain prints nothing', async () => {
  const { own, popup, report } = await openReport('ja');
  try {
    await report.getByRole('heading', { name: 'SMTP AUTH 監査レポート' }).waitFor();
    await report.getByRole('heading', { name: '変更内容' }).waitFor();
    const pdf = pdfFacts(await report.pdf({ format: 'A4' }));
    assert.ok(pdf.pages >= 3, `pages: ${pdf.pages}`);
    assert.ok(pdf.fonts.some((f) => /IPA|Gothic|CJK|Noto/i.test(f)), `a Japanese font embedded: ${pdf.fonts.join(', ')}`);
    // A stored entry changed behind AuthPilot's back: the report refuses, and nothing prints.
    await popup.evaluate(async () => {
      const e = (await chrome.storage.local.get('log:0000000002'))['log:0000000002'];
      await chrome.storage.local.set({ 'log:0000000002': { ...e, note: 'changed' } });
      await chrome.storage.session.remove('log_verified');
    });
    await report.reload();
    await report.waitForSelector('#app[data-ready="true"]');
    assert.match(await report.locator('#report-refused').innerText(), /^印刷できるレポートがありません: /);
    assert.equal(await report.locator('svg.timeline').count(), 0);
    assert.equal(await report.getByRole('button', { name: '印刷または PDF に保存' }).isDisabled(), true);
    own.assertNoPageErrors();
  } finally {
    await own.stop();
  }
});

/** `authpilot` (target/debug, built by `make test`) on these arguments: its status and output. */
function cli(...args) {
  try {
    return { status: 0, out: execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    return { status: e.status, out: String(e.stdout), err: String(e.stderr) };
  }
}

async function download(page, button, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = join(session.dir, name || file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

/** The report as saved, with what differs by where it was made left out: the generation time
 * and the local time the browser shows beside each UTC time (the command line has no locale:
 * it shows the UTC time alone). */
const comparable = (html) => html
  .replace(/<p id="report-meta">[^<]*<\/p>/, '<p id="report-meta"></p>')
  .replace(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M \((\d{4}-\d\d-\d\d \d\d:\d\d UTC)\)/g, '$1');

test('the command line on the files the extension wrote: the same verdict, the same groups, the same report; a merged log imports unchanged', async () => {
  const popup = await openPopup(session, undefined, { tab: 'log' });
  await prepare(popup);
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  const exported = await download(popup, 'Export JSON', 'first.json');
  // verify: the popup's verified chain, by the same head.
  const v = cli('verify', exported, '--json');
  assert.equal(v.status, 0, v.err);
  const verdict = JSON.parse(v.out);
  const stored = await popup.evaluate(async () => (await chrome.storage.local.get('log_head')).log_head);
  assert.deepEqual([verdict.entries, verdict.head.seq, verdict.head.hash], [5, stored.count, stored.last_hash]);
  assert.match(await popup.locator('#log-status').innerText(), /5/);
  // Tampered: the program and the popup's import refuse it with the same reason.
  const tampered = join(session.dir, 'tampered.json');
  writeFileSync(tampered, readFileSync(exported, 'utf8').replace('printer-3f@contoso.com', 'printer-4f@contoso.com'));
  const t = cli('verify', tampered);
  assert.equal(t.status, 1);
  const reason = t.out.split('NOT VERIFIED — ')[1].trim();
  await chooseFile(popup, 'Import log', tampered);
  await until(async () => (await popup.locator('[role="status"]').allInnerTexts()).some((x) => x.includes(reason)), `the popup says: ${reason}`);

  // reconcile: the popup's four groups, counted alike; a change only in the tenant's record → 3.
  const audit = join(session.dir, 'audit.csv');
  writeFileSync(audit, purview(RECORDS));
  await chooseFile(popup, 'Read an audit file…', audit);
  await popup.locator('#audit-groups').waitFor();
  const counts = await popup.locator('#audit-groups [data-group]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.group, Number(e.dataset.count)])));
  const r = cli('reconcile', exported, audit, '--json', '--sender', 'scanner@contoso.com', '--sender', 'printer-3f@contoso.com');
  assert.equal(r.status, 3, r.err);
  const [tenant] = JSON.parse(r.out).tenants;
  assert.deepEqual({ matched: tenant.matched.length, 'only-authpilot': tenant.only_in_log.length, 'only-tenant': tenant.only_in_tenant.length, 'cannot-tell': tenant.unknown_target.length }, counts);
  assert.deepEqual(tenant.disagreeing_senders.map((d) => d.mailbox), ['printer-3f@contoso.com']);

  // report: the extension's saved file and the program's, for the same log and audit file.
  const [report] = await Promise.all([
    session.context.waitForEvent('page', (p) => p.url().endsWith('/report.html')),
    popup.getByRole('button', { name: 'Open the audit report' }).click(),
  ]);
  await report.waitForSelector('#app[data-ready="true"]');
  await chooseFile(report, 'Read an audit file…', audit);
  await report.locator('#report-counts').waitFor();
  const saved = readFileSync(await download(report, 'Save as HTML', 'extension-report.html'), 'utf8');
  const made = join(session.dir, 'cli-report.html');
  const rep = cli('report', exported, '--audit', audit, '--sender', 'scanner@contoso.com', '--sender', 'printer-3f@contoso.com', '-o', made);
  assert.equal(rep.status, 0, rep.err);
  const mine = readFileSync(made, 'utf8');
  assert.ok(saved.length > 10000 && saved.includes('<svg '), 'a full report');
  assert.equal(comparable(mine), comparable(saved), 'the same file, the generation time and the local times aside');
  await report.close();

  // merge: this export and a later one (one more entry) → one log the extension imports whole.
  const extra = draft(NOW - 5 * 60000, 'mailbox', 'scanner@contoso.com', 'turn-off', 'succeeded');
  assert.equal((await popup.evaluate((dr) => chrome.runtime.sendMessage({ type: 'log-append', draft: dr }), extra)).ok, true);
  const second = await download(popup, 'Export JSON', 'second.json');
  const merged = join(session.dir, 'merged.json');
  const m = cli('merge', exported, second, '-o', merged);
  assert.equal(m.status, 0, m.err);
  await popup.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    await chrome.storage.local.remove(Object.keys(all).filter((k) => k.startsWith('log')));
    await chrome.storage.session.remove('log_verified');
  });
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  await chooseFile(popup, 'Import log', merged);
  await popup.locator('[role="status"]', { hasText: 'Imported merged.json: 6 new entries, 0 already in the log.' }).waitFor();
  const again = await download(popup, 'Export JSON', 'again.json');
  const entries = (f) => JSON.parse(readFileSync(f, 'utf8')).entries;
  assert.deepEqual(entries(again), entries(merged), 'imported unchanged: the same entries, ids, order and hashes');
  assert.equal(cli('verify', again).status, 0);
  await popup.close();
});
