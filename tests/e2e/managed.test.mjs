// Deployed by the organisation (issue 14): a managed policy written the way Chromium on Linux
// reads it — a JSON file in /etc/chromium/policies/managed/ with AuthPilot's configuration
// under 3rdparty > extensions > its ID — then Chromium restarted on the same profile. The
// popup shows the organisation's note, tenant and a bad value's message; the fields it sets
// are read-only and the admin's own values survive a save; an entry made under it says so; a
// policy change while the browser runs is applied at once (Chromium watches the folder); and
// removing the policy gives the admin's settings back. The file is removed afterwards (and
// before, should an earlier run have been killed), so no other suite sees a policy.
//
// Needs write access to /etc/chromium/policies (these machines run the tests as root).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync, accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { startSession, openPopup, popupTab, storageTools, until, axeViolations } from './harness.mjs';

const POLICY_FILE = '/etc/chromium/policies/managed/authpilot-e2e.json';
const removePolicy = () => rmSync(POLICY_FILE, { force: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { removePolicy(); process.exit(130); });
process.once('exit', removePolicy);

let session;
let ext;
before(async () => {
  removePolicy();
  mkdirSync(dirname(POLICY_FILE), { recursive: true });
  accessSync(dirname(POLICY_FILE), constants.W_OK); // a clear failure where it cannot be written
  session = await startSession();
  ext = await openPopup(session);
});
after(async () => {
  removePolicy();
  await session?.stop();
});
afterEach(() => session.assertNoPageErrors());
const { entries, clearLog } = storageTools(() => ext);

/** Writes AuthPilot's managed configuration as Chromium on Linux reads it. */
function writePolicy(values) {
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [session.extensionId]: values } } }, null, 2));
}
const ownSettings = () => ext.evaluate(() => chrome.storage.local.get('settings').then((s) => s.settings));

