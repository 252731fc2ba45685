// Run by AuthPilot (chrome.scripting) in its own isolated world of an admin-center tab just
// before it sends that tab a message: starts the content script's adapter if the quiet page
// had not needed it yet. Sees nothing of the page's own scripts.
globalThis.authpilotStart?.();
