// The manifest and the store packages, proven: the exact permission set of
// docs/permissions.md, the CSP, a type check against @types/chrome's MV3 manifest (with
// unknown keys refused), and Chrome and Edge zips that are byte-identical when built twice
// from the same commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { root, extensionDir } from './harness.mjs';

const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
const documented = readFileSync(join(root, 'docs', 'permissions.md'), 'utf8')
  .split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split('`')[1]);

test('the built manifest asks for exactly the permissions docs/permissions.md lists, and no others', () => {
  const asked = [...manifest.permissions, ...manifest.host_permissions];
  assert.deepEqual([...asked].sort(), [...documented].sort());
  assert.deepEqual(manifest.content_scripts.map((c) => c.matches).flat().sort(), [...manifest.host_permissions].sort());
  assert.deepEqual(manifest.web_accessible_resources, [{ resources: ['helper.html'], matches: manifest.host_permissions }]);
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.equal(manifest.optional_permissions, undefined);
  assert.equal(manifest.externally_connectable, undefined, 'no web page may message the extension');
});

/** Top-level keys @types/chrome declares for an MV3 manifest (ManifestBase + ManifestV3). */
function declaredKeys() {
  const dts = readFileSync(join(root, 'node_modules', '@types', 'chrome', 'index.d.ts'), 'utf8');
  const keys = new Set();
  for (const name of ['ManifestBase', 'ManifestV3']) {
    const start = dts.indexOf(`interface ${name} `);
    let depth = 0;
    for (const line of dts.slice(dts.indexOf('{', start)).split('\n')) {
      const m = depth === 1 && line.match(/^\s+"?([a-z_0-9]+)"?\??:/);
      if (m) keys.add(m[1]);
      depth += (line.match(/{/g) || []).length - (line.match(/}/g) || []).length;
      if (depth === 0) break;
    }
  }
  return keys;
}

function typeCheck(m) {
  const dir = join(root, 'target', 'manifest-check');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'check.ts'), `export const manifest = ${JSON.stringify(m, null, 2)} satisfies chrome.runtime.ManifestV3;\n`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', types: ['chrome'], typeRoots: [join(root, 'node_modules', '@types')] },
    files: ['check.ts'],
  }));
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(dir, 'tsconfig.json')], { stdio: 'pipe' });
}
const unknownKeys = (m, known) => Object.keys(m).filter((k) => !known.has(k));

test('the manifest type-checks against @types/chrome ManifestV3 and has no key the type does not declare', () => {
  typeCheck(manifest);
  const known = declaredKeys();
  assert.ok(known.has('content_security_policy') && known.has('host_permissions'), 'the declared keys were read');
  assert.deepEqual(unknownKeys(manifest, known), []);
  // Both checks can fail: a wrong value, and a key no manifest has.
  assert.throws(() => typeCheck({ ...manifest, background: { service_worker: 'sw.js', type: 'classic' } }), (e) => /"classic"/.test(String(e.stdout)));
  assert.deepEqual(unknownKeys({ ...manifest, colour: 'blue' }, known), ['colour']);
});

const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
const zips = ['chrome', 'edge'].map((s) => join(root, 'dist', `authpilot-${version}-${s}.zip`));

test('make dist writes Chrome and Edge zips that are byte-identical when built twice from the same commit', () => {
  execFileSync('python3', [join(root, 'scripts', 'dist.py')], { stdio: 'pipe' });
  const first = zips.map(sha);
  // Rebuild from the sources (the crate recompiled, wasm-bindgen and wasm-opt rerun) and repackage.
  const now = new Date();
  utimesSync(join(root, 'src', 'lib.rs'), now, now);
  execFileSync(join(root, 'scripts', 'build.sh'), { stdio: 'pipe' });
  execFileSync('python3', [join(root, 'scripts', 'dist.py')], { stdio: 'pipe' });
  assert.deepEqual(zips.map(sha), first);

  const list = (zip) => execFileSync('python3', ['-c', 'import sys,zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip]).toString().trim().split('\n');
  const shipped = (dir, at = '') => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? shipped(join(dir, d.name), `${at}${d.name}/`) : [`${at}${d.name}`])).sort();
  assert.deepEqual(list(zips[0]), shipped(extensionDir));
  assert.deepEqual(list(zips[1]), shipped(extensionDir));
  const edge = JSON.parse(execFileSync('python3', ['-c', 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("manifest.json").decode())', zips[1]]).toString());
  assert.equal(edge.update_url, undefined);
  // The managed-configuration schema (issue 14) ships in both, named by both manifests.
  for (const zip of zips) {
    const shippedManifest = JSON.parse(execFileSync('python3', ['-c', 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("manifest.json").decode())', zip]).toString());
    assert.equal(shippedManifest.storage.managed_schema, 'managed_schema.json', zip);
    assert.ok(list(zip).includes('managed_schema.json'), zip);
  }
  // name and description come from _locales: what the store shows in every language
  const read = (name) => execFileSync('python3', ['-c', 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', zips[1], name]).toString();
  const locales = list(zips[1]).filter((n) => /^_locales\/[^/]+\/messages\.json$/.test(n));
  assert.deepEqual(locales, ['_locales/en/messages.json', '_locales/ja/messages.json']);
  for (const file of locales) {
    const catalog = JSON.parse(read(file));
    const shown = (value) => value.replace(/^__MSG_(\w+)__$/, (_, key) => catalog[key].message);
    assert.ok(shown(edge.name).length > 0 && shown(edge.description).length > 20, file);
    assert.doesNotMatch(`${shown(edge.name)} ${shown(edge.description)}`, /chrome/i, file);
  }
  assert.equal(edge.version, version);
});
