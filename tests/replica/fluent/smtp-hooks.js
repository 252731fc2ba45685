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
//   late=<ms>          the panel's content (the switch) renders this late, after a spinner
//   address=hidden     a user's flyout shows the display name only, never the address
//   title=other        panels titled otherwise: Manage email apps by the user's name,
//                      Modern authentication as "Authentication settings"
//   saveFails=1        every save is refused with an error
//   smtpOff=1          the organisation's SMTP AUTH starts off; policySmtp=0 the policy's box
// Wordings: box names and paths from smtp-auth.md (confirmed); panel intros, saved and error
// messages third-party or guessed (smtp-auth.md marks them unconfirmed).
import { useEffect, useState } from 'react';

export const knobs = new URLSearchParams(location.search);
export const SMTP = {
  ariaOnly: knobs.get('label') === 'aria',
  toast: knobs.get('result') === 'toast',
  late: Number(knobs.get('late') || 0),
  hideAddress: knobs.get('address') === 'hidden',
  otherTitles: knobs.get('title') === 'other',
  saveLabel: (fallback) => ({ changes: 'Save changes', plain: 'Save' })[knobs.get('save')] || fallback,
};
export const ORG_BOX = 'Turn off SMTP AUTH protocol for your organization';
export const USERS = [
  ['Megan Bowen', 'megan@contoso.example'],
  ['Scanner (3rd floor)', 'scanner@contoso.com'],
  ['Printer 3F', 'printer-3f@contoso.com'],
];
export const EMAIL_APPS = ['Outlook on the web', 'Outlook desktop (MAPI)', 'Exchange Web Services', 'Mobile (Exchange ActiveSync)', 'IMAP', 'POP', 'Authenticated SMTP'];
export const MESSAGES = {
  mailFlow: 'Mail flow settings updated. Your change has been saved.',
  emailApps: 'Email apps settings saved.',
  modern: 'Your changes have been saved.',
  error: "Error: We couldn't save your changes. Try again later.",
};

// What the pages have saved, across flyouts (the tenant's state).
const stored = { org: knobs.get('smtpOff') === '1', policy: knobs.get('policySmtp') !== '0', users: new Map() };
export const storedState = stored;

/** A switch panel's check box and Save: `read`/`write` the tenant's stored value. The result
 * is 'saved' or 'error' 300 ms after Save, as a real request takes a moment. */
export function useSwitch(read, write) {
  const [checked, setChecked] = useState(read());
  const [result, setResult] = useState(null);
  const save = () => {
    setResult(null);
    setTimeout(() => {
      if (knobs.get('saveFails') === '1') return setResult('error');
      write(checked);
      setResult('saved');
    }, 300);
  };
  return { checked, setChecked, result, save };
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
