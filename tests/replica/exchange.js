// A minimal replica of the Exchange admin center (issue 13, first part): its pages by hash
// route, and Settings > Mail flow with the SMTP AUTH organisation switch in a flyout, in the
// words smtp-auth.md gives (the flyout's heading and saved message are third-party only).
// DOM APIs only (the page runs under Trusted Types).
import { el } from './el.js';

const main = document.getElementById('main');
const knobs = new URLSearchParams(location.search);
let smtpOff = knobs.get('smtpOff') === '1';
const saveFails = knobs.get('saveFails') === '1'; // the save is refused
const saveDelay = Number(knobs.get('saveDelay') || 300); // how long the save's request takes (ms)

function mailFlowFlyout() {
  const box = el('input', { type: 'checkbox', id: 'smtp-off' });
  box.checked = smtpOff;
  const status = el('p', { role: 'status' });
  const save = el('button', { type: 'button' }, 'Save');
  save.addEventListener('click', () => {
    status.textContent = '';
    setTimeout(() => { // the request takes a moment, as the real page's does
      if (saveFails) {
        status.textContent = "Error: We couldn't save your changes. Try again later.";
        return;
      }
      smtpOff = box.checked;
      status.textContent = 'Mail flow settings updated. Your change has been saved.';
    }, saveDelay);
  });
  const close = el('button', { type: 'button', 'aria-label': 'Close' }, '×');
  const flyout = el('div', { role: 'dialog', 'aria-labelledby': 'flyout-title' },
    el('h2', { id: 'flyout-title' }, 'Mail flow settings'), close,
    el('h3', {}, 'Security'),
    el('label', { for: 'smtp-off' }, box, ' Turn off SMTP AUTH protocol for your organization'),
    save, status);
  close.addEventListener('click', () => flyout.remove());
  document.body.append(flyout);
}

function route() {
  const path = location.hash.replace(/^#/, '') || '/homepage';
  main.replaceChildren();
  if (path.startsWith('/settings')) {
    const open = el('button', { type: 'button' }, 'Mail flow');
    open.addEventListener('click', mailFlowFlyout);
    main.append(el('h2', {}, 'Settings'), open);
  } else if (path.startsWith('/reports/smtpauthmailflowdetails')) {
    main.append(el('h2', {}, 'SMTP AUTH clients report'),
      el('table', {}, el('caption', {}, 'Messages sent using SMTP Auth'),
        el('tr', {}, ...['Sender address', 'Domain', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'Messages sent'].map((h) => el('th', { scope: 'col' }, h)))));
  } else {
    main.append(el('h2', {}, 'Home'));
  }
}
window.addEventListener('hashchange', route);
route();
