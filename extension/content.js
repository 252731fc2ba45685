// AuthPilot content script: a small DOM adapter on admin-center pages (plain JS: the admin
// center's CSP blocks WebAssembly here). It reports plain observations of the page to the
// service worker, fills the query when asked, outlines the element the worker names, and
// shows the helper overlay (an extension page in an iframe). It never decides anything.
(() => {
  if (window.top !== window) return; // the admin center's own frames are not used
  const started = performance.now();

  // How each admin-center element is recognised: by what a person sees (visible text, role,
  // label, placeholder), never by generated class names. Seen on: public screenshots of the
  // Microsoft 365 admin center (docs/domain.md), reproduced by tests/replica.
  const TEXT = {
    helpButton: 'Help & support',
    paneTitle: 'How can we help?',
    searchHint: 'Tell us your problem so we can get you the right help and support.',
    cardIntro: 'We understand you would like to initiate a request to update the Basic authentication settings for protocols.',
    runTests: 'Run Tests',
    formLabels: ['Protocol to Opt Out', 'Protocol to Enable'],
    acknowledge: "I acknowledge clicking 'Update settings'",
    update: ['Update', 'Update Settings'],
    disabledIntro: 'Basic authentication is disabled for the following legacy protocols:',
  };
  const norm = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const textOf = (el) => norm(el && el.textContent);
  const buttonsIn = (root) => [...root.querySelectorAll('button, [role="button"]')];
  const labelOf = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return norm(by.split(/\s+/).map((id) => textOf(document.getElementById(id))).join(' '));
    return norm(el.getAttribute('aria-label') || (el.closest('label') && textOf(el.closest('label'))));
  };
  const FIND = {
    helpButton: () => buttonsIn(document).find((b) => textOf(b) === TEXT.helpButton),
    pane: () => {
      const title = [...document.querySelectorAll('h1, h2, h3, [role="heading"]')].find((h) => textOf(h) === TEXT.paneTitle);
      return title && (title.closest('[role="dialog"], [role="complementary"], aside') || title.parentElement);
    },
    searchBox: () => [...document.querySelectorAll('input')].find((i) =>
      i.getAttribute('placeholder') === TEXT.searchHint || i.getAttribute('aria-label') === TEXT.searchHint),
    // The "Run diagnostics" card: the nearest block around the Run Tests button that also
    // holds the card's intro text (buttons first: far cheaper than scanning every block).
    card: () => {
      const run = buttonsIn(document).find((b) => textOf(b) === TEXT.runTests);
      for (let at = run && run.parentElement; at; at = at.parentElement) {
        if (norm(at.textContent).includes(TEXT.cardIntro)) return at;
      }
      return null;
    },
    runTests: (card) => buttonsIn(card).find((b) => textOf(b) === TEXT.runTests),
    dropdown: (card) => [...card.querySelectorAll('[role="combobox"], select')].find((d) =>
      TEXT.formLabels.some((l) => labelOf(d).replace(/\s*\*$/, '') === l)),
    acknowledge: (card) => [...card.querySelectorAll('input[type="checkbox"]')].find((c) => {
      const label = c.closest('label') || (c.id && document.querySelector(`label[for="${CSS.escape(c.id)}"]`));
      return label && textOf(label).startsWith(TEXT.acknowledge);
    }),
    update: (card) => buttonsIn(card).find((b) => TEXT.update.includes(textOf(b))),
    disabledList: (card) => {
      const intro = [...card.querySelectorAll('p, div, span')].find((e) => e.childElementCount === 0 && textOf(e) === TEXT.disabledIntro);
      const list = intro && intro.nextElementSibling;
      return list && list.matches('ul, ol') ? [...list.querySelectorAll('li')].map(textOf) : [];
    },
  };
  const clip = (t) => t.slice(0, 600);

  function snapshot() {
    const card = FIND.card();
    const box = FIND.searchBox();
    const dropdown = card && FIND.dropdown(card);
    const ack = card && FIND.acknowledge(card);
    const update = card && FIND.update(card);
    const runTests = card && FIND.runTests(card);
    const texts = card ? [...card.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, [role="alert"]')]
      .map(textOf).filter(Boolean).slice(0, 60).map(clip) : [];
    return {
      route: clip(location.hash.replace(/^#/, '')),
      help_button: !!FIND.helpButton(),
      pane_open: !!FIND.pane(),
      search_box: !!box,
      query: clip(box ? box.value : ''),
      card: !!card,
      run_tests: !!(runTests && !runTests.disabled),
      form_label: dropdown ? clip(labelOf(dropdown)) : null,
      selected: dropdown ? clip(dropdown.tagName === 'SELECT' ? textOf(dropdown.selectedOptions[0]) : textOf(dropdown)) : null,
      acknowledged: !!(ack && ack.checked),
      update_enabled: !!(update && !update.disabled && update.getAttribute('aria-disabled') !== 'true'),
      disabled_list: card ? FIND.disabledList(card).slice(0, 60).map(clip) : [],
      card_texts: texts,
      search_solutions: new URLSearchParams(location.search).get('searchSolutions'),
      since_load_ms: Math.round(performance.now() - started),
    };
  }

  const send = (message) => {
    try {
      return chrome.runtime.sendMessage(message).catch(() => null);
    } catch (_) {
      return Promise.resolve(null); // the extension was reloaded under this page
    }
  };

  // ---- outlining the current step's element --------------------------------------------
  const TARGETS = {
    'help-button': () => FIND.helpButton(),
    'search-box': () => FIND.searchBox(),
    'run-tests': () => { const c = FIND.card(); return c && FIND.runTests(c); },
    dropdown: () => { const c = FIND.card(); return c && FIND.dropdown(c); },
    acknowledge: () => { const c = FIND.card(); const a = c && FIND.acknowledge(c); return a && (a.closest('label') || a); },
    update: () => { const c = FIND.card(); return c && FIND.update(c); },
  };
  let outlined = null;
  function outline(target) {
    const el = target && TARGETS[target] ? TARGETS[target]() : null;
    if (el === outlined) return;
    if (outlined) { outlined.style.outline = outlined.dataset.apOutline || ''; delete outlined.dataset.apOutline; }
    outlined = el || null;
    if (outlined) {
      outlined.dataset.apOutline = outlined.style.outline;
      outlined.style.outline = '3px solid #8661c5';
      outlined.style.outlineOffset = '2px';
    }
  }

  // ---- observing ---------------------------------------------------------------------------
  let timer = 0;
  let recheck = 0;
  let last = '';
  function schedule(delay = 150) {
    clearTimeout(timer);
    timer = setTimeout(report, delay);
  }
  async function report(force) {
    const snap = snapshot();
    const key = JSON.stringify({ ...snap, since_load_ms: 0 });
    if (key === last && !force) return; // nothing a person would see has changed
    last = key;
    const answer = await send({ type: 'observe', snapshot: snap });
    if (!answer || !answer.ok) return;
    if (answer.show_helper) want();
    outline(answer.highlight);
    if (answer.prefill) { want(); prefill(answer.prefill.query, answer.prefill.submit); }
    clearTimeout(recheck);
    if (answer.recheck_ms) recheck = setTimeout(() => report(true), answer.recheck_ms);
  }
  // Nodes added or removed (panes, results, forms) and the admin's own input are what change
  // what a person sees here; text and attribute churn of a busy app is not watched.
  new MutationObserver(() => schedule()).observe(document.documentElement, { childList: true, subtree: true });
  for (const type of ['change', 'input', 'keyup']) document.addEventListener(type, () => schedule(), true);
  window.addEventListener('hashchange', () => {
    send({ type: 'page-present', route: location.hash.replace(/^#/, '') });
    schedule();
  });

  // A click on the diagnostic's Update button: reported with whether the admin made it.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('button, [role="button"]');
    if (!button || !TEXT.update.includes(textOf(button))) return;
    const card = FIND.card();
    send({ type: 'pressed', press: { trusted: event.isTrusted, in_card: !!(card && card.contains(button)), snapshot: snapshot() } });
    schedule(300);
  }, true);
  document.addEventListener('click', () => schedule(), true);

  // ---- pre-filling the query ------------------------------------------------------------
  function waitFor(find, timeout) {
    return new Promise((resolve) => {
      const found = find();
      if (found) return resolve(found);
      const observer = new MutationObserver(() => {
        const el = find();
        if (el) { observer.disconnect(); clearTimeout(stop); resolve(el); }
      });
      const stop = setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
      observer.observe(document.documentElement, { childList: true, subtree: true });
    });
  }
  async function prefill(query, submit) {
    let box = FIND.searchBox();
    if (!box) {
      const help = FIND.helpButton();
      if (!help) return { ok: false, error: 'AuthPilot cannot see the Help & support button on this page.' };
      help.click();
      box = await waitFor(FIND.searchBox, 10000);
      if (!box) return { ok: false, error: 'AuthPilot cannot see the Help & support search box.' };
    }
    // Set the value the way typing does (the native setter, then a bubbling input event), so
    // a React app keeps it.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, query);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.focus();
    if (submit) {
      for (const type of ['keydown', 'keypress', 'keyup']) {
        box.dispatchEvent(new KeyboardEvent(type, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true }));
      }
    }
    schedule();
    return { ok: true, filled: true, submitted: !!submit };
  }
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message) return false;
    if (message.type === 'overlay-prefs') { prefs = message.prefs || {}; placeOverlay(); return false; }
    if (message.type !== 'prefill') return false;
    want();
    prefill(String(message.query), !!message.submit).then(sendResponse);
    return true;
  });

  // ---- the helper overlay -------------------------------------------------------------------
  // The helper (an extension page in an iframe) loads only when it is useful: once the Help &
  // support pane or the diagnostic is on screen, a pre-fill is asked for, or the admin opens
  // it from the small "AuthPilot" button. Ordinary admin-center pages pay for one button.
  const msg = (key) => chrome.i18n.getMessage(key);
  let frame = null;
  let launcher = null;
  let wanted = false;
  let prefs = {};
  const corner = { position: 'fixed', left: '16px', bottom: '16px', zIndex: '2147483000' };
  function placeOverlay() {
    if (prefs.closed) {
      if (frame) { frame.remove(); frame = null; }
      if (launcher) { launcher.remove(); launcher = null; }
      return;
    }
    if (!wanted) {
      if (!launcher) {
        launcher = document.createElement('button');
        launcher.type = 'button';
        launcher.textContent = 'AuthPilot';
        launcher.lang = msg('lang');
        launcher.setAttribute('aria-label', msg('launcher_label'));
        Object.assign(launcher.style, corner, {
          font: '600 13px "Segoe UI", system-ui, sans-serif', padding: '6px 12px', borderRadius: '16px',
          border: '1px solid #0f6cbd', background: '#fff', color: '#0f6cbd', cursor: 'pointer',
        });
        launcher.addEventListener('click', () => { want(); if (frame) frame.focus(); });
        document.documentElement.append(launcher);
      }
      return;
    }
    if (launcher) { launcher.remove(); launcher = null; }
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = chrome.runtime.getURL('overlay.html');
      frame.title = msg('overlay_page_title');
      // Lower left: clear of the Help & support button (lower right) and its pane (right).
      Object.assign(frame.style, corner, {
        width: '360px', border: '0', borderRadius: '8px', boxShadow: '0 4px 16px rgba(0,0,0,.25)',
        background: '#fff', colorScheme: 'light',
      });
      document.documentElement.append(frame);
    }
    frame.style.height = prefs.minimised ? '96px' : '480px';
  }
  function want() {
    if (wanted) return;
    wanted = true;
    placeOverlay();
    schedule(0); // the helper asks the worker about this tab at once
  }

  // At load: say the page is here (the answer carries the helper's remembered state); look at
  // the page only when there is something to see — an arrival through ?searchSolutions= (the
  // worker fills it if the page ignored it) or a pane already open.
  send({ type: 'page-present', route: location.hash.replace(/^#/, '') }).then((answer) => {
    prefs = (answer && answer.overlay) || {};
    placeOverlay();
  });
  if (new URLSearchParams(location.search).has('searchSolutions')) {
    report();
    setTimeout(() => report(true), 2500);
  } else if (FIND.pane()) {
    report();
  }
})();
