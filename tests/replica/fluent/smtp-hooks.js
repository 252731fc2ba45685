// What the Fluent renderings of the three SMTP AUTH pages share (issue 13), so that v8 and v9
// differ only in their components: the users, the saved state, a Save that takes a moment,
// and the knobs that vary the markup the way a real page may.
//
// Knobs (query parameters):
//   label=aria         the box named by aria-label only (no visible label text)
//   save=changes|plain the Save button says "Save changes" / "Save" (each page has its own
//                      default: "Save" on Mail flow and Modern authentication, "Save changes"
//                      on Manage email apps)
//   result=toast       the saved message or error as a toast outside the panel (default: a
//                      message bar inside it)
//   result=silent      no message at all: a "Saving…" spinner in the panel while the save
//                      runs, then nothing (the page shows only that the request went)
//   late=<ms>          the panel's content (the switch) renders this late, after a spinner
//   address=hidden     a user's flyout shows the display name only, never the address
//   title=other        panels titled otherwise: Manage email apps by the user's name,
//                      Modern authentication as "Authentication settings"
//   saveFails=1        every save is refused with an error that says "Error" (an error word)
//   saveFails=quiet    every save is refused in Fluent's error bar with no error word: "Your
//                      changes weren't saved." (ja: "変更は保存されませんでした。")
//   address=header     the user's flyout shows the address only under its title, and Manage
//                      email apps replaces the flyout's content, showing the name only
//   saveDelay=<ms>     how long a save takes before its result shows (default 300)
//   address=row        the flyout shows no address anywhere; the Active users row the admin
//                      opened shows it (Username column)
//   lang=ja|de|fr|zh|el the pages in Japanese (Microsoft's Japanese docs' words where they name
//                      them: アクティブなユーザー, メール, メール アプリ, メールアプリの管理,
//                      認証済み SMTP, 変更の保存; elsewhere this replica's own guesses, which
//                      AuthPilot's vocabulary deliberately does not hold), German, French,
//                      Simplified Chinese — worded on purpose unlike Microsoft's published
//                      labels where it matters (the mailbox's box, the Save, the panel titles:
//                      live pages and documents disagree) — or Greek, for which AuthPilot has no
//                      table at all (issue 32); <html lang> follows
//   footer=1           Save in the panel's footer (v8 Panel footer, v9 DrawerFooter), not its body
//   result=plain       the saved message or error as a toast with no kind in its markup (no
//                      MessageBar type, no intent): only its words say what it is
//   smtpOff=1          the organisation's SMTP AUTH starts off; policySmtp=0 the policy's box
// Wordings: box names and paths from smtp-auth.md (confirmed); panel intros, saved and error
// messages third-party or guessed (smtp-auth.md marks them unconfirmed).
import { useEffect, useState } from 'react';

export const knobs = new URLSearchParams(location.search);
const LANG = ['ja', 'de', 'fr', 'zh', 'el'].includes(knobs.get('lang')) ? knobs.get('lang') : 'en';
document.documentElement.lang = { en: 'en-US', ja: 'ja-JP', de: 'de-DE', fr: 'fr-FR', zh: 'zh-CN', el: 'el-GR' }[LANG];
/** The pages' words in each language. ja: confirmed words are marked (Microsoft Learn ja-jp);
 * the rest are this replica's guesses. de: a plausible German page. */
