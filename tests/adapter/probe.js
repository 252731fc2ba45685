// The content script's own modules, exposed to the cue tests (cues.test.mjs) on a page that
// holds a saved snapshot: the same code the extension bundles, nothing re-implemented.
import { findDiagnostic, diagnosticSnapshot } from '../../extension/content/diagnostic.js';
import { findSwitch, switchSeen } from '../../extension/content/switches.js';
import { RESULTS, kindOf } from '../../extension/content/messages.js';
import { seen, all } from '../../extension/content/read.js';

window.probe = () => {
  const f = findDiagnostic();
  const snap = diagnosticSnapshot(f);
  const sw = findSwitch();
  const results = all(document, RESULTS).map((e) => ({ kind: kindOf(e), text: seen(e) })).filter((r) => r.text);
  return {
    via: f.via,
    card: snap.card,
    lang: snap.lang,
    messages: snap.messages,
    switch: sw ? { ...switchSeen(sw), via: sw.via, lang: sw.lang } : null,
    results,
  };
};
