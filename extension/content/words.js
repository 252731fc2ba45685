// The page words AuthPilot reads, from the one vocabulary the core reads too
// (src/core/page/words.json, bundled at build time as text and parsed on first use, so a quiet
// page that never starts the adapter pays no object construction for it). A cue asks for a
// key and gets that key's texts in every language of the vocabulary, in the lenient form of
// read.js: a Japanese page may leave some words in English, and no word of one language
// occurs on another's page by chance. Which language a page is in, and whether AuthPilot can
// read it, the core decides.
import VOCABULARY_TEXT from '../../src/core/page/words.json';
import { key } from './read.js';

let vocabulary = null;
const vocab = () => (vocabulary ??= typeof VOCABULARY_TEXT === 'string' ? JSON.parse(VOCABULARY_TEXT) : VOCABULARY_TEXT);
const cache = new Map();
/** Every text of `name` in every table (and the language-neutral ones), in key form. */
export function W(name) {
  if (!cache.has(name)) {
    const v = vocab();
    const texts = [];
    if (v.neutral[name]) texts.push(...v.neutral[name].texts);
    for (const table of Object.values(v.tables)) {
      if (table.words[name]) texts.push(...table.words[name].texts);
    }
    cache.set(name, texts.map(key));
  }
  return cache.get(name);
}
