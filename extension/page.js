// AuthPilot's extension pages (popup, in-page helper, audit report): what their thin loaders
// (popup.js, helper.js, report.js) share. The wasm gathers, decides and draws everything; each loader imports the
// glue, which finds its wasm beside itself (scripts/build.sh). Words come
// from _locales through chrome.i18n, as everywhere in AuthPilot.
const msg = (key, ...subs) => chrome.i18n.getMessage(key, subs);

/** Starts a page: `init` is its glue's default export, `start` its entry point. */
export function boot(name, init, start) {
  performance.mark('authpilot-script'); // for `make bench`: the loader's first line
  const app = document.getElementById('app');
  document.documentElement.lang = msg('lang');
  document.title = name === 'popup' ? msg('popup_page_title') : name === 'report' ? msg('report_page_title') : msg('helper_page_title');
  app.querySelector('.loading').textContent = msg('loading');
  // The module early.js started compiling as the page was parsed (the glue fetches it itself
  // when there is none yet; `false` tells a late early.js to start nothing).
  const early = globalThis.authpilotWasm;
  globalThis.authpilotWasm ??= false;
  init(early ? { module_or_path: early } : undefined)
    .then(() => start(app))
    .then(() => app.removeAttribute('aria-busy'))
    .catch((error) => {
      app.textContent = msg('start_failed', String((error && error.message) || error));
    });
}
