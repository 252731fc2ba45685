// Languages: in a browser whose UI language is Japanese, AuthPilot speaks Japanese
// everywhere — the popup, the in-page helper, the worker's answers — and
// shows times the Japanese way in the admin's time zone, while storing them in UTC.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, openTab, openPopup, popupTab, messages, until, showHelper } from './harness.mjs';

const msg = messages('ja');
const en = messages('en');
let session;
before(async () => { session = await startSession({ lang: 'ja', locale: 'ja-JP', timezoneId: 'Asia/Tokyo' }); });
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());


test('the worker and the extension pages run in Japanese', async () => {
  const [ui, description] = await session.worker.evaluate(() => [chrome.i18n.getUILanguage(), chrome.i18n.getMessage('app_description')]);
  assert.equal(ui, 'ja');
  assert.equal(description, msg('app_description'));
  assert.notEqual(description, en('app_description'));
});

test('the popup: Japanese words, Japanese dates in Tokyo time, stored in UTC; a manual record and its refusal', async () => {
  const popup = await openPopup(session);
  assert.equal(await popup.evaluate(() => document.documentElement.lang), 'ja');
  assert.equal(await popup.title(), msg('popup_page_title'));
  assert.equal(await popup.locator('#where [data-state]').innerText(), msg('where_elsewhere'));
  assert.equal(await popup.locator('#log-status').innerText(), msg('log_verified_many', 0));

  // a bad record is refused in Japanese, nothing stored
  await popupTab(popup, 'log');
  await popup.locator('#record summary').click();
  await popup.locator('#protocol').selectOption('IMAP');
  await popup.getByRole('button', { name: msg('record_submit'), exact: true }).click();
  assert.equal(await popup.locator('#local-time-error').innerText(), msg('record_enter_time'));

  await popup.locator('#action').selectOption('re-enable');
  await popup.locator('#outcome').selectOption('submitted');
  await popup.locator('#local_time').fill('2022-10-15T10:00');
  await popup.getByRole('button', { name: msg('record_submit'), exact: true }).click();
  await popup.locator('#notice', { hasText: msg('notice_recorded', 'IMAP', msg('action_re_enable'), msg('outcome_submitted')) }).waitFor();
  const stored = await popup.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    return Object.keys(all).filter((k) => k.startsWith('log:')).map((k) => all[k]);
  });
  assert.equal(stored.length, 1);
  assert.equal(stored[0].at, '2022-10-15T01:00:00Z', '10:00 in Tokyo is stored as 01:00 UTC');
  assert.equal(await popup.locator('tr[data-protocol="IMAP"] td.last').innerText(),
    `${msg('action_re_enable')} · ${msg('outcome_submitted')} · 2022/10/15 10:00`);

  // the worker's refusal of an import arrives in Japanese
  const bad = join(session.dir, 'not-a-log.json');
  writeFileSync(bad, '{"format": "something-else"}');
  const previous = await popup.evaluate(() => document.querySelector('#notice')?.textContent ?? null); // patched in place: its text changes
  const [chooser] = await Promise.all([
    popup.waitForEvent('filechooser'),
    popup.getByRole('button', { name: msg('log_import') }).click(),
  ]);
  await chooser.setFiles(bad);
  await popup.waitForFunction((old) => (document.querySelector('#notice')?.textContent ?? null) !== old, previous);
  assert.equal(await popup.locator('#notice').innerText(),
    msg('notice_not_imported', 'not-a-log.json', msg('import_wrong_format', 'something-else')));
  await popup.close();
});

test('the helper speaks Japanese through a whole re-enable', async () => {
  const setup = await openPopup(session);
  await setup.evaluate(() => chrome.storage.local.set({ settings: { schema: 1, cloud: 'worldwide', needed: ['EWS', 'POP', 'IMAP'], practice_date: '2022-10-15' } }));
  await setup.close();
  const { page, tabId } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
  await showHelper(session, tabId, msg('button_show_helper'));
  const helper = page.frameLocator(`iframe[title="${msg('helper_page_title')}"]`);
  await helper.locator('li.current', { hasText: msg('guide_step_open_help') }).waitFor();
  assert.equal(await helper.locator('.phase').innerText(), msg('re_enable_title'));

  const popup = await openPopup(session, tabId);
  await popup.getByRole('button', { name: msg('button_prefill_search') }).click();
  await popup.locator('#notice', { hasText: msg('notice_filled_searched') }).waitFor();
  await popup.close();

  await page.getByRole('button', { name: 'Run Tests' }).click();
  await page.getByRole('combobox').click();
  await page.getByRole('option', { name: /\(EWS,/ }).click();
  await page.getByRole('checkbox').check();
  await helper.locator('#live', { hasText: msg('status_selected', 'EWS') }).waitFor();
  await helper.locator('li.current', { hasText: msg('guide_step_update_settings') }).waitFor();
  await page.getByRole('button', { name: 'Update Settings' }).click();
  await helper.locator('#live', { hasText: msg('status_succeeded_recorded') }).waitFor();
  await until(async () => (await helper.locator('li[data-protocol="EWS"]').innerText()) === msg('helper_protocol_done', 'EWS'), 'EWS done');
  // nothing English left in the helper: every line is one of the Japanese messages' shapes
  const text = await helper.locator('main').innerText();
  for (const english of [en('helper_needed_heading'), en('guide_step_open_help'), en('status_succeeded_recorded')]) {
    assert.ok(!text.includes(english), `English "${english}" in the Japanese helper`);
  }
  await page.close();
});

test('errors of the pre-fill come in Japanese too: an element the page lacks, a tab AuthPilot cannot reach', async () => {
  // A page without the Help & support button: the content script names it, the core words it.
  const { page, tabId } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home?noHelp=1#/homepage');
  const popup = await openPopup(session, tabId);
  await popup.getByRole('button', { name: msg('button_prefill') }).click();
  const missing = msg('helper_missing', msg('target_help_button'));
  await popup.locator('#notice', { hasText: missing }).waitFor();
  assert.equal(await popup.locator('#notice').innerText(), missing);
  // A tab that is not the admin center: the worker cannot reach a content script there.
  const other = await openTab(session, 'https://login.microsoftonline.com/');
  const answer = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'prefill', tabId: id, submit: false }), other.tabId);
  assert.equal(answer.ok, false);
  assert.ok(answer.error.startsWith(msg('error_tab_unreachable', 'X').split('(')[0]), answer.error);
  assert.doesNotMatch(answer.error, /AuthPilot could not|cannot see/);
  await Promise.all([popup.close(), page.close(), other.page.close()]);
});
