// The in-page helper's frame: an extension page in an iframe, shown only when useful (once the
// Help & support pane, the diagnostic or an SMTP AUTH switch is on screen, a pre-fill is asked
// for, or the admin asks for it from the toolbar popup). Where it sits is what the worker
// remembers (`prefs`: minimised, closed, the side it is docked on and how high — the core
// decides them, core::prefs); how it is drawn is the core's too (`layout`, core::prefs::FRAME,
// in page-present's answer). Here: the frame, its size from what its content measures, stepping
// aside from a panel the page opens on its side, and the drag.
import { all, DIALOGISH } from './read.js';

/** The page's one helper frame. `onShown` runs when it is first wanted (the helper then asks
 * the worker about this tab). */
export function helperFrame(onShown) {
  let frame = null;
  let wanted = false;
  let prefs = {};
  let layout = null; // core::prefs::FRAME, from page-present's answer
  let helperHeight = 0; // what the helper's content measures (helper.js), once it said
  // The admin drags it by its header (helper.js says where in the frame it was pressed): a
  // clear layer over the page takes the pointer until it is let go, the frame following it;
  // then the frame's place is measured and said back to the frame, whose wasm has the worker
  // remember it (the core decides the side); the worker's answer places it.
  let dragging = null; // the clear layer while a drag lasts
  function startDrag(at) {
    if (dragging || !frame || !Number.isFinite(at.x) || !Number.isFinite(at.y)) return;
    const r = frame.getBoundingClientRect();
    const grip = { x: r.left + at.x, y: r.top + at.y };
    const layer = document.createElement('div');
    Object.assign(layer.style, { position: 'fixed', inset: '0', zIndex: '2147483001', cursor: 'grabbing', background: 'transparent' });
    const move = (e) => { frame.style.transform = `translate(${Math.round(e.clientX - grip.x)}px, ${Math.round(e.clientY - grip.y)}px)`; };
    const drop = (e) => {
      move(e);
      layer.remove();
      dragging = null;
      if (!frame) return;
      const f = frame.getBoundingClientRect();
      const dropped = { left: Math.round(f.left), width: Math.round(f.width), gap: Math.round(window.innerHeight - f.bottom), viewport_width: window.innerWidth };
      frame.contentWindow.postMessage({ authpilotHelperDropped: dropped }, new URL(frame.src).origin);
    };
    layer.addEventListener('pointermove', (e) => (e.buttons & 1 ? move(e) : drop(e)));
    layer.addEventListener('pointerup', drop);
    document.documentElement.append(layer);
    dragging = layer;
  }
  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || !event.data) return;
    const h = event.data.authpilotHelperHeight;
    if (typeof h === 'number' && h > 0 && h < 5000) { helperHeight = h; place(); }
    if (event.data.authpilotHelperDragStart) startDrag(event.data.authpilotHelperDragStart);
  });
  /** Whether the helper, at this side of the page, would cover a panel or pane the page has
   * open (a dialog, a side pane, an aside). */
  function coversPanel(right) {
    const left = right ? window.innerWidth - layout.width - layout.margin : layout.margin;
    return all(document, DIALOGISH).some((panel) => {
      if (panel === frame || panel.contains(frame)) return false;
      const r = panel.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.left < left + layout.width && r.right > left;
    });
  }
  function place() {
    if (prefs.closed || !wanted || !layout) {
      if (frame) { frame.remove(); frame = null; }
      return;
    }
    const { width, margin } = layout;
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = chrome.runtime.getURL('helper.html');
      frame.title = chrome.i18n.getMessage('helper_page_title');
      frame.allow = 'clipboard-write'; // "Copy page report"
      Object.assign(frame.style, {
        position: 'fixed', bottom: `${margin}px`, zIndex: '2147483000',
        width: `${width}px`, border: '0', borderRadius: '8px', boxShadow: '0 4px 16px rgba(0,0,0,.25)',
        background: '#fff', colorScheme: 'light',
      });
      document.documentElement.append(frame);
    }
    // The side the worker remembers (lower left by default: clear of the Help & support button
    // and its pane, on the right), unless the page has a panel open there: then the other side
    // while it is open (the page's own layout, which only this page can measure).
    let right = !!prefs.right;
    if (coversPanel(right) && !coversPanel(!right)) right = !right;
    frame.style.left = right ? '' : `${margin}px`;
    frame.style.right = right ? `${margin}px` : '';
    frame.dataset.side = right ? 'right' : 'left';
    // Sized to its content, never taller than the window allows.
    const height = Math.min(helperHeight || (prefs.minimised ? layout.minimised_height : layout.height), window.innerHeight - 2 * margin);
    frame.style.height = `${height}px`;
    // At the height the admin dragged it to, kept inside the window.
    const lift = Math.min(Math.max(margin, prefs.lift || 0), Math.max(margin, window.innerHeight - height - margin));
    frame.style.bottom = `${lift}px`;
    if (!dragging) frame.style.transform = '';
  }
  return {
    place,
    /** Shows the helper (once): its frame, and the helper asks about this tab. */
    want() {
      if (wanted) return;
      wanted = true;
      place();
      onShown();
    },
    /** The worker's word on where the helper is (its remembered state; `show`: "Show the
     * helper"), and how it is drawn. */
    follow(next, { show = false, frame: drawn } = {}) {
      prefs = next || {};
      if (drawn) layout = drawn;
      if (show) this.want();
      place();
    },
    shown: () => !!frame,
  };
}
