// The Exchange admin center (issue 13, first part): its two addresses are admin-center pages
// for AuthPilot (content script, presence, the popup's "where"), a lookalike host gets no
// content script, the SMTP AUTH plan opens the right page for the admin's cloud — or says it
// does not know the address — and the organisation's switch in Settings > Mail flow is
// recorded when the admin changes it, on the hand-written replica and two Fluent v9 cells; the
// Fluent v8 and v9 matrix of all three pages is in smtp-pages.test.mjs.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, popupTab, contentScriptWorlds, storageTools, switchSummary, until, helperFrame } from './harness.mjs';

let session;
let ext;
before(async () => {
  session = await startSession();
  ext = await openPopup(session);
});
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());
const { settings, smtpEntries, clearLog } = storageTools(() => ext);

test('both Exchange admin center addresses get AuthPilot, a lookalike does not', async () => {
  for (const url of ['https://admin.exchange.microsoft.com/#/settings', 'https://admin.cloud.microsoft/exchange#/settings']) {
    const { page, tabId } = await openTab(session, url);
    assert.deepEqual(await contentScriptWorlds(page), ['AuthPilot'], url);
    const popup = await openPopup(session, tabId);
    const where = popup.locator('#where [data-state]');
    assert.equal(await where.getAttribute('data-state'), 'exchange-admin-center', url);
    assert.equal(await where.innerText(), `On the Exchange admin center — ${new URL(url).host}`);
    assert.equal(await popup.getByRole('button', { name: 'Pre-fill diagnostic' }).count(), 0, 'no diagnostic here');
    await Promise.all([popup.close(), page.close()]);
  }
  const { page } = await openTab(session, 'https://admin.exchange.microsoft.com.evil.test/#/settings');
  assert.deepEqual(await contentScriptWorlds(page), []);
  await page.close();
});

test('the plan opens Mail flow settings, the clients report, Active users and Modern authentication — and says where it does not know them', async () => {
  await settings('', 'worldwide');
  const popup = await openPopup(session, undefined, { tab: 'smtp' });
  const opens = await popup.locator('#smtp-plan button[data-action="open-admin-center"]').evaluateAll((bs) => bs.map((b) => [b.textContent, b.dataset.url]));
  assert.deepEqual(opens, [
    ['Open SMTP AUTH clients report (Exchange admin center)', 'https://admin.exchange.microsoft.com/#/reports/smtpauthmailflowdetails'],
    ['Open Active users (Microsoft 365 admin center)', 'https://admin.microsoft.com/Adminportal/Home#/users'],
    ['Open Mail flow settings (Exchange admin center)', 'https://admin.exchange.microsoft.com/#/settings'],
    ['Open Modern authentication (Microsoft 365 admin center)', 'https://admin.microsoft.com/#/Settings/Services/:/Settings/L1/ModernAuthentication'],
  ]);
  const opened = session.context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Open Mail flow settings (Exchange admin center)' }).click();
  const eac = await opened;
  await eac.waitForLoadState('load');
  assert.equal(eac.url(), 'https://admin.exchange.microsoft.com/#/settings');
  await eac.getByRole('button', { name: 'Mail flow' }).waitFor();
  await Promise.all([eac.close(), popup.close()]);

  await settings('', 'gcc-high');
  const high = await openPopup(session, undefined, { tab: 'smtp' });
  assert.equal(await high.locator('#smtp-plan button[data-action="open-admin-center"]').count(), 0);
  assert.match(await high.locator('#smtp-plan').innerText(), /Mail flow settings \(Exchange admin center\): AuthPilot does not know its address in GCC High/);
  await popupTab(high, 'now');
  await high.close();
  await settings('', 'worldwide');
});

/** Opens Mail flow settings on the replica and returns the page and its flyout's controls. */
async function mailFlow(query = '', saveName = 'Save') {
  const { page } = await openTab(session, `https://admin.exchange.microsoft.com/${query}#/settings`);
  return reopen(page, saveName);
}