const WORDS = {
  en: {
    orgBox: 'Turn off SMTP AUTH protocol for your organization', mailFlow: 'Mail flow settings', mailFlowButton: 'Mail flow',
    security: 'Security', save: 'Save', saveChanges: 'Save changes', close: 'Close', loading: 'Loading…', saving: 'Saving…',
    activeUsers: 'Active users', displayName: 'Display name', username: 'Username',
    tabs: ['Account', 'Devices', 'Licenses and apps', 'Mail', 'OneDrive'], emailApps: 'Email apps', manage: 'Manage email apps',
    appsIntro: 'Choose the apps where people can access their Microsoft 365 email.',
    apps: ['Outlook on the web', 'Outlook desktop (MAPI)', 'Exchange Web Services', 'Mobile (Exchange ActiveSync)', 'IMAP', 'POP', 'Authenticated SMTP'],
    smtpBox: 'Authenticated SMTP', modern: 'Modern authentication', otherModern: 'Authentication settings',
    modernBox: 'Turn on modern authentication for Outlook 2013 for Windows and later (recommended)',
    basicHeading: 'Allow access to basic authentication protocols', orgSettings: 'Org settings', exchange: 'Exchange admin center', settings: 'Settings',
    saved: { mailFlow: 'Mail flow settings updated. Your change has been saved.', emailApps: 'Email apps settings saved.', modern: 'Your changes have been saved.' },
    error: "Error: We couldn't save your changes. Try again later.", quietError: "Your changes weren't saved.",
  },
  ja: {
    orgBox: '組織の SMTP AUTH プロトコルを無効にする', mailFlow: 'メール フローの設定', mailFlowButton: 'メール フロー',
    security: 'セキュリティ', save: '保存', saveChanges: '変更の保存' /* confirmed */, close: '閉じる', loading: '読み込み中…', saving: '保存しています…',
    activeUsers: 'アクティブなユーザー' /* confirmed */, displayName: '表示名', username: 'ユーザー名',
    tabs: ['アカウント', 'デバイス', 'ライセンスとアプリ', 'メール' /* confirmed */, 'OneDrive'], emailApps: 'メール アプリ' /* confirmed */, manage: 'メールアプリの管理' /* confirmed */,
    appsIntro: 'ユーザーが Microsoft 365 のメールにアクセスできるアプリを選択します。',
    apps: ['Outlook on the web', 'Outlook デスクトップ (MAPI)', 'Exchange Web Services', 'モバイル (Exchange ActiveSync)', 'IMAP', 'POP', '認証済み SMTP' /* confirmed */],
    smtpBox: '認証済み SMTP', modern: '先進認証', otherModern: '認証の設定',
    modernBox: 'Outlook 2013 for Windows 以降の先進認証を有効にする (推奨)',
    basicHeading: '基本認証プロトコルへのアクセスを許可する', orgSettings: '組織設定', exchange: 'Exchange 管理センター', settings: '設定',
    saved: { mailFlow: 'メール フローの設定を更新しました。変更が保存されました。', emailApps: 'メール アプリの設定を保存しました。', modern: '変更が保存されました。' },
    error: 'エラー: 変更を保存できませんでした。後でもう一度お試しください。', quietError: '変更は保存されませんでした。',
  },
  // German: the mailbox's box, the Save and the panel title worded unlike Microsoft's German
  // article (Authentifiziertes SMTP, Änderungen speichern, E-Mail-Apps verwalten).
  de: {
    orgBox: 'SMTP AUTH-Protokoll für Ihre Organisation deaktivieren', mailFlow: 'Nachrichtenflusseinstellungen', mailFlowButton: 'Nachrichtenfluss',
    security: 'Sicherheit', save: 'Speichern', saveChanges: 'Speichern', close: 'Schließen', loading: 'Wird geladen…', saving: 'Wird gespeichert…',
    activeUsers: 'Aktive Benutzer', displayName: 'Anzeigename', username: 'Benutzername',
    tabs: ['Konto', 'Geräte', 'Lizenzen und Apps', 'E-Mail', 'OneDrive'], emailApps: 'E-Mail-Anwendungen', manage: 'E-Mail-Anwendungen verwalten',
    appsIntro: 'Wählen Sie die Apps aus, mit denen Benutzer auf ihre Microsoft 365-E-Mail zugreifen können.',
    apps: ['Outlook im Web', 'Outlook Desktop (MAPI)', 'Exchange-Webdienste', 'Mobil (Exchange ActiveSync)', 'IMAP', 'POP', 'SMTP-Authentifizierung'],
    smtpBox: 'SMTP-Authentifizierung', modern: 'Moderne Authentifizierung', otherModern: 'Authentifizierungseinstellungen',
    modernBox: 'Moderne Authentifizierung für Outlook 2013 für Windows und höher aktivieren (empfohlen)',
    basicHeading: 'Zugriff auf Standardauthentifizierungsprotokolle zulassen', orgSettings: 'Organisationseinstellungen', exchange: 'Exchange Admin Center', settings: 'Einstellungen',
    saved: { mailFlow: 'Änderungen gespeichert.', emailApps: 'Änderungen gespeichert.', modern: 'Änderungen gespeichert.' },
    error: 'Fehler: Die Änderungen wurden nicht gespeichert.', quietError: 'Die Änderungen wurden nicht gespeichert.',
  },
  // French: Microsoft's French article leaves the box in English ("Authenticated SMTP"); this
  // page translates it, and words the panel and the Save otherwise.
  fr: {
    orgBox: 'Désactiver le protocole SMTP AUTH pour votre organisation', mailFlow: 'Paramètres du flux de messagerie', mailFlowButton: 'Flux de messagerie',
    security: 'Sécurité', save: 'Enregistrer', saveChanges: 'Enregistrer', close: 'Fermer', loading: 'Chargement…', saving: 'Enregistrement…',
    activeUsers: 'Utilisateurs actifs', displayName: 'Nom d’affichage', username: 'Nom d’utilisateur',
    tabs: ['Compte', 'Appareils', 'Licences et applications', 'Courrier', 'OneDrive'], emailApps: 'Applications de courrier', manage: 'Gérer les applications de courrier',
    appsIntro: 'Choisissez les applications avec lesquelles les utilisateurs accèdent à leur courrier Microsoft 365.',
    apps: ['Outlook sur le web', 'Outlook pour ordinateur (MAPI)', 'Exchange Web Services', 'Mobile (Exchange ActiveSync)', 'IMAP', 'POP', 'SMTP authentifié'],
    smtpBox: 'SMTP authentifié', modern: 'Authentification moderne', otherModern: 'Paramètres d’authentification',
    modernBox: 'Activer l’authentification moderne pour Outlook 2013 pour Windows et versions ultérieures (recommandé)',
    basicHeading: 'Autoriser l’accès aux protocoles d’authentification de base', orgSettings: 'Paramètres de l’organisation', exchange: 'Centre d’administration Exchange', settings: 'Paramètres',
    saved: { mailFlow: 'Paramètres mis à jour.', emailApps: 'Paramètres enregistrés.', modern: 'Vos modifications ont été enregistrées.' },
    error: 'Erreur : impossible d’enregistrer vos modifications.', quietError: 'Vos modifications n’ont pas été enregistrées.',
  },
  // Simplified Chinese: the box, the panel and the Save worded unlike Microsoft's zh-CN article
  // (已经过身份验证的 SMTP, 管理电子邮件应用, 保存更改).
  zh: {
    orgBox: '为组织关闭 SMTP AUTH 协议', mailFlow: '邮件流设置', mailFlowButton: '邮件流',
    security: '安全性', save: '保存', saveChanges: '保存', close: '关闭', loading: '正在加载…', saving: '正在保存…',
    activeUsers: '活跃用户', displayName: '显示名称', username: '用户名',
    tabs: ['帐户', '设备', '许可证和应用', '邮件', 'OneDrive'], emailApps: '邮件应用', manage: '管理邮件应用',
    appsIntro: '选择用户可用来访问其 Microsoft 365 电子邮件的应用。',
    apps: ['Outlook 网页版', 'Outlook 桌面版 (MAPI)', 'Exchange Web Services', '移动设备 (Exchange ActiveSync)', 'IMAP', 'POP', '经过身份验证的 SMTP'],
    smtpBox: '经过身份验证的 SMTP', modern: '现代身份验证', otherModern: '身份验证设置',
    modernBox: '为 Outlook 2013 for Windows 及更高版本启用现代身份验证（推荐）',
    basicHeading: '允许访问基本身份验证协议', orgSettings: '组织设置', exchange: 'Exchange 管理中心', settings: '设置',
    saved: { mailFlow: '设置已更新。', emailApps: '电子邮件应用设置已保存。', modern: '已保存更改。' },
    error: '错误: 无法保存更改。', quietError: '未保存更改。',
  },
  // Greek: a language AuthPilot has no table for at all; every label is this replica's own.
  el: {
    orgBox: 'Απενεργοποίηση του πρωτοκόλλου SMTP AUTH για τον οργανισμό σας', mailFlow: 'Ρυθμίσεις ροής αλληλογραφίας', mailFlowButton: 'Ροή αλληλογραφίας',
    security: 'Ασφάλεια', save: 'Αποθήκευση', saveChanges: 'Αποθήκευση αλλαγών', close: 'Κλείσιμο', loading: 'Φόρτωση…', saving: 'Αποθήκευση…',
    activeUsers: 'Ενεργοί χρήστες', displayName: 'Εμφανιζόμενο όνομα', username: 'Όνομα χρήστη',
    tabs: ['Λογαριασμός', 'Συσκευές', 'Άδειες χρήσης και εφαρμογές', 'Αλληλογραφία', 'OneDrive'], emailApps: 'Εφαρμογές email', manage: 'Διαχείριση εφαρμογών email',
    appsIntro: 'Επιλέξτε τις εφαρμογές με τις οποίες οι χρήστες έχουν πρόσβαση στο email τους στο Microsoft 365.',
    apps: ['Outlook στο web', 'Outlook για υπολογιστές (MAPI)', 'Exchange Web Services', 'Κινητές συσκευές (Exchange ActiveSync)', 'IMAP', 'POP', 'Επαληθευμένο SMTP'],
    smtpBox: 'Επαληθευμένο SMTP', modern: 'Σύγχρονος έλεγχος ταυτότητας', otherModern: 'Ρυθμίσεις ελέγχου ταυτότητας',
    modernBox: 'Ενεργοποίηση σύγχρονου ελέγχου ταυτότητας για το Outlook 2013 για Windows και νεότερες εκδόσεις (συνιστάται)',
    basicHeading: 'Να επιτρέπεται η πρόσβαση σε πρωτόκολλα βασικού ελέγχου ταυτότητας', orgSettings: 'Ρυθμίσεις οργανισμού', exchange: 'Κέντρο διαχείρισης του Exchange', settings: 'Ρυθμίσεις',
    saved: { mailFlow: 'Οι ρυθμίσεις ενημερώθηκαν.', emailApps: 'Οι αλλαγές σας αποθηκεύτηκαν.', modern: 'Οι αλλαγές σας αποθηκεύτηκαν.' },
    error: 'Σφάλμα: δεν ήταν δυνατή η αποθήκευση των αλλαγών σας.', quietError: 'Οι αλλαγές σας δεν αποθηκεύτηκαν.',
  },
};
export const T = WORDS[LANG];
export const SMTP = {
  ariaOnly: knobs.get('label') === 'aria',
  toast: knobs.get('result') === 'toast',
  silent: knobs.get('result') === 'silent',
  plain: knobs.get('result') === 'plain',
  footer: knobs.get('footer') === '1',
  late: Number(knobs.get('late') || 0),
  hideAddress: knobs.get('address') === 'hidden',
  headerAddress: knobs.get('address') === 'header',
  rowAddress: knobs.get('address') === 'row',
  otherTitles: knobs.get('title') === 'other',
  saveLabel: (fallback) => ({ changes: T.saveChanges, plain: T.save })[knobs.get('save')] || fallback,
};
export const ORG_BOX = T.orgBox;
/** Where a user's address shows: the Active users list, the user's flyout, Manage email apps. */
export const SHOWS = {
  list: !SMTP.hideAddress && !SMTP.headerAddress,
  flyout: !SMTP.hideAddress && !SMTP.rowAddress,
  manage: !SMTP.hideAddress && !SMTP.headerAddress && !SMTP.rowAddress,
};
export const USERS = [
  ['Megan Bowen', 'megan@contoso.example'],
  ['Scanner (3rd floor)', 'scanner@contoso.com'],
  ['Printer 3F', 'printer-3f@contoso.com'],
];
export const EMAIL_APPS = T.apps;
export const MESSAGES = {
  ...T.saved,
  error: knobs.get('saveFails') === 'quiet' ? T.quietError : T.error,
};

