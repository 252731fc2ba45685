// Reading the page as a person and a screen reader do: visible text (icon glyphs and
// aria-hidden parts left out), every name a browser could give an element, lenient
// comparison. No page word lives here: they are in src/core/page/words.json (words.js).

// Icon-font glyphs (private use area) and aria-hidden parts are not text a person reads.
const GLYPHS = /[\uE000-\uF8FF]/g;
export const norm = (t) => (t || '').replace(GLYPHS, '').replace(/\s+/g, ' ').trim();
/** Lenient comparison form: case, every white space, typographic apostrophes, glyphs and a
 * trailing `*` or `:` ignored ("メール アプリ" = "メールアプリ", "Protocol to Enable *"). The
 * core's `page::words::key` is the same rule (ASCII case only, as the core's), checked against
 * the same cases (tests/golden/keys.json). */
export const key = (t) => norm(t).replace(/\s*[*:：]$/, '').replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[A-Z]+/g, (c) => c.toLowerCase()).replace(/\s+/g, '');
/** The text a person sees in an element: its text nodes, minus aria-hidden or hidden parts. */
export function seen(el) {
  if (!el) return '';
  let out = '';
  (function walk(node) {
    for (const c of node.childNodes) {
      if (c.nodeType === 3) out += c.data;
      else if (c.nodeType === 1 && !c.hidden && c.getAttribute('aria-hidden') !== 'true'
        && !['SCRIPT', 'STYLE', 'svg'].includes(c.tagName)) { out += ' '; walk(c); }
    }
  })(el);
  return norm(out);
}
export const BY_CONTENT = 'button, a, [role="button"], [role="option"], [role="tab"], [role="link"], h1, h2, h3, h4, h5, h6, [role="heading"], [role="combobox"], label, legend';
/**
 * Every name a browser could give an element, best first: aria-labelledby (each part and
 * all together), aria-label, its <label>s, its content (buttons, links, headings…), title,
 * placeholder. A cue matches if any of them does.
 */
export function names(el) {
  const out = [];
  const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
    .map((id) => seen(document.getElementById(id))).filter(Boolean);
  if (by.length) out.push(by.join(' '), ...by);
  out.push(el.getAttribute('aria-label'));
  if (el.labels) out.push(...[...el.labels].map(seen));
  if (el.matches(BY_CONTENT)) out.push(seen(el));
  out.push(el.getAttribute('title'), el.getAttribute('placeholder'));
  return out.map(norm).filter(Boolean);
}
export const accName = (el) => names(el)[0] || '';
/** A name equal to one of `wanted` (already in key form). */
export const named = (el, wanted) => names(el).some((n) => wanted.includes(key(n)));
export const nameStarts = (el, prefixes) => names(el).some((n) => prefixes.some((p) => key(n).startsWith(p)));
export const nameHas = (el, parts) => names(el).some((n) => parts.some((p) => key(n).includes(p)));
export const textHas = (el, parts) => { const t = key(seen(el)); return parts.some((p) => t.includes(p)); };
export const all = (root, selector) => (root ? [...root.querySelectorAll(selector)] : []);
export const BUTTONS = 'button, [role="button"], input[type="button"], input[type="submit"], a[href]';
export const BOXES = 'input:not([type]), input[type="text"], input[type="search"], [role="searchbox"], [role="textbox"], textarea';
export const COMBOS = '[role="combobox"], select, [aria-haspopup="listbox"]';
export const CHECKS = 'input[type="checkbox"], [role="checkbox"]';
export { DIALOGISH } from './layers.js';
export const isDisabled = (el) => !!(el.disabled || el.getAttribute('aria-disabled') === 'true');
/** The first element after `start` in document order, inside `scope`, that matches. */
export function after(start, scope, selector) {
  return all(scope, selector).find((el) => start.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) || null;
}
/** The smallest element in `scope` whose own visible text (leniently) is one of `texts`. */
export function textBlock(scope, texts) {
  return all(scope, 'p, span, div, h1, h2, h3, h4, h5, h6, [role="heading"], label, li, strong, b')
    .find((e) => texts.includes(key(seen(e))) && ![...e.children].some((c) => texts.includes(key(seen(c))))) || null;
}
/** The language an element is shown in: its nearest `lang`, else the page's. */
export function langOf(el) {
  const holder = el && el.closest ? el.closest('[lang]') : null;
  return ((holder && holder.getAttribute('lang')) || document.documentElement.lang || '').trim() || null;
}
export const clip = (t) => t.slice(0, 600);
/** The hue (0–360), saturation (0–1) and opacity (0–1) of a CSS colour, or null. */
export function hueOf(color) {
  const m = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)(?:[,\s/]+([\d.]+))?/.exec(color || '');
  if (!m) return null;
  const [r, g, b] = m.slice(1, 4).map((x) => Number(x) / 255);
  const alpha = m[4] === undefined ? 1 : Number(m[4]);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const sat = max === 0 ? 0 : d / max;
  if (d === 0) return { hue: 0, sat, alpha };
  let hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  hue *= 60;
  return { hue: hue < 0 ? hue + 360 : hue, sat, alpha };
}
/** Whether a button is filled with a colour (a primary action: Fluent's brand colour behind it),
 * not white, grey or see-through. */
export function filled(el) {
  const c = hueOf(getComputedStyle(el).backgroundColor);
  return !!c && c.alpha > 0.5 && c.sat > 0.35;
}
