// Nothing leaves the browser: a full walk through AuthPilot (popup, helper, pre-fill, a
// recorded re-enable, export, import, the reminder alarm) while Chromium's net log records
// every request; the only requests are the replica pages' own, on the admin-center hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession, openTab, openPopup, popupTab, forbiddenRequests, netRequests, helperFrame } from './harness.mjs';

test('no extension context makes a network request during a full run', async () => {
  const session = await startSession();
  let stopped = false;
  try {
    const popup = await openPopup(session, undefined, { tab: 'settings' });
    await popup.locator('#practice_date').fill('2022-10-15');
    await popup.getByRole('button', { name: 'Save settings' }).click();
    await popup.locator('#notice', { hasText: 'Settings saved.' }).waitFor();
    const { page } = await openTab(session, `https://admin.microsoft.com/Adminportal/Home?searchSolutions=${encodeURIComponent('Diag: Enable Basic Auth in EXO')}#/homepage`);
    await page.getByRole('button', { name: 'Run Tests' }).click();
    await page.getByRole('combobox').click();
    await page.getByRole('option', { name: /\(IMAP,/ }).click();
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Update Settings' }).click();
    await helperFrame(page).locator('#live', { hasText: 'Succeeded — recorded' }).waitFor();
    await popup.reload();
    await popup.waitForSelector('#app[data-ready="true"]');
    await popupTab(popup, 'log');
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export JSON' }).click()]);
    const file = join(session.dir, 'log.json');
    await download.saveAs(file);
    const [chooser] = await Promise.all([popup.waitForEvent('filechooser'), popup.getByRole('button', { name: 'Import log' }).click()]);
    await chooser.setFiles(file);
    await popup.locator('#notice', { hasText: 'Imported' }).waitFor();
    await session.stop();
    stopped = true;
    const requests = session.requests;
    assert.ok(requests.some((r) => r.url.startsWith('https://admin.microsoft.com/')), 'the net log saw the replica');
    assert.deepEqual(forbiddenRequests(requests), []);
    assert.deepEqual(requests.filter((r) => r.initiator.startsWith('chrome-extension://')), [], 'no request from the extension');
    // Every request a page started went to the replica's hosts.
    const fromPages = requests.filter((r) => r.initiator.startsWith('https://'));
    assert.ok(fromPages.length > 0);
    assert.deepEqual(fromPages.filter((r) => !r.url.startsWith('https://admin.microsoft.com/')), []);
  } finally {
    if (!stopped) await session.stop().catch(() => {});
  }
});

test('the check can fail: a request from the extension or a page reaching past the replica is caught', () => {
  const extension = { url: 'https://example.com/beacon', initiator: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', isolation: '' };
  const leak = { url: 'https://example.com/pixel', initiator: 'https://admin.microsoft.com', isolation: '' };
  const fine = { url: 'https://admin.microsoft.com/replica/app.js', initiator: 'https://admin.microsoft.com', isolation: '' };
  assert.deepEqual(forbiddenRequests([extension, leak, fine]), [extension, leak]);
  assert.deepEqual(netRequests('/nonexistent'), []);
});
