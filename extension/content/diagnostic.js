// The Help & support pane and the "Enable Basic Auth in EXO" diagnostic: one table of cues
// per element, each element found by the first cue that matches, in order: role and
// accessible name, lenient visible text, structure. Words come from the vocabulary (in every
// language it has); where a language's word is not known (most Japanese texts of the
// diagnostic are not published) the structural cue finds the element. `where` says where a
// cue was seen or why it is there; docs/page-adapter.md explains the table.
import {
  key, seen, names, accName, named, nameStarts, textHas, all, after, textBlock, isDisabled, langOf, clip,
  BUTTONS, BOXES, COMBOS, CHECKS, DIALOGISH,
} from './read.js';
import { W } from './words.js';
import { kindOf } from './messages.js';

const pageButtons = () => all(document, 'button, [role="button"]');
const PANEL = '[role="dialog"], [role="complementary"], [role="region"], aside, section';

export const CUES = {
  helpButton: [
    ['role and name', 'help_button: the green "Help & support" button, lower right (ヘルプとサポート)', () => pageButtons().find((b) => named(b, W('help_button')))],
    ['visible text', 'a label with more words or an icon glyph', () => pageButtons().find((b) => textHas(b, W('help_button')))],
    ['short name', 'help_short: a shortened label ("Help"); links that navigate are not it', () => pageButtons().find((b) => named(b, W('help_short')))],
  ],
  pane: [
    ['role and name', 'Fluent Panel / Drawer: role=dialog named by its title', () => all(document, PANEL)
      .find((d) => named(d, W('pane_title')) || named(d, W('help_button')))],
    ['heading', 'pane_title: a pane titled "How can we help?"', () => {
      const h = all(document, 'h1, h2, h3, [role="heading"]').find((x) => W('pane_title').includes(key(seen(x))));
      if (!h) return null;
      const box = h.closest('[role="dialog"], [role="complementary"], aside, [role="region"]');
      if (box) return box;
      for (let at = h.parentElement; at && at !== document.body; at = at.parentElement) if (at.querySelector(BOXES)) return at;
      return null;
    }],
    ['structure', 'a panel layer holding a search box (a pane titled in words AuthPilot has not seen)', () => all(document, DIALOGISH)
      .find((d) => d.querySelector('input[type="search"], [role="searchbox"]'))],
  ],
  searchBox: [
    ['role and name', 'search_hint: the hint as the box\'s label, aria-label or placeholder', (pane) => all(pane || document, BOXES)
      .find((b) => nameStarts(b, W('search_hint')))],
    ['hint beside the box', 'the hint as a line of text next to a box labelled otherwise', (pane) => {
      const hint = pane && all(pane, 'p, span, div, label').find((e) => W('search_hint').some((h) => key(seen(e)).startsWith(h)) && !e.querySelector('p, div'));
      return hint ? after(hint, pane, BOXES) : null;
    }],
    ['structure', 'the text box inside the pane', (pane) => (pane ? all(pane, BOXES)[0] : null)],
  ],
  // The diagnostic's own parts, looked for only inside the pane (the diagnostic region):
  // never through the Run Tests button, which the page may remove.
  runTests: [
    ['role and name', 'run_tests: the card\'s "Run Tests" button', (scope) => all(scope, BUTTONS).find((b) => named(b, W('run_tests')))],
    ['visible text', 'the button\'s text with an icon or more words', (scope) => all(scope, BUTTONS).find((b) => textHas(b, W('run_tests')))],
  ],
  dropdown: [
    ['role and name', 'form_opt_out / form_enable: "Protocol to Opt Out *" / "Protocol to Enable *" (Fluent Dropdown or Combobox)', (scope) => all(scope, COMBOS)
      .find((d) => named(d, formLabels()))],
    ['label text', 'a label beside the drop-down that is not tied to it', (scope) => {
      const label = textBlock(scope, formLabels());
      return label ? after(label, scope, COMBOS) : null;
    }],
    ['structure', 'the drop-down below "These are the current Basic authentication settings:"', (scope) => {
      const heading = textBlock(scope, W('current_heading'));
      return heading ? after(heading, scope, COMBOS) : null;
    }],
    ['only drop-down', 'the one drop-down in the diagnostic\'s region (a form labelled in words AuthPilot has not seen)', (scope) => {
      const combos = all(scope, COMBOS);
      return combos.length === 1 ? combos[0] : null;
    }],
  ],
  acknowledge: [
    ['role and name', 'acknowledge: "I acknowledge clicking \'Update settings\' …"', (scope) => all(scope, CHECKS).find((c) => nameStarts(c, W('acknowledge')))],
    ['structure', 'the check box after the drop-down', (scope, found) => (found.dropdown ? after(found.dropdown, scope, CHECKS) : null)],
  ],
  update: [
    ['role and name', 'update: "Update" or "Update Settings"', (scope) => all(scope, BUTTONS).find((b) => named(b, W('update')))],
    ['structure', 'the button after the acknowledgement box', (scope, found) => (found.acknowledge ? after(found.acknowledge, scope, 'button, [role="button"]') : null)],
  ],
};
export const ORDER = ['helpButton', 'pane', 'searchBox', 'runTests', 'dropdown', 'acknowledge', 'update'];
const IN_PANE = new Set(['runTests', 'dropdown', 'acknowledge', 'update']);
const formLabels = () => [...W('form_opt_out'), ...W('form_enable')];