/** Opens the Mail flow settings flyout on a page already showing the settings. */
async function reopen(page, saveName = 'Save') {
  await page.getByRole('button', { name: 'Mail flow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mail flow settings' });
  await dialog.waitFor();
  return { page, box: dialog.getByRole('checkbox', { name: 'Turn off SMTP AUTH protocol for your organization' }), save: dialog.getByRole('button', { name: saveName, exact: true }), dialog };
}
const summary = switchSummary;

// The organisation's switch on three cells: the hand-written replica; Fluent UI v9 (drawer,
// Checkbox with a visible label, MessageBar); and v9 with the box named by aria-label only and
// "Save changes".
for (const [cell, query, saveName] of [['hand', '', 'Save'], ['v9', '?ui=v9', 'Save'], ['v9 aria-label, Save changes', '?ui=v9&label=aria&save=changes', 'Save changes']]) {
test(`${cell}: turning SMTP AUTH off and on for the organisation records each change once, with the page's saved message`, async () => {
  await clearLog();
  const { page, box, save, dialog } = await mailFlow(query, saveName);
  await box.check();
  await save.dblclick(); // a double click records once
  await dialog.getByText('Your change has been saved.').waitFor();
  await until(async () => (await smtpEntries()).length === 1, 'the turn-off');
  let list = await smtpEntries();
  assert.deepEqual(summary(list[0]), ['organization', null, 'turn-off', 'succeeded', 'observed']);
  assert.equal(list[0].host, 'admin.exchange.microsoft.com');
  assert.match(list[0].message, /Your change has been saved/);
  // The helper names this switch's last recording: what, its outcome and when (issue 31).
  const when = `${list[0].at.slice(0, 10)} ${list[0].at.slice(11, 16)} UTC`;
  await helperFrame(page).locator('#recorded', { hasText: `Last recorded here: turned off, Succeeded, ${when}.` }).waitFor();
  // Save again with nothing changed: nothing. The page takes 300 ms to answer that save and its
  // Save is busy meanwhile; no event says "nothing was recorded", so this waits past it. Then
  // back on: exactly one more entry, the turn-on (a second turn-off from the double click or
  // the unchanged save would have come before it).
  await save.click();
  await page.waitForTimeout(800);
  assert.equal((await smtpEntries()).length, 1);
  await box.uncheck();
  await save.click();
  await until(async () => (await smtpEntries()).length >= 2, 'the turn-on');
  list = await smtpEntries();
  assert.deepEqual(list.map(summary), [
    ['organization', null, 'turn-off', 'succeeded', 'observed'],
    ['organization', null, 'turn-on', 'succeeded', 'observed'],
  ]);
  await page.close();
});
}

