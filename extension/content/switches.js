// SMTP AUTH switches (issue 13, read by meaning in issue 19, in any language in issue 32). Each
// switch is a check box found by several cues, what does not change with the language first:
// "SMTP" or "SMTP AUTH" in its name (Microsoft never translates them) and the panel it is in —
// the other email apps' boxes (IMAP, POP, Exchange Web Services: product names) make it a
// mailbox's, the Outlook 2013 box makes it Modern authentication's; then the words of the
// vocabulary's tables: the box's wording and a panel titled Mail flow settings, Manage email
// apps or Modern authentication; for the organisation's box, also the check box under the
// Security section of Mail flow settings. Its Save is the panel's primary (filled) button, or a
// button named with a save word.
//
// The mailbox is carried across views: the address a user's flyout showed (its header, its
// Account tab) is kept for that panel, so a Manage email apps view that replaces the content
// and shows only the display name still knows whose it is; and the row the admin opened in
// Active users (an address in its cells) names the flyout it opened. A display name is never
// turned into an address. The core decides what a press records (core::smtp).
import { key, seen, names, nameStarts, all, after, textBlock, langOf, clip, filled, CHECKS, BUTTONS, DIALOGISH } from './read.js';
import { W } from './words.js';

// Finds address-like text in a panel (a search, not a rule): whether it is a mailbox address
// AuthPilot records is the core's to decide (`core::address::valid_address`, in
// `smtp::switches`), so a candidate the core refuses is never recorded as a mailbox.
export const ADDRESS = /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+/gi;
export const isChecked = (box) => (box.matches('input') ? box.checked : box.getAttribute('aria-checked') === 'true');
export const panelOf = (el) => el.closest(DIALOGISH);
/** A panel's headings, read leniently: a heading holding a title's words counts
 * ("Manage email apps for Megan Bowen"). */
const titled = (panel, titles) => !!panel && all(panel, 'h1, h2, h3, [role="heading"]').some((h) => titles.some((t) => key(seen(h)).includes(t)));
const boxTexts = (box) => [...names(box), box.closest('label') ? seen(box.closest('label')) : ''].map(key).filter(Boolean);
const boxHas = (box, words) => boxTexts(box).some((t) => words.some((w) => t.includes(w)));
/** The distinct addresses a panel shows. */
const addressesIn = (el) => [...new Set((seen(el).match(ADDRESS) || []).map((a) => a.toLowerCase()))];

// ---- the mailbox carried across views ------------------------------------------------------
const carried = new WeakMap(); // panel → [the one address it showed or was opened for, how]
let openedRow = null; // { address, label, at }: the list row the admin last opened
/** Notes what a panel shows now: its one address (several: none, never a guess); a panel that
 * shows none yet and holds the display name of the row the admin just opened (within ten
 * seconds) is that row's user — the row is consumed, so it names one panel only. */
export function noteAddress(panel) {
  if (!panel) return;
  const found = addressesIn(panel);
  if (found.length === 1) { carried.set(panel, [found[0], 'shown earlier in this panel']); return; }
  if (carried.has(panel) || !openedRow || performance.now() - openedRow.at > 10000) return;
  if (openedRow.label && !key(seen(panel)).includes(key(openedRow.label))) return;
  carried.set(panel, [openedRow.address, 'opened row']);
  openedRow = null;
}
/** A trusted press on a row of a list outside every panel (Active users): the row's one
 * address and the text of its first cell without one (the display name). Panels already open
 * forget whom they were for: the admin may be opening someone else in them. */
export function noteRowClick(target) {
  const row = target.closest('tr, [role="row"]');
  if (!row || panelOf(row)) return;
  const found = addressesIn(row);
  if (found.length !== 1) { openedRow = null; return; }
  const cells = all(row, 'td, th, [role="gridcell"], [role="cell"], [role="rowheader"]');
  const label = cells.map(seen).find((t) => t && !t.includes('@')) || '';
  openedRow = { address: found[0], label, at: performance.now() };
  for (const panel of all(document, DIALOGISH)) if (addressesIn(panel).length !== 1) carried.delete(panel);
}
/** The selected row of a list (aria-selected, or a ticked row check box) with one address. */
function selectedRow() {
  const rows = all(document, 'tr, [role="row"]').filter((r) => !panelOf(r)
    && (r.getAttribute('aria-selected') === 'true' || [...r.querySelectorAll(CHECKS)].some(isChecked)));
  if (rows.length !== 1) return null;
  const found = addressesIn(rows[0]);
  return found.length === 1 ? found[0] : null;
}
/** Whose mailbox a panel is about, and how AuthPilot knows: shown in it now, shown in it
 * earlier or the row the admin opened for it, or the one row selected behind it. */
export function mailboxOf(panel) {
  noteAddress(panel);
  const now = addressesIn(panel);
  if (now.length === 1) return [now[0], 'shown'];
  if (now.length > 1) return [null, 'several addresses'];
  if (carried.has(panel)) return carried.get(panel);
  const selected = selectedRow();
  if (selected) return [selected, 'selected row'];
  return [null, null];
}

