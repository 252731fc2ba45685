// Outlining the element the worker names (the current step's, or the SMTP AUTH switch's box):
// one element at a time, its own outline kept and put back.
import { findAll } from './wire.js';

const TARGETS = {
  'help-button': (f) => f.helpButton,
  'search-box': (f) => f.searchBox,
  'run-tests': (f) => f.runTests,
  dropdown: (f) => f.dropdown,
  acknowledge: (f) => f.acknowledge && ((f.acknowledge.labels && f.acknowledge.labels[0]) || f.acknowledge),
  update: (f) => f.update,
  // The SMTP AUTH switch's box with its label: the box itself is often an invisible input
  // under a drawn one, so the smallest element holding both is outlined.
  switch: (f) => f.switch && switchControl(f.switch.box),
};
function switchControl(box) {
  const label = box.closest('label') || (box.labels && box.labels[0]);
  if (!label || label.contains(box)) return label || box;
  let common = box.parentElement;
  while (common && !common.contains(label)) common = common.parentElement;
  return common && common !== document.body ? common : box;
}

/** The outliner of one page: `outline(target, f)` outlines the element the worker names, from
 * `f` (what the last observation found) while that element is still on the page. */
export function outliner() {
  let outlined = null;
  return function outline(target, f) {
    const pick = (found) => (target && TARGETS[target] ? TARGETS[target](found) : null);
    let el = f ? pick(f) : null;
    if (target && !(el && el.isConnected)) el = pick(findAll());
    if (el === outlined) return;
    if (outlined) { outlined.style.outline = outlined.dataset.apOutline || ''; delete outlined.dataset.apOutline; }
    outlined = el || null;
    if (outlined) {
      outlined.dataset.apOutline = outlined.style.outline;
      outlined.style.outline = '3px solid #8661c5';
      outlined.style.outlineOffset = '2px';
    }
  };
}