// What the pages have saved, across flyouts (the tenant's state).
const stored = { org: knobs.get('smtpOff') === '1', policy: knobs.get('policySmtp') !== '0', users: new Map() };
export const storedState = stored;

/** A switch panel's check box and Save: `read`/`write` the tenant's stored value. The result
 * is 'saved' or 'error' 300 ms after Save, as a real request takes a moment. */
export function useSwitch(read, write) {
  const [checked, setChecked] = useState(read());
  const [result, setResult] = useState(null);
  const [saving, setSaving] = useState(false);
  const save = () => {
    setResult(null);
    setSaving(true);
    setTimeout(() => {
      setSaving(false);
      if (knobs.get('saveFails')) return setResult('error');
      write(checked);
      setResult('saved');
    }, Number(knobs.get('saveDelay') || 300));
  };
  // What the tenant has saved, shown again (a panel opened anew shows no unsaved tick).
  const reset = () => { setChecked(read()); setResult(null); };
  return { checked, setChecked, result, saving, save, reset };
}

/** Whether a panel's content is there yet (`late`). */
export function useReady() {
  const [ready, setReady] = useState(!SMTP.late);
  useEffect(() => { if (SMTP.late) { const t = setTimeout(() => setReady(true), SMTP.late); return () => clearTimeout(t); } }, []);
  return ready;
}

/** The hash route, kept current. */
export function useRoute() {
  const read = () => location.hash.replace(/^#/, '') || '/homepage';
  const [route, setRoute] = useState(read());
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
