// Result messages by the page's own markup first: Fluent tells a success from an error in
// its markup, whatever the words. The words are read by the core (core::page::words).
//   Fluent v8 MessageBar: class ms-MessageBar--success | --error | --blocked |
//     --severeWarning | --warning | --info (and role="alert" for the failing three).
//   Fluent v9 MessageBar and Toast: the intent is in no attribute; it shows in the intent's
//     icon (MessageBar's icon slot, ToastTitle's media), coloured from the theme's palette:
//     red for error, green for success, orange or yellow for warning, grey for info. The
//     hue is read from the icon's computed colour, so a dark theme reads the same.
//   Anything else (data-intent or intent attributes some wrappers add) is read too.
import { all, hueOf } from './read.js';

/** Every element that may carry a result: a message in a panel, or a toast anywhere. */
export const RESULTS = '[role="status"], [role="alert"], [aria-live], .ms-MessageBar, [class*="MessageBar"], .fui-Toast, [data-toaster-position] [role="listitem"]';

const V8 = [['success', 'success'], ['error', 'error'], ['blocked', 'error'], ['severeWarning', 'error'], ['warning', 'warning'], ['info', 'info']];
const INTENTS = { success: 'success', error: 'error', danger: 'error', warning: 'warning', info: 'info' };

function kindFromIcon(icon) {
  const target = icon.querySelector('svg') || icon;
  const c = hueOf(getComputedStyle(target).color) || hueOf(getComputedStyle(target).fill);
  if (!c) return null;
  if (c.sat < 0.25) return 'info';
  if (c.hue < 15 || c.hue >= 330) return 'error';
  if (c.hue < 65) return 'warning';
  if (c.hue < 175) return 'success';
  return 'info';
}

/** The kind the markup gives a message element (or the bar around or inside it), or null. */
export function kindOf(el) {
  const bars = [el.closest('.ms-MessageBar, .fui-MessageBar, .fui-Toast'), el, ...all(el, '.ms-MessageBar, .fui-MessageBar, .fui-Toast')].filter(Boolean);
  for (const bar of bars) {
    for (const [cls, kind] of V8) if (bar.classList.contains(`ms-MessageBar--${cls}`)) return kind;
    const intent = (bar.getAttribute('data-intent') || bar.getAttribute('intent') || '').toLowerCase();
    if (INTENTS[intent]) return INTENTS[intent];
    const icon = bar.querySelector('.fui-MessageBar__icon, .fui-ToastTitle__media');
    const kind = icon && kindFromIcon(icon);
    if (kind) return kind;
    if (bar.classList.contains('ms-MessageBar') && bar.getAttribute('role') === 'alert') return 'error';
  }
  return null;
}
