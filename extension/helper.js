// The in-page helper's loader (scripts/build.sh says which wasm its glue loads).
import init, { start_overlay } from './pkg/pages.js';
import { boot } from './page.js';

boot('overlay', init, start_overlay);
