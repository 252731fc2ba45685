// AuthPilot content script: a small DOM adapter on admin-center pages (plain JS: the admin
// center's CSP blocks WebAssembly here), written as modules (read, words, messages,
// diagnostic, switches, adapter) that scripts/build.sh bundles into one classic script,
// content.js, with the page vocabulary the core reads too (src/core/page/words.json).
//
// On a quiet page it costs what an empty content script costs: at load it only listens for
// the admin's clicks and route changes and for a dialog-like layer added to <body>; it does
// not touch any chrome.* API (the first use of one costs about a millisecond). The adapter
// starts on the first of those, on an arrival through ?searchSolutions=, with a pane
// already open, or when an AuthPilot page needs it (the worker runs wake.js in this
// extension world before it sends this tab a message).
/* global loadAdapter */ // scripts/bundle-content.mjs defines it: the adapter's modules, evaluated on start
import { DIALOGISH } from './layers.js';

(() => {
  if (window.top !== window) return; // belt and braces: the manifest injects into the top frame only (all_frames: false)
  const loadedAt = performance.now();
  let started = false;
  // The admin's first press: the adapter starts and is handed it (a press on a row of Active
  // users names the flyout it opens).
  const wakeOnClick = (event) => { if (event.isTrusted) start(event); };
  const layers = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n.nodeType === 1 && (n.matches(DIALOGISH) || n.querySelector(DIALOGISH))) return start();
    }
  });
  function start(first) {
    if (started) return;
    started = true;
    layers.disconnect();
    document.removeEventListener('pointerdown', wakeOnClick, true);
    document.removeEventListener('click', wakeOnClick, true);
    window.removeEventListener('hashchange', start);
    loadAdapter().adapter(loadedAt, first instanceof Event ? first : null);
  }
  globalThis.authpilotStart = start; // wake.js, run by the worker in this same isolated world
  document.addEventListener('pointerdown', wakeOnClick, true);
  document.addEventListener('click', wakeOnClick, true);
  window.addEventListener('hashchange', start);
  layers.observe(document.body, { childList: true });
  if (location.search.includes('searchSolutions=') || document.body.querySelector(DIALOGISH)) start();
})();
