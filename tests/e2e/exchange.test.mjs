// The Exchange admin center (issue 13, first part): its two addresses are admin-center pages
// for AuthPilot (content script, presence, the popup's "where"), a lookalike host gets no
// content script, and the SMTP AUTH plan opens the right page for the admin's cloud — or
// says it does not know the address.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, popupTab, contentScriptWorlds, storageTools } from './harness.mjs';

let session;
let ext;
before(async () => {
  session = await startSession();
  ext = await openPopup(session);
});
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());
const { settings } = storageTools(() => ext);

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