test('a managed policy: the note, the tenant, a bad value\'s message, read-only fields, the admin\'s own values kept, entries marked', async () => {
  // The admin's own settings before the organisation configures anything.
  await ext.evaluate(() => chrome.storage.local.set({ settings: {
    schema: 1, cloud: 'worldwide', needed: ['EWS'], practice_date: '2022-10-15',
    smtp_senders: ['me@contoso.com'], deadline_reminders: true, device_test_reminders: true,
  } }));
  writePolicy({
    Cloud: 'gcc',
    TenantName: 'Contoso Ltd',
    PopupNote: 'Questions about AuthPilot: IT service desk, extension 4410.',
    SmtpSenders: ['scanner@contoso.com'],
    AllowPracticeDate: false,
    NeededProtocols: ['IMAP', 'FTP'], // FTP is no protocol AuthPilot knows: ignored whole
  });
  await session.restart();
  ext = await openPopup(session);
  assert.deepEqual(await ext.evaluate(() => chrome.storage.managed.get(null).then((m) => m.Cloud)), 'gcc', 'Chromium read the policy file');

  const popup = await openPopup(session);
  const managed = popup.locator('#managed');
  assert.equal(await managed.locator('#managed-note').innerText(), 'Questions about AuthPilot: IT service desk, extension 4410.');
  assert.equal(await managed.locator('#managed-tenant').innerText(), 'Tenant: Contoso Ltd (set by your organisation)');
  assert.match(await managed.locator('li[data-policy="NeededProtocols"]').innerText(),
    /^Set by your organisation, but invalid: NeededProtocols — .*FTP.* AuthPilot ignores it\.$/);
  assert.equal(await managed.locator('li').count(), 1, 'only the bad value is reported');
  assert.deepEqual(await axeViolations(popup), [], 'the first tab with the organisation\'s section');

  await popupTab(popup, 'settings');
  const cloud = popup.locator('#cloud');
  assert.equal(await cloud.inputValue(), 'gcc');
  assert.equal(await cloud.isDisabled(), true);
  assert.equal(await popup.locator('#cloud-managed').innerText(), 'Set by your organisation');
  assert.equal(await popup.getByRole('combobox', { name: "Your tenant's cloud" }).getAttribute('aria-describedby'), 'cloud-managed');
  assert.equal(await popup.locator('#practice_date').isDisabled(), true);
  assert.equal(await popup.locator('#practice_date').inputValue(), '', 'no practice date while not allowed');
  assert.match(await popup.locator('#practice-date-managed').innerText(), /does not allow a practice date/);
  assert.equal(await popup.locator('#smtp_senders').isDisabled(), true);
  assert.equal(await popup.locator('#smtp_senders').inputValue(), 'scanner@contoso.com');
  // The invalid NeededProtocols locks nothing: the admin's own choice, editable.
  const ews = popup.locator('input[name="needed"][value="EWS"]');
  assert.equal(await ews.isChecked(), true);
  assert.equal(await ews.isDisabled(), false);
  assert.equal(await popup.locator('#device_test_reminders').isDisabled(), false);
  assert.deepEqual(await axeViolations(popup), [], 'Settings with read-only fields');

  // Saving changes the admin's own fields and keeps their own values under the locked ones.
  await popup.locator('input[name="needed"][value="POP"]').check();
  await popup.locator('#device_test_reminders').uncheck();
  await popup.getByRole('button', { name: 'Save settings' }).click();
  await popup.locator('#notice', { hasText: 'Settings saved.' }).waitFor();
  const own = await ownSettings();
  assert.deepEqual([own.cloud, own.needed, own.practice_date, own.smtp_senders, own.device_test_reminders],
    ['worldwide', ['EWS', 'POP'], '2022-10-15', ['me@contoso.com'], false]);
  assert.equal(await cloud.inputValue(), 'gcc', 'still the organisation\'s');

  // An entry recorded now says it was made under the managed configuration.
  await clearLog();
  await popupTab(popup, 'log');
  await popup.getByText('Record manually', { exact: true }).click();
  await popup.locator('#protocol').selectOption('IMAP');
  await popup.locator('#action').selectOption('re-enable');
  await popup.locator('#outcome').selectOption('submitted');
  await popup.locator('#local_time').fill('2022-10-15T10:00');
  await popup.getByRole('button', { name: 'Record', exact: true }).click();
  await until(async () => (await entries()).length === 1, 'the manual entry');
  const [entry] = await entries();
  assert.equal(entry.tenant, 'Contoso Ltd');
  assert.match(entry.note, /Recorded under your organisation's managed configuration\./);
  assert.equal(entry.cloud, 'gcc');
  await popup.close();
});

test('a policy changed while the browser runs is applied at once; removed, the admin\'s own settings come back', async () => {
  const popup = await openPopup(session, undefined, { tab: 'settings' });
  assert.equal(await popup.locator('#cloud').inputValue(), 'gcc');
  assert.ok((await session.worker.evaluate(() => chrome.alarms.getAll())).some((a) => a.name === 'smtp:new-year'), 'deadline reminders on');
  writePolicy({
    Cloud: 'dod',
    NeededProtocols: ['POP'],
    DeadlineReminders: false,
    PopupNote: 'AuthPilot is now set for DoD.',
  });
  // Chromium notices the file within seconds; the open popup follows without reopening.
  await until(async () => (await popup.locator('#cloud').inputValue()) === 'dod', 'the new cloud in the open popup', 30000);
  const pop = popup.locator('input[name="needed"][value="POP"]');
  assert.equal(await pop.isChecked(), true);
  assert.equal(await pop.isDisabled(), true, 'NeededProtocols is now valid: locked');
  assert.equal(await popup.locator('input[name="needed"][value="EWS"]').isChecked(), false);
  assert.equal(await popup.locator('#practice_date').isDisabled(), false, 'practice date allowed again');
  assert.equal(await popup.locator('#practice_date').inputValue(), '2022-10-15', 'the admin\'s own');
  assert.equal(await popup.locator('#settings-managed-problems').count(), 0, 'nothing invalid any more');
  await popupTab(popup, 'now');
  assert.equal(await popup.locator('#managed-note').innerText(), 'AuthPilot is now set for DoD.');
  // The worker follows too: the deadline reminders are off.
  await until(async () => !(await session.worker.evaluate(() => chrome.alarms.getAll())).some((a) => a.name.startsWith('smtp:')), 'the reminders cleared', 15000);

  removePolicy();
  await until(async () => (await popup.locator('#managed').count()) === 0, 'the managed section gone', 30000);
  await popupTab(popup, 'settings');
  assert.equal(await popup.locator('#cloud').inputValue(), 'worldwide');
  assert.equal(await popup.locator('#cloud').isDisabled(), false);
  assert.equal(await popup.locator('#smtp_senders').inputValue(), 'me@contoso.com');
  await popup.close();
  assert.equal(existsSync(POLICY_FILE), false);
});
