// A replica of the Microsoft 365 admin center, built from the facts in domain.md, for
// AuthPilot's end-to-end tests and demo. It is an ordinary single-page app: hash routes,
// a Help & support button at the lower right and a "How can we help?" pane. It is served
// with a strict CSP (no wasm, Trusted Types required), so it builds its DOM with
// createElement/textContent only.
(() => {
  const content = document.getElementById('content');
  const pages = {
    '/homepage': ['Home', 'Welcome to the Microsoft 365 admin center.'],
    '/MessageCenter': ['Message center', 'MC437540: We have received your request to opt out of Basic authentication being disabled.'],
    '/support': ['Support', 'Get help from Microsoft support.'],
  };
  function h(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'text') el.textContent = v; else el.setAttribute(k, v);
    }
    for (const c of children) el.append(c);
    return el;
  }
  function route() {
    const path = location.hash.replace(/^#/, '') || '/homepage';
    const [title, body] = pages[path] || ['Not found', `No page at ${path}.`];
    content.replaceChildren(h('h1', { text: title }), h('p', { text: body }));
    document.title = `${title} - Microsoft 365 admin center`;
  }
  function togglePane() {
    const open = document.getElementById('help-pane');
    if (open) { open.remove(); return; }
    const pane = h('aside', { id: 'help-pane', class: 'pane', role: 'dialog', 'aria-label': 'Help & support' },
      h('h2', { text: 'How can we help?' }),
      h('label', { for: 'help-search', text: 'Tell us your problem so we can get you the right help and support.' }),
      h('input', { id: 'help-search', type: 'text', role: 'searchbox', placeholder: 'Tell us your problem so we can get you the right help and support.' }));
    document.body.append(pane);
  }
  document.getElementById('help-button').addEventListener('click', togglePane);
  window.addEventListener('hashchange', route);
  route();
})();
