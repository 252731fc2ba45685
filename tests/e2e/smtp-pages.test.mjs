// The three SMTP AUTH pages on the Fluent UI renderings (issue 13): the Exchange admin
// center's Mail flow settings, a user's Manage email apps and Modern authentication, drawn by
// the real @fluentui/react v8 and @fluentui/react-components v9 components (tests/replica/
// fluent/smtp-v8.jsx, smtp-v9.jsx). The hand-written replica's cells are in exchange.test.mjs.
//
// Cells (chosen so each knob is met at least once in each Fluent version, not every
// combination — make test stays under its budget):
//   v8 plain        visible labels, "Save"/"Save changes" as the page's own, message bar in the panel
//   v8 varied       aria-label only, Save/Save changes swapped, result as a toast (a Layer at
//                   the end of <body>), each panel's content 800 ms late, panels titled
//                   otherwise (the user's name; "Authentication settings"), so whose box it is
//                   comes from what the panel holds
//   v9 plain        as v8 plain with v9's components
//   v9 varied       aria-label only, toast (v9 Toaster), 800 ms late, panels titled otherwise
// On each cell: the organisation off and on; two listed senders' flyouts one after another
// (on, on), one turned back off, and a flyout closed with its box changed but unsaved; the
// authentication-policy box; a refused save; page-made clicks. Then, on v8 and v9: a flyout
// that shows no address (the helper asks for it), and the outlined box.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, storageTools, switchSummary, until, helperFrame, axeViolations, tick, reopenShowing } from './harness.mjs';

let session;
let ext;
before(async () => {
  session = await startSession();
  ext = await openPopup(session);
});
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());
const { settings, smtpEntries, clearLog } = storageTools(() => ext);
const summary = switchSummary;

const CELLS = [
  ['v8 plain', 'ui=v8', { org: 'Save', mailbox: 'Save changes', policy: 'Save' }],
  ['v8 varied', 'ui=v8&label=aria&save=changes&result=toast&late=800&title=other', { org: 'Save changes', mailbox: 'Save changes', policy: 'Save changes', otherTitles: true }],
  ['v9 plain', 'ui=v9', { org: 'Save', mailbox: 'Save changes', policy: 'Save' }],
  ['v9 varied', 'ui=v9&label=aria&save=plain&result=toast&late=800&title=other', { org: 'Save', mailbox: 'Save', policy: 'Save', otherTitles: true }],
];

/** Waits for a saved message (in the panel or a toast anywhere on the page). */
const savedMessage = (page, text) => page.getByText(text).first().waitFor();

async function mailFlow(query) {
  const { page } = await openTab(session, `https://admin.exchange.microsoft.com/?${query}#/settings`);
  await page.getByRole('button', { name: 'Mail flow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mail flow settings' });
  const box = dialog.getByRole('checkbox', { name: 'Turn off SMTP AUTH protocol for your organization' });
  await box.waitFor();
  return { page, dialog, box };
}

/** Active users > a user > Manage email apps: the flyout's box and Save (`otherTitles`: the
 * panel is titled by the user's name). */
async function emailApps(page, name, saveName, otherTitles = false) {
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Manage email apps' }).click();
  const dialog = page.getByRole('dialog', { name: otherTitles ? name : 'Manage email apps' });
  const box = dialog.getByRole('checkbox', { name: 'Authenticated SMTP' });
  await box.waitFor();
  return { dialog, box, save: dialog.getByRole('button', { name: saveName, exact: true }), close: dialog.getByRole('button', { name: 'Close' }) };
}

