// AuthPilot service worker: a thin loader. The wasm decides and answers; this file only
// wires Chrome's events to it. Listeners are registered synchronously at top level and
// answer once init has resolved (service workers allow no top-level await).
import init, { handle_message, tab_removed, tab_updated, alarm_fired } from './pkg/authpilot.js';

const ready = init({ module_or_path: chrome.runtime.getURL('pkg/authpilot_bg.wasm') });

const errorText = (error) => String((error && error.message) || error);

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then(() => handle_message(message, sender))
    .then(sendResponse, (error) => sendResponse({ ok: false, error: errorText(error) }));
  return true; // the answer comes asynchronously
});

chrome.tabs.onRemoved.addListener((tabId) => {
  ready.then(() => tab_removed(tabId)).catch((error) => console.error(errorText(error)));
});

// An admin-center tab loaded or changed route: Chrome shows the address only for the hosts
// AuthPilot may access, so other tabs arrive without one.
chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (!change.url && change.status !== 'complete') return;
  ready.then(() => tab_updated(tabId, tab.url || '')).catch((error) => console.error(errorText(error)));
});

chrome.alarms.onAlarm.addListener((alarm) => {
  ready.then(() => alarm_fired(alarm.name)).catch((error) => console.error(errorText(error)));
});
