// AuthPilot content script: a small DOM adapter on admin-center pages. It reports what it
// sees to the service worker and never decides anything itself (the wasm can't run here:
// the admin center's CSP blocks WebAssembly compilation in content scripts).
(() => {
  if (window.top !== window) return; // only the top frame reports presence
  const report = () => {
    try {
      chrome.runtime
        .sendMessage({ type: 'page-present', route: location.hash.replace(/^#/, '') })
        .catch(() => {}); // the worker restarting or the extension reloading: stay silent
    } catch (_) {
      // the extension was updated under this page: nothing to report to
    }
  };
  report();
  window.addEventListener('hashchange', report);
})();