for (const [cell, query, saves] of CELLS) {
  test(`${cell}: the organisation off and on, each once, with the page's message; a refused save records failed; page-made clicks nothing`, async () => {
    await clearLog();
    const { page, dialog, box } = await mailFlow(query);
    const save = dialog.getByRole('button', { name: saves.org, exact: true });
    await tick(box);
    await save.dblclick();
    await savedMessage(page, 'Your change has been saved.');
    await until(async () => (await smtpEntries()).length === 1, 'the turn-off');
    // A double click records once: the turn-on below is the very next entry.
    await tick(box, false);
    await save.click();
    await until(async () => (await smtpEntries()).length === 2, 'the turn-on');
    assert.deepEqual((await smtpEntries()).map(summary), [
      ['organization', null, 'turn-off', 'succeeded', 'observed'],
      ['organization', null, 'turn-on', 'succeeded', 'observed'],
    ]);
    assert.match((await smtpEntries())[0].message, /Your change has been saved/);
    // The page's own script flips the box and presses Save: nothing.
    await page.evaluate(() => {
      document.querySelector('[role="dialog"] input[type="checkbox"]').click();
      [...document.querySelectorAll('[role="dialog"] button')].find((b) => /^save/i.test(b.textContent.trim())).click();
    });
    // Positive control on the same page: once the flyout shows what the page's script saved
    // (off), the admin's own change back on records exactly one entry, the turn-on.
    const again = await reopenShowing(page, async () => {
      await page.getByRole('button', { name: 'Mail flow' }).click();
      return { box: page.getByRole('dialog', { name: 'Mail flow settings' }).getByRole('checkbox', { name: 'Turn off SMTP AUTH protocol for your organization' }) };
    }, true);
    await tick(again.box, false);
    await page.getByRole('dialog', { name: 'Mail flow settings' }).getByRole('button', { name: saves.org, exact: true }).click();
    await until(async () => (await smtpEntries()).length >= 3, 'the genuine turn-on');
    assert.deepEqual((await smtpEntries()).slice(2).map(summary), [['organization', null, 'turn-on', 'succeeded', 'observed']], 'page-made clicks recorded nothing');
    await page.close();

    const failing = await mailFlow(`${query}&saveFails=1`);
    await tick(failing.box);
    await failing.dialog.getByRole('button', { name: saves.org, exact: true }).click();
    await until(async () => (await smtpEntries()).length === 4, 'the refused save');
    const failed = (await smtpEntries())[3];
    assert.deepEqual(summary(failed), ['organization', null, 'turn-off', 'failed', 'observed']);
    assert.match(failed.message, /couldn't save your changes/);
    await failing.page.close();
  });

  test(`${cell}: two listed senders on one after another, one back off, a flyout closed unsaved, and the policy box`, async () => {
    await clearLog();
    const { page } = await openTab(session, `https://admin.microsoft.com/Adminportal/Home?${query}#/users`);
    let f = await emailApps(page, 'Scanner (3rd floor)', saves.mailbox, saves.otherTitles);
    await tick(f.box);
    await f.save.click();
    await savedMessage(page, 'Email apps settings saved.');
    await until(async () => (await smtpEntries()).length === 1, 'the first mailbox');
    await f.close.click();
    f = await emailApps(page, 'Printer 3F', saves.mailbox, saves.otherTitles);
    await tick(f.box);
    await f.save.click();
    await until(async () => (await smtpEntries()).length === 2, 'the second mailbox');
    await f.close.click();
    // Changed, then closed without saving: nothing; reopened, the box is as stored.
    f = await emailApps(page, 'Megan Bowen', saves.mailbox, saves.otherTitles);
    await tick(f.box);
    await f.close.click();
    // A panel closed unsaved records nothing: the next entry is the first mailbox off.
    f = await emailApps(page, 'Scanner (3rd floor)', saves.mailbox, saves.otherTitles);
    assert.equal(await f.box.isChecked(), true, 'the saved state');
    await tick(f.box, false);
    await f.save.click();
    await until(async () => (await smtpEntries()).length === 3, 'the first mailbox off');
    await f.close.click();
    assert.deepEqual((await smtpEntries()).map(summary), [
      ['mailbox', 'scanner@contoso.com', 'turn-on', 'succeeded', 'observed'],
      ['mailbox', 'printer-3f@contoso.com', 'turn-on', 'succeeded', 'observed'],
      ['mailbox', 'scanner@contoso.com', 'turn-off', 'succeeded', 'observed'],
    ]);

    await page.goto(`https://admin.microsoft.com/?${query}#/Settings/Services/:/Settings/L1/ModernAuthentication`);
    const modern = page.getByRole('dialog', { name: saves.otherTitles ? 'Authentication settings' : 'Modern authentication' });
    const policy = modern.getByRole('checkbox', { name: 'Authenticated SMTP' });
    await tick(policy, false);
    await modern.getByRole('button', { name: saves.policy, exact: true }).click();
    await until(async () => (await smtpEntries()).length === 4, 'the policy box');
    assert.deepEqual(summary((await smtpEntries())[3]), ['authentication-policy', null, 'turn-off', 'succeeded', 'observed']);
    assert.match((await smtpEntries())[3].message, /Your changes have been saved/);
    await page.close();
  });
}

for (const ui of ['v8', 'v9']) {
  test(`${ui}: a flyout that shows no address: the helper asks for it, refuses a non-address, and records once it is named`, async () => {
    await clearLog();
    await settings('', 'worldwide');
    const { page } = await openTab(session, `https://admin.microsoft.com/Adminportal/Home?ui=${ui}&address=hidden#/users`);
    const f = await emailApps(page, 'Scanner (3rd floor)', 'Save changes');
    const helper = helperFrame(page);
    await helper.locator('#listed[data-listed="unknown"]').waitFor();
    await tick(f.box);
    await f.save.click();
    await savedMessage(page, 'Email apps settings saved.');
    await helper.locator('#ask-mailbox[data-held="true"]').waitFor();
    assert.match(await helper.locator('#ask-text').innerText(), /Nothing is recorded until you name the mailbox/);
    assert.deepEqual(await axeViolations(page.frames().find((f) => f.url().endsWith('/helper.html'))), [], 'the helper asking');
    // Nothing is recorded before the mailbox is named (checked below, with the named change
    // as the only entry).
    assert.equal((await smtpEntries()).length, 0);
    // The flyout closes; the helper still asks. A non-address is refused, the text stays.
    await f.close.click();
    const field = helper.getByRole('textbox', { name: 'Mailbox address' });
    await field.fill('scanner');
    await helper.getByRole('button', { name: 'Record for this address' }).click();
    await helper.locator('#live', { hasText: '“scanner” is not an email address' }).waitFor();
    assert.equal(await field.inputValue(), 'scanner');
    assert.equal((await smtpEntries()).length, 0);
    await field.fill('Scanner@Contoso.com');
    await field.press('Enter');
    await until(async () => (await smtpEntries()).length === 1, 'the named change');
    assert.deepEqual(summary((await smtpEntries())[0]), ['mailbox', 'scanner@contoso.com', 'turn-on', 'succeeded', 'observed']);
    await helper.getByText('Recorded for scanner@contoso.com.').waitFor();
    assert.equal(await helper.locator('#ask-mailbox').count(), 0, 'nothing more to ask');
    // Another change saved, then the tab closed before the mailbox is named: nothing is
    // recorded and nothing is left waiting.
    const g = await emailApps(page, 'Printer 3F', 'Save changes');
    await tick(g.box);
    await g.save.click();
    await helper.locator('#ask-mailbox[data-held="true"]').waitFor();
    const waiting = () => ext.evaluate(async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('pending:')));
    assert.equal((await waiting()).length, 1);
    await page.close();
    await until(async () => (await waiting()).length === 0, 'the unnamed change dropped with its tab');
    assert.equal((await smtpEntries()).length, 1);
  });

  test(`${ui}: the helper outlines the switch's box with its label`, async () => {
    const { page, box } = await mailFlow(`ui=${ui}&label=aria`);
    await helperFrame(page).locator('#outlined').waitFor();
    await until(() => page.evaluate(() => {
      const outlined = document.querySelector('[data-ap-outline]');
      const input = document.querySelector('[role="dialog"] input[type="checkbox"]');
      return !!outlined && outlined.contains(input) && outlined.style.outlineWidth === '3px';
    }), 'the outlined box');
    assert.equal(await box.isChecked(), false);
    await page.close();
  });
}
