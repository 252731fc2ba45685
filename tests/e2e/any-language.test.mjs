// Every admin's language (issue 32): the SMTP AUTH switches recorded on the Fluent UI replicas
// of the three pages in German, French and Simplified Chinese — languages AuthPilot has a table
// for (cited from Microsoft's localized articles) but whose messages it does not read, and whose
// labels here are worded unlike those articles where it matters (the mailbox's box, the Save, the
// panel titles) — and in Greek, for which it has no table at all. The cells, chosen to cover
// both Fluent versions, the Save in the body and in the panel's footer, results in the panel and
// as toasts, boxes named by aria-label only and panels titled otherwise:
//   v8 de, Save in the footer; v9 fr, results as toasts; v8 zh, boxes named by aria-label;
//   v9 el, Save in the footer, panels titled otherwise.
// In each: the organisation off and on, each once, succeeded from Fluent's success markup with
// the page's own words kept; a refused save (Fluent's error bar with no error word) failed; a
// mailbox on with its address carried and the policy box off. In German and Greek (one per
// Fluent version) also a refusal with an error word, and forgeries recording nothing beside a
// genuine change. Then a toast with no kind in its markup: submitted in German and Greek,
// never succeeded (its words are not read there), succeeded in English (its words are); and
// the helper's one line and the page report on a Greek page.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openTab, openPopup, storageTools, switchSummary, until, helperFrame, tick, reopenShowing } from './harness.mjs';

let session;
let ext;
before(async () => {
  session = await startSession();
  ext = await openPopup(session);
});
after(async () => { await session?.stop(); });
afterEach(() => session.assertNoPageErrors());
const { settings, smtpEntries, clearLog } = storageTools(() => ext);
const summary = switchSummary;

/** The replicas' words (tests/replica/fluent/smtp-hooks.js): what the test clicks, never what
 * AuthPilot reads. */
const W = {
  de: {
    mailFlowButton: 'Nachrichtenfluss', mailFlow: 'Nachrichtenflusseinstellungen', orgBox: 'SMTP AUTH-Protokoll für Ihre Organisation deaktivieren',
    save: 'Speichern', close: 'Schließen', manage: 'E-Mail-Anwendungen verwalten', smtpBox: 'SMTP-Authentifizierung',
    modern: 'Moderne Authentifizierung', otherModern: 'Authentifizierungseinstellungen',
    orgSaved: 'Änderungen gespeichert.', appsSaved: 'Änderungen gespeichert.', modernSaved: 'Änderungen gespeichert.',
    error: 'Fehler: Die Änderungen wurden nicht gespeichert.', quiet: 'Die Änderungen wurden nicht gespeichert.',
  },
  fr: {
    mailFlowButton: 'Flux de messagerie', mailFlow: 'Paramètres du flux de messagerie', orgBox: 'Désactiver le protocole SMTP AUTH pour votre organisation',
    save: 'Enregistrer', close: 'Fermer', manage: 'Gérer les applications de courrier', smtpBox: 'SMTP authentifié',
    modern: 'Authentification moderne', otherModern: 'Paramètres d’authentification',
    orgSaved: 'Paramètres mis à jour.', appsSaved: 'Paramètres enregistrés.', modernSaved: 'Vos modifications ont été enregistrées.',
    error: 'Erreur : impossible d’enregistrer vos modifications.', quiet: 'Vos modifications n’ont pas été enregistrées.',
  },
  zh: {
    mailFlowButton: '邮件流', mailFlow: '邮件流设置', orgBox: '为组织关闭 SMTP AUTH 协议',
    save: '保存', close: '关闭', manage: '管理邮件应用', smtpBox: '经过身份验证的 SMTP',
    modern: '现代身份验证', otherModern: '身份验证设置',
    orgSaved: '设置已更新。', appsSaved: '电子邮件应用设置已保存。', modernSaved: '已保存更改。',
    error: '错误: 无法保存更改。', quiet: '未保存更改。',
  },
  el: {
    mailFlowButton: 'Ροή αλληλογραφίας', mailFlow: 'Ρυθμίσεις ροής αλληλογραφίας', orgBox: 'Απενεργοποίηση του πρωτοκόλλου SMTP AUTH για τον οργανισμό σας',
    save: 'Αποθήκευση', saveChanges: 'Αποθήκευση αλλαγών', close: 'Κλείσιμο', manage: 'Διαχείριση εφαρμογών email', smtpBox: 'Επαληθευμένο SMTP',
    modern: 'Σύγχρονος έλεγχος ταυτότητας', otherModern: 'Ρυθμίσεις ελέγχου ταυτότητας',
    orgSaved: 'Οι ρυθμίσεις ενημερώθηκαν.', appsSaved: 'Οι αλλαγές σας αποθηκεύτηκαν.', modernSaved: 'Οι αλλαγές σας αποθηκεύτηκαν.',
    error: 'Σφάλμα: δεν ήταν δυνατή η αποθήκευση των αλλαγών σας.', quiet: 'Οι αλλαγές σας δεν αποθηκεύτηκαν.',
  },
};

