// SMTP AUTH switches: presses and results. The box's state when its panel appeared is kept, so
// only a change the admin made counts; the core decides what a press records
// (core::smtp::on_switch_press). From the click, each new message in the panel or in a toast
// anywhere on the page goes to the worker with the kind its markup gives and its language; the
// core reads it (core::smtp::read_result) and says whether the watch ends and whether the box's
// state is now the saved one (`ends_watch`, `box_saved`). Times are the core's
// (core::pending: watch, grace, appear), from page-present's answer.
import { key, seen, all, langOf, CHECKS, BUTTONS } from './read.js';
import { findSwitch, isChecked, noteAddress, noteRowClick, panelOf, saveCue } from './switches.js';
import { switchPressed, switchResult } from './wire.js';
import { RESULTS, kindOf } from './messages.js';

const BUSY = '[role="progressbar"], .ms-Spinner, .fui-Spinner, [aria-busy="true"]';

/** The switches of one page: `send` delivers a message until the worker answers it. */
export function switchWatch(send, first) {
  const switchBefore = new WeakMap(); // check box → its state when first seen (or last saved)
  let watching = null; // the watch of the last press the worker accepted
  let times = { watch_ms: 0, grace_ms: 0, appear_ms: 0 };

  function noteSwitches() {
    const sw = findSwitch();
    if (sw && !switchBefore.has(sw.box)) switchBefore.set(sw.box, isChecked(sw.box));
    for (const panel of all(document, '[role="dialog"], [role="complementary"], aside')) noteAddress(panel);
    return sw;
  }

  /** Resolves once a message has finished appearing: its layer's finite animations done (Fluent
   * v9 draws a toast's intent icon, the only place its kind shows, as the toast enters) and two
   * frames drawn, or after `appear_ms` at most. */
  function appeared(el) {
    const layer = el.closest('[data-toaster-position], .ms-Layer, [role="dialog"], [role="complementary"], aside') || el;
    const finite = (a) => { const t = a.effect && a.effect.getTiming ? a.effect.getTiming() : null; return !t || t.iterations !== Infinity; };
    const running = (layer.getAnimations ? layer.getAnimations({ subtree: true }) : []).filter(finite);
    const frames = new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const done = frames.then(() => Promise.all(running.map((a) => a.finished.catch(() => null))));
    return Promise.race([done, new Promise((r) => setTimeout(r, times.appear_ms))]);
  }

  /** A Save's watch, from the click: each new message in the panel or in a toast anywhere on the
   * page (texts already shown at the click never count) until the core settles it or the wait
   * ends. Results wait here until the worker has accepted the press they answer (its answer may
   * come after the page's message), then go out in order; a refused press drops them and
   * leaves the watch of the press before it. The whole page is watched only during a wait. */
  function watchResult(box, now, press, lang) {
    // Each message element as it read at the click: a new element (a second toast with the
    // same words) or a changed text counts; one already shown does not.
    const shown = new Map(all(document, RESULTS).map((e) => [e, key(seen(e))]));
    const panel = panelOf(box);
    // The page may show its spinner before this watch starts.
    let busySeen = !!(panel && panel.querySelector(BUSY));
    let sent = false;
    let queued = false;
    let sentTimer = 0;
    let ends = 0;
    let accepted = null; // the worker's answer to the press: null until it comes
    const held = [];
    const watch = {
      stop() {
        observer.disconnect();
        clearTimeout(sentTimer);
        clearTimeout(ends);
        if (watching === watch) watching = null;
      },
      /** The worker's answer to the press. */
      answered(answer) {
        accepted = !!(answer && answer.ok && answer.accepted);
        if (!accepted) return watch.stop(); // a refused press (a second click of a double click) leaves the first's watch
        // An accepted press replaces the watch of an earlier one.
        if (watching && watching !== watch) watching.stop();
        watching = watch;
        // As long as the core waits for a result from here (page-present's answer came first).
        if (times.watch_ms) ends = setTimeout(() => watch.stop(), times.watch_ms);
        for (const message of held.splice(0)) post(message);
      },
    };
    // The core says when the watch ends and whether the box's state is now the saved one (so a
    // Save without a change records nothing).
    const settled = (answer) => {
      if (!answer || !answer.ok) return;
      if (answer.box_saved) switchBefore.set(box, now);
      if (answer.ends_watch) watch.stop();
    };
    const post = (message) => {
      if (accepted === null) held.push(message);
      else if (accepted) send(message).then(settled);
    };
    // New messages are read together once they have finished appearing. The same words in
    // several places — a toast and the screen-reader announcement a toaster makes of it, or a
    // toast and its list item — are read once, from the one whose markup gives a kind: an
    // announcement has none, and in a language whose words AuthPilot does not read it would
    // say only "submitted" before the toast said "succeeded".
    let batch = null;
    const rank = (kind) => (kind === null ? 0 : kind === 'info' ? 1 : 2);
    const read = (regions) => {
      const byText = new Map();
      for (const region of regions) {
        const text = region.isConnected ? key(seen(region)) : '';
        if (!text) continue;
        const kind = kindOf(region);
        const had = byText.get(text);
        if (!had || rank(kind) > rank(had.kind)) byText.set(text, { region, kind });
      }
      for (const { region, kind } of byText.values()) post(switchResult(press, seen(region), kind, langOf(region) || lang));
    };
    const drain = async (regions) => {
      for (let done = 0; done < regions.length;) {
        const upto = regions.length;
        await Promise.all(regions.slice(done, upto).map(appeared));
        done = upto;
      }
      batch = null;
      read(regions);
    };
    const look = () => {
      queued = false;
      let messaged = false;
      for (const region of all(document, RESULTS)) {
        const text = key(seen(region));
        // A message the page cleared (as it starts saving) counts again when it comes back.
        if (!text) { if (shown.has(region)) shown.set(region, ''); continue; }
        if (shown.get(region) === text) continue;
        shown.set(region, text);
        messaged = true;
        if (!batch) { const regions = batch = []; queueMicrotask(() => drain(regions)); }
        batch.push(region);
      }
      // No message, but the page shows the save went: its spinner came and went, or the panel
      // closed. Said once, after a grace for a message that follows (a message cancels it); a
      // message read later still settles it.
      const busy = !!(panel && panel.isConnected && panel.querySelector(BUSY));
      busySeen ||= busy;
      if (messaged) {
        clearTimeout(sentTimer);
        sentTimer = 0;
      } else if (!sent && !sentTimer && ((busySeen && !busy) || (panel && !panel.isConnected))) {
        sentTimer = setTimeout(() => {
          sent = true;
          post(switchResult(press, '', null, lang, true));
        }, times.grace_ms);
      }
    };
    const observer = new MutationObserver(() => { if (!queued) { queued = true; queueMicrotask(look); } });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return watch;
  }

  // Noted when a layer is added to <body> (flyouts render there: `noteSwitches`, called by the
  // page's observer) and before a pointer or key press (a box toggles before its click event; a
  // link may replace a flyout's content, so what it showed is kept first); a press on a list's
  // row notes the row the admin opened.
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, (e) => {
      if (!(e.target instanceof Element) || !e.isTrusted) return;
      if (e.target.closest(`${CHECKS}, label, ${BUTTONS}, [role="link"], [role="tab"]`)) noteSwitches();
      noteRowClick(e.target);
    }, true);
  }
  noteSwitches();
  if (first && first.type === 'pointerdown' && first.target instanceof Element) noteRowClick(first.target);
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest(BUTTONS);
    const save = button && saveCue(button);
    if (!save) return;
    const sw = noteSwitches();
    if (!sw) return;
    const now = isChecked(sw.box);
    const press = switchPressed(event, sw, button, switchBefore.get(sw.box), save);
    const watch = watchResult(sw.box, now, press.press.id, press.press.lang);
    send(press).then(watch.answered);
  }, true);

  return {
    noteSwitches,
    /** The core's times, from page-present's answer (core::pending). */
    follow(answer) {
      if (answer) times = { watch_ms: answer.watch_ms || 0, grace_ms: answer.grace_ms || 0, appear_ms: answer.appear_ms || 0 };
    },
  };
}
