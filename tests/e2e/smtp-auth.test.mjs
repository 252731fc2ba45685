// SMTP AUTH (issue 12), walked in English and in Japanese in the built extension: list three
// senders (a bad address refused, nothing stored changes), see the plan with days left on a
// practice date in December 2026, copy a PowerShell line and record it when asked, record a
// mailbox re-enable manually, paste an error and get its meaning, export JSON (version 2) and
// CSV and verify the chain with the Python check printed in docs/log-format.md; the reminders'
// alarms follow the settings; the popup's first screen fits Chrome's 800 × 600.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, openTab, openPopup, popupTab, messages, root, until } from './harness.mjs';

const SENDERS = ['scanner@contoso.com', 'printer-3f@contoso.com', 'lob-app@contoso.com'];

/** The Python check of docs/log-format.md, exactly as printed there. */
function docsPython() {
  const doc = readFileSync(join(root, 'docs', 'log-format.md'), 'utf8');
  const start = doc.indexOf('```python\n') + '```python\n'.length;
  return doc.slice(start, doc.indexOf('```', start));
}

for (const lang of ['en', 'ja']) {
  describe(`SMTP AUTH in ${lang === 'en' ? 'English' : 'Japanese'}`, () => {
    let session;
    const msg = messages(lang);
    before(async () => {
      session = await startSession({ lang, locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
      // The clipboard is read back on an admin-center page (an extension origin cannot be
      // granted clipboard-read, and AuthPilot asks for no clipboard permission).
      await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://admin.microsoft.com' });
    });
    after(async () => { await session?.stop(); });
    afterEach(() => session.assertNoPageErrors());

    const alarms = () => session.worker.evaluate(async () => (await chrome.alarms.getAll()).map((a) => a.name).sort());
    const stored = () => session.worker.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      return Object.keys(all).filter((k) => k.startsWith('log:')).sort().map((k) => all[k]);
    });

    test('senders are listed in settings, a bad one is refused, and the plan counts the days', async () => {
      const popup = await openPopup(session, undefined, { tab: 'settings' });
      // A bad address: refused with its line, nothing stored changes.
      const before = await session.worker.evaluate(() => chrome.storage.local.get('settings'));
      await popup.locator('#smtp_senders').fill(`${SENDERS[0]}\nnot an address`);
      await popup.getByRole('button', { name: msg('settings_save') }).click();
      await popup.locator('#smtp-senders-error').waitFor();
      assert.equal(await popup.locator('#smtp-senders-error').innerText(), msg('smtp_bad_sender', 2, 'not an address'));
      assert.deepEqual(await session.worker.evaluate(() => chrome.storage.local.get('settings')), before);
      // Three senders, typed in mixed case; a practice date in December 2026.
      await popup.locator('#smtp_senders').fill(SENDERS.map((s, i) => (i === 0 ? s.toUpperCase() : s)).join('\n'));
      await popup.locator('#practice_date').fill('2026-12-15');
      await popup.getByRole('button', { name: msg('settings_save') }).click();
      await popup.locator('#notice', { hasText: msg('notice_settings_saved') }).waitFor();
      const settings = (await session.worker.evaluate(() => chrome.storage.local.get('settings'))).settings;
      assert.deepEqual(settings.smtp_senders, SENDERS);
      // The deadline reminders are set (today, 2026-11-28, all three are ahead).
      await until(async () => (await alarms()).includes('smtp:new-year'), 'the deadline alarms');
      assert.deepEqual((await alarms()).filter((n) => n.startsWith('smtp:')), ['smtp:before-14', 'smtp:before-3', 'smtp:new-year']);

      // The first screen: where, what applies and what next for both topics, within 600 px.
      await popupTab(popup, 'now');
      const now = await popup.locator('#smtp-now').innerText();
      assert.equal(await popup.locator('#smtp-now-days').innerText(), msg('smtp_days_until', 16), now);
      assert.equal(await popup.locator('#next-step').innerText(), msg('smtp_next_per_mailbox', 3, 3, SENDERS.join(msg('list_separator'))));
      for (const id of ['#where', '#smtp-now', '#phase']) {
        const box = await popup.locator(id).boundingBox();
        assert.ok(box && box.y + box.height <= 600, `${id} is on the first screen (${JSON.stringify(box)})`);
      }
      // The plan.
      await popup.getByRole('button', { name: msg('smtp_see_plan') }).click();
      await popup.locator('#panel-smtp').waitFor({ state: 'visible' });
      assert.equal(await popup.locator('#smtp').getAttribute('data-smtp-phase'), 'december-2026');
      assert.equal(await popup.locator('#smtp-days').innerText(), msg('smtp_days_until', 16));
      assert.match(await popup.locator('ul.unconfirmed').innerText(), new RegExp(msg('smtp_unconfirmed_day').slice(0, 12)));
      const rows = await popup.locator('#smtp-board tr[data-subject]').evaluateAll((trs) => trs.map((t) => t.dataset.subject));
      assert.deepEqual(rows, ['organization', 'authentication-policy', ...SENDERS]);
      await popup.close();
    });

    test('copying a PowerShell line records nothing until the admin says it was run', async () => {
      const popup = await openPopup(session, undefined, { tab: 'smtp' });
      const count = (await stored()).length;
      const step = popup.locator('li[data-step="per-mailbox"]');
      await step.locator('summary').click();
      const label = msg('smtp_copy_label', msg('smtp_cmd_mailbox_on', SENDERS[0]));
      await popup.getByRole('button', { name: label }).click();
      await popup.locator('#notice', { hasText: msg('notice_copied') }).waitFor();
      const line = `Set-CASMailbox -Identity '${SENDERS[0]}' -SmtpClientAuthenticationDisabled $false`;
      const { page } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), line);
      await page.close();
      await popup.bringToFront();
      assert.equal((await stored()).length, count, 'copying recorded nothing');
      assert.equal(await popup.locator('#asked code').innerText(), line);
      await popup.getByRole('button', { name: msg('smtp_asked_worked') }).click();
      await popup.locator('#notice', { hasText: msg('notice_recorded', `SMTP AUTH (${SENDERS[0]})`, msg('action_turn_on'), msg('outcome_succeeded')) }).waitFor();
      const entries = await stored();
      const last = entries.at(-1);
      assert.deepEqual(
        { protocol: last.protocol, scope: last.scope, mailbox: last.mailbox, action: last.action, outcome: last.outcome, source: last.source, note: last.note },
        { protocol: 'SMTP', scope: 'mailbox', mailbox: SENDERS[0], action: 'turn-on', outcome: 'succeeded', source: 'manual', note: line },
      );
      assert.match(await popup.locator(`#smtp-board tr[data-subject="${SENDERS[0]}"] td`).innerText(), new RegExp(msg('action_turn_on')));
      // After a recorded turn-on: the reminder to test the device.
      await until(async () => (await alarms()).includes(`smtp-test:${last.id}`), 'the device-test alarm');
      // "Not run" records nothing.
      const off = msg('smtp_copy_label', msg('smtp_cmd_mailbox_off', SENDERS[2]));
      await step.locator('summary').click(); // the redraw closed it
      await popup.getByRole('button', { name: off }).click();
      await popup.getByRole('button', { name: msg('smtp_asked_not_run') }).click();
      await popup.locator('#notice', { hasText: msg('notice_not_run') }).waitFor();
      assert.equal((await stored()).length, count + 1);
      await popup.close();
    });

    test('a mailbox re-enable is recorded manually, and an error is explained', async () => {
      const popup = await openPopup(session, undefined, { tab: 'log' });
      await popup.getByText(msg('record_manually'), { exact: true }).click();
      await popup.locator('#protocol').selectOption('SMTP');
      await popup.locator('#scope').selectOption('mailbox');
      await popup.locator('#mailbox').fill(SENDERS[1]);
      await popup.locator('#action').selectOption('turn-on');
      await popup.locator('#outcome').selectOption('succeeded');
      await popup.locator('#local_time').fill('2026-12-16T10:00');
      await popup.getByRole('button', { name: msg('record_submit'), exact: true }).click();
      await popup.locator('#notice', { hasText: msg('notice_recorded', 'SMTP', msg('action_turn_on'), msg('outcome_succeeded')) }).waitFor();
      const last = (await stored()).at(-1);
      assert.deepEqual([last.protocol, last.scope, last.mailbox, last.action], ['SMTP', 'mailbox', SENDERS[1], 'turn-on']);
      // A mailbox action on a 2022 protocol is refused, naming the field.
      await popup.getByText(msg('record_manually'), { exact: true }).click();
      await popup.locator('#protocol').selectOption('IMAP');
      await popup.locator('#action').selectOption('turn-on');
      await popup.locator('#local_time').fill('2026-12-16T10:00');
      await popup.getByRole('button', { name: msg('record_submit'), exact: true }).click();
      await popup.locator('#action-error').waitFor();
      assert.equal(await popup.locator('#action-error').innerText(), msg('record_action_for_protocol'));

      await popupTab(popup, 'smtp');
      await popup.locator('#explainer summary').click();
      await popup.locator('#explain_text').fill([
        'S: 220 AM0PR02CA0001.outlook.office365.com Microsoft ESMTP MAIL Service ready',
        `C: MAIL FROM:<${SENDERS[2]}>`,
        'S: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR02CA0001.eurprd02.prod.outlook.com 2026-12-31T08:15:02.123Z]',
      ].join('\n'));
      await popup.getByRole('button', { name: msg('smtp_explain_button') }).click();
      const explained = popup.locator('#explained dl');
      await explained.waitFor();
      assert.equal(await explained.getAttribute('data-known'), 'disabled-for-mailbox');
      const text = await explained.innerText();
      assert.ok(text.includes(msg('smtp_explain_mailbox')) && text.includes(SENDERS[2]), text);
      assert.ok(text.includes(`Set-CASMailbox -Identity '${SENDERS[2]}' -SmtpClientAuthenticationDisabled $false`), text);
      assert.ok(text.includes(msg('smtp_explain_unconfirmed')), 'says the text is unconfirmed');
      await popup.locator('#explain_text').fill('550 5.7.1 Unable to relay');
      await popup.getByRole('button', { name: msg('smtp_explain_button') }).click();
      await popup.locator('#explained', { hasText: msg('smtp_explain_unknown') }).waitFor();
      await popup.close();
    });

    test('the log exports as version 2 (JSON and CSV) and the docs\' Python verifies it', async () => {
      const popup = await openPopup(session, undefined, { tab: 'log' });
      const save = async (label, name) => {
        const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: label }).click()]);
        const file = join(session.dir, name);
        await download.saveAs(file);
        return file;
      };
      const json = await save(msg('log_export_json'), 'log.json');
      const csv = await save(msg('log_export_csv'), 'log.csv');
      const log = JSON.parse(readFileSync(json, 'utf8'));
      assert.equal(log.version, 2);
      assert.ok(log.entries.some((e) => e.protocol === 'SMTP' && e.scope === 'mailbox' && e.mailbox === SENDERS[1]));
      assert.ok(readFileSync(csv, 'utf8').startsWith('\ufeffid,seq,at,protocol,scope,mailbox,action,'));
      const check = join(session.dir, 'check.py');
      writeFileSync(check, docsPython());
      assert.match(execFileSync('python3', [check, json]).toString(), new RegExp(`^${log.entries.length} entries verified`));
      // Turning the deadline reminders off clears them.
      await popupTab(popup, 'settings');
      await popup.locator('#deadline_reminders').uncheck();
      await popup.getByRole('button', { name: msg('settings_save') }).click();
      await popup.locator('#notice', { hasText: msg('notice_settings_saved') }).waitFor();
      await until(async () => !(await alarms()).some((n) => n.startsWith('smtp:')), 'the deadline alarms cleared');
      await popup.close();
    });
  });
}
