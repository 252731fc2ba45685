// The in-page helper's loader (scripts/build.sh says which wasm its glue loads).
import init, { start_helper } from './pkg/pages.js';
import { boot } from './page.js';

boot('helper', init, start_helper);

// The helper is sized to what it says (issue 25): its content's height goes to the content
// script that frames it (only to the admin-center page that holds the frame), which sets the
// frame's height. Plumbing only: what to show is the wasm's.
const parentOrigin = location.ancestorOrigins && location.ancestorOrigins[0];
if (parentOrigin) {
  new ResizeObserver(() => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    window.parent.postMessage({ authpilotHelperHeight: height }, parentOrigin);
  }).observe(document.body);
}

// Dragging (issue 25): the helper's header is its handle. A press on it tells the page that
// frames it where in the frame it was pressed; the page (extension/content/adapter.js) takes
// the pointer from there — the frame moves under the pointer, so the page, not the frame,
// follows it — and when it is let go measures where the frame is and says so back to this
// frame: the wasm asks the worker to remember the place (the nearer side is the core's to
// decide). Buttons in the header are not handles.
if (parentOrigin) {
  document.addEventListener('pointerdown', (e) => {
    const header = e.target instanceof Element && e.target.closest('header');
    if (!header || e.target.closest('button, a, input') || e.button !== 0) return;
    e.preventDefault();
    window.parent.postMessage({ authpilotHelperDragStart: { x: e.clientX, y: e.clientY } }, parentOrigin);
  });
}
