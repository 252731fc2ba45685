// The Microsoft 365 admin center's SMTP AUTH switches in the hand-written replica (issue 13):
// Users > Active users > a user's flyout > Mail > "Manage email apps" (check box "Authenticated
// SMTP", "Save changes") and Settings > Org settings > Modern authentication (its two boxes,
// "Save"). Paths and box names from smtp-auth.md (confirmed); the panel's intro, the other
// boxes' order and the saved messages are unconfirmed there, so these are guesses.
// DOM APIs only (the page runs under Trusted Types).
import { el } from './el.js';
const knobs = new URLSearchParams(location.search);
const USERS = [
  ['Megan Bowen', 'megan@contoso.example'],
  ['Scanner (3rd floor)', 'scanner@contoso.com'],
  ['Printer 3F', 'printer-3f@contoso.com'],
];
const smtpOn = new Map(); // address → "Authenticated SMTP" ticked
let policySmtp = knobs.get('policySmtp') !== '0';

function checkBox(id, label, checked) {
  const box = el('input', { type: 'checkbox', id });
  box.checked = checked;
  return [box, el('label', { for: id }, label)];
}

function saving(status, button, onSaved, message) {
  button.addEventListener('click', () => {
    status.textContent = '';
    setTimeout(() => {
      if (knobs.get('saveFails') === '1') { status.textContent = "Error: We couldn't save your changes."; return; }
      onSaved();
      status.textContent = message;
    }, 300);
  });
}

function openUser(name, address) {
  document.querySelector('[data-flyout]')?.remove();
  const close = el('button', { type: 'button', 'aria-label': 'Close' }, '×');
  const manage = el('button', { type: 'button', class: 'link' }, 'Manage email apps');
  const flyout = el('div', { role: 'dialog', 'aria-labelledby': 'user-title', 'data-flyout': '' },
    el('h2', { id: 'user-title' }, name), el('p', {}, address), close,
    el('div', { role: 'tablist' }, ...['Account', 'Devices', 'Licenses and apps', 'Mail', 'OneDrive'].map((t) => el('button', { type: 'button', role: 'tab', 'aria-selected': String(t === 'Mail') }, t))),
    el('h3', {}, 'Email apps'), el('p', {}, 'Choose the apps where people can access their Microsoft 365 email.'), manage);
  close.addEventListener('click', () => flyout.remove());
  manage.addEventListener('click', () => {
    const apps = ['Outlook on the web', 'Outlook desktop (MAPI)', 'Exchange Web Services', 'Mobile (Exchange ActiveSync)', 'IMAP', 'POP', 'Authenticated SMTP'];
    const boxes = apps.flatMap((app, i) => [...checkBox(`app-${i}`, app, app === 'Authenticated SMTP' ? !!smtpOn.get(address) : true), el('br')]);
    const save = el('button', { type: 'button' }, 'Save changes');
    const status = el('p', { role: 'status' });
    saving(status, save, () => { smtpOn.set(address, document.getElementById('app-6').checked); }, 'Email apps settings saved.');
    flyout.replaceChildren(el('h2', { id: 'user-title' }, 'Manage email apps'), el('p', {}, `${name} · ${address}`), close, el('fieldset', {}, ...boxes), save, status);
  });
  document.body.append(flyout);
}

export function renderUsers(content) {
  const rows = USERS.map(([name, address]) => {
    const open = el('button', { type: 'button', class: 'link' }, name);
    open.addEventListener('click', () => openUser(name, address));
    return el('tr', {}, el('td', {}, open), el('td', {}, address));
  });
  content.replaceChildren(el('h1', {}, 'Active users'),
    el('table', {}, el('tr', {}, el('th', { scope: 'col' }, 'Display name'), el('th', { scope: 'col' }, 'Username')), ...rows));
}

export function renderModernAuth(content) {
  content.replaceChildren(el('h1', {}, 'Org settings'));
  const open = el('button', { type: 'button', class: 'link' }, 'Modern authentication');
  open.addEventListener('click', () => {
    document.querySelector('[data-flyout]')?.remove();
    const [modern, modernLabel] = checkBox('modern-outlook', 'Turn on modern authentication for Outlook 2013 for Windows and later (recommended)', true);
    const [smtp, smtpLabel] = checkBox('policy-smtp', 'Authenticated SMTP', policySmtp);
    const save = el('button', { type: 'button' }, 'Save');
    const status = el('p', { role: 'status' });
    saving(status, save, () => { policySmtp = smtp.checked; }, 'Your changes have been saved.');
    const close = el('button', { type: 'button', 'aria-label': 'Close' }, '×');
    const panel = el('div', { role: 'dialog', 'aria-labelledby': 'modern-title', 'data-flyout': '' },
      el('h2', { id: 'modern-title' }, 'Modern authentication'), close, modern, modernLabel, el('br'),
      el('h3', {}, 'Allow access to basic authentication protocols'), smtp, smtpLabel, el('br'), save, status);
    close.addEventListener('click', () => panel.remove());
    document.body.append(panel);
  });
  content.append(open);
  if (/ModernAuthentication/i.test(location.hash)) open.click();
}
