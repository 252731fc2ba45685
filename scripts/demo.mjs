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
  const { page, tabId } = await openTab(session, 'https://admin.microsoft.com/Adminportal/Home#/homepage');
  await page.getByRole('button', { name: 'Help & support' }).click();
  await page.screenshot({ path: join(out, 'admin-center.png') });

  const popup = await openPopup(session, tabId);
  await popup.screenshot({ path: join(out, 'popup-today.png'), fullPage: true });
  await popup.locator('#practice_date').fill('2022-09-15');
  await popup.getByRole('button', { name: 'Save settings' }).click();
  await popup.locator('#notice', { hasText: 'Settings saved.' }).waitFor();
  await popup.screenshot({ path: join(out, 'popup-practice-2022-09-15.png'), fullPage: true });
  await popup.getByRole('button', { name: 'Use today' }).click();
  await popup.locator('#notice', { hasText: 'Settings saved.' }).waitFor();

  console.log(`[demo] popup: ${await popup.locator('#where [data-state]').innerText()}`);
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
