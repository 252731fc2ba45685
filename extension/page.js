// AuthPilot's extension pages (popup, in-page helper): a thin loader. The wasm gathers,
// decides and draws everything; <body data-page="…"> names the page.
import init, { start_popup, start_overlay } from './pkg/authpilot.js';

const app = document.getElementById('app');
const start = { popup: start_popup, overlay: start_overlay }[document.body.dataset.page];
init({ module_or_path: new URL('pkg/authpilot_bg.wasm', import.meta.url) })
  .then(() => start(app))
  .then(() => app.removeAttribute('aria-busy'))
  .catch((error) => {
    app.textContent = `AuthPilot could not start: ${(error && error.message) || error}`;
  });
