// Pre-filling the diagnostic's query in Help & support (the 2022 rehearsal): the pane opened
// through its button when it is closed, the value set the way typing sets it.
import { find } from './diagnostic.js';
import { findAll } from './wire.js';

function waitFor(look, timeout) {
  return new Promise((resolve) => {
    const first = look();
    if (first) return resolve(first);
    const observer = new MutationObserver(() => {
      const el = look();
      if (el) { observer.disconnect(); clearTimeout(stop); resolve(el); }
    });
    const stop = setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
    observer.observe(document.documentElement, { childList: true, subtree: true });
  });
}

/** Fills `query` (and searches, as Enter would, when `submit`); `afterwards` runs once filled.
 * The reply names the element that was missing (`help-button`, `search-box`): the core words it. */
export async function prefill(query, submit, afterwards) {
  let box = findAll().searchBox;
  if (!box) {
    const help = find('helpButton')[0];
    if (!help) return { ok: false, error: 'help-button' };
    help.click();
    box = await waitFor(() => findAll().searchBox, 10000);
    if (!box) return { ok: false, error: 'search-box' };
  }
  // Set the value the way typing does (the native setter, then a bubbling input event), so a
  // React app keeps it.
  const proto = box instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(box, query);
  box.dispatchEvent(new Event('input', { bubbles: true }));
  box.focus();
  if (submit) {
    for (const type of ['keydown', 'keypress', 'keyup']) {
      box.dispatchEvent(new KeyboardEvent(type, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true }));
    }
  }
  afterwards();
  return { ok: true, filled: true, submitted: !!submit };
}
