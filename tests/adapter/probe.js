// The content script's own modules, exposed to the cue tests (cues.test.mjs) on a page that
// holds a saved snapshot: the same code the extension bundles, nothing re-implemented.
import { diagnosticSnapshot } from '../../extension/content/diagnostic.js';
import { switchSeen, saveOf } from '../../extension/content/switches.js';
import { RESULTS, kindOf } from '../../extension/content/messages.js';
import { seen, all, langOf } from '../../extension/content/read.js';
import { findAll, observation, observe, pagePresent, pressed, switchPressed, switchResult } from '../../extension/content/wire.js';

window.probe = () => {
  const f = findAll();
  const snap = diagnosticSnapshot(f);
  const sw = f.switch;
  const results = all(document, RESULTS).map((e) => ({ kind: kindOf(e), text: seen(e), lang: langOf(e) })).filter((r) => r.text);
  // The messages the content script would send on this page, built by its own code (an
  // admin's click: isTrusted).
  const click = { isTrusted: true };
  const wire = [pagePresent(), observe(observation(f, 0))];
  if (f.update) wire.push(pressed(click, f, f.update, 0));
  const save = sw && sw.panel ? saveOf(sw.panel) : null;
  if (sw) wire.push(switchPressed(click, sw, save ? save[0] : sw.box, false, save ? save[1] : 'save words'));
  for (const r of results) wire.push(switchResult('0b6d1a52-9c3e-4f7a-8e21-5d4c3b2a1f09', r.text, r.kind, r.lang));
  return {
    via: f.via,
    card: snap.card,
    lang: snap.lang,
    messages: snap.messages,
    switch: sw ? { ...switchSeen(sw), via: sw.via, lang: sw.lang, save: save ? save[1] : null } : null,
    results,
    wire,
  };
};