// `full`: forgeries and both refusals too (German and Greek, one per Fluent version); French
// and Chinese: the changes and one refusal (Fluent's error bar with no error word).
const CELLS = [
  ['v8 de, Save in the footer', 'ui=v8&lang=de&footer=1&address=header', 'de', { full: true }],
  ['v9 fr, results as toasts', 'ui=v9&lang=fr&result=toast&address=row', 'fr', {}],
  ['v8 zh, boxes named by aria-label', 'ui=v8&lang=zh&label=aria', 'zh', {}],
  ['v9 el, Save in the footer, panels titled otherwise', 'ui=v9&lang=el&footer=1&title=other', 'el', { full: true, otherTitles: true, mailboxSave: 'saveChanges' }],
];

async function mailFlow(query, w) {
  const { page, tabId } = await openTab(session, `https://admin.exchange.microsoft.com/?${query}#/settings`);
  await page.getByRole('button', { name: w.mailFlowButton }).click();
  const dialog = page.getByRole('dialog', { name: w.mailFlow });
  const box = dialog.getByRole('checkbox', { name: w.orgBox });
  await box.waitFor();
  return { page, tabId, dialog, box, save: dialog.getByRole('button', { name: w.save, exact: true }) };
}

async function emailApps(page, name, w, saveName, otherTitles) {
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('button', { name: w.manage }).click();
  const dialog = page.getByRole('dialog', { name: otherTitles ? name : w.manage });
  const box = dialog.getByRole('checkbox', { name: w.smtpBox });
  await box.waitFor();
  return { dialog, box, save: dialog.getByRole('button', { name: saveName, exact: true }), close: dialog.getByRole('button', { name: w.close }) };
}

/** Forgeries beside the genuine recordings: the page's own script flips the box and presses
 * Save; a fake success bar appears with no press. The positive control follows on the same page. */
async function forgeries(page, w) {
  // Forgeries beside the genuine recordings: the page's own script flips the box and presses
  // Save; a fake success bar appears with no press.
  await page.evaluate((save) => {
    document.querySelector('[role="dialog"] input[type="checkbox"]').click();
    [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent.trim() === save).click();
  }, w.save);
  await page.evaluate((text) => {
    const fake = document.createElement('div');
    fake.className = 'ms-MessageBar ms-MessageBar--success';
    fake.setAttribute('role', 'status');
    fake.textContent = text;
    document.body.append(fake);
  }, w.orgSaved);
  // Positive control on the same page: once the flyout shows what the page's script saved
  // (off), the admin's own change back on records exactly one entry (a recorded forgery would
  // come before it).
  const again = await reopenShowing(page, async () => {
    await page.getByRole('button', { name: w.mailFlowButton }).click();
    return { box: page.getByRole('dialog', { name: w.mailFlow }).getByRole('checkbox', { name: w.orgBox }) };
  }, true, w.close);
  await tick(again.box, false);
  await page.getByRole('dialog', { name: w.mailFlow }).getByRole('button', { name: w.save, exact: true }).click();
  await until(async () => (await smtpEntries()).length >= 3, 'the genuine turn-on');
  assert.deepEqual((await smtpEntries()).slice(2).map(summary), [['organization', null, 'turn-on', 'succeeded', 'observed']], `forgeries recorded nothing: ${JSON.stringify(await smtpEntries())}`);
}

const recorded = (n, what) => until(async () => (await smtpEntries()).length === n, what);

