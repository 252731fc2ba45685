// Saves DOM snapshots of every Fluent replica variant in English and Japanese (and the SMTP AUTH
// pages in German, French, Chinese and Greek) at the moments the adapter reads them, for the fast cue tests (cues.test.mjs): the
// page's markup, its language, and its style rules (Fluent v8 and v9 insert them through the
// CSS object model, so they are copied into a <style>: v9 marks a message's intent only in its
// icon's colour). Scripts are dropped. Run `make snapshots` after changing a replica; the files
// are committed so the cue tests need no replica, server or extension.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReplica, launchBrowser, tick } from '../e2e/harness.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), 'snapshots');
const QUERY = 'searchSolutions=Diag%3A%20Enable%20Basic%20Auth%20in%20EXO';
const WORDS = {
  en: { runTests: 'Run Tests', mailFlow: 'Mail flow', manage: 'Manage email apps', save: /^(Save|Save changes)$/, update: /^Update( Settings)?$/, imap: /\(IMAP,/ },
  ja: { runTests: 'テストの実行', mailFlow: 'メール フロー', manage: 'メールアプリの管理', save: /^(保存|変更の保存)$/, update: /^(設定の)?更新$/, imap: /IMAP、/ },
  de: { mailFlow: 'Nachrichtenfluss', manage: 'E-Mail-Anwendungen verwalten', save: /^Speichern$/ },
  fr: { mailFlow: 'Flux de messagerie', manage: 'Gérer les applications de courrier', save: /^Enregistrer$/ },
  zh: { mailFlow: '邮件流', manage: '管理邮件应用', save: /^保存$/ },
  el: { mailFlow: 'Ροή αλληλογραφίας', manage: 'Διαχείριση εφαρμογών email', save: /^Αποθήκευση( αλλαγών)?$/ },
};

/** [name, url, steps(page, words)] — each ends at the moment a snapshot is taken. */
const STATES = [];
for (const ui of ['v8', 'v9']) {
  for (const lang of ['en', 'ja']) {
    const l = `&lang=${lang}`;
    STATES.push(
      [`diag-form-${ui}-${lang}`, `https://admin.microsoft.com/Adminportal/Home?ui=${ui}${l}&${QUERY}#/homepage`, async (p, w) => {
        await p.getByRole('button', { name: w.runTests }).click();
        await p.getByRole('combobox').waitFor();
      }],
      [`diag-failure-${ui}-${lang}`, `https://admin.microsoft.com/Adminportal/Home?ui=${ui}${l}&result=failure&resultAt=messagebar&${QUERY}#/homepage`, async (p, w) => {
        await p.getByRole('button', { name: w.runTests }).click();
        await p.getByRole('combobox').click();
        await p.getByRole('option', { name: w.imap }).click();
        await p.getByRole('checkbox').check({ force: true });
        await p.getByRole('button', { name: w.update }).click();
        await p.locator('.ms-MessageBar, .fui-MessageBar').first().waitFor();
      }],
      [`smtp-mailflow-${ui}-${lang}`, `https://admin.exchange.microsoft.com/?ui=${ui}${l}#/settings`, async (p, w) => {
        await p.getByRole('button', { name: w.mailFlow }).click();
        await p.getByRole('dialog').getByRole('checkbox').first().waitFor();
      }],
      [`smtp-saved-${ui}-${lang}`, `https://admin.exchange.microsoft.com/?ui=${ui}${l}&result=toast#/settings`, async (p, w) => {
        await p.getByRole('button', { name: w.mailFlow }).click();
        await tick(p.getByRole('dialog').getByRole('checkbox').first());
        await p.getByRole('dialog').getByRole('button', { name: w.save }).click();
        await p.locator('.toast .ms-MessageBar, .fui-Toast').first().waitFor();
        await p.waitForTimeout(400); // the toast's entrance animation, so its colours are final
      }],
      [`smtp-refused-${ui}-${lang}`, `https://admin.exchange.microsoft.com/?ui=${ui}${l}&saveFails=quiet#/settings`, async (p, w) => {
        await p.getByRole('button', { name: w.mailFlow }).click();
        await tick(p.getByRole('dialog').getByRole('checkbox').first());
        await p.getByRole('dialog').getByRole('button', { name: w.save }).click();
        await p.locator('[role="dialog"] .ms-MessageBar, [role="dialog"] .fui-MessageBar').first().waitFor();
      }],
      [`smtp-emailapps-${ui}-${lang}`, `https://admin.microsoft.com/Adminportal/Home?ui=${ui}${l}&title=other#/users`, async (p, w) => {
        await p.getByRole('button', { name: 'Printer 3F', exact: true }).click();
        await p.getByRole('button', { name: w.manage }).click();
        await p.getByRole('dialog').getByRole('checkbox').nth(6).waitFor();
      }],
      [`smtp-modern-${ui}-${lang}`, `https://admin.microsoft.com/?ui=${ui}${l}&title=other#/Settings/Services/:/Settings/L1/ModernAuthentication`, async (p) => {
        await p.getByRole('dialog').getByRole('checkbox').nth(1).waitFor();
      }],
    );
  }
}
STATES.push(
  ['diag-form-hand-en', `https://admin.microsoft.com/Adminportal/Home?${QUERY}#/homepage`, async (p, w) => {
    await p.getByRole('button', { name: w.runTests }).click();
    await p.getByRole('combobox').waitFor();
  }],
  ['smtp-mailflow-v9-de', 'https://admin.exchange.microsoft.com/?ui=v9&lang=de#/settings', async (p, w) => {
    await p.getByRole('button', { name: w.mailFlow }).click();
    await p.getByRole('dialog').getByRole('checkbox').first().waitFor();
  }],
);

// Issue 32: the SMTP AUTH pages in German, French and Simplified Chinese (worded unlike
// Microsoft's published labels where it matters) and Greek (no table at all), in both Fluent
// versions across the states, the Save in the panel's footer in some, and a toast with no kind in
// its markup (result=plain).
const mailflow = (ui, lang, q = '') => [`smtp-mailflow-${ui}-${lang}`, `https://admin.exchange.microsoft.com/?ui=${ui}&lang=${lang}${q}#/settings`, async (p, w) => {
  await p.getByRole('button', { name: w.mailFlow }).click();
  await p.getByRole('dialog').getByRole('checkbox').first().waitFor();
}];
const emailapps = (ui, lang, q = '') => [`smtp-emailapps-${ui}-${lang}`, `https://admin.microsoft.com/Adminportal/Home?ui=${ui}&lang=${lang}&title=other${q}#/users`, async (p, w) => {
  await p.getByRole('button', { name: 'Printer 3F', exact: true }).click();
  await p.getByRole('button', { name: w.manage }).click();
  await p.getByRole('dialog').getByRole('checkbox').nth(6).waitFor();
}];
const modern = (ui, lang, q = '') => [`smtp-modern-${ui}-${lang}`, `https://admin.microsoft.com/?ui=${ui}&lang=${lang}&title=other${q}#/Settings/Services/:/Settings/L1/ModernAuthentication`, async (p) => {
  await p.getByRole('dialog').getByRole('checkbox').nth(1).waitFor();
}];
const saved = (state, ui, lang, q) => [`smtp-${state}-${ui}-${lang}`, `https://admin.exchange.microsoft.com/?ui=${ui}&lang=${lang}${q}#/settings`, async (p, w) => {
  await p.getByRole('button', { name: w.mailFlow }).click();
  await tick(p.getByRole('dialog').getByRole('checkbox').first());
  await p.getByRole('dialog').getByRole('button', { name: w.save }).click();
  await p.locator('.toast, .fui-Toast, [role="dialog"] .ms-MessageBar, [role="dialog"] .fui-MessageBar').first().waitFor();
  await p.waitForTimeout(400); // the toast's entrance animation, so its colours are final
}];
STATES.push(
  mailflow('v8', 'de', '&footer=1'), emailapps('v9', 'de'), modern('v8', 'de'), saved('plain', 'v9', 'de', '&result=plain'), saved('refused', 'v8', 'de', '&saveFails=quiet'),
  mailflow('v9', 'fr'), emailapps('v8', 'fr', '&footer=1'), modern('v9', 'fr'), saved('plain', 'v8', 'fr', '&result=plain'),
  mailflow('v8', 'zh'), emailapps('v9', 'zh', '&footer=1'), modern('v8', 'zh'), saved('refused', 'v9', 'zh', '&saveFails=quiet'),
  mailflow('v9', 'el', '&footer=1'), emailapps('v8', 'el'), modern('v9', 'el', '&footer=1'), saved('plain', 'v8', 'el', '&result=plain'),
  saved('refused', 'v9', 'el', '&saveFails=quiet'), saved('saved', 'v8', 'el', '&result=toast'),
);

const dir = mkdtempSync(join(tmpdir(), 'authpilot-snapshots-'));
const server = await startReplica(dir);
const { context } = await launchBrowser(join(dir, 'profile'), server, { extension: false });
try {
  mkdirSync(out, { recursive: true });
  for (const [name, url, steps] of STATES) {
    const page = await context.newPage();
    await page.goto(url);
    const lang = name.split('-').pop();
    await steps(page, WORDS[lang] || WORDS.en);
    await page.waitForTimeout(300); // let React finish the render the last step started
    const html = await page.evaluate(() => {
      const rules = [...document.styleSheets].flatMap((s) => { try { return [...s.cssRules].map((r) => r.cssText); } catch (_) { return []; } });
      const copy = document.documentElement.cloneNode(true);
      copy.querySelectorAll('script, link[rel="stylesheet"], style').forEach((e) => e.remove());
      const style = document.createElement('style');
      style.textContent = rules.join('\n');
      copy.querySelector('head').append(style);
      return `<!doctype html>\n${copy.outerHTML}`;
    });
    writeFileSync(join(out, `${name}.html`), html);
    console.log(`[snapshots] ${name}.html ${(html.length / 1024).toFixed(0)} KB`);
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
