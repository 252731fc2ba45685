// The guided diagnostic end to end: pre-fill, arrival through ?searchSolutions=, the in-page
// helper, automatic per-protocol recording, and what a page's own scripts cannot do. The
// built extension in Debian Chromium against the replica over HTTPS on the real hosts.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, until, storageTools, adminUrl, showHelper, helperFrame } from './harness.mjs';

let session;
let ext; // an extension page, for reading and writing storage directly
before(async () => {
  session = await startSession();
  ext = await openPopup(session);
});
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());

const { settings, entries, clearLog } = storageTools(() => ext);
const helperOf = helperFrame;
const admin = adminUrl;

beforeEach(async () => {
  await clearLog();
  await settings('2022-10-15');
});

/** Runs the diagnostic on the replica as an admin would: Run Tests, protocol, tick, Update. */
async function runDiagnostic(page, protocol, { click = (b) => b.click() } = {}) {
  await page.getByRole('button', { name: 'Run Tests' }).click();
  await page.getByRole('combobox').click();
  await page.getByRole('option', { name: new RegExp(`\\(${protocol === 'POP' ? 'POP3' : protocol},`) }).click();
  await page.getByRole('checkbox').check();
  await click(page.getByRole('button', { name: /^Update( Settings)?$/ }));
}

test('pre-fill from the popup with the pane closed, then with it open: the React-like app accepts the query', async () => {
  const { page, tabId } = await openTab(session, admin());
  const popup = await openPopup(session, tabId);
  assert.equal(await page.locator('#help-pane').count(), 0);
  await popup.getByRole('button', { name: 'Pre-fill diagnostic' }).click();
  await popup.locator('#notice', { hasText: 'Query filled: press Enter in the Help & support search box.' }).waitFor();
  const box = page.getByRole('textbox', { name: 'Tell us your problem so we can get you the right help and support.' });
  assert.equal(await box.inputValue(), 'Diag: Enable Basic Auth in EXO');
  assert.equal(await box.evaluate((b) => document.activeElement === b), true, 'the box has focus');
  await box.press('Enter'); // the app searches what its own state holds
  await page.getByRole('button', { name: 'Run Tests' }).waitFor();

  // The replica really ignores a value set the way a careless script would.
  await box.evaluate((b) => { b.value = 'something else'; b.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Run Tests' }).waitFor(); // still the old query's results

  // With the pane open: "Pre-fill and search" fills and searches as Enter would.
  await box.evaluate((b) => { Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(b, 'mailbox'); b.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('No results for "mailbox".').waitFor();
  await popup.getByRole('button', { name: 'Pre-fill and search' }).click();
  await popup.locator('#notice', { hasText: 'Query filled and searched' }).waitFor();
  await page.getByRole('button', { name: 'Run Tests' }).waitFor();
  await Promise.all([popup.close(), page.close()]);
});

test('a late-rendering pane is waited for, and the query still lands', async () => {
  const { page, tabId } = await openTab(session, admin('?latePane=1500'));
  const popup = await openPopup(session, tabId);
  await popup.getByRole('button', { name: 'Pre-fill and search' }).click();
  await popup.locator('#notice', { hasText: 'Query filled and searched' }).waitFor({ timeout: 10000 });
  await page.getByRole('button', { name: 'Run Tests' }).waitFor();
  await Promise.all([popup.close(), page.close()]);
});

for (const host of ['admin.microsoft.com', 'admin.cloud.microsoft']) {
  test(`arriving through ?searchSolutions= on ${host} shows the diagnostic`, async () => {
    const query = `?searchSolutions=${encodeURIComponent('Diag: Enable Basic Auth in EXO')}`;
    const { page } = await openTab(session, admin(query, host));
    // admin.microsoft.com honours the parameter; the replica's admin.cloud.microsoft ignores
    // it, and AuthPilot fills the query itself once the page had its chance.
    await page.getByRole('button', { name: 'Run Tests' }).waitFor({ timeout: 10000 });
    assert.equal(await page.getByRole('textbox').inputValue(), 'Diag: Enable Basic Auth in EXO');
    await page.close();
  });
}

test('opt-outs of EWS, POP and IMAP are recorded, one entry each, and the helper counts them done', async () => {
  await settings('2022-09-15');
  const { page } = await openTab(session, admin('?mode=opt-out'));
  await page.getByRole('button', { name: 'Help & support' }).click(); // the helper comes with the pane
  await until(async () => (await helperOf(page).locator('#next-protocol').count()) > 0, 'the helper');
  assert.match(await helperOf(page).locator('.phase').innerText(), /^Option 1: opt out/);
  for (const protocol of ['EWS', 'POP', 'IMAP']) {
    if (!(await page.locator('#help-pane').count())) await page.getByRole('button', { name: 'Help & support' }).click();
    const box = page.getByRole('textbox');
    await box.fill('Diag: Enable Basic Auth in EXO');
    await box.press('Enter');
    await runDiagnostic(page, protocol);
    // The form comes back unchanged (no confirmation): AuthPilot records "submitted".
    await until(async () => (await entries()).length === ['EWS', 'POP', 'IMAP'].indexOf(protocol) + 1, `the ${protocol} entry`);
    await page.getByRole('button', { name: 'Close' }).click();
  }
  const log = await entries();
  assert.deepEqual(log.map((e) => [e.protocol, e.action, e.outcome, e.source, e.host, e.mc437540_seen]), [
    ['EWS', 'opt-out', 'submitted', 'observed', 'admin.microsoft.com', false],
    ['POP', 'opt-out', 'submitted', 'observed', 'admin.microsoft.com', false],
    ['IMAP', 'opt-out', 'submitted', 'observed', 'admin.microsoft.com', false],
  ]);
  assert.equal(log[0].note, 'Recorded while rehearsing with practice date 2022-09-15.');
  await until(async () => (await helperOf(page).locator('#next-protocol').innerText()) === 'Every needed protocol is done.', 'all done');
  assert.deepEqual(await helperOf(page).locator('ul.progress li').evaluateAll((l) => l.map((x) => x.dataset.done)), ['true', 'true', 'true']);
  await page.close();
});

test('a re-enable of IMAP on the replica is recorded once, succeeded, with effective_by and a reminder alarm', async () => {
  const { page } = await openTab(session, admin(`?searchSolutions=${encodeURIComponent('Diag: Enable Basic Auth in EXO')}`));
  await until(async () => (await helperOf(page).locator('li.current').count()) > 0, 'the helper');
  await runDiagnostic(page, 'IMAP', { click: (b) => b.dblclick() }); // a double click
  await page.getByText('Basic authentication has been re-enabled for the selected protocol.').waitFor();
  const [entry] = await until(async () => { const l = await entries(); return l.length ? l : null; }, 'the entry');
  await new Promise((r) => setTimeout(r, 800)); // anything more would have landed by now
  const log = await entries();
  assert.equal(log.length, 1, 'a double click makes one entry');
  assert.equal(entry.protocol, 'IMAP');
  assert.equal(entry.action, 're-enable');
  assert.equal(entry.outcome, 'succeeded');
  assert.match(entry.message, /^Basic authentication has been re-enabled for the selected protocol\./);
  assert.equal(Date.parse(entry.effective_by) - Date.parse(entry.at), 3600 * 1000);
  const alarms = await ext.evaluate(() => chrome.alarms.getAll());
  const reminder = alarms.find((a) => a.name === `effective:${entry.id}`);
  assert.ok(reminder, 'a reminder alarm is set');
  assert.equal(reminder.scheduledTime, Date.parse(entry.effective_by));
  await until(async () => (await helperOf(page).locator('#live').innerText()) === 'Succeeded — recorded', 'the live status');
  const popup = await openPopup(session);
  assert.equal(await popup.locator('tr[data-protocol="IMAP"] td.need').innerText(), 'needed — done');
  assert.equal(await popup.locator('tr[data-protocol="POP"] td.need').innerText(), 'needed — to do');
  await Promise.all([popup.close(), page.close()]);
});

test('a failed re-enable is recorded failed, with the diagnostic\'s message', async () => {
  const { page } = await openTab(session, admin(`?result=error&searchSolutions=${encodeURIComponent('Diag: Enable Basic Auth in EXO')}`));
  await runDiagnostic(page, 'POP');
  const [entry] = await until(async () => { const l = await entries(); return l.length ? l : null; }, 'the entry');
  assert.equal(entry.outcome, 'failed');
  assert.equal(entry.protocol, 'POP');
  assert.match(entry.message, /^We couldn't update the Basic authentication settings for POP\. Error:/);
  assert.equal(entry.effective_by, undefined);
  await page.close();
});

test('no result and the tab closed: the submission is kept as "submitted"', async () => {
  const { page } = await openTab(session, admin(`?result=none&searchSolutions=${encodeURIComponent('Diag: Enable Basic Auth in EXO')}`));
  await runDiagnostic(page, 'EWS');
  await until(async () => (await helperOf(page).locator('#live').innerText()).startsWith('EWS: Re-enable submitted'), 'the waiting status');
  assert.equal((await entries()).length, 0, 'nothing recorded while the result may still come');
  await page.close();
  const [entry] = await until(async () => { const l = await entries(); return l.length ? l : null; }, 'the entry');
  assert.deepEqual([entry.protocol, entry.outcome], ['EWS', 'submitted']);
});

test('forged clicks and key presses and a fake success text outside the card record nothing; the admin\'s own click on the same page records', async () => {
  const { page } = await openTab(session, admin(`?searchSolutions=${encodeURIComponent('Diag: Enable Basic Auth in EXO')}`));
  await page.getByRole('button', { name: 'Run Tests' }).click();
  await page.getByRole('combobox').click();
  await page.getByRole('option', { name: /\(IMAP,/ }).click();
  await page.getByRole('checkbox').check();
  // The page's own script clicks Update (isTrusted false) and fakes results and messages.
  await page.evaluate(() => {
    const update = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Update Settings');
    update.click();
    const fake = document.createElement('h4');
    fake.textContent = 'Basic authentication has been re-enabled for the selected protocol.';
    document.getElementById('content').append(fake);
    // Events a page can forge at the content script's own listeners (click, key, pointer).
    for (const type of ['pointerdown', 'keydown', 'click']) update.dispatchEvent(new (type === 'keydown' ? KeyboardEvent : MouseEvent)(type, { bubbles: true, key: 'Enter' }));
  });
  await page.getByText('Basic authentication has been re-enabled for the selected protocol.').last().waitFor();
  await page.close();
  // Positive control, waited for as an event: the admin's own click on the same path for
  // another protocol (POP) records exactly one entry — a recorded forgery (IMAP) would come
  // before it.
  const real = await openTab(session, admin(`?searchSolutions=${encodeURIComponent('Diag: Enable Basic Auth in EXO')}`));
  await runDiagnostic(real.page, 'POP');
  await until(async () => (await entries()).length >= 1, 'the genuine re-enable');
  assert.deepEqual((await entries()).map((e) => [e.protocol, e.outcome]), [['POP', 'succeeded']], 'the forgery recorded nothing');
  const pending = await ext.evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(Object.keys(pending).filter((k) => k.startsWith('pending:')), [], 'nothing left waiting');
  await real.page.close();
});

test('route changes keep AuthPilot working on the single-page app', async () => {
  const { page, tabId } = await openTab(session, admin());
  const route = () => ext.evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.route, tabId);
  await until(async () => (await route()) === '/homepage', 'the first route');
  await page.getByRole('link', { name: 'Message center' }).click();
  await until(async () => (await route()) === '/MessageCenter', 'the new route');
  await page.getByRole('link', { name: 'Support' }).click();
  await until(async () => (await route()) === '/support', 'the next route');
  assert.deepEqual(await page.evaluate(() => [...document.documentElement.children].map((e) => e.tagName)), ['HEAD', 'BODY'],
    'nothing of AuthPilot on a quiet page: no helper until it is useful');
  const popup = await openPopup(session, tabId);
  await popup.getByRole('button', { name: 'Pre-fill and search' }).click();
  await page.getByRole('button', { name: 'Run Tests' }).waitFor();
  await Promise.all([popup.close(), page.close()]);
});

test('the helper never covers the Help & support button or its pane, and says what it cannot see', async () => {
  const { page } = await openTab(session, admin());
  await page.getByRole('button', { name: 'Help & support' }).click();
  const frameBox = await page.locator('iframe[title="AuthPilot helper"]').boundingBox();
  const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  assert.equal(overlaps(frameBox, await page.getByRole('button', { name: 'Help & support' }).boundingBox()), false);
  assert.equal(overlaps(frameBox, await page.locator('#help-pane').boundingBox()), false);
  // The current step's element is outlined on the page.
  await until(() => page.getByRole('textbox').evaluate((b) => b.style.outline.includes('solid')), 'the outline');
  await page.close();

  const bare = await openTab(session, admin('?noHelp=1'));
  await showHelper(session, bare.tabId);
  const missing = helperOf(bare.page).locator('#missing');
  await missing.waitFor({ timeout: 15000 });
  assert.equal(await missing.innerText(), 'AuthPilot cannot see the Help & support button on this page. Carry on by hand and record what you did.');
  assert.equal(await helperOf(bare.page).getByRole('button', { name: 'Record manually' }).count(), 1);
  await bare.page.close();
});

test('GCC tenants see their own route and manual recording in the helper', async () => {
  await settings('2022-09-15', 'gcc');
  const { page, tabId } = await openTab(session, admin());
  await showHelper(session, tabId);
  const frame = helperOf(page);
  await until(async () => /^GCC: opt out through your tenant's Message Center post/.test(await frame.locator('.phase').innerText().catch(() => '')), 'the GCC route');
  assert.match(await frame.locator('ol.steps').innerText(), /Open Message Center/);
  const opened = session.context.waitForEvent('page');
  await frame.getByRole('button', { name: 'Record manually' }).click();
  const popup = await opened;
  await popup.waitForSelector('#app[data-ready="true"]');
  assert.equal(await popup.locator('#record').evaluate((d) => d.open), true);
  await Promise.all([popup.close(), page.close()]);
});

test('the helper works from the keyboard alone: shown from the popup, minimise, expand, pre-fill, close; status is announced', async () => {
  const { page, tabId } = await openTab(session, admin());
  // The popup's "Show the helper", by keyboard: Tab to it and press Enter.
  const popup = await openPopup(session, tabId);
  await until(async () => {
    if (await popup.evaluate(() => document.activeElement && document.activeElement.textContent === 'Show the helper')) return true;
    await popup.keyboard.press('Tab');
    return false;
  }, 'focus on "Show the helper"', 15000);
  await popup.keyboard.press('Enter');
  await popup.locator('#notice', { hasText: 'The helper is shown on the admin center page.' }).waitFor();
  await popup.close();
  // In the page, Tab from the top reaches the helper (it follows the page in tab order).
  await page.bringToFront();
  await page.locator('body').press('Tab');
  const frame = page.frame({ url: /helper\.html/ }) || await until(() => page.frames().find((f) => f.url().includes('helper.html')), 'the helper frame');
  await frame.waitForSelector('#app[data-ready="true"]');
  const focused = () => frame.evaluate(() => document.activeElement && document.activeElement.textContent);
  await until(async () => { if ((await focused()) === 'Minimise') return true; await page.keyboard.press('Tab'); return false; }, 'focus in the helper', 15000);
  const outline = await frame.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  // The frame follows the helper's content (issue 25): a short one minimised, a tall one expanded.
  const frameHeight = () => page.locator('iframe[title="AuthPilot helper"]').evaluate((f) => f.getBoundingClientRect().height);
  const contentHeight = () => frame.evaluate(() => document.body.getBoundingClientRect().height);
  const sized = async () => Math.abs((await frameHeight()) - (await contentHeight())) <= 2;
  await until(async () => (await frame.locator('main.minimised').count()) === 1 && await sized() && (await frameHeight()) < 140, 'minimised');
  assert.deepEqual((await ext.evaluate(() => chrome.storage.local.get('helper'))).helper, { minimised: true, closed: false, right: false, lift: 0 });
  await frame.locator('button[data-action="restore"]').focus();
  await page.keyboard.press('Enter');
  await until(async () => (await frame.locator('main.minimised').count()) === 0 && await sized() && (await frameHeight()) > 200, 'expanded');
  await frame.locator('button[data-action="prefill"]').focus();
  await page.keyboard.press('Enter');
  await until(async () => (await page.getByRole('textbox').inputValue().catch(() => '')) === 'Diag: Enable Basic Auth in EXO', 'the query');
  assert.equal(await frame.locator('#live').getAttribute('aria-live'), 'polite');
  await until(async () => (await frame.locator('#live').innerText()) === 'Query filled', 'the announced status');
  await frame.locator('button[data-action="close"]').focus();
  await page.keyboard.press('Enter');
  await until(async () => (await page.locator('iframe[title="AuthPilot helper"]').count()) === 0, 'closed');
  // Closed is remembered: a new page has no helper, even with the Help & support pane open,
  // until the popup shows it again.
  const again = await openTab(session, admin());
  await again.page.getByRole('button', { name: 'Help & support' }).click();
  await again.page.getByRole('textbox').waitFor();
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(await again.page.locator('iframe[title="AuthPilot helper"]').count(), 0);
  await showHelper(session, again.tabId);
  await Promise.all([page.close(), again.page.close()]);
});
