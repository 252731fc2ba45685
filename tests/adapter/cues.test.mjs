// Every cue of the content script against saved DOM snapshots of every Fluent replica variant
// in English and Japanese (and the German page), in seconds: one browser, one page, the
// content script's own modules (bundled here as the build bundles them), each snapshot put in
// the page in turn — no replica server, no extension, no round trip per case. The snapshots
// come from tests/adapter/capture.mjs (`make snapshots`); what each must yield is written here
// by hand from how the snapshot was made, not from what the adapter answers. The flows (presses,
// results over time, the mailbox carried across views) are the e2e suites' (meaning.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const SNAPSHOTS = join(here, 'snapshots');
let browser;
let results; // snapshot name → what the adapter found there
before(async () => {
  const bundle = await build({ entryPoints: [join(here, 'probe.js')], bundle: true, write: false, format: 'iife', target: 'chrome120', loader: { '.json': 'text' }, logLevel: 'warning' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.setContent('<!doctype html><html><head></head><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const files = readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.html')).sort();
  const snapshots = files.map((f) => [f.replace(/\.html$/, ''), readFileSync(join(SNAPSHOTS, f), 'utf8')]);
  // One evaluate for every snapshot: each replaces the page's document element in turn.
  results = Object.fromEntries(await page.evaluate((list) => list.map(([name, html]) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    document.documentElement.replaceWith(document.importNode(doc.documentElement, true));
    return [name, window.probe()];
  }), snapshots));
  assert.deepEqual(errors, [], 'no page error while reading the snapshots');
});
after(async () => { await browser?.close(); });

const LANG = { en: 'en-US', ja: 'ja-JP', de: 'de-DE' };
const cells = (prefix) => Object.keys(results).filter((n) => n.startsWith(prefix));

test('there is a snapshot of every variant in both languages', () => {
  for (const state of ['diag-form', 'diag-failure', 'smtp-mailflow', 'smtp-saved', 'smtp-refused', 'smtp-emailapps', 'smtp-modern']) {
    for (const ui of ['v8', 'v9']) for (const lang of ['en', 'ja']) assert.ok(results[`${state}-${ui}-${lang}`], `${state}-${ui}-${lang}`);
  }
});

test('the diagnostic form: in English every element by role and name; in Japanese the help button by its confirmed name, the rest by structure', () => {
  for (const name of cells('diag-form-')) {
    const r = results[name];
    const lang = name.split('-').pop();
    assert.equal(r.card, true, `${name}: the card`);
    assert.match(r.lang, new RegExp(`^${lang}`), `${name}: the language`);
    if (lang === 'en') {
      for (const el of ['dropdown', 'acknowledge', 'update', 'runTests']) assert.equal(r.via[el], 'role and name', `${name}: ${el}`);
    } else {
      assert.equal(r.via.helpButton, 'role and name', `${name}: ヘルプとサポート`);
      assert.equal(r.via.pane, 'structure', `${name}: the pane (title unseen)`);
      assert.equal(r.via.searchBox, 'structure', `${name}: the search box`);
      assert.equal(r.via.dropdown, 'only drop-down', `${name}: the drop-down (label unseen)`);
      assert.equal(r.via.acknowledge, 'structure', `${name}: the box after the drop-down`);
      assert.equal(r.via.update, 'structure', `${name}: the button after the box`);
      assert.equal(r.via.runTests, undefined, `${name}: no guessed translation of Run Tests`);
    }
  }
});

test('the diagnostic\'s failure: Fluent\'s error MessageBar is read as an error in both languages, whatever its words', () => {
  for (const name of cells('diag-failure-')) {
    const error = results[name].messages.find((m) => m.kind === 'error');
    assert.ok(error, `${name}: an error bar among ${JSON.stringify(results[name].messages)}`);
    assert.match(error.text, name.endsWith('-ja') ? /基本認証の設定を更新できませんでした/ : /We were unable to update/, name);
  }
});

test('the organisation\'s box: found in English, Japanese ("SMTP AUTH" stays in Latin letters) and German, with the page\'s language', () => {
  for (const name of cells('smtp-mailflow-')) {
    const s = results[name].switch;
    assert.ok(s, `${name}: a switch`);
    assert.deepEqual([s.scope, s.checked, s.lang], ['organization', false, LANG[name.split('-').pop()]], name);
  }
});

test('a user\'s Manage email apps (panel titled by the user\'s name): the mailbox\'s box and its address; Modern authentication (titled otherwise): the policy\'s', () => {
  for (const name of cells('smtp-emailapps-')) {
    const s = results[name].switch;
    assert.deepEqual([s.scope, s.mailbox, s.via], ['mailbox', 'printer-3f@contoso.com', 'box name and panel'], name);
  }
  for (const name of cells('smtp-modern-')) {
    const s = results[name].switch;
    assert.deepEqual([s.scope, s.mailbox], ['authentication-policy', null], name);
  }
});

test('a save\'s result by its markup: a success toast and an error bar with no error word, v8 by class, v9 by its intent icon', () => {
  for (const name of cells('smtp-saved-')) {
    assert.ok(results[name].results.some((r) => r.kind === 'success'), `${name}: ${JSON.stringify(results[name].results)}`);
    assert.ok(!results[name].results.some((r) => r.kind === 'error'), name);
  }
  for (const name of cells('smtp-refused-')) {
    const error = results[name].results.find((r) => r.kind === 'error');
    assert.ok(error, `${name}: ${JSON.stringify(results[name].results)}`);
    assert.match(error.text, name.endsWith('-ja') ? /変更は保存されませんでした/ : /Your changes weren't saved/, name);
  }
});

test('every message the content script builds on these pages has exactly the keys of the payloads the worker\'s decoder is tested with', () => {
  const golden = JSON.parse(readFileSync(join(here, '..', 'golden', 'wire.json'), 'utf8')).messages;
  // Every key path of a value ("press.snapshot.lang"; an array by its first element).
  const keysOf = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).sort() : []);
  const deepKeys = (v, at = '') => keysOf(v).flatMap((k) => [`${at}${k}`, ...deepKeys(Array.isArray(v[k]) ? v[k][0] : v[k], `${at}${k}.`)]);
  const seenTypes = new Set();
  for (const [name, r] of Object.entries(results)) {
    for (const message of r.wire) {
      seenTypes.add(message.type);
      const want = golden.filter((g) => g.type === message.type).flatMap((g) => deepKeys(g));
      for (const k of deepKeys(message)) assert.ok(want.includes(k), `${name}: ${message.type} sends ${k}, which no tested payload has`);
      // Every top-level and press/snapshot key the worker is tested with is sent.
      for (const g of golden.filter((x) => x.type === message.type).slice(0, 1)) {
        for (const k of deepKeys(g).filter((k) => !k.includes('switch.') && !k.includes('messages.'))) {
          assert.ok(deepKeys(message).includes(k), `${name}: ${message.type} lacks ${k}`);
        }
      }
    }
  }
  assert.deepEqual([...seenTypes].sort(), ['observe', 'page-present', 'pressed', 'switch-pressed', 'switch-result']);
});