/** The element of `name` by the first cue that matches: [element, cue name] or [null]. */
export function find(name, scope, found) {
  for (const [cue, , look] of CUES[name]) {
    const el = look(scope, found);
    if (el) return [el, cue];
  }
  return [null];
}
export const findPane = () => find('pane')[0];

/** Finds every element of the diagnostic; `found.via` says which cue found each. */
export function findDiagnostic() {
  const found = { via: {} };
  for (const name of ORDER) {
    let scope = null;
    if (name === 'searchBox') scope = found.pane;
    if (IN_PANE.has(name)) {
      scope = found.scope;
      if (!scope) { found[name] = null; continue; }
    }
    const [el, cue] = find(name, scope, found);
    found[name] = el;
    if (el) found.via[name] = cue;
    if (name === 'searchBox') found.scope = diagnosticScope(found.pane);
  }
  return found;
}
/** Where the diagnostic lives: the Help & support pane; without a pane, the region around
 * a diagnostic form found anywhere (a support page may show it). */
function diagnosticScope(pane) {
  if (pane) return pane;
  const form = all(document, COMBOS).find((d) => named(d, formLabels()));
  return form ? form.closest('[role="dialog"], [role="region"], section, main, form') || document.body : null;
}

const MESSAGE_BARS = '.ms-MessageBar, .fui-MessageBar, [role="alert"], [role="status"]';
/** What the diagnostic's region shows, as plain facts (core::diagnostic::Snapshot). */
export function diagnosticSnapshot(f) {
  const scope = f.scope;
  // The scope's visible lines (layout-aware), glyphs dropped: results may come as headings,
  // paragraphs, a MessageBar or a new region, inside the card or beside it.
  const lines = scope ? scope.innerText.split('\n').map((l) => l.replace(/[\uE000-\uF8FF]/g, '').replace(/\s+/g, ' ').trim()).filter(Boolean) : [];
  const has = (words) => lines.some((l) => words.some((t) => key(l).includes(t)));
  const card = !!scope && (!!f.runTests || !!f.dropdown || has([...W('diag_intro'), ...W('current_heading'), ...W('success_heading')]));
  const list = scope && textBlock(scope, W('disabled_intro'));
  const listEl = list && after(list, scope, 'ul, ol');
  const d = f.dropdown;
  const selected = !d ? null : d.tagName === 'SELECT' ? seen(d.selectedOptions[0])
    : d.tagName === 'INPUT' ? d.value.replace(/\s+/g, ' ').trim() : seen(d);
  const formLabel = d ? (names(d).find((n) => formLabels().includes(key(n))) || accName(d)) : null;
  // Message bars in the region, outermost only, with the kind their markup gives.
  const bars = all(scope, MESSAGE_BARS).filter((b, i, list) => !list.some((o) => o !== b && o.contains(b)));
  return {
    help_button: !!f.helpButton,
    pane_open: !!f.pane,
    search_box: !!f.searchBox,
    query: clip(f.searchBox ? f.searchBox.value || '' : ''),
    card,
    run_tests: !!(f.runTests && !isDisabled(f.runTests)),
    form_label: formLabel === null ? null : clip(formLabel),
    selected: selected === null ? null : clip(selected),
    acknowledged: !!(f.acknowledge && (f.acknowledge.checked || f.acknowledge.getAttribute('aria-checked') === 'true')),
    update_enabled: !!(f.update && !isDisabled(f.update)),
    disabled_list: listEl ? all(listEl, 'li').map(seen).slice(0, 60).map(clip) : [],
    // The region's lines whenever it is open: a result in words AuthPilot has not seen may
    // replace every part of the card it recognises (the core reads them only while a
    // submission waits).
    card_texts: scope ? lines.slice(0, 60).map(clip) : [],
    busy: !!scope && (!!scope.querySelector('[role="progressbar"], [aria-busy="true"], .ms-Spinner, .fui-Spinner') || lines.some((l) => W('busy').includes(key(l)))),
    lang: langOf(scope || document.body),
    messages: scope ? bars.slice(0, 20).map((b) => ({ kind: kindOf(b), text: clip(seen(b)) })).filter((m) => m.text) : [],
  };
}

/**
 * A privacy-safe description of what AuthPilot saw, for "Copy page report": the page's
 * language, which cue found each element (none: every cue failed), and the role and
 * accessible name of each control inside the Help & support pane only. No values typed into
 * boxes, no text from outside the pane; the core also masks anything that looks like an
 * address or a number before it is copied.
 */
export function diagnosticControls(f) {
  return all(f.pane, `${BUTTONS}, ${BOXES}, ${COMBOS}, ${CHECKS}, h1, h2, h3, h4, [role="heading"], [role="alert"], [role="status"], [role="region"], [role="progressbar"]`)
    .slice(0, 80).map((el) => ({
      role: el.getAttribute('role') || el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? `[${el.type}]` : ''),
      name: clip(accName(el)).slice(0, 120),
      disabled: isDisabled(el),
    }));
}
