// Today first (issue 27), in English and in Japanese. On the real date — a test clock set to
// 2026-12-03 in the popup and the admin-center page, not a practice date — the popup's first
// screen and the helper offer no diagnostic action and lead with SMTP AUTH's next step as a
// working button; the days left read "28 days until 31 December 2026"; 2022 is a collapsed
// "What happened in 2022". Under a 2022 practice date the rehearsal offers the pre-fill with
// the date beside it (and it fills the query); under a 2027 one the first screen speaks of the
// change and names the listed senders with nothing recorded. Cells: every check in English;
// in Japanese the first screen's buttons on the three dates and the helper on the real date
// (the whole rehearsal in Japanese is the languages suite's).
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, messages, until, showHelper, helperFrame, axeViolations, adminUrl } from './harness.mjs';

const TODAY = new Date('2026-12-03T10:00:00Z');
const REPORT = 'https://admin.exchange.microsoft.com/#/reports/smtpauthmailflowdetails';

const settings = (practice, senders = []) => ({
  schema: 1, cloud: 'worldwide', needed: ['EWS', 'POP', 'IMAP'], practice_date: practice, smtp_senders: senders,
});

async function setSettings(session, value) {
  const page = await openPopup(session);
  await page.evaluate((s) => chrome.storage.local.set({ settings: s }), value);
  await page.close();
}

/** The labels of the buttons a part of the popup shows, in order. */
const labels = (scope) => scope.locator('button').allInnerTexts();

/** A page that opens after `action`, found by its address. */
async function opened(session, action, wanted) {
  const [page] = await Promise.all([
    session.context.waitForEvent('page', { predicate: (p) => wanted(p.url()), timeout: 10000 }),
    action(),
  ]);
  return page;
}

