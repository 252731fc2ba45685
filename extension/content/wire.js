// @ts-check
// The messages the content script sends the service worker, built in one place so the cue
// tests can build them from a saved page exactly as the extension does, and check them against
// the payloads the worker's own decoder is tested with (tests/golden/wire.json, decoded by
// `web::request_from_js` in tests/web_glue.rs). Field names are the core's
// (core::messages::Request and the types it carries).
/** @typedef {import('../../target/wire/wire').PagePresent} PagePresent */
/** @typedef {import('../../target/wire/wire').Observe} Observe */
/** @typedef {import('../../target/wire/wire').Pressed} Pressed */
/** @typedef {import('../../target/wire/wire').SwitchPressed} SwitchPressed */
/** @typedef {import('../../target/wire/wire').SwitchResult} SwitchResult */
import { langOf, clip } from './read.js';
import { findDiagnostic, diagnosticSnapshot } from './diagnostic.js';
import { findSwitch, switchSeen, isChecked } from './switches.js';

/** A fresh delivery id for a message that carries an admin's action or its result: it is sent
 * until the worker answers, and a repeat is answered as the first was (core::delivery). */
function deliveryId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // a version 4 UUID (crypto.randomUUID exists only on https pages)
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Every element: the diagnostic's and an SMTP AUTH switch, once per observation. */
export function findAll() {
  const found = findDiagnostic();
  found.switch = findSwitch();
  return found;
}
/** `page-present`: the content script is on this tab's page (the answer carries the helper's
 * remembered state and how long to watch for a result). */
/** @returns {PagePresent} */
export const pagePresent = () => ({ type: 'page-present', route: clip(location.hash.replace(/^#/, '')) });
/** `observe`: what the page shows now. */
/** @param {Observe['snapshot']} snapshot @returns {Observe} */
export const observe = (snapshot) => ({ type: 'observe', snapshot });
/** `observe`'s snapshot (core::diagnostic::Snapshot).
 * @returns {Observe['snapshot']} */
export function observation(f, loadedAt) {
  return {
    route: clip(location.hash.replace(/^#/, '')),
    ...diagnosticSnapshot(f),
    lang: f.switch ? f.switch.lang : langOf(f.scope || document.body),
    search_solutions: new URLSearchParams(location.search).get('searchSolutions'),
    since_load_ms: Math.round(performance.now() - loadedAt),
    switch: switchSeen(f.switch),
  };
}
/** `pressed`: a click on the diagnostic's Update (core::diagnostic::Press). */
/** @returns {Pressed} */
export const pressed = (event, f, button, loadedAt) => ({
  type: 'pressed',
  press: { id: deliveryId(), trusted: event.isTrusted, in_card: !!(f.scope && f.scope.contains(button)), snapshot: observation(f, loadedAt) },
});
/** `switch-pressed`: Save beside an SMTP AUTH switch (core::smtp::SwitchPress), with the cues
 * that found the switch and the Save (switches.js `saveCue`). */
/** @param {string} saveBy @returns {SwitchPressed} */
export const switchPressed = (event, sw, button, before, saveBy) => ({
  type: 'switch-pressed',
  press: { id: deliveryId(), trusted: event.isTrusted, in_panel: !!(sw.panel && sw.panel.contains(button)), scope: sw.scope, mailbox: sw.mailbox, before, after: isChecked(sw.box), lang: sw.lang, found_by: sw.via, save_by: saveBy },
});
/** `switch-result`: a new message after the Save whose press has delivery id `press`, with the
 * kind its markup gives and its language; or (`sent`) no message, but the page showed the save
 * went (its spinner came and went, or its panel closed). */
/** @param {string} press @param {string} text @param {SwitchResult['kind']} kind @param {string | null} lang @param {boolean} [sent] @returns {SwitchResult} */
export const switchResult = (press, text, kind, lang, sent = false) => ({ type: 'switch-result', id: deliveryId(), press, text, kind, sent, lang });
