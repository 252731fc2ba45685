// The guided diagnostic on every replica variant — `hand` (hand-written in Fluent's style),
// `v8` (rendered by @fluentui/react) and `v9` (rendered by @fluentui/react-components) —
// across the knobs of tests/replica/fluent/shared.js. The built extension in Debian
// Chromium, over HTTPS on the real admin-center hosts; any page error fails the test.
//
// One file per variant (variants-hand, variants-v8, variants-v9: `make test` runs two files at
// a time), each calling `variantSuite` here with its own browser. Not every combination runs
// (make test must stay well under 15 minutes on 2 cores). Each variant runs these cells, chosen so that every knob value is met at least once on every
// variant and the riskiest pairs meet each other:
//   A  hint=placeholder card=keep    resultAt=card       names=long  label=Update Settings
//      pre-fill from the popup (pane closed) → re-enable IMAP → succeeded + effective_by
//   B  hint=visible     card=replace resultAt=messagebar names=short label=Update
//      arrival through ?searchSolutions= honoured → re-enable EWS (double click) → one
//      succeeded entry
//   C  hint=aria        card=keep    resultAt=region     honour=0 (query ignored on arrival)
//      AuthPilot fills the query itself → re-enable POP → error → failed with the page's text
//   D  mode=opt-out     card=replace hint=visible
//      pre-fill from the helper → opt out of POP → submitted
//   E  latePane=1500 delay=1500: pre-fill waits for the late pane; the helper does not call
//      anything missing while the page is loading
//   F  the pane closed and reopened mid-flow, and a route change mid-flow → one entry
//   G  two admin-center tabs at once (one with v9 combobox picker) → an entry each
//   H  page-made clicks, a fake success outside the pane, window messages → nothing
//   I  no Help & support button: the helper names it at once and offers Record manually;
//      "Copy page report" holds no text from outside the pane
import { test, before, after, beforeEach, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, until, storageTools, adminUrl, showHelper, helperFrame } from './harness.mjs';

