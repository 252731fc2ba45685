// The adapter: started once AuthPilot is needed on this page (main.js). It reports plain
// observations to the service worker, fills the query when asked, outlines the element the
// worker names, shows the helper, and reports presses and results. It never decides: the
// core reads every observation, press and message.
import { key, seen, named, all, langOf, clip, CHECKS, BUTTONS, DIALOGISH } from './read.js';
import { W } from './words.js';
import { find, findPane, diagnosticControls, ORDER } from './diagnostic.js';
import { findSwitch, isChecked, noteAddress, noteRowClick, panelOf, saveCue, saveOf } from './switches.js';
import { findAll, observation, observe, pagePresent, pressed, switchPressed, switchResult } from './wire.js';
import { RESULTS, kindOf } from './messages.js';
import { outbox } from './outbox.js';

export function adapter(loadedAt, first) {
  // Every message goes out in order and is sent again until the worker answers it (issue 31).
  const deliveries = outbox();
  const send = (message) => deliveries.send(message);

  const snapshot = (f = findAll()) => observation(f, loadedAt);
  /** "Copy page report": the page's language and which cue found each element (null: every
   * cue failed), the switch's too, and the pane's controls. */
  function pageReport() {
    const f = findAll();
    const lang = langOf(document.body);
    return {
      host: location.host,
      route: clip(location.hash.replace(/^#/, '').split('?')[0]),
      lang,
      elements: [
        ...ORDER.map((name) => ({ element: name, found_by: f.via[name] || null })),
        { element: 'smtpSwitch', found_by: f.switch ? f.switch.via : null },
        ...(f.switch && f.switch.panel ? [{ element: 'save', found_by: (saveOf(f.switch.panel) || [])[1] || null }] : []),
        ...(f.switch && f.switch.scope === 'mailbox' ? [{ element: 'mailbox', found_by: f.switch.mailboxVia }] : []),
      ],
      controls: diagnosticControls(f),
      deliveries: deliveries.report(),
    };
  }

  // ---- outlining the current step's element ------------------------------------------------
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
  let outlined = null;
  /** Outlines the element the worker names, from `f` (what the last observation found) while
   * that element is still on the page. */
  function outline(target, f) {
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
  }

  // ---- observing, at almost no cost ------------------------------------------------------------
  // Until the Help & support pane exists, only <body>'s direct children are watched (Fluent
  // renders panels, drawers and pop-ups into layers appended there), plus the admin's clicks
  // and route changes; the busy page's own churn inside the app is never looked at. Once the
  // pane is there, only its subtree is watched.
  let timer = 0;
  let recheck = 0;
  let last = '';
  let watched = null;
  const paneWatch = new MutationObserver(() => schedule());
  function watch(pane) {
    if (pane === watched) return;
    paneWatch.disconnect();
    watched = pane;
    if (pane) paneWatch.observe(pane, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['disabled', 'aria-disabled', 'aria-checked', 'aria-busy'] });
  }
  function schedule(delay = 150) {
    clearTimeout(timer);
    timer = setTimeout(report, delay);
  }
  async function report(force) {
    if (frame) placeOverlay(); // a panel the page opened or closed may move the helper aside
    const found = findAll();
    const snap = snapshot(found);
    const sig = JSON.stringify({ ...snap, since_load_ms: 0 });
    if (sig === last && !force) return; // nothing a person would see has changed
    last = sig;
    const answer = await send(observe(snap));
    if (!answer || !answer.ok) return;
    if (answer.show_helper) want();
    outline(answer.highlight, found);
    if (answer.prefill) { want(); prefill(answer.prefill.query, answer.prefill.submit); }
    clearTimeout(recheck);
    if (answer.recheck_ms) recheck = setTimeout(() => report(true), answer.recheck_ms);
  }
  const reportSoon = () => { watch(findPane()); schedule(); };
  new MutationObserver(() => { watch(findPane()); noteSwitches(); schedule(); })
    .observe(document.body, { childList: true });
  // Typing and choosing matter only inside the pane (or wherever the diagnostic is).
  const inPane = (event) => watched && event.target instanceof Node && watched.contains(event.target);
  for (const type of ['change', 'input', 'keyup']) document.addEventListener(type, (e) => { if (inPane(e)) schedule(); }, true);
  window.addEventListener('hashchange', () => {
    send(pagePresent());
    reportSoon();
  });

  // A click on the diagnostic's Update button: reported with whether the admin made it and
  // whether the button is inside the diagnostic. Any click may open or change the pane.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('button, [role="button"], input[type="submit"]');
    if (button) {
      const f = findAll();
      if (button === f.update || named(button, W('update'))) {
        send(pressed(event, f, button, loadedAt));
        schedule(300);
        return;
      }
    }
    setTimeout(reportSoon, 0);
  }, true);

  // ---- pre-filling the query -----------------------------------------------------------------
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
  async function prefill(query, submit) {
    let box = findAll().searchBox;
    if (!box) {
      const help = find('helpButton')[0];
      if (!help) return { ok: false, error: 'help-button' };
      help.click();
      box = await waitFor(() => findAll().searchBox, 10000);
      if (!box) return { ok: false, error: 'search-box' };
    }
    // Set the value the way typing does (the native setter, then a bubbling input event), so
    // a React app keeps it.
    const proto = box instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(box, query);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.focus();
    if (submit) {
      for (const type of ['keydown', 'keypress', 'keyup']) {
        box.dispatchEvent(new KeyboardEvent(type, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true }));
      }
    }
    reportSoon();
    return { ok: true, filled: true, submitted: !!submit };
  }
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message) return false;
    if (message.type === 'overlay-prefs') { prefs = message.prefs || {}; if (message.show) want(); placeOverlay(); return false; }
    if (message.type === 'page-report') { sendResponse({ ok: true, report: pageReport() }); return false; }
    if (message.type !== 'prefill') return false;
    want();
    prefill(String(message.query), !!message.submit).then(sendResponse);
    return true;
  });

  // ---- the helper overlay -------------------------------------------------------------------
  // The helper (an extension page in an iframe) is shown only when it is useful: once the
  // Help & support pane or the diagnostic is on screen, a pre-fill is asked for, or the admin
  // asks for it from the toolbar popup ("Show the helper"). Closing it is remembered.
  let frame = null;
  let wanted = false;
  let prefs = {};
  let helperHeight = 0; // what the helper's content measures (helper.js), once it said
  // The helper's frame reports its content's height; nothing else may size it.
  // The admin drags it by its header (helper.js says where in the frame it was pressed): a
  // clear layer over the page takes the pointer until it is let go, the frame following it;
  // then the frame's place is measured and said back to the frame, whose wasm has the worker
  // remember it (the core decides the side); the worker's answer places it (overlay-prefs).
  let dragging = null; // the clear layer while a drag lasts
  function startDrag(at) {
    if (dragging || !Number.isFinite(at.x) || !Number.isFinite(at.y)) return;
    const r = frame.getBoundingClientRect();
    const grip = { x: r.left + at.x, y: r.top + at.y };
    const layer = document.createElement('div');
    Object.assign(layer.style, { position: 'fixed', inset: '0', zIndex: '2147483001', cursor: 'grabbing', background: 'transparent' });
    const move = (e) => { frame.style.transform = `translate(${Math.round(e.clientX - grip.x)}px, ${Math.round(e.clientY - grip.y)}px)`; };
    const drop = (e) => {
      move(e);
      layer.remove();
      dragging = null;
      if (!frame) return;
      const f = frame.getBoundingClientRect();
      const dropped = { left: Math.round(f.left), width: Math.round(f.width), gap: Math.round(window.innerHeight - f.bottom), viewport_width: window.innerWidth };
      frame.contentWindow.postMessage({ authpilotHelperDropped: dropped }, new URL(frame.src).origin);
    };
    layer.addEventListener('pointermove', (e) => (e.buttons & 1 ? move(e) : drop(e)));
    layer.addEventListener('pointerup', drop);
    document.documentElement.append(layer);
    dragging = layer;
  }
  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || !event.data) return;
    const h = event.data.authpilotHelperHeight;
    if (typeof h === 'number' && h > 0 && h < 5000) { helperHeight = h; placeOverlay(); }
    if (event.data.authpilotHelperDragStart) startDrag(event.data.authpilotHelperDragStart);
  });
  /** Whether the helper, at this side of the page, would cover a panel or pane the page has
   * open (a dialog, a side pane, an aside). */
  const FRAME_WIDTH = 360, FRAME_MARGIN = 16; // px: the frame's size and its gap to the edges
  function coversPanel(right) {
    const left = right ? window.innerWidth - FRAME_WIDTH - FRAME_MARGIN : FRAME_MARGIN;
    return all(document, DIALOGISH).some((panel) => {
      if (panel === frame || panel.contains(frame)) return false;
      const r = panel.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.left < left + FRAME_WIDTH && r.right > left;
    });
  }
  function placeOverlay() {
    if (prefs.closed || !wanted) {
      if (frame) { frame.remove(); frame = null; }
      return;
    }
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = chrome.runtime.getURL('overlay.html');
      frame.title = chrome.i18n.getMessage('overlay_page_title');
      frame.allow = 'clipboard-write'; // "Copy page report"
      Object.assign(frame.style, {
        position: 'fixed', bottom: `${FRAME_MARGIN}px`, zIndex: '2147483000',
        width: `${FRAME_WIDTH}px`, border: '0', borderRadius: '8px', boxShadow: '0 4px 16px rgba(0,0,0,.25)',
        background: '#fff', colorScheme: 'light',
      });
      document.documentElement.append(frame);
    }
    // The side the admin chose (lower left by default: clear of the Help & support button and
    // its pane, on the right), unless the page has a panel open there: then the other side.
    let right = !!prefs.right;
    if (coversPanel(right) && !coversPanel(!right)) right = !right;
    frame.style.left = right ? '' : `${FRAME_MARGIN}px`;
    frame.style.right = right ? `${FRAME_MARGIN}px` : '';
    frame.dataset.side = right ? 'right' : 'left';
    // Sized to its content, never taller than the window allows.
    const height = Math.min(helperHeight || (prefs.minimised ? 96 : 240), window.innerHeight - 2 * FRAME_MARGIN);
    frame.style.height = `${height}px`;
    // At the height the admin dragged it to, kept inside the window.
    const lift = Math.min(Math.max(FRAME_MARGIN, prefs.lift || 0), Math.max(FRAME_MARGIN, window.innerHeight - height - FRAME_MARGIN));
    frame.style.bottom = `${lift}px`;
    if (!dragging) frame.style.transform = '';
  }
  function want() {
    if (wanted) return;
    wanted = true;
    placeOverlay();
    schedule(0); // the helper asks the worker about this tab at once
  }

  // ---- SMTP AUTH switches: presses and results ---------------------------------------------
  // The box's state when its panel appeared is kept, so only a change the admin made counts;
  // the core decides (core::smtp::on_switch_press). Each new message after an accepted Save
  // goes to the worker with the kind its markup gives; the core reads it
  // (core::smtp::read_result).
  const switchBefore = new WeakMap(); // check box → its state when first seen
  const BUSY = '[role="progressbar"], .ms-Spinner, .fui-Spinner, [aria-busy="true"]';
  function noteSwitches() {
    const sw = findSwitch();
    if (sw && !switchBefore.has(sw.box)) switchBefore.set(sw.box, isChecked(sw.box));
    for (const panel of all(document, '[role="dialog"], [role="complementary"], aside')) noteAddress(panel);
    return sw;
  }
  let watching = null; // the watch of the last press the worker accepted
  // From the worker's answer to page-present (core::pending): how long to watch for a result,
  // how long after a spinner went a save is said to have gone with no message, and the longest a
  // new message is given to finish appearing before it is read.
  let watchMs = 0;
  let graceMs = 0;
  let appearMs = 0;
  /** Resolves once a message has finished appearing: its layer's finite animations done (Fluent
   * v9 draws a toast's intent icon, the only place its kind shows, as the toast enters) and two
   * frames drawn, or after `appearMs` at most. */
  function appeared(el) {
    const layer = el.closest('[data-toaster-position], .ms-Layer, [role="dialog"], [role="complementary"], aside') || el;
    const finite = (a) => { const t = a.effect && a.effect.getTiming ? a.effect.getTiming() : null; return !t || t.iterations !== Infinity; };
    const running = (layer.getAnimations ? layer.getAnimations({ subtree: true }) : []).filter(finite);
    const frames = new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const done = frames.then(() => Promise.all(running.map((a) => a.finished.catch(() => null))));
    return Promise.race([done, new Promise((r) => setTimeout(r, appearMs))]);
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
        // As long as the core waits for a result from here (core::pending::WATCH_MS, in
        // page-present's answer, which came before this one).
        if (watchMs) ends = setTimeout(() => watch.stop(), watchMs);
        for (const message of held.splice(0)) post(message);
      },
    };
    const settled = (answer) => {
      if (!answer || !answer.ok || !['succeeded', 'failed'].includes(answer.outcome)) return;
      watch.stop();
      // Saved: the new state is what is stored, so a Save without a change records nothing.
      if (answer.outcome === 'succeeded') switchBefore.set(box, now);
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
        }, graceMs);
      }
    };
    const observer = new MutationObserver(() => { if (!queued) { queued = true; queueMicrotask(look); } });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return watch;
  }
  // Noted when a layer is added to <body> (the observer above: flyouts render there) and
  // before a pointer or key press (a box toggles before its click event; a link may replace
  // a flyout's content, so what it showed is kept first); a press on a list's row notes the
  // row the admin opened.
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

  // Now: say the page is here (the answer carries the helper's remembered state), and look.
  send(pagePresent()).then((answer) => {
    prefs = (answer && answer.overlay) || {};
    watchMs = (answer && answer.watch_ms) || 0;
    graceMs = (answer && answer.grace_ms) || 0;
    appearMs = (answer && answer.appear_ms) || 0;
    deliveries.follow(answer && answer.delivery);
    placeOverlay();
  });
  reportSoon();
  if (new URLSearchParams(location.search).has('searchSolutions')) setTimeout(() => report(true), 2500);
  return { findAll, snapshot, pageReport };
}
