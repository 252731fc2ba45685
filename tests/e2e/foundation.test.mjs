// The foundation, end to end: the built extension in Debian Chromium against the replica
// admin center served over HTTPS on the real host names.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, popupTab, contentScriptWorlds } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());

async function locationOf(popup) {
  return popup.locator('#where [data-state]').first();
}

for (const host of ['admin.microsoft.com', 'admin.cloud.microsoft']) {
  test(`the popup says "on the admin center" for a tab on ${host}, and the worker's wasm answered`, async () => {
    const { page, tabId } = await openTab(session, `https://${host}/Adminportal/Home#/homepage`);
    assert.deepEqual(await contentScriptWorlds(page), ['AuthPilot'], 'content script injected once');
    // The content script reports to the worker, whose wasm records the tab and sets the badge.
    const badge = await session.worker.evaluate(async (id) => {
      for (let i = 0; i < 50; i++) {
        const text = await chrome.action.getBadgeText({ tabId: id });
        if (text) return text;
        await new Promise((r) => setTimeout(r, 100));
      }
      return '';
    }, tabId);
    assert.equal(badge, 'ON');
    const popup = await openPopup(session, tabId);
    const where = await locationOf(popup);
    assert.equal(await where.getAttribute('data-state'), 'admin-center');
    assert.equal(await where.getAttribute('data-host'), host);
    assert.match(await where.innerText(), new RegExp(`^On the admin center — ${host.replace(/\./g, '\\.')} \\(Worldwide`));
    // "active on this page" comes from the service worker's answer to tab-status.
    assert.match(await popup.locator('#where').innerText(), /AuthPilot is active on this page\./);
    await popup.close();
    await page.close();
  });
}

test('a tab on another host mapped to the same server is "not on the admin center", and no content script runs there', async () => {
  const { page, tabId } = await openTab(session, 'https://login.microsoftonline.com/');
  assert.equal(await page.locator('h1').innerText(), 'Sign in'); // the page really loaded
  assert.deepEqual(await contentScriptWorlds(page), []);
  const popup = await openPopup(session, tabId);
  const where = await locationOf(popup);
  assert.equal(await where.getAttribute('data-state'), 'elsewhere');
  assert.equal(await where.innerText(), 'Not on the admin center.');
  // On the real date it opens the admin center's home: the 2022 diagnostic is closed (issue 27).
  const open = popup.getByRole('button', { name: 'Open admin center' });
  assert.equal(await open.getAttribute('data-url'), 'https://admin.microsoft.com/Adminportal/Home#/homepage');
  const stored = await session.worker.evaluate((id) => chrome.storage.session.get(`tab:${id}`), tabId);
  assert.deepEqual(stored, {});
  // Rehearsing 2022, the button really opens the admin center with the query, where the
  // content script runs.
  await popup.evaluate(() => chrome.storage.local.set({ settings: { schema: 1, cloud: 'worldwide', needed: ['EWS'], practice_date: '2022-10-15' } }));
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  assert.equal(
    await open.getAttribute('data-url'),
    'https://admin.microsoft.com/AdminPortal/?searchSolutions=Diag%3A%20Enable%20Basic%20Auth%20in%20EXO#/homepage',
  );
  const opened = session.context.waitForEvent('page', { predicate: (p) => p.url().includes('searchSolutions=') });
  await open.click();
  const adminPage = await opened;
  await adminPage.waitForLoadState('load');
  assert.equal(new URL(adminPage.url()).searchParams.get('searchSolutions'), 'Diag: Enable Basic Auth in EXO');
  assert.deepEqual(await contentScriptWorlds(adminPage), ['AuthPilot']);
  await popup.evaluate(() => chrome.storage.local.remove('settings'));
  await Promise.all([adminPage.close(), popup.close(), page.close()]);
});

/** Saves a practice date and waits for what the save changes: the phase it puts the popup in
 * (`phase`, its `data-phase`), or a title (`title`) — never for "Settings saved.", which an
 * earlier save in the same popup already shows. */
