// The page words AuthPilot reads, from the one vocabulary the core reads too
// (src/core/page_words.json, bundled at build time). A cue asks for a key and gets that key's
// texts in every language of the vocabulary, in the lenient form of read.js: a Japanese page
// may leave some words in English, and no word of one language occurs on another's page by
// chance. Which language a page is in, and whether AuthPilot can read it, the core decides.
import VOCABULARY from '../../src/core/page_words.json';
import { key } from './read.js';

const cache = new Map();
/** Every text of `name` in every table (and the language-neutral ones), in key form. */
export function W(name) {
  if (!cache.has(name)) {
    const texts = [];
    const neutral = VOCABULARY.neutral[name];
    if (neutral) texts.push(...neutral.texts);
    for (const table of Object.values(VOCABULARY.tables)) {
      if (table.words[name]) texts.push(...table.words[name].texts);
    }
    cache.set(name, texts.map(key));
  }
  return cache.get(name);
}
/** The languages AuthPilot has words for (primary subtags). */
export const LANGUAGES = Object.keys(VOCABULARY.tables);