for (const [cell, query, lang, opts] of CELLS) {
  const w = W[lang];
  test(`${cell}: the organisation off and on, each once, succeeded by Fluent's markup with the page's words; ${opts.full ? 'refused saves failed; forgeries nothing' : 'a refused save failed'}`, async () => {
    await clearLog();
    const { page, box, save } = await mailFlow(query, w);
    await tick(box);
    await save.click();
    await page.getByText(w.orgSaved).first().waitFor();
    await recorded(1, 'the turn-off');
    await tick(box, false);
    await save.click();
    await recorded(2, 'the turn-on');
    const list = await smtpEntries();
    assert.deepEqual(list.map(summary), [
      ['organization', null, 'turn-off', 'succeeded', 'observed'],
      ['organization', null, 'turn-on', 'succeeded', 'observed'],
    ]);
    assert.equal(list[0].message, w.orgSaved, 'the page\'s own words, kept as they were');
    if (opts.full) await forgeries(page, w);
    await page.close();

    // Refused in Fluent's error bar, with an error word and without one: failed, whatever the words.
    for (const [fails, text] of opts.full ? [['1', w.error], ['quiet', w.quiet]] : [['quiet', w.quiet]]) {
      const refused = await mailFlow(`${query}&saveFails=${fails}`, w);
      const n = (await smtpEntries()).length;
      await tick(refused.box);
      await refused.save.click();
      await refused.page.getByText(text).first().waitFor();
      await recorded(n + 1, `the refused save (${fails})`);
      const failed = (await smtpEntries())[n];
      assert.deepEqual(summary(failed), ['organization', null, 'turn-off', 'failed', 'observed']);
      assert.equal(failed.message, text);
      await refused.page.close();
    }
  });

  test(`${cell}: a mailbox on, its address carried from the page, and the policy box off`, async () => {
    await clearLog();
    await settings('', 'worldwide');
    const { page } = await openTab(session, `https://admin.microsoft.com/Adminportal/Home?${query}#/users`);
    const f = await emailApps(page, 'Scanner (3rd floor)', w, w[opts.mailboxSave || 'save'], opts.otherTitles);
    await tick(f.box);
    await f.save.click();
    await page.getByText(w.appsSaved).first().waitFor();
    await recorded(1, 'the mailbox turned on');
    await f.close.click();
    assert.equal(await helperFrame(page).locator('#ask-mailbox').count(), 0, 'the helper never asked for an address');
    await page.goto(`https://admin.microsoft.com/?${query}#/Settings/Services/:/Settings/L1/ModernAuthentication`);
    const modern = page.getByRole('dialog', { name: opts.otherTitles ? w.otherModern : w.modern });
    const policy = modern.getByRole('checkbox', { name: w.smtpBox });
    await tick(policy, false);
    await modern.getByRole('button', { name: w.save, exact: true }).click();
    await page.getByText(w.modernSaved).first().waitFor();
    await recorded(2, 'the policy box');
    assert.deepEqual((await smtpEntries()).map(summary), [
      ['mailbox', 'scanner@contoso.com', 'turn-on', 'succeeded', 'observed'],
      ['authentication-policy', null, 'turn-off', 'succeeded', 'observed'],
    ]);
    await page.close();
  });
}

test('a toast with no kind in its markup: submitted in German and Greek, never succeeded from words AuthPilot does not read; succeeded in English, whose words it reads', async () => {
  await clearLog();
  const en = { mailFlowButton: 'Mail flow', mailFlow: 'Mail flow settings', orgBox: 'Turn off SMTP AUTH protocol for your organization', save: 'Save', orgSaved: 'Mail flow settings updated. Your change has been saved.' };
  for (const [query, w, outcome] of [['ui=v9&lang=de', W.de, 'submitted'], ['ui=v8&lang=el', W.el, 'submitted'], ['ui=v9', en, 'succeeded']]) {
    const n = (await smtpEntries()).length;
    const { page, box, save } = await mailFlow(`${query}&result=plain`, w);
    await tick(box);
    await save.click();
    await page.getByText(w.orgSaved).first().waitFor();
    await recorded(n + 1, `the turn-off (${query})`);
    const entry = (await smtpEntries())[n];
    assert.deepEqual(summary(entry), ['organization', null, 'turn-off', outcome, 'observed'], query);
    assert.equal(entry.message, w.orgSaved, 'the page\'s words kept, whatever they are read as');
    await page.close();
  }
});

test('on a Greek page the helper says in one line that the page\'s words are not read, and the page report names the cues that found the switch and its Save', async () => {
  await clearLog();
  const { page, tabId, box } = await mailFlow('ui=v9&lang=el&footer=1', W.el);
  const helper = helperFrame(page);
  await helper.locator('#words-unread').waitFor();
  assert.match(await helper.locator('#words-unread').innerText(), /^This page is in el-GR: AuthPilot does not read its words\./);
  assert.equal(await helper.locator('#unreadable').count(), 0, 'no "cannot read" refusal: switches record here');
  void box;
  const { report } = await ext.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'page-report' }), tabId);
  assert.equal(report.lang, 'el-GR');
  const cue = (el) => report.elements.find((e) => e.element === el)?.found_by;
  assert.equal(cue('smtpSwitch'), 'SMTP AUTH in its name');
  assert.equal(cue('save'), 'filled button');
  await page.close();
});
