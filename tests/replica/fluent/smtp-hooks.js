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
//   lang=ja|de         the pages in Japanese (Microsoft's Japanese docs' words where they name
//                      them: アクティブなユーザー, メール, メール アプリ, メールアプリの管理,
//                      認証済み SMTP, 変更の保存; elsewhere this replica's own guesses, which
//                      AuthPilot's vocabulary deliberately does not hold) or German (a language
//                      AuthPilot cannot read); <html lang> follows
//   smtpOff=1          the organisation's SMTP AUTH starts off; policySmtp=0 the policy's box
// Wordings: box names and paths from smtp-auth.md (confirmed); panel intros, saved and error
// messages third-party or guessed (smtp-auth.md marks them unconfirmed).
import { useEffect, useState } from 'react';

export const knobs = new URLSearchParams(location.search);
const LANG = ['ja', 'de'].includes(knobs.get('lang')) ? knobs.get('lang') : 'en';
document.documentElement.lang = { en: 'en-US', ja: 'ja-JP', de: 'de-DE' }[LANG];
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
  de: {
    orgBox: 'SMTP AUTH-Protokoll für Ihre Organisation deaktivieren', mailFlow: 'Nachrichtenflusseinstellungen', mailFlowButton: 'Nachrichtenfluss',
    security: 'Sicherheit', save: 'Speichern', saveChanges: 'Änderungen speichern', close: 'Schließen', loading: 'Wird geladen…', saving: 'Wird gespeichert…',
    activeUsers: 'Aktive Benutzer', displayName: 'Anzeigename', username: 'Benutzername',
    tabs: ['Konto', 'Geräte', 'Lizenzen und Apps', 'E-Mail', 'OneDrive'], emailApps: 'E-Mail-Apps', manage: 'E-Mail-Apps verwalten',
    appsIntro: 'Wählen Sie die Apps aus, mit denen Benutzer auf ihre Microsoft 365-E-Mail zugreifen können.',
    apps: ['Outlook im Web', 'Outlook Desktop (MAPI)', 'Exchange-Webdienste', 'Mobil (Exchange ActiveSync)', 'IMAP', 'POP', 'Authentifiziertes SMTP'],
    smtpBox: 'Authentifiziertes SMTP', modern: 'Moderne Authentifizierung', otherModern: 'Authentifizierungseinstellungen',
    modernBox: 'Moderne Authentifizierung für Outlook 2013 für Windows und höher aktivieren (empfohlen)',
    basicHeading: 'Zugriff auf Standardauthentifizierungsprotokolle zulassen', orgSettings: 'Organisationseinstellungen', exchange: 'Exchange Admin Center', settings: 'Einstellungen',
    saved: { mailFlow: 'Änderungen gespeichert.', emailApps: 'Änderungen gespeichert.', modern: 'Änderungen gespeichert.' },
    error: 'Fehler: Die Änderungen wurden nicht gespeichert.', quietError: 'Die Änderungen wurden nicht gespeichert.',
  },
};
export const T = WORDS[LANG];
export const SMTP = {
  ariaOnly: knobs.get('label') === 'aria',
  toast: knobs.get('result') === 'toast',
  silent: knobs.get('result') === 'silent',
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
  return { checked, setChecked, result, saving, save };
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
