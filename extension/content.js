// AuthPilot content script: a small DOM adapter on admin-center pages (plain JS: the admin
// center's CSP blocks WebAssembly here). It reports plain observations of the page to the
// service worker, fills the query when asked, outlines the element the worker names, and
// shows the helper overlay (an extension page in an iframe). It never decides anything.
//
// On a quiet page it costs what an empty content script costs: at load it only listens for
// the admin's clicks and route changes and for a dialog-like layer added to <body>; it does
// not touch any chrome.* API (the first use of one costs about a millisecond). The adapter
// below starts on the first of those, on an arrival through ?searchSolutions=, with a pane
// already open, or when an AuthPilot page needs it (the worker runs wake.js in this
// extension world before it sends this tab a message).
(() => {
  if (window.top !== window) return; // belt and braces: the manifest injects into the top frame only (all_frames: false)
  const loadedAt = performance.now();
  const DIALOGISH = '[role="dialog"], [role="complementary"], aside';
  let started = false;
  const wakeOnClick = (event) => { if (event.isTrusted) start(); };
  const layers = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n.nodeType === 1 && (n.matches(DIALOGISH) || n.querySelector(DIALOGISH))) return start();
    }
  });
  function start() {
    if (started) return;
    started = true;
    layers.disconnect();
    document.removeEventListener('click', wakeOnClick, true);
    window.removeEventListener('hashchange', start);
    adapter();
  }
  globalThis.authpilotStart = start; // wake.js, run by the worker in this same isolated world
  document.addEventListener('click', wakeOnClick, true);
  window.addEventListener('hashchange', start);
  layers.observe(document.body, { childList: true });
  if (location.search.includes('searchSolutions=') || document.body.querySelector(DIALOGISH)) start();

  /** The adapter: parsed lazily, run once AuthPilot is needed on this page. */
  function adapter() {
    // ---- reading the page as a person and a screen reader do ----------------------------------
    // Icon-font glyphs (private use area) and aria-hidden parts are not text a person reads.
    const GLYPHS = /[\uE000-\uF8FF]/g;
    const norm = (t) => (t || '').replace(GLYPHS, '').replace(/\s+/g, ' ').trim();
    /** Lenient comparison form: case, white space, glyphs and a trailing `*` or `:` ignored. */
    const loose = (t) => norm(t).replace(/\s*[*:]$/, '').toLowerCase();
    /** The text a person sees in an element: its text nodes, minus aria-hidden or hidden parts. */
    function seen(el) {
      if (!el) return '';
      let out = '';
      (function walk(node) {
        for (const c of node.childNodes) {
          if (c.nodeType === 3) out += c.data;
          else if (c.nodeType === 1 && !c.hidden && c.getAttribute('aria-hidden') !== 'true'
            && !['SCRIPT', 'STYLE', 'svg'].includes(c.tagName)) { out += ' '; walk(c); }
        }
      })(el);
      return norm(out);
    }
    const BY_CONTENT = 'button, a, [role="button"], [role="option"], [role="tab"], [role="link"], h1, h2, h3, h4, h5, h6, [role="heading"], [role="combobox"], label, legend';
    /**
     * Every name a browser could give an element, best first: aria-labelledby (each part and
     * all together), aria-label, its <label>s, its content (buttons, links, headings…), title,
     * placeholder. A cue matches if any of them does.
     */
    function names(el) {
      const out = [];
      const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map((id) => seen(document.getElementById(id))).filter(Boolean);
      if (by.length) out.push(by.join(' '), ...by);
      out.push(el.getAttribute('aria-label'));
      if (el.labels) out.push(...[...el.labels].map(seen));
      if (el.matches(BY_CONTENT)) out.push(seen(el));
      out.push(el.getAttribute('title'), el.getAttribute('placeholder'));
      return out.map(norm).filter(Boolean);
    }
    const accName = (el) => names(el)[0] || '';
    const named = (el, wanted) => names(el).some((n) => wanted.includes(loose(n)));
    const nameStarts = (el, prefixes) => names(el).some((n) => prefixes.some((p) => loose(n).startsWith(p)));
    const textHas = (el, parts) => { const t = loose(seen(el)); return parts.some((p) => t.includes(p)); };
    const all = (root, selector) => (root ? [...root.querySelectorAll(selector)] : []);
    const BUTTONS = 'button, [role="button"], input[type="button"], input[type="submit"], a[href]';
    const BOXES = 'input:not([type]), input[type="text"], input[type="search"], [role="searchbox"], [role="textbox"], textarea';
    const COMBOS = '[role="combobox"], select, [aria-haspopup="listbox"]';
    const CHECKS = 'input[type="checkbox"], [role="checkbox"]';
    /** The page's own buttons. */
    const pageButtons = () => all(document, 'button, [role="button"]');
    const isDisabled = (el) => !!(el.disabled || el.getAttribute('aria-disabled') === 'true');
    /** The first element after `start` in document order, inside `scope`, that matches. */
    function after(start, scope, selector) {
      return all(scope, selector).find((el) => start.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) || null;
    }
    /** The smallest element in `scope` whose own visible text (leniently) is one of `texts`. */
    function textBlock(scope, texts) {
      return all(scope, 'p, span, div, h1, h2, h3, h4, h5, h6, [role="heading"], label, li, strong, b')
        .find((e) => texts.includes(loose(seen(e))) && ![...e.children].some((c) => texts.includes(loose(seen(c))))) || null;
    }

    // What a person sees on the page, in lower case (lenient matching). Seen on: public
    // screenshots of the Microsoft 365 admin center and Microsoft's posts (docs/domain.md).
    const T = {
      help: ['help & support', 'help and support'],
      helpShort: ['help', 'get help', 'help and feedback'],
      paneTitle: ['how can we help?', 'how can we help'],
      hint: 'tell us your problem so we can get you the right help and support.',
      hintStart: 'tell us your problem',
      intro: 'initiate a request to update the basic authentication settings for protocols',
      runTests: ['run tests', 'run test', 'run diagnostics tests'],
      current: ['these are the current basic authentication settings'],
      formLabels: ['protocol to opt out', 'protocol to enable'],
      acknowledge: "i acknowledge clicking 'update settings'",
      update: ['update', 'update settings'],
      disabledIntro: ['basic authentication is disabled for the following legacy protocols'],
      success: 'basic authentication has been re-enabled for the selected protocol',
      busy: ['loading…', 'loading...', 'loading', 'searching…', 'searching...', 'running tests…', 'running tests...'],
    };

    // ---- one table of cues per element ----------------------------------------------------
    // Each element is found by the first cue that matches, in order: role and accessible name,
    // lenient visible text, structure. `where` says where the cue was seen or why it is there.
    // docs/page-adapter.md explains the table and how to add a cue.
    const CUES = {
      helpButton: [
        ['role and name', 'domain.md: the green "Help & support" button, lower right', () => pageButtons().find((b) => named(b, T.help))],
        ['visible text', 'a label with more words or an icon glyph', () => pageButtons().find((b) => textHas(b, T.help))],
        ['short name', 'a shortened label ("Help"); links that navigate are not it', () => pageButtons().find((b) => named(b, T.helpShort))],
      ],
      pane: [
        ['role and name', 'Fluent Panel / Drawer: role=dialog named by its title', () => all(document, '[role="dialog"], [role="complementary"], [role="region"], aside, section')
          .find((d) => named(d, T.paneTitle) || named(d, T.help))],
        ['heading', 'domain.md: a pane titled "How can we help?"', () => {
          const h = all(document, 'h1, h2, h3, [role="heading"]').find((x) => T.paneTitle.includes(loose(seen(x))));
          if (!h) return null;
          const box = h.closest('[role="dialog"], [role="complementary"], aside, [role="region"]');
          if (box) return box;
          for (let at = h.parentElement; at && at !== document.body; at = at.parentElement) if (at.querySelector(BOXES)) return at;
          return null;
        }],
      ],
      searchBox: [
        ['role and name', 'domain.md: the hint as the box\'s label, aria-label or placeholder', (pane) => all(pane || document, BOXES)
          .find((b) => nameStarts(b, [T.hintStart]))],
        ['hint beside the box', 'the hint as a line of text next to a box labelled otherwise', (pane) => {
          const hint = pane && all(pane, 'p, span, div, label').find((e) => loose(seen(e)).startsWith(T.hintStart) && !e.querySelector('p, div'));
          return hint ? after(hint, pane, BOXES) : null;
        }],
        ['structure', 'the text box inside the pane titled "How can we help?"', (pane) => (pane ? all(pane, BOXES)[0] : null)],
      ],
      // The diagnostic's own parts, looked for only inside the pane (the diagnostic region):
      // never through the Run Tests button, which the page may remove.
      runTests: [
        ['role and name', 'domain.md: the card\'s "Run Tests" button', (scope) => all(scope, BUTTONS).find((b) => named(b, T.runTests))],
        ['visible text', 'the button\'s text with an icon or more words', (scope) => all(scope, BUTTONS).find((b) => textHas(b, T.runTests))],
      ],
      dropdown: [
        ['role and name', 'domain.md: "Protocol to Opt Out *" / "Protocol to Enable *" (Fluent Dropdown or Combobox)', (scope) => all(scope, COMBOS)
          .find((d) => named(d, T.formLabels))],
        ['label text', 'a label beside the drop-down that is not tied to it', (scope) => {
          const label = textBlock(scope, T.formLabels);
          return label ? after(label, scope, COMBOS) : null;
        }],
        ['structure', 'the drop-down below "These are the current Basic authentication settings:"', (scope) => {
          const heading = textBlock(scope, T.current);
          return heading ? after(heading, scope, COMBOS) : null;
        }],
      ],
      acknowledge: [
        ['role and name', 'domain.md: "I acknowledge clicking \'Update settings\' …"', (scope) => all(scope, CHECKS).find((c) => nameStarts(c, [T.acknowledge]))],
        ['structure', 'the check box after the drop-down', (scope, found) => (found.dropdown ? after(found.dropdown, scope, CHECKS) : null)],
      ],
      update: [
        ['role and name', 'domain.md: "Update" or "Update Settings"', (scope) => all(scope, BUTTONS).find((b) => named(b, T.update))],
        ['structure', 'the button after the acknowledgement box', (scope, found) => (found.acknowledge ? after(found.acknowledge, scope, 'button, [role="button"]') : null)],
      ],
    };
    const ORDER = ['helpButton', 'pane', 'searchBox', 'runTests', 'dropdown', 'acknowledge', 'update'];
    const IN_PANE = new Set(['runTests', 'dropdown', 'acknowledge', 'update']);

    /** The element of `key` by the first cue that matches: [element, cue name] or [null]. */
    function find(key, scope, found) {
      for (const [cue, , look] of CUES[key]) {
        const el = look(scope, found);
        if (el) return [el, cue];
      }
      return [null];
    }
    const findPane = () => find('pane')[0];

    /** Finds every element; `found.via` says which cue found each (for the page report). */
    function findAll() {
      const found = { via: {} };
      for (const key of ORDER) {
        let scope = null;
        if (key === 'searchBox') scope = found.pane;
        if (IN_PANE.has(key)) {
          scope = found.scope;
          if (!scope) { found[key] = null; continue; }
        }
        const [el, cue] = find(key, scope, found);
        found[key] = el;
        if (el) found.via[key] = cue;
        if (key === 'searchBox') found.scope = diagnosticScope(found.pane);
      }
      found.switch = findSwitch(); // an SMTP AUTH switch (issue 13), if the page shows one
      return found;
    }
    /** Where the diagnostic lives: the Help & support pane; without a pane, the region around
     * a diagnostic form found anywhere (a support page may show it). */
    function diagnosticScope(pane) {
      if (pane) return pane;
      const form = all(document, COMBOS).find((d) => named(d, T.formLabels));
      return form ? form.closest('[role="dialog"], [role="region"], section, main, form') || document.body : null;
    }

    const clip = (t) => t.slice(0, 600);
    function snapshot(f = findAll()) {
      const scope = f.scope;
      // The scope's visible lines (layout-aware), glyphs dropped: results may come as headings,
      // paragraphs, a MessageBar or a new region, inside the card or beside it.
      const lines = scope ? scope.innerText.split('\n').map(norm).filter(Boolean) : [];
      const has = (texts) => lines.some((l) => texts.some((t) => loose(l).includes(t)));
      const card = !!scope && (!!f.runTests || !!f.dropdown || has([T.intro, T.current[0], T.success]));
      const list = scope && textBlock(scope, T.disabledIntro);
      const listEl = list && after(list, scope, 'ul, ol');
      const d = f.dropdown;
      const selected = !d ? null : d.tagName === 'SELECT' ? seen(d.selectedOptions[0])
        : d.tagName === 'INPUT' ? norm(d.value) : seen(d);
      const formLabel = d ? (names(d).find((n) => T.formLabels.includes(loose(n))) || accName(d)) : null;
      return {
        route: clip(location.hash.replace(/^#/, '')),
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
        card_texts: card ? lines.slice(0, 60).map(clip) : [],
        busy: !!scope && (!!scope.querySelector('[role="progressbar"], [aria-busy="true"], .ms-Spinner') || lines.some((l) => T.busy.includes(loose(l)))),
        search_solutions: new URLSearchParams(location.search).get('searchSolutions'),
        since_load_ms: Math.round(performance.now() - loadedAt),
        switch: switchSeen(f.switch),
      };
    }

    /**
     * A privacy-safe description of what AuthPilot saw, for "Copy page report": which cue found
     * each element, and the role and accessible name of each control inside the Help & support
     * pane only. No values typed into boxes, no text from outside the pane; the core also masks
     * anything that looks like an address or a number before it is copied.
     */
    function pageReport() {
      const f = findAll();
      const controls = all(f.pane, `${BUTTONS}, ${BOXES}, ${COMBOS}, ${CHECKS}, h1, h2, h3, h4, [role="heading"], [role="alert"], [role="status"], [role="region"], [role="progressbar"]`)
        .slice(0, 80).map((el) => ({
          role: el.getAttribute('role') || el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? `[${el.type}]` : ''),
          name: clip(accName(el)).slice(0, 120),
          disabled: isDisabled(el),
        }));
      return {
        host: location.host,
        route: clip(location.hash.replace(/^#/, '').split('?')[0]),
        elements: ORDER.map((key) => ({ element: key, found_by: f.via[key] || null })),
        controls,
      };
    }

    const send = (message) => {
      try {
        return chrome.runtime.sendMessage(message).catch(() => null);
      } catch (_) {
        return Promise.resolve(null); // the extension was reloaded under this page
      }
    };

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
      const found = findAll();
      const snap = snapshot(found);
      const key = JSON.stringify({ ...snap, since_load_ms: 0 });
      if (key === last && !force) return; // nothing a person would see has changed
      last = key;
      const answer = await send({ type: 'observe', snapshot: snap });
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
      send({ type: 'page-present', route: location.hash.replace(/^#/, '') });
      reportSoon();
    });

    // A click on the diagnostic's Update button: reported with whether the admin made it and
    // whether the button is inside the diagnostic. Any click may open or change the pane.
    document.addEventListener('click', (event) => {
      const button = event.target instanceof Element && event.target.closest('button, [role="button"], input[type="submit"]');
      if (button) {
        const f = findAll();
        if (button === f.update || named(button, T.update)) {
          send({ type: 'pressed', press: { trusted: event.isTrusted, in_card: !!(f.scope && f.scope.contains(button)), snapshot: snapshot(f) } });
          schedule(300);
          return;
        }
      }
      setTimeout(reportSoon, 0);
    }, true);

    // ---- pre-filling the query -----------------------------------------------------------------
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
      let box = findAll().searchBox;
      if (!box) {
        const help = findAll().helpButton;
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
        // Lower left: clear of the Help & support button (lower right) and its pane (right).
        Object.assign(frame.style, {
          position: 'fixed', left: '16px', bottom: '16px', zIndex: '2147483000',
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

    // ---- SMTP AUTH switches (issue 13) --------------------------------------------------------
    // Each switch is a check box found by several cues: its accessible name (or its label's
    // visible text), read leniently, and the panel it is in (a flyout titled "Mail flow
    // settings", "Manage email apps" or "Modern authentication"); for the organisation's, also
    // by structure, the check box under "Security" in "Mail flow settings". Box wordings are
    // confirmed (smtp-auth.md: CISA ScubaGear, CIS, Learn); panel headings and saved messages
    // only by third parties, so they are cues among others. Its state when the panel appeared
    // is kept, so only a change the admin made counts; the core decides
    // (core::smtp::on_switch_press). Each new message in the panel goes to the worker, whose
    // core reads whether it is the saved message or an error (core::smtp::read_result).
    const S = {
      switches: [
        { scope: 'organization', box: [['smtp auth', 'turn off'], ['smtp auth', 'organization']], panel: ['mail flow settings'], section: ['security'] },
        { scope: 'mailbox', box: [['authenticated smtp']], panel: ['manage email apps', 'email apps'] },
        { scope: 'authentication-policy', box: [['authenticated smtp']], panel: ['modern authentication'] },
      ],
      save: ['save'], // "Save", "Save changes": the name's start
      // A message in the panel, or a toast outside it (Fluent v9's Toaster: a list of toasts
      // in a portal; v8 pages: a message bar in a layer at the end of <body>).
      results: '[role="status"], [role="alert"], [aria-live], .ms-MessageBar, [class*="MessageBar"], [data-toaster-position] [role="listitem"]',
    };
    const ADDRESS = /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+/i;
    const isChecked = (box) => (box.matches('input') ? box.checked : box.getAttribute('aria-checked') === 'true');
    const panelOf = (el) => el.closest(DIALOGISH);
    // A panel's headings, read leniently: a heading holding a title's words counts
    // ("Manage email apps for Megan Bowen").
    const titled = (panel, titles) => !!panel && all(panel, 'h1, h2, h3, [role="heading"]').some((h) => titles.some((t) => loose(seen(h)).includes(t)));
    /** Whose "Authenticated SMTP" box this panel holds: by its title, else by what else it
     * holds — Modern authentication's own box, or a user's address. */
    function panelScope(panel) {
      if (!panel) return null;
      for (const cue of S.switches.slice(1)) if (titled(panel, cue.panel)) return cue.scope;
      if (all(panel, CHECKS).some((b) => names(b).some((n) => loose(n).includes('modern authentication')))) return 'authentication-policy';
      if (ADDRESS.test(seen(panel))) return 'mailbox';
      return null;
    }
    /** The SMTP AUTH switch on screen, if any: its box, panel, scope, and a mailbox's address. */
    function findSwitch() {
      for (const box of all(document, CHECKS)) {
        const texts = [...names(box), box.closest('label') ? seen(box.closest('label')) : ''].map(loose);
        const panel = panelOf(box);
        for (const cue of S.switches) {
          if (!cue.box.some((parts) => texts.some((t) => parts.every((p) => t.includes(p))))) continue;
          // "Authenticated SMTP" is the mailbox's or the policy's: the panel says which.
          const scope = cue.scope === 'organization' ? cue.scope : panelScope(panel);
          if (scope) return found(box, panel, scope);
        }
      }
      for (const panel of all(document, DIALOGISH)) { // structure: the box under "Security"
        const org = S.switches[0];
        const security = titled(panel, org.panel) && textBlock(panel, org.section);
        const box = security && after(security, panel, CHECKS);
        if (box) return found(box, panel, 'organization');
      }
      return null;
    }
    function found(box, panel, scope) {
      const match = scope === 'mailbox' && panel ? seen(panel).match(ADDRESS) : null;
      return { box, panel, scope, mailbox: match ? match[0] : null };
    }
    /** The SMTP AUTH switch on screen, for the helper: which, whose, ticked now. */
    function switchSeen(sw) {
      return sw ? { scope: sw.scope, mailbox: sw.mailbox ? clip(sw.mailbox) : null, checked: isChecked(sw.box) } : null;
    }
    const switchBefore = new WeakMap(); // check box → its state when first seen
    function noteSwitches() {
      const sw = findSwitch();
      if (sw && !switchBefore.has(sw.box)) switchBefore.set(sw.box, isChecked(sw.box));
      return sw;
    }
    let resultWatch = null;
    /** After an accepted Save: each new message in the panel or in a toast anywhere on the page
     * (texts already shown before the press never count), until the core settles it or two
     * minutes pass. The whole page is watched only during that wait. */
    function watchResult(box, now) {
      if (resultWatch) resultWatch.disconnect();
      // Each message element as it read at the press: a new element (a second toast with the
      // same words) or a changed text counts; one already shown does not.
      const shown = new Map(all(document, S.results).map((e) => [e, loose(seen(e))]));
      let queued = false;
      const look = () => {
        queued = false;
        for (const region of all(document, S.results)) {
          const text = loose(seen(region));
          if (!text || shown.get(region) === text) continue;
          shown.set(region, text);
          send({ type: 'switch-result', text: seen(region) }).then((answer) => {
            if (!answer || !answer.ok || !answer.outcome) return;
            if (resultWatch) { resultWatch.disconnect(); resultWatch = null; }
            // Saved: the new state is what is stored, so a Save without a change records nothing.
            if (answer.outcome === 'succeeded') switchBefore.set(box, now);
          });
        }
      };
      resultWatch = new MutationObserver(() => { if (!queued) { queued = true; queueMicrotask(look); } });
      resultWatch.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => { if (resultWatch) { resultWatch.disconnect(); resultWatch = null; } }, 125000);
    }
    // Noted when a layer is added to <body> (the observer above: flyouts render there) and
    // before a pointer or key press on a check box or its label (a box toggles before its
    // click event); never on other mutations or keys.
    for (const type of ['pointerdown', 'keydown']) {
      document.addEventListener(type, (e) => { if (e.target instanceof Element && e.target.closest(`${CHECKS}, label`)) noteSwitches(); }, true);
    }
    noteSwitches();
    document.addEventListener('click', (event) => {
      const button = event.target instanceof Element && event.target.closest(BUTTONS);
      if (!button || !nameStarts(button, S.save)) return;
      const sw = noteSwitches();
      if (!sw) return;
      const now = isChecked(sw.box);
      const press = { trusted: event.isTrusted, in_panel: !!(sw.panel && sw.panel.contains(button)), scope: sw.scope, mailbox: sw.mailbox, before: switchBefore.get(sw.box), after: now };
      send({ type: 'switch-pressed', press }).then((answer) => {
        if (answer && answer.ok && answer.accepted) watchResult(sw.box, now);
      });
    }, true);

    // Now: say the page is here (the answer carries the helper's remembered state), and look.
    send({ type: 'page-present', route: location.hash.replace(/^#/, '') }).then((answer) => {
      prefs = (answer && answer.overlay) || {};
      placeOverlay();
    });
    reportSoon();
    if (new URLSearchParams(location.search).has('searchSolutions')) setTimeout(() => report(true), 2500);
  }
})();
