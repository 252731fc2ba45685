// `make demo`: the built extension in Chromium against the replica admin center on the
// real host names. With a display, the browser stays open for you to use (Ctrl-C ends it);
// without one, the same walkthrough runs headless and screenshots are written to a folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, openTab, openPopup, root } from '../tests/e2e/harness.mjs';

const headless = !process.env.DISPLAY;
const out = join(root, 'target', 'demo');
mkdirSync(out, { recursive: true });

const session = await startSession({ headless });
const stop = async () => { await session.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  // Rehearse October 2022 (the diagnostic was retired on 2023-01-01; the replica keeps it).
  const setup = await openPopup(session);
  await setup.locator('#practice_date').fill('2022-10-15');
  await setup.getByRole('button', { name: 'Save settings' }).click();
  await setup.locator('#notice', { hasText: 'Settings saved.' }).waitFor();
  await setup.close();

  const { page, tabId } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
  const helper = page.frameLocator('iframe[title="AuthPilot helper"]');
  await page.getByRole('button', { name: 'Open the AuthPilot helper' }).click();
  await helper.locator('li.current').waitFor();
  await page.screenshot({ path: join(out, 'admin-center-helper.png') });

  const popup = await openPopup(session, tabId);
  await popup.screenshot({ path: join(out, 'popup.png'), fullPage: true });
  await popup.getByRole('button', { name: 'Pre-fill and search' }).click();
  await popup.locator('#notice', { hasText: 'Query filled' }).waitFor();

  await page.bringToFront();
  await page.getByRole('button', { name: 'Run Tests' }).click();
  await page.getByRole('combobox').click();
  await page.getByRole('option', { name: /\(IMAP,/ }).click();
  await page.getByRole('checkbox').check();
  await helper.locator('#live', { hasText: 'IMAP selected' }).waitFor();
  await page.screenshot({ path: join(out, 'overlay.png') });
  await page.getByRole('button', { name: 'Update Settings' }).click();
  await helper.locator('#live', { hasText: 'Succeeded — recorded' }).waitFor();
  await page.screenshot({ path: join(out, 'overlay-recorded.png') });
  await popup.reload();
  await popup.waitForSelector('#app[data-ready="true"]');
  await popup.screenshot({ path: join(out, 'popup-after.png'), fullPage: true });

  console.log(`[demo] popup: ${await popup.locator('#where [data-state]').innerText()}`);
  console.log(`[demo] IMAP: ${await popup.locator('tr[data-protocol="IMAP"] td.last').innerText()}`);
  console.log(`[demo] screenshots in ${out}`);
  if (headless) {
    await session.stop();
  } else {
    await page.bringToFront();
    console.log('[demo] Chromium is open with AuthPilot loaded; press Ctrl-C to end the demo.');
  }
} catch (error) {
  console.error(`[demo] failed: ${error.message}`);
  await session.stop();
  process.exit(1);
}