async function savePracticeDate(popup, date, { phase, title } = {}) {
  await popupTab(popup, 'settings');
  await popup.locator('#practice_date').fill(date);
  await popup.getByRole('button', { name: 'Save settings' }).click();
  if (phase) await popup.locator(`#phase[data-phase="${phase}"]`).waitFor({ state: 'attached' });
  if (title) await popup.locator('#phase-title', { hasText: title }).waitFor({ state: 'attached' });
  await popup.locator('#notice', { hasText: 'Settings saved.' }).waitFor();
}

test('a practice date of 2022-09-15 and then 2022-10-15 changes the guidance', async () => {
  const popup = await openPopup(session);
  await savePracticeDate(popup, '2022-09-15', { phase: 'opt-out' });
  assert.equal(await popup.locator('#phase').getAttribute('data-phase'), 'opt-out');
  assert.match(await popup.locator('#phase-title').innerText(), /^Option 1: opt out/);
  assert.match(await popup.locator('#phase').innerText(), /Protocol to Opt Out/);
  assert.match(await popup.locator('#phase').innerText(), /16 days left in this phase/);
  await savePracticeDate(popup, '2022-10-15', { phase: 're-enable' });
  assert.equal(await popup.locator('#phase').getAttribute('data-phase'), 're-enable');
  assert.match(await popup.locator('#phase-title').innerText(), /^Option 2: re-enable/);
  assert.match(await popup.locator('#phase').innerText(), /Protocol to Enable/);
  await popup.getByRole('button', { name: 'Use today' }).click();
  // What the save changes, not the notice an earlier save already shows.
  await popup.locator('#phase[data-phase="retired"]').waitFor({ state: 'attached' });
  assert.equal(await popup.locator('#phase').getAttribute('data-phase'), 'retired');
  await popup.close();
});

test('an invalid settings form is refused with a message and changes nothing stored', async () => {
  const popup = await openPopup(session, undefined, { tab: 'settings' });
  const before = await session.worker.evaluate(() => chrome.storage.local.get('settings'));
  for (const box of await popup.locator('input[name=needed]').all()) await box.uncheck();
  await popup.getByRole('button', { name: 'Save settings' }).click();
  await popup.locator('#needed-error').waitFor();
  assert.equal(await popup.locator('#needed-error').innerText(), 'Choose at least one protocol your mail product uses.');
  assert.match(await popup.locator('#notice').innerText(), /Settings not saved/);
  assert.deepEqual(await session.worker.evaluate(() => chrome.storage.local.get('settings')), before);
  await popup.close();
});

test('settings survive closing the popup and restarting the browser on the same profile', async () => {
  let popup = await openPopup(session, undefined, { tab: 'settings' });
  await popup.locator('#cloud').selectOption('gcc');
  for (const box of await popup.locator('input[name=needed]').all()) {
    const value = await box.getAttribute('value');
    if (['EWS', 'IMAP'].includes(value)) await box.check(); else await box.uncheck();
  }
  await savePracticeDate(popup, '2022-09-20', { title: 'GCC: opt out' });
  assert.match(await popup.locator('#phase-title').innerText(), /^GCC: opt out through your tenant's Message Center post/);
  await popup.close();

  const check = async (page) => {
    assert.equal(await page.locator('#cloud').inputValue(), 'gcc');
    const checked = await page.locator('input[name=needed]:checked').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(checked, ['EWS', 'IMAP']);
    assert.equal(await page.locator('#practice_date').inputValue(), '2022-09-20');
    assert.equal(await page.locator('#phase').getAttribute('data-phase'), 'opt-out');
    const needed = await page.locator('#board tr.needed th').allInnerTexts();
    assert.deepEqual(needed, ['EWS', 'IMAP']);
  };
  popup = await openPopup(session);
  await check(popup);
  await session.restart();
  popup = await openPopup(session);
  await check(popup);
  const stored = await session.worker.evaluate(() => chrome.storage.local.get('settings'));
  assert.deepEqual(stored.settings, {
    schema: 1, cloud: 'gcc', needed: ['EWS', 'IMAP'], practice_date: '2022-09-20',
    smtp_senders: [], deadline_reminders: true, device_test_reminders: true,
  });
  await popup.close();
});
