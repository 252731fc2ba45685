// The in-page helper's loader (scripts/build.sh says which wasm its glue loads).
import init, { start_helper } from './pkg/pages.js';
import { boot } from './page.js';

boot('overlay', init, start_helper);

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
