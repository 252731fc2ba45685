// Accessibility: axe-core (injected into the page under test) finds no serious or critical
// violation in the popup or the in-page helper; and a keyboard-only walk through pre-fill,
// recording and export, without a mouse.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, popupTab, messages, showHelper, axeViolations } from './harness.mjs';

const violations = axeViolations;

for (const lang of ['en', 'ja']) {
  describe(`in ${lang === 'en' ? 'English' : 'Japanese'}`, () => {
    let own;
    const msg = messages(lang);
    before(async () => { own = await startSession({ lang }); });
    after(async () => { await own?.stop(); });
    afterEach(() => own.assertNoPageErrors());

    test('the popup has no serious or critical axe violations, on and off the admin center, with history and forms open', async () => {
      const { page, tabId } = await openTab(own, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
      const popup = await openPopup(own, tabId);
      assert.equal(await popup.evaluate(() => document.documentElement.lang), lang);
      assert.equal(await popup.locator('#where h2').innerText(), msg('where_heading'));
      assert.deepEqual(await violations(popup), [], 'Now');
      // Every tab, with its forms and disclosures open.
      await popupTab(popup, 'smtp');
      await popup.locator('#explainer summary').click();
      await popup.locator('#explain_text').fill('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. MAIL FROM:<scanner@contoso.com>');
      await popup.getByRole('button', { name: msg('smtp_explain_button') }).click();
      await popup.locator('#explained dl').waitFor();
      assert.deepEqual(await violations(popup), [], 'SMTP AUTH');
      await popupTab(popup, 'log');
      await popup.getByRole('button', { name: msg('history_of', 'IMAP') }).click();
      await popup.getByText(msg('record_manually'), { exact: true }).click();
      assert.deepEqual(await violations(popup), [], 'Log');
      await popupTab(popup, 'settings');
      assert.deepEqual(await violations(popup), [], 'Settings');
      const elsewhere = await openPopup(own);
      assert.deepEqual(await violations(elsewhere), []);
      await Promise.all([popup.close(), elsewhere.close(), page.close()]);
    });

    test('the in-page helper has no serious or critical axe violations', async () => {
      const setup = await openPopup(own);
      await setup.evaluate(() => chrome.storage.local.set({ settings: { schema: 1, cloud: 'worldwide', needed: ['EWS', 'POP', 'IMAP'], practice_date: '2022-10-15' } }));
      const { page, tabId } = await openTab(own, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
      await showHelper(own, tabId, msg('button_show_helper'));
      const frame = await (async () => {
        for (let i = 0; i < 100; i++) {
          const f = page.frames().find((x) => x.url().includes('helper.html'));
          if (f) return f;
          await page.waitForTimeout(50);
        }
        throw new Error('no helper frame');
      })();
      await frame.waitForSelector('#app[data-ready="true"]');
      assert.equal(await frame.evaluate(() => document.documentElement.lang), lang);
      assert.equal(await frame.locator('.phase').innerText(), msg('re_enable_title'));
      assert.deepEqual(await violations(frame), []);
      await frame.getByRole('button', { name: msg('helper_minimise_label') }).click();
      await frame.getByRole('button', { name: msg('helper_expand_label') }).waitFor();
      assert.deepEqual(await violations(frame), []);
      await Promise.all([setup.close(), page.close()]);
    });
  });
}

describe('by keyboard (English)', () => {
  let session;
  before(async () => { session = await startSession(); });
  after(async () => { await session?.stop(); });
  afterEach(() => session.assertNoPageErrors());

  test('keyboard only: the next step, a rehearsal\'s pre-fill, the tabs, record manually and export from the popup without a mouse', async () => {
    const { page, tabId } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
    let popup = await openPopup(session, tabId);
    const press = (key) => popup.keyboard.press(key);
    /** Tabs forward until the focused element's accessible text matches, then returns. */
    async function tabTo(text) {
      for (let i = 0; i < 80; i++) {
        const focused = await popup.evaluate(() => {
          const el = document.activeElement;
          if (!el) return '';
          if (el.matches('input, select, textarea')) return el.id; // form fields by their id
          return (el.getAttribute('aria-label') || el.textContent || '').trim();
        });
        if (focused === text) return;
        await press('Tab');
      }
      throw new Error(`Tab never reached "${text}"`);
    }
    // The real date's first screen: its next step's "List the senders" shows the field.
    await tabTo('List the senders');
    await press('Enter');
    await popup.locator('#panel-settings').waitFor({ state: 'visible' });
    assert.equal(await popup.evaluate(() => document.activeElement.id), 'smtp_senders');
    // Rehearsing 2022: the pre-fill, by keyboard.
    await popup.evaluate(() => chrome.storage.local.set({ settings: { schema: 1, cloud: 'worldwide', needed: ['EWS', 'POP', 'IMAP'], practice_date: '2022-10-15' } }));
    await popup.close();
    popup = await openPopup(session, tabId);
    await tabTo('Pre-fill diagnostic');
    await press('Enter');
    await popup.locator('#notice', { hasText: 'Query filled' }).waitFor();
    assert.equal(await page.getByRole('textbox').inputValue(), 'Diag: Enable Basic Auth in EXO');

    // The tab list: the arrow keys move between tabs (the selected one is in the Tab order).
    await tabTo('Now');
    await press('ArrowRight');
    assert.equal(await popup.evaluate(() => document.activeElement.id), 'tab-smtp');
    await press('ArrowRight');
    assert.equal(await popup.locator('#tab-log').getAttribute('aria-selected'), 'true');
    await popup.locator('#panel-log').waitFor({ state: 'visible' });
    await tabTo('Record manually');
    await press('Enter'); // opens the <details>
    await tabTo('protocol');
    await popup.keyboard.type('IMAP'); // selects by typing, as on a native select
    await tabTo('local_time');
    await popup.keyboard.type('10152022'); // month, day, year of the datetime-local field
    await press('Tab');
    await popup.keyboard.type('1000AM');
    await tabTo('Record');
    await press('Enter');
    await popup.locator('#notice', { hasText: 'Recorded: IMAP, Re-enable, Submitted.' }).waitFor();

    await tabTo('Export CSV');
    const [download] = await Promise.all([popup.waitForEvent('download'), press('Enter')]);
    assert.match(download.suggestedFilename(), /^authpilot-log-\d{4}-\d{2}-\d{2}\.csv$/);
    // One keystroke to any part from anywhere: Alt+4 is Settings, Alt+1 the first screen.
    await press('Alt+4');
    await popup.locator('#panel-settings').waitFor({ state: 'visible' });
    await press('Alt+1');
    await popup.locator('#panel-now').waitFor({ state: 'visible' });
    await Promise.all([popup.close(), page.close()]);
  });
});
