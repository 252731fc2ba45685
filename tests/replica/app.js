// A replica of the Microsoft 365 admin center's "Enable Basic Auth in EXO" self-help
// diagnostic, built from the facts in docs/domain.md, for AuthPilot's end-to-end tests and
// demo. An ordinary single-page app: hash routes, the green Help & support button at the
// lower right, the "How can we help?" pane whose search box (like React) ignores a value not
// set the way typing sets it, results that arrive late, the "Run diagnostics" card, and the
// opt-out or re-enable form with a Fluent-style drop-down whose options live in a popup layer
// at the end of <body>. Served with a strict CSP (no wasm, Trusted Types required), so it
// builds its DOM with createElement/textContent only.
//
// Knobs (query parameters, for tests): mode=opt-out|re-enable (default re-enable),
// result=success|error|none (default success), label=Update|Update Settings,
// delay=<ms> for search results (default 400), latePane=<ms> before the pane renders,
// disabled=POP,IMAP (protocols listed as disabled), noHelp=1 (no Help & support button),
// churn=N (N DOM mutations in bursts, for the page-overhead benchmark). On admin.cloud.microsoft the app ignores
// ?searchSolutions= (domain.md: unverified there), so AuthPilot must fill the query itself.
(() => {
  const params = new URLSearchParams(location.search);
  const knob = (name, fallback) => params.get(name) || fallback;
  const MODE = knob('mode', 're-enable');
  const RESULT = knob('result', 'success');
  const DELAY = Number(knob('delay', '400'));
  const LATE_PANE = Number(knob('latePane', '0'));
  const UPDATE_LABEL = knob('label', MODE === 'opt-out' ? 'Update' : 'Update Settings');
  const DISABLED = knob('disabled', 'POP,IMAP').split(',').filter(Boolean);
  const PROTOCOLS = [
    ['EAS', 'Exchange ActiveSync (EAS, used by mobile devices)'],
    ['EWS', 'Exchange Web Services (EWS, used by Outlook for Windows & Mac)'],
    ['POP', 'Post Office Protocol (POP3, used by email clients)'],
    ['IMAP', 'Internet Message Access Protocol (IMAP, used by email clients)'],
    ['RemotePowerShell', 'Exchange Online Remote PowerShell (used for executing scripts)'],
    ['MAPI', 'MAPI (used by all versions of Outlook for Windows)'],
    ['OAB', 'Offline Address Book (OAB, used by Outlook for Windows)'],
    ['RPC', 'RPC (used by older versions of Outlook for Windows)'],
  ];
  let uid = 0;
  // For benchmarks (bench/run.mjs): when the search box was inserted and when the app's state
  // accepted a query; and a churn generator like a busy single-page app.
  const timings = { boxInserted: 0, queryAccepted: 0 };
  window.__replicaTimings = timings;
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
  const pages = {
    '/homepage': ['Home', 'Welcome to the Microsoft 365 admin center.'],
    '/MessageCenter': ['Message center', 'MC437540: We have received your request to opt out of Basic authentication being disabled.'],
    '/support': ['Support', 'Get help from Microsoft support.'],
  };
  function route() {
    const path = location.hash.replace(/^#/, '').split('?')[0] || '/homepage';
    const [title, body] = pages[path] || ['Not found', `No page at ${path}.`];
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
    pane = h('aside', { id: 'help-pane', class: 'pane', role: 'dialog', 'aria-label': 'Help & support' });
    document.body.append(pane);
    const render = () => {
      const box = reactLikeInput({ id: 'help-search', type: 'text', 'aria-label': 'Tell us your problem so we can get you the right help and support.', placeholder: 'Tell us your problem so we can get you the right help and support.' });
      box.addEventListener('keydown', (e) => { if (e.key === 'Enter') search(); });
      const go = h('button', { type: 'button', class: 'arrow', 'aria-label': 'Search', onclick: search, text: '→' });
      timings.boxInserted = performance.now(); // appended just below, in this task
      pane.replaceChildren(
        h('div', { class: 'pane-head' }, h('h2', { text: 'How can we help?' }), h('button', { type: 'button', 'aria-label': 'Close', class: 'close', onclick: closePane, text: '×' })),
        h('div', { class: 'searchrow' }, box, go),
        h('div', { id: 'results', 'aria-live': 'polite' }));
      if (prefill) {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, prefill);
        box.dispatchEvent(new Event('input', { bubbles: true }));
        search();
      }
    };
    if (LATE_PANE) { pane.append(h('p', { text: 'Loading…' })); setTimeout(render, LATE_PANE); } else render();
  }
  function closePane() { pane?.remove(); pane = null; state = { query: '' }; }

  function search() {
    const results = document.getElementById('results');
    if (!results) return;
    const q = state.query.trim().toLowerCase();
    results.replaceChildren(h('p', { class: 'searching', text: 'Searching…' }));
    setTimeout(() => {
      if (!results.isConnected) return;
      const found = q === 'diag: enable basic auth in exo' || (q.includes('basic auth') && q.includes('enable'));
      results.replaceChildren(found ? diagnosticCard() : h('p', { text: `No results for "${state.query}".` }));
    }, DELAY);
  }

  // ---- the diagnostic ----------------------------------------------------------------------
  function diagnosticCard() {
    const card = h('section', { class: 'card', 'aria-label': 'Run diagnostics' },
      h('h3', { text: 'Run diagnostics' }),
      h('p', { text: 'We understand you would like to initiate a request to update the Basic authentication settings for protocols.' }),
      h('p', { text: 'Let us help by running some tests.' }));
    const body = h('div', { class: 'diag-body' });
    const run = fluentButton('Run Tests', { onclick: () => {
      run.disabled = true;
      body.replaceChildren(h('p', { text: 'Running tests…' }));
      setTimeout(() => renderForm(body), DELAY);
    } });
    card.append(run, body,
      h('h4', { text: 'View insights' }),
      h('p', { text: 'Diagnostic to enable Basic authentication for Exchange Online protocols' }),
      h('button', { type: 'button', class: 'link', text: 'Show more' }));
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
      for (const [short, text] of PROTOCOLS) {
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

  function renderForm(body) {
    let chosen = null;
    const update = fluentButton(UPDATE_LABEL, { disabled: true, class: 'ms-Button primary' });
    const ack = h('input', { type: 'checkbox', id: id('ack') });
    const refresh = () => { update.disabled = !(chosen && ack.checked); };
    ack.addEventListener('change', refresh);
    const parts = [h('h4', { text: 'These are the current Basic authentication settings:' })];
    if (MODE === 'opt-out') {
      parts.push(h('p', { text: 'Microsoft is currently accepting opt out requests for your tenant. You can use the drop-down below to indicate which protocols you wish to exclude from being secured. Basic authentication will be disabled for those protocols at a later date.' }));
      parts.push(dropdown('Protocol to Opt Out', (p) => { chosen = p; refresh(); }));
    } else {
      parts.push(h('p', { text: 'Basic authentication is disabled for the following legacy protocols:' }));
      parts.push(h('ul', {}, ...PROTOCOLS.filter(([s]) => DISABLED.includes(s)).map(([, t]) => h('li', { text: t }))));
      parts.push(h('p', { text: 'If you would like to re-enable Basic authentication for a specific protocol, please select it in the drop-down below.' }));
      parts.push(dropdown('Protocol to Enable', (p) => { chosen = p; refresh(); }));
    }
    parts.push(h('label', { class: 'ms-Checkbox' }, ack, h('span', { text: "I acknowledge clicking 'Update settings' will make the change(s) described above to the tenant configuration." })));
    parts.push(update);
    update.addEventListener('click', () => {
      if (update.disabled) return;
      update.disabled = true;
      const submitted = chosen;
      setTimeout(() => {
        if (MODE === 'opt-out' && RESULT !== 'error') {
          renderForm(body); // admins saw the same form again, with no confirmation
        } else if (RESULT === 'success') {
          body.replaceChildren(
            h('h4', { text: 'Basic authentication has been re-enabled for the selected protocol.' }),
            h('p', { text: 'The Basic authentication blocked applications setting has been updated. You should be able to use Basic authentication with the selected protocol within the next hour.' }));
        } else if (RESULT === 'error') {
          body.replaceChildren(h('div', { role: 'alert', class: 'error' },
            h('p', { text: `We couldn't update the Basic authentication settings for ${submitted}. Error: the request could not be completed. Please try again later or contact support.` })));
        } // 'none': no result ever arrives
      }, DELAY);
    });
    body.replaceChildren(...parts);
  }

  // ---- churn: `churn=N` makes N DOM mutations in bursts of 100, one burst a frame ------------
  function churn(total) {
    const area = h('div', { id: 'churn', 'aria-hidden': 'true' });
    content.append(area);
    let done = 0;
    const started = performance.now();
    const burst = () => {
      for (let i = 0; i < 100 && done < total; i++, done++) {
        if (i % 3 === 0) area.append(h('span', { text: `row ${done}` }));
        else if (i % 3 === 1) area.firstChild && (area.firstChild.textContent = `changed ${done}`);
        else area.firstChild && area.firstChild.remove();
      }
      if (done < total) requestAnimationFrame(burst);
      else window.__churn = { done, ms: performance.now() - started };
    };
    requestAnimationFrame(burst);
  }

  // ---- start ---------------------------------------------------------------------------------
  if (params.get('noHelp')) document.getElementById('help-button').remove(); // a page without it
  document.getElementById('help-button')?.addEventListener('click', () => (pane ? closePane() : openPane()));
  window.addEventListener('hashchange', route);
  route();
  if (params.get('churn')) churn(Number(params.get('churn')));
  const preset = params.get('searchSolutions');
  if (preset && location.hostname !== 'admin.cloud.microsoft') openPane(preset);
})();
