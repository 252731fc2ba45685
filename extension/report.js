// The audit report's loader (scripts/build.sh says which wasm its glue loads).
import init, { start_report } from './pkg/pages.js';
import { boot } from './page.js';

boot('report', init, start_report);