test('a refused save records failed with the page\'s text; page-made clicks and a fake saved message record nothing', async () => {
  await clearLog();
  const failing = await mailFlow('?saveFails=1');
  await failing.box.check();
  await failing.save.click();
  await until(async () => (await smtpEntries()).length === 1, 'the failed save');
  const [failed] = await smtpEntries();
  assert.deepEqual(summary(failed), ['organization', null, 'turn-off', 'failed', 'observed']);
  assert.match(failed.message, /couldn't save your changes/);
  // Nothing was saved, so Save again is still a change: a retry records again.
  await failing.save.click();
  await until(async () => (await smtpEntries()).length === 2, 'the retried save');
  assert.deepEqual(summary((await smtpEntries())[1]), ['organization', null, 'turn-off', 'failed', 'observed']);
  await failing.page.close();

  const { page } = await mailFlow();
  await page.evaluate(() => {
    const box = document.getElementById('smtp-off');
    box.click(); // the page's own script, not the admin
    [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent === 'Save').click();
    const fake = document.createElement('p');
    fake.setAttribute('role', 'status');
    fake.textContent = 'Mail flow settings updated. Your change has been saved.';
    document.body.append(fake); // outside the flyout
  });
  // Positive control on the same page, waited for as an event: the flyout closed and opened
  // again shows what the page's script saved (off); the admin's own change back on records
  // exactly one entry, the turn-on (had the forgery recorded, its turn-off would come first).
  const flyout = page.getByRole('dialog', { name: 'Mail flow settings' });
  await flyout.getByText('Your change has been saved.').waitFor(); // the page's answer to its own Save
  await flyout.getByRole('button', { name: 'Close' }).click();
  const again = await reopen(page);
  assert.equal(await again.box.isChecked(), true, 'the page\'s own script turned it off');
  await again.box.uncheck();
  await again.save.click();
  await until(async () => (await smtpEntries()).length >= 3, 'the genuine turn-on');
  const after = await smtpEntries();
  assert.equal(after.length, 3, 'only the genuine change recorded');
  assert.deepEqual(summary(after[2]), ['organization', null, 'turn-on', 'succeeded', 'observed']);
  await page.close();
});

test('Authenticated SMTP for two listed senders on, one off, and the authentication policy box: each recorded with its scope and mailbox', async () => {
  await clearLog();
  await settings('', 'worldwide');
  const { page } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/users');
  /** Opens a user's flyout, then Manage email apps, and sets Authenticated SMTP. */
  const emailApps = async (name, on) => {
    await page.getByRole('button', { name }).click();
    await page.getByRole('button', { name: 'Manage email apps' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manage email apps' });
    const box = dialog.getByRole('checkbox', { name: 'Authenticated SMTP' });
    if (on) await box.check(); else await box.uncheck();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText('Email apps settings saved.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  };
  await emailApps('Scanner (3rd floor)', true);
  await until(async () => (await smtpEntries()).length === 1, 'the first mailbox');
  await emailApps('Printer 3F', true);
  await until(async () => (await smtpEntries()).length === 2, 'the second mailbox');
  await emailApps('Scanner (3rd floor)', false);
  await until(async () => (await smtpEntries()).length === 3, 'the first mailbox off');
  assert.deepEqual((await smtpEntries()).map(summary), [
    ['mailbox', 'scanner@contoso.com', 'turn-on', 'succeeded', 'observed'],
    ['mailbox', 'printer-3f@contoso.com', 'turn-on', 'succeeded', 'observed'],
    ['mailbox', 'scanner@contoso.com', 'turn-off', 'succeeded', 'observed'],
  ]);
  // A recorded turn-on for a mailbox: the reminder to test the device.
  const alarms = await session.worker.evaluate(async () => (await chrome.alarms.getAll()).map((a) => a.name));
  const [first] = await smtpEntries();
  assert.ok(alarms.includes(`smtp-test:${first.id}`), alarms.join());

  await page.goto('https://admin.microsoft.com/#/Settings/Services/:/Settings/L1/ModernAuthentication');
  const modern = page.getByRole('dialog', { name: 'Modern authentication' });
  await modern.getByRole('checkbox', { name: 'Authenticated SMTP' }).uncheck();
  await modern.getByRole('button', { name: 'Save' }).click();
  await until(async () => (await smtpEntries()).length === 4, 'the policy box');
  assert.deepEqual(summary((await smtpEntries())[3]), ['authentication-policy', null, 'turn-off', 'succeeded', 'observed']);
  // The popup's board shows each, by the sender's address.
  await settings('', 'worldwide');
  await ext.evaluate(() => chrome.storage.local.get('settings').then(({ settings }) => chrome.storage.local.set({ settings: { ...settings, smtp_senders: ['scanner@contoso.com', 'printer-3f@contoso.com'] } })));
  const popup = await openPopup(session, undefined, { tab: 'smtp' });
  assert.match(await popup.locator('#smtp-board tr[data-subject="printer-3f@contoso.com"] td').innerText(), /turned on/);
  assert.match(await popup.locator('#smtp-board tr[data-subject="scanner@contoso.com"] td').innerText(), /turned off/);
  assert.match(await popup.locator('#smtp-board tr[data-subject="authentication-policy"] td').innerText(), /turned off/);
  await Promise.all([popup.close(), page.close()]);
});

test('the helper on these pages: the switch as the page shows it, the plan for it, a listed sender', async () => {
  await clearLog();
  await ext.evaluate(() => chrome.storage.local.set({ settings: { schema: 1, cloud: 'worldwide', needed: ['EWS'], practice_date: null, smtp_senders: ['scanner@contoso.com'] } }));
  const { page, box } = await mailFlow('?ui=v9');
  const helper = helperFrame(page);
  await helper.locator('#switch-state', { hasText: 'This page shows SMTP AUTH turned on for the organisation.' }).waitFor();
  assert.match(await helper.locator('#plan-step').innerText(), /Keep SMTP AUTH off for the organisation/);
  assert.equal(await helper.locator('#missing').count(), 0, 'no diagnostic element called missing here');
  await box.check();
  await helper.locator('#switch-state', { hasText: 'turned off for the organisation' }).waitFor();
  // Minimise here too (issue 25): one line, the frame shrinks, and back.
  await helper.getByRole('button', { name: 'Minimise the AuthPilot helper' }).click();
  await helper.locator('main.minimised p.summary', { hasText: 'turned off for the organisation' }).waitFor();
  await until(async () => (await page.locator('iframe[src$="helper.html"]').evaluate((f) => f.getBoundingClientRect().height)) < 200, 'the helper shrunk');
  await helper.getByRole('button', { name: 'Expand the AuthPilot helper' }).click();
  await helper.locator('#plan-step').waitFor();
  // Sized to what it says (issue 25): the frame is as tall as the helper's content.
  const frameEl = page.locator('iframe[src$="helper.html"]');
  const fits = async () => {
    const frameHeight = await frameEl.evaluate((f) => f.getBoundingClientRect().height);
    const content = await helper.locator('body').evaluate((b) => b.getBoundingClientRect().height);
    return Math.abs(frameHeight - content) <= 2 && frameHeight < 480;
  };
  await until(fits, 'the helper sized to its content');
  // Moved to the other side, it stays clear of the flyout open there (on the right) and goes
  // right once the flyout closes; remembered on the next page.
  assert.equal(await frameEl.getAttribute('data-side'), 'left');
  await helper.getByRole('button', { name: 'Move the AuthPilot helper to the other side of the page' }).click();
  await until(async () => (await ext.evaluate(async () => (await chrome.storage.local.get('helper')).helper?.right)) === true, 'the side remembered');
  assert.equal(await frameEl.getAttribute('data-side'), 'left', 'kept clear of the open flyout');
  await page.getByRole('dialog', { name: 'Mail flow settings' }).getByRole('button', { name: 'Close' }).click();
  await until(async () => (await frameEl.getAttribute('data-side')) === 'right', 'on the right once the flyout closed');
  await page.reload();
  await page.getByRole('button', { name: 'Mail flow' }).click();
  await helperFrame(page).locator('#switch-state').waitFor();
  await until(async () => (await frameEl.getAttribute('data-side')) === 'left', 'aside again while the flyout is open');
  await page.getByRole('dialog', { name: 'Mail flow settings' }).getByRole('button', { name: 'Close' }).click();
  await until(async () => (await frameEl.getAttribute('data-side')) === 'right', 'the remembered side');
  await helperFrame(page).getByRole('button', { name: 'Move the AuthPilot helper to the other side of the page' }).click();
  await until(async () => (await frameEl.getAttribute('data-side')) === 'left', 'back on the left');
  await page.close();

  const users = (await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/users')).page;
  await users.getByRole('button', { name: 'Scanner (3rd floor)' }).click();
  await users.getByRole('button', { name: 'Manage email apps' }).click();
  const frame = helperFrame(users);
  await frame.locator('#listed[data-listed="true"]', { hasText: 'scanner@contoso.com is a listed sender.' }).waitFor();
  assert.match(await frame.locator('#plan-step').innerText(), /its mailbox alone/);
  await users.close();
});
