// The content script's lenient text form (extension/content/read.js `key`) gives the same
// results as the core's (`page::words::key`, tests/core_words_key.rs) on the shared cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { key } from '../../extension/content/read.js';

const golden = JSON.parse(readFileSync(new URL('../golden/keys.json', import.meta.url), 'utf8'));

test('the content script keys page texts as the core does', () => {
  assert.ok(golden.cases.length >= 10);
  for (const [text, want] of golden.cases) assert.equal(key(text), want, `key(${JSON.stringify(text)})`);
});