/** The cells below on one replica variant (`hand`, `v8`, `v9`), in a browser of its own. */
export function variantSuite(ui) {
  const QUERY = 'Diag: Enable Basic Auth in EXO';
  const ARRIVE = `searchSolutions=${encodeURIComponent(QUERY)}`;
  const SHORT = { EWS: 'EWS', POP: 'POP3', IMAP: 'IMAP4' };

  let session;
  let ext;
  before(async () => {
    session = await startSession();
    ext = await openPopup(session);
  });
  after(async () => { await session?.stop(); });
  afterEach(() => session.assertNoPageErrors());
  const { settings, entries, clearLog } = storageTools(() => ext);
  const helper = helperFrame;
  const url = (ui, knobs = '') => adminUrl(`?ui=${ui}${knobs ? `&${knobs}` : ''}`);
  const oneEntry = async () => (await until(async () => { const l = await entries(); return l.length ? l : null; }, 'the entry', 10000))[0];

  beforeEach(async () => {
    await clearLog();
    await settings('2022-10-15');
  });

  /** What an admin does, whatever the variant: the controls by their role and visible name. */
  const admin = {
    openHelp: (page) => page.getByRole('button', { name: 'Help & support' }).click(),
    box: (page) => page.getByRole('searchbox').or(page.getByRole('textbox')).first(),
    async search(page) {
      const box = admin.box(page);
      await box.fill(QUERY);
      await box.press('Enter');
    },
    async choose(page, protocol, names = 'long') {
      await page.getByRole('combobox').click();
      const name = names === 'short' ? SHORT[protocol] : new RegExp(`\\(${protocol === 'POP' ? 'POP3' : protocol},`);
      await page.getByRole('option', { name, exact: names === 'short' }).click();
    },
    /** Run Tests, the protocol, the acknowledgement, Update (or a double click on it). */
    async run(page, protocol, { names = 'long', click = (b) => b.click() } = {}) {
      await page.getByRole('button', { name: 'Run Tests' }).click();
      await admin.choose(page, protocol, names);
      await page.getByText("I acknowledge clicking 'Update settings'").click();
      await click(page.getByRole('button', { name: /^Update( Settings)?$/ }));
    },
  };

  describe(`variant ${ui}`, () => {
    test(`${ui} A: pre-fill from the popup opens the pane; re-enable IMAP is recorded succeeded`, async () => {
      const { page, tabId } = await openTab(session, url(ui));
      const popup = await openPopup(session, tabId);
      await popup.getByRole('button', { name: 'Pre-fill and search' }).click();
      await popup.locator('#notice', { hasText: 'Query filled and searched' }).waitFor();
      assert.equal(await admin.box(page).inputValue(), QUERY);
      await admin.run(page, 'IMAP');
      await page.getByText('Basic authentication has been re-enabled for the selected protocol.').waitFor();
      const entry = await oneEntry();
      assert.deepEqual([entry.protocol, entry.action, entry.outcome, entry.source], ['IMAP', 're-enable', 'succeeded', 'observed']);
      assert.match(entry.message, /^Basic authentication has been re-enabled for the selected protocol\./);
      assert.equal(Date.parse(entry.effective_by) - Date.parse(entry.at), 3600 * 1000);
      await until(async () => (await helper(page).locator('#live').innerText()) === 'Succeeded — recorded', 'the live status');
      await Promise.all([popup.close(), page.close()]);
    });

    test(`${ui} B: visible hint, card replaced, MessageBar result, short names, "Update", double click → one entry`, async () => {
      const { page } = await openTab(session, url(ui, `hint=visible&card=replace&resultAt=messagebar&names=short&label=Update&${ARRIVE}`));
      await until(async () => (await helper(page).locator('li.current').count()) > 0, 'the helper');
      await page.getByRole('button', { name: 'Run Tests' }).click();
      // The card's content was replaced: no intro, no Run Tests; the helper still follows.
      await page.getByRole('combobox').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Run Tests' }).count(), 0);
      await until(async () => /Protocol to Enable/.test(await helper(page).locator('li.current').innerText()), 'the drop-down step');
      await admin.choose(page, 'EWS', 'short');
      await until(async () => (await helper(page).locator('#live').innerText()) === 'EWS selected', 'EWS selected');
      await page.getByText("I acknowledge clicking 'Update settings'").click();
      await page.getByRole('button', { name: 'Update', exact: true }).dblclick();
      const entry = await oneEntry();
      await new Promise((r) => setTimeout(r, 800)); // a second entry would have landed by now
      assert.equal((await entries()).length, 1, 'a double click makes one entry');
      assert.deepEqual([entry.protocol, entry.outcome], ['EWS', 'succeeded']);
      assert.ok(entry.effective_by);
      await page.close();
    });

    test(`${ui} C: aria-label hint, query ignored on arrival (AuthPilot fills it), result in a new region, error → failed`, async () => {
      const { page } = await openTab(session, url(ui, `hint=aria&resultAt=region&honour=0&result=error&${ARRIVE}`));
      await page.getByRole('button', { name: 'Run Tests' }).waitFor({ timeout: 10000 });
      assert.equal(await admin.box(page).inputValue(), QUERY);
      await admin.run(page, 'POP');
      const entry = await oneEntry();
      assert.deepEqual([entry.protocol, entry.action, entry.outcome], ['POP', 're-enable', 'failed']);
      assert.equal(entry.message, "We couldn't update the Basic authentication settings for POP. Error: the request could not be completed. Please try again later or contact support.");
      assert.equal(entry.effective_by, undefined);
      await page.close();
    });

    test(`${ui} D: opt-out with the card replaced, pre-filled from the helper → submitted`, async () => {
      await settings('2022-09-15');
      const { page, tabId } = await openTab(session, url(ui, 'mode=opt-out&card=replace&hint=visible'));
      await showHelper(session, tabId);
      await helper(page).getByRole('button', { name: 'Pre-fill diagnostic' }).click();
      await until(async () => (await admin.box(page).inputValue().catch(() => '')) === QUERY, 'the query');
      await admin.box(page).press('Enter');
      await admin.run(page, 'POP');
      const entry = await oneEntry();
      assert.deepEqual([entry.protocol, entry.action, entry.outcome, entry.mc437540_seen], ['POP', 'opt-out', 'submitted', false]);
      await page.close();
    });

    test(`${ui} E: a late pane and late results are waited for, and nothing is called missing while loading`, async () => {
      const { page, tabId } = await openTab(session, url(ui, 'latePane=1500&delay=1500'));
      const popup = await openPopup(session, tabId);
      await popup.getByRole('button', { name: 'Pre-fill and search' }).click();
      await popup.locator('#notice', { hasText: 'Query filled and searched' }).waitFor({ timeout: 15000 });
      await page.getByRole('button', { name: 'Run Tests' }).waitFor({ timeout: 10000 });
      await page.getByRole('button', { name: 'Run Tests' }).click();
      await page.getByRole('combobox').waitFor({ timeout: 10000 });
      assert.equal(await helper(page).locator('#missing').count(), 0, 'nothing called missing while the page loaded');
      await Promise.all([popup.close(), page.close()]);
    });

    test(`${ui} F: the pane closed and reopened mid-flow, and a route change, still record once`, async () => {
      const { page } = await openTab(session, url(ui));
      await admin.openHelp(page);
      await admin.search(page);
      await page.getByRole('button', { name: 'Run Tests' }).click();
      await admin.choose(page, 'IMAP');
      await page.getByRole('button', { name: 'Close' }).click(); // closed before submitting
      await page.getByRole('link', { name: 'Message center' }).click();
      await page.getByRole('heading', { name: 'Message center' }).waitFor();
      assert.deepEqual(await entries(), [], 'nothing submitted, nothing recorded');
      await admin.openHelp(page);
      await admin.search(page);
      await admin.run(page, 'IMAP');
      const entry = await oneEntry();
      assert.deepEqual([entry.protocol, entry.outcome], ['IMAP', 'succeeded']);
      await page.close();
    });

    test(`${ui} G: two admin-center tabs at once, each recorded with its own protocol`, async () => {
      const picker = ui === 'v9' ? '&picker=combobox' : '';
      const one = await openTab(session, url(ui, `${ARRIVE}${picker}`));
      const two = await openTab(session, url(ui, `delay=200&${ARRIVE}`));
      await admin.run(two.page, 'POP');
      await until(async () => (await entries()).length === 1, 'the POP entry');
      // An admin works in the tab in front: a background tab runs no animation frames, so a
      // click there could wait for ever for the button to be "stable".
      await one.page.bringToFront();
      await admin.run(one.page, 'IMAP');
      await until(async () => (await entries()).length === 2, 'the IMAP entry');
      const log = await entries();
      assert.deepEqual(log.map((e) => [e.protocol, e.outcome]), [['POP', 'succeeded'], ['IMAP', 'succeeded']]);
      await Promise.all([one.page.close(), two.page.close()]);
    });

    test(`${ui} H: page-made clicks and key presses and a fake success outside the pane record nothing; the admin's own click records`, async () => {
      const { page } = await openTab(session, url(ui, ARRIVE));
      await page.getByRole('button', { name: 'Run Tests' }).click();
      await admin.choose(page, 'IMAP');
      await page.getByText("I acknowledge clicking 'Update settings'").click();
      await page.evaluate(() => {
        const update = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Update Settings');
        update.click(); // isTrusted false
        const fake = document.createElement('h4');
        fake.textContent = 'Basic authentication has been re-enabled for the selected protocol.';
        document.getElementById('content').append(fake);
        // Events a page can forge at the content script's own listeners (click, key, pointer).
        for (const type of ['pointerdown', 'keydown', 'click']) update.dispatchEvent(new (type === 'keydown' ? KeyboardEvent : MouseEvent)(type, { bubbles: true, key: 'Enter' }));
      });
      // The page's answer to its own click, waited for; then the positive control, waited for
      // as an event: the admin's own click on the same path for another protocol (POP) records
      // exactly one entry — a recorded forgery (IMAP) would come before it.
      await page.getByText('Basic authentication has been re-enabled for the selected protocol.').last().waitFor();
      await page.close();
      const real = await openTab(session, url(ui, ARRIVE));
      await real.page.getByRole('button', { name: 'Run Tests' }).click();
      await admin.choose(real.page, 'POP');
      await real.page.getByText("I acknowledge clicking 'Update settings'").click();
      await real.page.getByRole('button', { name: 'Update Settings' }).click();
      await until(async () => (await entries()).length >= 1, 'the genuine re-enable');
      assert.deepEqual((await entries()).map((e) => [e.protocol, e.outcome]), [['POP', 'succeeded']], 'the forgery recorded nothing');
      const stored = await ext.evaluate(() => chrome.storage.local.get(null));
      assert.deepEqual(Object.keys(stored).filter((k) => k.startsWith('pending:')), [], 'nothing left waiting');
      await real.page.close();
    });

    test(`${ui} I: a lost Help & support button is named at once; the page report holds nothing from outside the pane`, async () => {
      const bare = await openTab(session, url(ui, 'noHelp=1'));
      await showHelper(session, bare.tabId);
      const missing = helper(bare.page).locator('#missing');
      const shown = Date.now();
      await missing.waitFor({ timeout: 6000 });
      assert.ok(Date.now() - shown < 6000, 'said within seconds, not left silent');
      assert.equal(await missing.innerText(), 'AuthPilot cannot see the Help & support button on this page. Carry on by hand and record what you did.');
      assert.equal(await helper(bare.page).getByRole('button', { name: 'Record manually' }).count(), 1);
      await bare.page.close();

      // The report: on a page full of tenant and user data, with the diagnostic open.
      const { page } = await openTab(session, adminUrl(`?ui=${ui}&${ARRIVE}`).replace('#/homepage', '#/users'));
      await page.getByRole('button', { name: 'Run Tests' }).click();
      await page.getByRole('combobox').waitFor();
      await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://admin.microsoft.com' });
      await helper(page).getByRole('button', { name: 'Copy page report' }).click();
      await until(async () => /Page report copied/.test(await helper(page).locator('.notice').innerText().catch(() => '')), 'the copied notice');
      const report = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(report, /^AuthPilot \d+\.\d+\.\d+ page report\npage: admin\.microsoft\.com #\/users\n/);
      for (const line of ['  helpButton: role and name', '  pane: ', '  searchBox: ', '  dropdown: role and name', '  acknowledge: role and name', '  update: role and name']) {
        assert.ok(report.includes(line), `${line} in:\n${report}`);
      }
      assert.match(report, /"Run Tests" \(disabled\)|"Protocol to Enable/);
      // Nothing from outside the pane: the page's own text names a person and a tenant.
      const outside = await page.locator('main').innerText();
      assert.match(outside, /megan@contoso\.example/);
      for (const secret of ['Megan', 'megan', 'contoso', 'Contoso', 'Active users', 'Message center']) {
        assert.ok(!report.includes(secret), `"${secret}" must not be in the report:\n${report}`);
      }
      await page.close();
    });
  });
}
