// The replicas' behaviour as React hooks, shared by v8.jsx and v9.jsx so that the two differ
// only in the Fluent UI components they render: the route, the Help & support pane's search,
// the diagnostic's stages, and the form's state.
import { useEffect, useState } from 'react';
import { KNOBS, PAGES, routeOf, findsDiagnostic, outcomeOf, arrivalQuery, timings } from './shared.js';

/** The hash route's page [title, text], and whether the pane is open (it opens on arrival). */
export function usePage() {
  const [route, setRoute] = useState(routeOf());
  const [open, setOpen] = useState(!!arrivalQuery());
  useEffect(() => {
    const on = () => setRoute(routeOf());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const [title, text] = PAGES[route] || ['Not found', `No page at ${route}.`];
  useEffect(() => { document.title = `${title} - Microsoft 365 admin center`; }, [title]);
  return { title, text, open, setOpen };
}

/** The pane's content: late when `latePane` says so; the query as React state; the search. */
export function useHelpSearch() {
  const [ready, setReady] = useState(!KNOBS.latePane);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState(null); // null | 'searching' | 'found' | 'none'
  const [searched, setSearched] = useState('');
  const search = (q) => {
    setResults('searching');
    setSearched(q);
    setTimeout(() => setResults(findsDiagnostic(q) ? 'found' : 'none'), KNOBS.delay);
  };
  const initial = arrivalQuery();
  useEffect(() => { if (KNOBS.latePane) setTimeout(() => setReady(true), KNOBS.latePane); }, []);
  useEffect(() => { if (ready) timings.boxInserted = performance.now(); }, [ready]);
  useEffect(() => { if (ready && initial) { setQuery(initial); search(initial); } }, [ready]);
  const type = (value) => { setQuery(value || ''); timings.queryAccepted = performance.now(); };
  return { ready, query, type, search, results, searched };
}

/** The diagnostic: intro → running → form → result, and what Update leads to. */
export function useDiagnostic() {
  const [stage, setStage] = useState('intro');
  const [formKey, setFormKey] = useState(0);
  const [result, setResult] = useState(null);
  const run = () => { setStage('running'); setTimeout(() => setStage('form'), KNOBS.delay); };
  const submit = (protocol) => setTimeout(() => {
    const outcome = outcomeOf();
    if (outcome === 'again') setFormKey((k) => k + 1); // the same form again, nothing chosen
    else if (outcome !== 'none') { setResult({ outcome, protocol }); setStage('result'); }
  }, KNOBS.delay);
  return {
    stage, formKey, result, run, submit,
    inCard: KNOBS.resultAt === 'card',
    replaced: KNOBS.card === 'replace' && stage !== 'intro',
  };
}

/** The form: the chosen protocol, the acknowledgement, and Update pressed once. */
export function useForm(onSubmit) {
  const [chosen, setChosen] = useState(null);
  const [ack, setAck] = useState(false);
  const [busy, setBusy] = useState(false);
  return {
    chosen, setChosen, ack, setAck,
    optOut: KNOBS.mode === 'opt-out',
    ready: !!(chosen && ack) && !busy,
    press: () => { setBusy(true); onSubmit(chosen); },
  };
}
