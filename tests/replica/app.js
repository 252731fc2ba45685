// A replica of the Microsoft 365 admin center's "Enable Basic Auth in EXO" self-help
// diagnostic, hand-written in Fluent's style (the "hand" variant; v8.jsx and v9.jsx render
// the same flow with the real Fluent UI packages). An ordinary single-page app: hash routes,
// the green Help & support button at the lower right, the "How can we help?" pane whose
// search box (like React) ignores a value not set the way typing sets it, results that
// arrive late, the "Run diagnostics" card, and the opt-out or re-enable form with a
// Fluent-style drop-down whose options live in a popup layer at the end of <body>. Served
// with a strict CSP (no wasm, Trusted Types required), so it builds its DOM with
// createElement/textContent only. Texts, protocols and knobs: fluent/shared.js.
import { renderUsers, renderModernAuth } from './m365-settings.js';
import { KNOBS, TEXT, OPTIONS, DISABLED_ITEMS, PAGES, routeOf, findsDiagnostic, outcomeOf, arrivalQuery, timings, startChurn } from './fluent/shared.js';

{
  let uid = 0;
  const id = (p) => `${p}-${++uid}`;

  function h(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (v !== false && v !== undefined) el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) el.append(c);
    return el;
  }
  // Fluent buttons keep their text in nested spans.
  const fluentButton = (label, props = {}) =>
    h('button', { type: 'button', class: 'ms-Button', ...props }, h('span', { class: 'ms-Button-flexContainer' }, h('span', { class: 'ms-Button-label', text: label })));

  // ---- routes -------------------------------------------------------------------------
  const content = document.getElementById('content');
  function route() {
    const path = routeOf();
    // SMTP AUTH's switches in the Microsoft 365 admin center (m365-settings.js).
    if (path === '/users') return renderUsers(content);
    if (path.startsWith('/Settings/Services')) return renderModernAuth(content);
    const [title, body] = PAGES[path] || ['Not found', `No page at ${path}.`];
    content.replaceChildren(h('h1', { text: title }), h('p', { text: body }));
    document.title = `${title} - Microsoft 365 admin center`;
  }

  // ---- the Help & support pane -----------------------------------------------------------
  let pane = null;
  let state = { query: '' }; // the app's own state, as React would keep it

  // Like React's value tracker: a value assigned through the element's own `value`
  // property is remembered, so the `input` event that follows looks like no change and is
  // ignored. Only the native setter (what typing uses) gets through.
  function reactLikeInput(props) {
    const input = h('input', props);
    const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
    let tracked = '';
    Object.defineProperty(input, 'value', {
      configurable: true,
      get() { return native.get.call(this); },
      set(v) { tracked = String(v); native.set.call(this, v); },
    });
    input.addEventListener('input', () => {
      const now = native.get.call(input);
      if (now === tracked) return; // React: "no change", the state keeps the old value
      tracked = now;
      state.query = now;
      timings.queryAccepted = performance.now();
    });
    return input;
  }

  function openPane(prefill) {
    if (pane) return;
    pane = h('aside', { id: 'help-pane', class: 'pane', role: 'dialog', 'aria-label': TEXT.help });
    document.body.append(pane);
    const render = () => {
      const hint = {
        placeholder: { 'aria-label': TEXT.hint, placeholder: TEXT.hint },
        aria: { 'aria-label': TEXT.hint, placeholder: 'Search' },
        visible: { 'aria-label': 'Search', placeholder: 'Search' },
      }[KNOBS.hint];
      const box = reactLikeInput({ id: 'help-search', type: 'text', ...hint });
      box.addEventListener('keydown', (e) => { if (e.key === 'Enter') search(); });
      const go = h('button', { type: 'button', class: 'arrow', 'aria-label': 'Search', onclick: search, text: '→' });
      timings.boxInserted = performance.now(); // appended just below, in this task
      pane.replaceChildren(
        h('div', { class: 'pane-head' }, h('h2', { text: TEXT.paneTitle }), h('button', { type: 'button', 'aria-label': 'Close', class: 'close', onclick: closePane, text: '×' })),
        KNOBS.hint === 'visible' ? h('p', { class: 'hint', text: TEXT.hint }) : null,
        h('div', { class: 'searchrow' }, box, go),
        h('div', { id: 'results', 'aria-live': 'polite' }));
      if (prefill) {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, prefill);
        box.dispatchEvent(new Event('input', { bubbles: true }));
        search();
      }
    };
    if (KNOBS.latePane) { pane.append(h('p', { text: 'Loading…' })); setTimeout(render, KNOBS.latePane); } else render();
  }
  function closePane() { pane?.remove(); pane = null; state = { query: '' }; }

  function search() {
    const results = document.getElementById('results');
    if (!results) return;
    results.replaceChildren(h('p', { class: 'searching', text: TEXT.searching }));
    setTimeout(() => {
      if (!results.isConnected) return;
      results.replaceChildren(findsDiagnostic(state.query) ? diagnosticCard(results) : h('p', { text: TEXT.noResults(state.query) }));
    }, KNOBS.delay);
  }

  // ---- the diagnostic ----------------------------------------------------------------------
  function diagnosticCard(results) {
    const card = h('section', { class: 'card', 'aria-label': TEXT.runDiagnostics },
      h('h3', { text: TEXT.runDiagnostics }),
      h('p', { text: TEXT.intro }),
      h('p', { text: TEXT.letUsHelp }));
    const body = h('div', { class: 'diag-body' });
    const run = fluentButton(TEXT.runTests, { onclick: () => {
      run.disabled = true;
      body.replaceChildren(h('p', { text: TEXT.running }));
      // card=replace: the card's whole content gives way to the form (intro and button gone).
      if (KNOBS.card === 'replace') card.replaceChildren(body);
      setTimeout(() => renderForm(body, results), KNOBS.delay);
    } });
    card.append(run, body,
      h('h4', { text: TEXT.insights }),
      h('p', { text: TEXT.insightsText }),
      h('button', { type: 'button', class: 'link', text: TEXT.showMore }));
    return card;
  }

  function dropdown(label, onChange) {
    const labelId = id('label');
    const lbl = h('label', { id: labelId, class: 'ms-Label', text: `${label} *` });
    const button = h('div', { role: 'combobox', tabindex: '0', 'aria-haspopup': 'listbox', 'aria-expanded': 'false', 'aria-labelledby': labelId, class: 'ms-Dropdown' },
      h('span', { class: 'ms-Dropdown-title', text: 'Select an option' }));
    let layer = null;
    const close = () => { layer?.remove(); layer = null; button.setAttribute('aria-expanded', 'false'); };
    const choose = (short, text) => {
      button.firstChild.textContent = text;
      close();
      onChange(short);
    };
    const open = () => {
      if (layer) return close();
      const list = h('div', { role: 'listbox', 'aria-labelledby': labelId, class: 'ms-Callout' });
      for (const [short, text] of OPTIONS) {
        list.append(h('button', { type: 'button', role: 'option', class: 'ms-Dropdown-item', onclick: () => choose(short, text) }, h('span', { text })));
      }
      layer = h('div', { class: 'ms-Layer' }, list); // appended near the end of <body>
      document.body.append(layer);
      button.setAttribute('aria-expanded', 'true');
    };
    button.addEventListener('click', open);
    button.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    return h('div', { class: 'field' }, lbl, button);
  }

  function result(outcome, protocol) {
    if (outcome === 'success') {
      return KNOBS.resultAt === 'messagebar'
        ? h('div', { class: 'ms-MessageBar success', role: 'status' }, h('span', { 'aria-hidden': 'true', class: 'mdl2', text: '\uE930' }), h('b', { text: TEXT.successHeading }), h('span', { text: ` ${TEXT.successText}` }))
        : h('div', {}, h('h4', { text: TEXT.successHeading }), h('p', { text: TEXT.successText }));
    }
    return h('div', { role: 'alert', class: KNOBS.resultAt === 'messagebar' ? 'ms-MessageBar error' : 'error' }, h('p', { text: TEXT.error(protocol) }));
  }

  function renderForm(body, results) {
    let chosen = null;
    const update = fluentButton(KNOBS.label, { disabled: true, class: 'ms-Button primary' });
    const ack = h('input', { type: 'checkbox', id: id('ack') });
    const refresh = () => { update.disabled = !(chosen && ack.checked); };
    ack.addEventListener('change', refresh);
    const parts = [h('h4', { text: TEXT.current })];
    if (KNOBS.mode === 'opt-out') {
      parts.push(h('p', { text: TEXT.optOutText }));
      parts.push(dropdown(TEXT.optOutLabel, (p) => { chosen = p; refresh(); }));
    } else {
      parts.push(h('p', { text: TEXT.disabledIntro }));
      parts.push(h('ul', {}, ...DISABLED_ITEMS.map((t) => h('li', { text: t }))));
      parts.push(h('p', { text: TEXT.reEnableText }));
      parts.push(dropdown(TEXT.enableLabel, (p) => { chosen = p; refresh(); }));
    }
    parts.push(h('label', { class: 'ms-Checkbox' }, ack, h('span', { text: TEXT.acknowledge })));
    parts.push(update);
    update.addEventListener('click', () => {
      if (update.disabled) return;
      update.disabled = true;
      const submitted = chosen;
      setTimeout(() => {
        const outcome = outcomeOf();
        if (outcome === 'again') return renderForm(body, results); // the same form, no confirmation
        if (outcome === 'none') return; // no result ever arrives
        const shown = result(outcome, submitted);
        if (KNOBS.resultAt === 'card') body.replaceChildren(shown);
        else if (KNOBS.resultAt === 'region') { body.replaceChildren(); results.append(h('section', { 'aria-label': 'Diagnostic results' }, shown)); }
        else { body.replaceChildren(); results.prepend(shown); }
      }, KNOBS.delay);
    });
    body.replaceChildren(...parts);
  }

  // ---- start ---------------------------------------------------------------------------------
  const help = document.getElementById('help-button');
  if (KNOBS.noHelp) help.remove(); // a page without it
  else help.addEventListener('click', () => (pane ? closePane() : openPane()));
  window.addEventListener('hashchange', route);
  route();
  startChurn(content);
  const preset = arrivalQuery();
  if (preset) openPane(preset);
}
