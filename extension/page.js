// AuthPilot's extension pages (popup, in-page helper): a thin loader. The wasm gathers,
// decides and draws everything; <body data-page="…"> names the page. Words come from
// _locales through chrome.i18n, as everywhere in AuthPilot.
import init, { start_popup, start_overlay } from './pkg/authpilot.js';

const msg = (key, ...subs) => chrome.i18n.getMessage(key, subs);
const page = document.body.dataset.page;
const app = document.getElementById('app');
document.documentElement.lang = msg('lang');
document.title = page === 'popup' ? msg('popup_page_title') : msg('overlay_page_title');
app.querySelector('.loading').textContent = msg('loading');
const start = { popup: start_popup, overlay: start_overlay }[page];
init({ module_or_path: new URL('pkg/authpilot_bg.wasm', import.meta.url) })
  .then(() => start(app))
  .then(() => app.removeAttribute('aria-busy'))
  .catch((error) => {
    app.textContent = msg('start_failed', String((error && error.message) || error));
  });
