// The toolbar popup's loader (scripts/build.sh says which wasm its glue loads).
import init, { start_popup } from './pkg/pages.js';
import { boot } from './page.js';

boot('popup', init, start_popup);
