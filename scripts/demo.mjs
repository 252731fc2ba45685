// `make demo`: the built extension in Chromium against the replica admin center on the
// real host names. With a display, the browser stays open for you to use (Ctrl-C ends it),
// in English or in the language DEMO_LANG names (`DEMO_LANG=ja make demo`); without one, the
// same walkthrough runs headless in English and in Japanese, and screenshots are written to
// target/demo/<lang>/ (`make screenshots` copies the README's into docs/screenshots/).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, openTab, openPopup, popupTab, messages, root, showHelper, helperFrame } from '../tests/e2e/harness.mjs';

const headless = !process.env.DISPLAY;
const languages = headless ? ['en', 'ja'] : [process.env.DEMO_LANG || 'en'];

async function walkthrough(lang) {
  const out = join(root, 'target', 'demo', lang);
  mkdirSync(out, { recursive: true });
  const msg = messages(lang);
  const session = await startSession({ headless, lang, locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
  const stop = async () => { await session.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // The admin center in the admin's language: the Japanese demo drives the Japanese replica
  // (its result as Fluent's success MessageBar, which AuthPilot reads whatever its words).
  const R = lang === 'ja'
    ? { query: '?ui=v8&lang=ja&resultAt=messagebar', runTests: 'テストの実行', imap: /IMAP、/, update: '設定の更新', eac: '&lang=ja', mailFlow: 'メール フロー' }
    : { query: '', runTests: 'Run Tests', imap: /\(IMAP,/, update: 'Update Settings', eac: '', mailFlow: 'Mail flow' };
  try {
    // Today first: three SMTP AUTH senders and no practice date — the first screen and the
    // helper lead with SMTP AUTH's next step (its deadline, the end of December 2026, is ahead).
    const setup = await openPopup(session, undefined, { tab: 'settings' });
    await setup.locator('#smtp_senders').fill('scanner@contoso.com\nprinter-3f@contoso.com\nlob-app@contoso.com');
    await setup.getByRole('button', { name: msg('settings_save') }).click();
    await setup.locator('#notice', { hasText: msg('notice_settings_saved') }).waitFor();

    const { page, tabId } = await openTab(session, `https://admin.microsoft.com/Adminportal/Home${R.query}#/homepage`);
    const helper = helperFrame(page);
    const popup = await openPopup(session, tabId);
    await popup.screenshot({ path: join(out, 'popup.png'), clip: { x: 0, y: 0, width: 460, height: 600 } }); // Chrome's popup is at most 600 px tall
    await popupTab(popup, 'smtp');
    await popup.screenshot({ path: join(out, 'popup-smtp.png'), clip: { x: 0, y: 0, width: 460, height: 600 } });
    await popupTab(popup, 'now');
    await showHelper(session, tabId, msg('button_show_helper'));
    await helper.locator('#page-step').waitFor();
    await page.screenshot({ path: join(out, 'helper-today.png') });

    // The helper on the Exchange admin center's Mail flow settings (Fluent UI v9 replica).
    const eac = (await openTab(session, `https://admin.exchange.microsoft.com/?ui=v9${R.eac}#/settings`)).page;
    await eac.getByRole('button', { name: R.mailFlow }).click();
    await helperFrame(eac).locator('#switch-state').waitFor();
    await eac.screenshot({ path: join(out, 'exchange-helper.png') });
    await eac.close();

    // Then a rehearsal of October 2022 (the diagnostic closed on 2023-01-01; the replica keeps
    // it): with a practice date the first screen offers its pre-fill.
    await popupTab(setup, 'settings');
    await setup.locator('#practice_date').fill('2022-10-15');
    await setup.getByRole('button', { name: msg('settings_save') }).click();
    await setup.locator('#notice', { hasText: msg('notice_settings_saved') }).waitFor();
    await setup.close();
    await popup.reload();
    await popup.waitForSelector('#app[data-ready="true"]');
    await popup.locator('#phase').scrollIntoViewIfNeeded();
    await popup.screenshot({ path: join(out, 'popup-rehearsal.png') });
    await popup.getByRole('button', { name: msg('button_prefill_search') }).click();
    await popup.locator('#notice', { hasText: msg('notice_filled_searched') }).waitFor();
    await helper.locator('li.current').waitFor();

    await page.bringToFront();
    await page.getByRole('button', { name: R.runTests }).click();
    await page.getByRole('combobox').click();
    await page.getByRole('option', { name: R.imap }).click();
    await page.getByRole('checkbox').check({ force: true });
    await helper.locator('#live', { hasText: msg('status_selected', 'IMAP') }).waitFor();
    await page.screenshot({ path: join(out, 'helper-rehearsal.png') });
    await page.getByRole('button', { name: R.update }).click();
    await helper.locator('#live', { hasText: msg('status_succeeded_recorded') }).waitFor();
    await page.screenshot({ path: join(out, 'helper-recorded.png') });
    await popup.reload();
    await popup.waitForSelector('#app[data-ready="true"]');
    await popupTab(popup, 'log');
    await popup.screenshot({ path: join(out, 'popup-after.png'), clip: { x: 0, y: 0, width: 460, height: 600 } });

    console.log(`[demo ${lang}] popup: ${await popup.locator('#where [data-state]').innerText()}`);
    console.log(`[demo ${lang}] IMAP: ${await popup.locator('tr[data-protocol="IMAP"] td.last').innerText()}`);
    console.log(`[demo ${lang}] screenshots in ${out}`);
    if (headless) {
      await session.stop();
    } else {
      await page.bringToFront();
      console.log('[demo] Chromium is open with AuthPilot loaded; press Ctrl-C to end the demo.');
    }
  } catch (error) {
    console.error(`[demo ${lang}] failed: ${error.message}`);
    await session.stop();
    process.exit(1);
  }
}

for (const lang of languages) await walkthrough(lang);
