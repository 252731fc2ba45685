// Bundles the Fluent UI replicas (v8.jsx, v9.jsx, exchange-v8.jsx, exchange-v9.jsx) into static scripts under
// tests/replica/build/ with the esbuild pinned in package-lock.json: production React, no
// eval, no CDN. Called by scripts/build.sh; quick when nothing changed.
import { build } from 'esbuild';
import { statSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'build');
const newest = (dir) => Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
for (const name of ['v8', 'v9', 'exchange-v8', 'exchange-v9']) {
  const target = join(out, `${name}.js`);
  if (existsSync(target) && statSync(target).mtimeMs > newest(here)) continue;
  await build({
    entryPoints: [join(here, `${name}.jsx`)],
    bundle: true, minify: true, format: 'iife', target: 'chrome120', outfile: target,
    jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, legalComments: 'none', logLevel: 'warning',
  });
  console.log(`[replica] ${name}.js ${(statSync(target).size / 1024).toFixed(0)} KB`);
}
