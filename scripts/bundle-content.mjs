// Bundles the content script (extension/content/) into one classic script, as Chrome injects
// content scripts: main.js (what runs at load: a few listeners) and, wrapped in a function that
// runs only when the adapter starts, adapter.js with every module it imports and the page
// vocabulary (src/core/page/words.json, as text parsed on first use). So a quiet page runs none
// of the adapter's module code — as when the adapter was one function in one file.
// Usage: node scripts/bundle-content.mjs <out file>
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';

const out = process.argv[2];
const common = {
  bundle: true, write: false, format: 'iife', target: 'chrome120', charset: 'utf8',
  legalComments: 'none', loader: { '.json': 'text' }, logLevel: 'warning',
};
const adapter = await build({ ...common, entryPoints: ['extension/content/adapter.js'], globalName: 'authpilotAdapter' });
const main = await build({ ...common, entryPoints: ['extension/content/main.js'] });
writeFileSync(out, `// AuthPilot content script, bundled from extension/content/ by scripts/bundle-content.mjs.
(() => {
/** The adapter's modules, evaluated only when the adapter starts (main.js). */
function loadAdapter() {
${adapter.outputFiles[0].text}return authpilotAdapter;
}
${main.outputFiles[0].text}})();
`);
