// AuthPilot service worker: a thin loader. The wasm decides and answers; this file only
// wires Chrome's events to it. Listeners are registered synchronously at top level and
// answer once the wasm is ready (service workers allow no top-level await). The wasm is
// started on the first event that needs it, so the tab events of other sites (which wake
// the worker too) cost no wasm start.
import init, {
  handle_message, tab_removed, tab_updated, alarm_fired, settings_changed, browser_started,
  storage_changed, helper_connected, helper_disconnected,
} from './pkg/worker.js';

let ready = null;
// The glue finds its wasm beside itself (scripts/build.sh names it).
const wasm = () => (ready ??= init());

const errorText = (error) => String((error && error.message) || error);
const logError = (error) => console.error(errorText(error));

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  wasm()
    .then(() => handle_message(message, sender))
    .then(sendResponse, (error) => sendResponse({ ok: false, error: errorText(error) }));
  return true; // the answer comes asynchronously
});

chrome.tabs.onRemoved.addListener((tabId) => {
  wasm().then(() => tab_removed(tabId)).catch(logError);
});

// A tab loaded or changed its address. Chrome shows the address only for the admin-center
// hosts AuthPilot may access; another tab matters only if it was an admin-center tab before
// (its presence record, core::messages::presence_key, must go).
chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (!change.url && change.status !== 'complete') return;
  const update = () => wasm().then(() => tab_updated(tabId, tab.url || '')).catch(logError);
  if (tab.url) return update();
  const key = `tab:${tabId}`;
  chrome.storage.session.get(key).then((found) => { if (found[key]) update(); }).catch(logError);
});

chrome.alarms.onAlarm.addListener((alarm) => {
  wasm().then(() => alarm_fired(alarm.name)).catch(logError);
});

// The worker's copy of storage forgets what changed (web::copy). The SMTP AUTH reminders and
// every helper's view follow the settings in force (set when saved, when the organisation's
// policy changes, and on install or update). A worker that has not started has no copy.
chrome.storage.onChanged.addListener((changes, area) => {
  if (ready) ready.then(() => storage_changed(changes, area)).catch(logError);
  if ((area === 'local' && changes.settings) || area === 'managed') wasm().then(() => settings_changed()).catch(logError);
});

// Each in-page helper holds a port to be sent its tab's view when it changes (push, not
// poll); it asks for the view once when it starts. Chrome closes the ports when it stops the
// worker, and the helper connects again.
chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== 'helper') return port.disconnect();
  port.onDisconnect.addListener(() => { if (ready) ready.then(() => helper_disconnected(port)).catch(logError); });
  wasm().then(() => helper_connected(port)).catch(logError);
});
chrome.runtime.onInstalled.addListener(() => {
  wasm().then(() => settings_changed()).then(() => browser_started()).catch(logError);
});

// The browser started again after being closed or killed (or AuthPilot was reloaded, above):
// changes that were waiting for their page's result in tabs now gone are settled.
chrome.runtime.onStartup.addListener(() => {
  wasm().then(() => browser_started()).catch(logError);
});
