// AuthPilot in-page helper: a thin loader. The wasm gathers, decides and draws everything.
import init, { start_overlay } from './pkg/authpilot.js';

const app = document.getElementById('app');
init({ module_or_path: new URL('pkg/authpilot_bg.wasm', import.meta.url) })
  .then(() => start_overlay(app))
  .then(() => app.removeAttribute('aria-busy'))
  .catch((error) => {
    app.textContent = `AuthPilot could not start: ${(error && error.message) || error}`;
  });