// ---- finding the switch --------------------------------------------------------------------
// What does not change with the admin's language comes first (issue 32): "SMTP" and "SMTP AUTH",
// which Microsoft never translates, and the panel a box is in — the other email apps' boxes
// (IMAP, POP, Exchange Web Services, ActiveSync, MAPI: product names) make it a mailbox's, the
// "Outlook 2013" box makes it Modern authentication's. Words come second, from the vocabulary's
// tables (each citing where Microsoft published it), never as a condition. Which admin center
// the page is, and so whether the switch can be the one named, is the core's to check
// (core::smtp::on_switch_press).
/** "SMTP" as Microsoft writes it, with no Latin letter glued on (any other script may be). */
const SMTP = /(^|[^A-Za-z])SMTP(?![A-Za-z])/i;
/** "SMTP AUTH" (also "SMTP-AUTH"), with no Latin letter glued on after it. */
const SMTP_AUTH = /(^|[^A-Za-z])SMTP[\s\u00a0-]*AUTH(?![A-Za-z])/i;
const boxSays = (box, re) => [...names(box), box.closest('label') ? seen(box.closest('label')) : ''].some((t) => re.test(t));
/** A panel's other boxes that name email apps, and whether one names Outlook 2013. */
function panelBoxes(panel, box) {
  const others = all(panel, CHECKS).filter((b) => b !== box);
  return {
    apps: others.filter((b) => boxHas(b, W('email_app_boxes'))).length,
    outlook: others.some((b) => boxHas(b, W('modern_auth_box'))),
  };
}
/** The switch a box is by structure, or null: [scope, the cue]. */
function byStructure(box, panel) {
  if (!boxSays(box, SMTP)) return null;
  const around = panel ? panelBoxes(panel, box) : { apps: 0, outlook: false };
  if (around.apps >= 2) return ['mailbox', 'SMTP among the email apps\' boxes'];
  if (around.outlook) return ['authentication-policy', 'SMTP beside the Outlook 2013 box'];
  if (boxSays(box, SMTP_AUTH)) return ['organization', 'SMTP AUTH in its name'];
  return null;
}
/** Whose "Authenticated SMTP" box this panel holds, by its title's words. */
function panelScope(panel) {
  if (!panel) return null;
  if (titled(panel, W('panel_email_apps'))) return 'mailbox';
  if (titled(panel, W('panel_modern'))) return 'authentication-policy';
  if (mailboxOf(panel)[0]) return 'mailbox';
  return null;
}
export function findSwitch() {
  const boxes = all(document, CHECKS);
  for (const box of boxes) {
    const panel = panelOf(box);
    const by = byStructure(box, panel);
    if (by) return found(box, panel, by[0], by[1]);
  }
  // Words second: a box's wording in a language of the vocabulary, with its panel's title.
  for (const box of boxes) {
    const panel = panelOf(box);
    if (boxTexts(box).some((t) => W('org_box').includes(t))) return found(box, panel, 'organization', 'box name');
    if (boxHas(box, W('mailbox_box'))) {
      const scope = panelScope(panel);
      if (scope) return found(box, panel, scope, 'box name and panel');
    }
  }
  for (const panel of all(document, DIALOGISH)) { // the box under "Security" in Mail flow settings
    const security = titled(panel, W('panel_mail_flow')) && textBlock(panel, W('section_security'));
    const box = security && after(security, panel, CHECKS);
    if (box) return found(box, panel, 'organization', 'Security section');
  }
  return null;
}
/** How a button is the panel's Save, or null: Fluent's primary button (v8's class), a filled
 * button (any version: the brand colour behind it — v9 marks its primary button nowhere else),
 * a form's submit button, or its words in a language of the vocabulary. The core decides what a
 * press with it records. */
export function saveCue(button) {
  if (button.matches('.ms-Button--primary')) return 'primary button';
  if (filled(button)) return 'filled button';
  if (button.matches('[type="submit"]') && button.form) return 'submit button';
  if (nameStarts(button, W('save'))) return 'save words';
  return null;
}
/** A panel's Save, for the page report: its first button with a cue, structure before words. */
export function saveOf(panel) {
  const buttons = all(panel, BUTTONS).map((b) => [b, saveCue(b)]).filter(([, cue]) => cue);
  return buttons.find(([, cue]) => cue !== 'save words') || buttons[0] || null;
}
function found(box, panel, scope, via) {
  const [mailbox, mailboxVia] = scope === 'mailbox' && panel ? mailboxOf(panel) : [null, null];
  return { box, panel, scope, mailbox, via, mailboxVia, lang: langOf(panel || box) };
}
/** The SMTP AUTH switch on screen, for the helper: which, whose, ticked now. */
export function switchSeen(sw) {
  return sw ? { scope: sw.scope, mailbox: sw.mailbox ? clip(sw.mailbox) : null, checked: isChecked(sw.box) } : null;
}