for (const lang of ['en', 'ja']) {
  describe(`today first, ${lang}`, () => {
    const msg = messages(lang);
    const protocols = msg('list_and', `EWS${msg('list_separator')}POP`, 'IMAP');
    let session;
    before(async () => { session = await startSession({ lang, locale: lang === 'ja' ? 'ja-JP' : 'en-US' }); });
    after(async () => { await session?.stop(); });
    afterEach(() => session.assertNoPageErrors());

    test(`${lang}: on the real date the first screen leads with SMTP AUTH's next step and offers no diagnostic action`, async () => {
      await setSettings(session, settings(null));
      const { page, tabId } = await openTab(session, adminUrl());
      const popup = await openPopup(session, tabId, { at: TODAY });
      assert.equal(await popup.getByRole('button', { name: msg('button_prefill') }).count(), 0);
      assert.equal(await popup.getByRole('button', { name: msg('button_prefill_search') }).count(), 0);
      assert.equal(await popup.locator('#smtp-now-days').innerText(), msg('smtp_days_until', 28));
      const next = popup.locator('#smtp-now .buttons.next');
      assert.deepEqual(await labels(next), [msg('place_open', msg('place_clients_report')), msg('smtp_list_senders_button')]);
      // It is the first screen: the next step's buttons are within Chrome's 600-pixel popup.
      const box = await next.boundingBox();
      assert.ok(box.y + box.height <= 600, `the next step ends at ${box.y + box.height} px`);
      // 2022, short and collapsed, still says what to do now.
      assert.deepEqual(await popup.locator('#phase').evaluate((d) => [d.tagName, d.open]), ['DETAILS', false]);
      assert.equal(await popup.locator('#phase-heading').innerText(), msg('history_2022_summary', protocols));
      if (lang === 'en') {
        assert.deepEqual(await axeViolations(popup), []);
        // The button does what it says: the SMTP AUTH clients report opens.
        const report = await opened(session, () => next.getByRole('button', { name: msg('place_open', msg('place_clients_report')) }).click(),
          (url) => url === REPORT);
        await report.close();
        // "List the senders" shows the senders' field, focused.
        await next.getByRole('button', { name: msg('smtp_list_senders_button') }).click();
        await popup.locator('#panel-settings').waitFor({ state: 'visible' });
        assert.equal(await popup.evaluate(() => document.activeElement.id), 'smtp_senders');
      }
      await popup.close();

      // The helper, on the same date: the SMTP AUTH step that fits the page.
      await page.clock.setFixedTime(TODAY);
      await showHelper(session, tabId, msg('button_show_helper'));
      const helper = helperFrame(page);
      await helper.locator('#page-step[data-step="find"]').waitFor();
      assert.equal(await helper.locator('#days').innerText(), msg('smtp_days_until', 28));
      assert.equal(await helper.getByRole('button', { name: msg('button_prefill') }).count(), 0);
      assert.deepEqual(await labels(helper.locator('main > .buttons')),
        [msg('place_open', msg('place_clients_report')), msg('smtp_list_senders_button')]);
      // On Active users it says what to do there (pushed when the page's route changes).
      await page.evaluate(() => { location.hash = '#/users'; });
      await helper.locator('#page-step[data-step="active-users"]').waitFor();
      assert.equal(await helper.locator('#page-step').innerText(), msg('helper_on_active_users_no_senders'));
      if (lang === 'en') {
        // Its buttons work too: the senders' list opens in AuthPilot's page.
        const list = await opened(session, () => helper.getByRole('button', { name: msg('smtp_list_senders_button') }).click(),
          (url) => url.includes('/popup.html?tab=') && url.endsWith('#settings'));
        await list.waitForSelector('#app[data-ready="true"]');
        assert.equal(await list.locator('#panel-settings').isVisible(), true);
        await list.close();
        assert.deepEqual(await axeViolations(page.frames().find((f) => f.url().includes('helper.html'))), []);
      }
      await page.close();
    });

    test(`${lang}: under a 2022 practice date the rehearsal offers the pre-fill, the date beside it`, async () => {
      await setSettings(session, settings('2022-10-15'));
      const { page, tabId } = await openTab(session, adminUrl());
      const popup = await openPopup(session, tabId, { at: TODAY });
      const rehearsal = popup.locator('#phase[data-rehearsal="2022-10-15"]');
      const group = rehearsal.getByRole('group');
      assert.match(await group.getAttribute('aria-label'), /2022/);
      assert.deepEqual(await labels(group), [msg('button_prefill'), msg('button_prefill_search')]);
      // SMTP AUTH still leads, for today.
      assert.equal(await popup.locator('#smtp-now-days').innerText(), msg('smtp_days_until', 28));
      // The rehearsal works as before: the query is filled in Help & support.
      await group.getByRole('button', { name: msg('button_prefill') }).click();
      await popup.locator('#notice', { hasText: msg('notice_filled') }).waitFor();
      await until(() => page.evaluate(() => [...document.querySelectorAll('input')].some((i) => i.value === 'Diag: Enable Basic Auth in EXO')), 'the query filled');
      await popup.close();
      await page.close();
    });

    test(`${lang}: under a 2027 practice date the first screen speaks of the change and names the senders with nothing recorded`, async () => {
      await setSettings(session, settings('2027-01-15', ['scanner@contoso.com', 'printer@contoso.com']));
      const popup = await openPopup(session, undefined, { at: TODAY });
      const answer = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'log-append', draft: {
        id: '00000000-0000-4000-8000-000000002027', at: '2027-01-10T09:00:00Z', protocol: 'SMTP', scope: 'mailbox',
        mailbox: 'scanner@contoso.com', action: 'turn-on', outcome: 'succeeded', source: 'manual', cloud: 'worldwide' } }));
      assert.equal(answer.ok, true, JSON.stringify(answer));
      await popup.reload();
      await popup.waitForSelector('#app[data-ready="true"]');
      assert.equal(await popup.locator('#smtp-now').getAttribute('data-smtp-phase'), 'off-by-default');
      assert.equal(await popup.locator('#smtp-now-days').count(), 0);
      assert.equal(await popup.locator('#smtp-now-heading').innerText(), msg('smtp_off_title'));
      const step = await popup.locator('#next-step').innerText();
      assert.ok(step.includes('printer@contoso.com') && !step.includes('scanner@contoso.com'), step);
      assert.equal(step, msg('smtp_next_check_devices', 'printer@contoso.com'));
      const next = popup.locator('#smtp-now .buttons.next');
      assert.deepEqual(await labels(next), [msg('place_open', msg('place_active_users')), msg('smtp_explain_button_open')]);
      assert.equal(await popup.getByRole('button', { name: msg('button_prefill') }).count(), 0);
      // It points at the explainer: open, its field focused.
      await next.getByRole('button', { name: msg('smtp_explain_button_open') }).click();
      await popup.locator('#explainer[open]').waitFor();
      assert.equal(await popup.evaluate(() => document.activeElement.id), 'explain_text');
      await popup.evaluate(async () => {
        const all = await chrome.storage.local.get(null);
        await chrome.storage.local.remove(Object.keys(all).filter((k) => k.startsWith('log')));
      });
      await popup.close();
    });
  });
}
