// The content script on generated pages (fuzz.test.mjs): its own modules and the adapter itself,
// with chrome.* stood in for by a recorder that answers as the worker does (a press is never
// accepted here: only what the adapter sends is checked). Nothing is re-implemented.
import { adapter } from '../../extension/content/adapter.js';
import { findSwitch, saveOf, panelOf } from '../../extension/content/switches.js';
import { findAll, observation } from '../../extension/content/wire.js';
import { RESULTS, kindOf } from '../../extension/content/messages.js';
import { all, DIALOGISH } from '../../extension/content/read.js';

const sent = [];
const answer = (m) => {
  if (m.type === 'page-present') return { ok: true, active: true, overlay: { closed: true }, watch_ms: 1000, delivery: { first_ms: 10, max_ms: 20, answer_within_ms: 1000 } };
  if (m.type === 'switch-pressed' || m.type === 'pressed') return { ok: true, accepted: false, reason: 'fuzz' };
  if (m.type === 'observe') return { ok: true, highlight: null, prefill: null, recheck_ms: null, show_helper: false };
  return { ok: true };
};
globalThis.chrome = {
  runtime: {
    id: 'fuzz',
    sendMessage: (m) => { sent.push(m); return Promise.resolve(answer(m)); },
    onMessage: { addListener() {} },
    getURL: (path) => `chrome-extension://fuzz/${path}`,
  },
  i18n: { getMessage: () => '' },
};
// The page's own script: a drawn check box (role=checkbox) flips when clicked, as Fluent's do.
document.addEventListener('click', (e) => {
  const box = e.target instanceof Element && e.target.closest('[role="checkbox"]');
  if (box) box.setAttribute('aria-checked', box.getAttribute('aria-checked') === 'true' ? 'false' : 'true');
});
adapter(0, null);

const settle = () => new Promise((r) => setTimeout(r, 0));
const look = () => {
  const sw = findSwitch();
  return sw ? { scope: sw.scope, genuine: sw.box.getAttribute('data-genuine') === '1', via: sw.via } : null;
};

window.showPage = (p) => {
  document.documentElement.lang = p.lang;
  document.body.innerHTML = p.body.join('');
};

/** One generated page: the readers, looked at before and after its late content, then every
 * button and box clicked by the page's own script. */
window.fuzz = async (p) => {
  const out = { threw: null, looks: [], presses: 0, pressesTrusted: [] };
  try {
    document.documentElement.lang = p.lang;
    const genuine = (h) => h.includes('data-genuine');
    document.body.innerHTML = (p.late ? p.body.filter((h) => !genuine(h)) : p.body).join('');
    out.looks.push(look());
    if (p.late) {
      document.body.insertAdjacentHTML('beforeend', p.body.filter(genuine).join(''));
      await settle();
      out.looks.push(look());
    }
    const f = findAll();
    observation(f, 0);
    for (const m of all(document, RESULTS)) kindOf(m);
    for (const panel of all(document, DIALOGISH)) saveOf(panel);
    await settle();
    const before = sent.length;
    for (const el of all(document, 'button, [role="button"], input[type="checkbox"], [role="checkbox"]')) el.click();
    await settle();
    await settle();
    const presses = sent.slice(before).filter((m) => m.type === 'switch-pressed');
    out.presses = presses.length;
    out.pressesTrusted = presses.filter((m) => m.press.trusted !== false);
  } catch (e) {
    out.threw = String((e && e.stack) || e);
  }
  return out;
};

/** Marks the genuine switch's Save (for a trusted click by the test), and says by which cue. */
window.saveOfGenuine = () => {
  const box = document.querySelector('[data-genuine="1"]');
  const save = box && panelOf(box) && saveOf(panelOf(box));
  if (!save) return null;
  save[0].setAttribute('data-fuzz-save', '1');
  return save[1];
};
window.presses = () => sent.filter((m) => m.type === 'switch-pressed');
