// The admin-center replica rendered by the real @fluentui/react-components v9 components
// (OverlayDrawer, SearchBox, Field + Dropdown or Combobox, Checkbox, Button, MessageBar,
// Spinner) with @fluentui/react-icons (inline SVG), the texts and knobs of shared.js.
// Bundled by esbuild (build.mjs); Griffel inserts its CSS rule by rule (style-src
// 'unsafe-inline'); runs under require-trusted-types-for 'script'.
import React, { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Button, Checkbox, Combobox, Dropdown, DrawerBody, DrawerHeader, DrawerHeaderTitle, Field, FluentProvider,
  Link, MessageBar, MessageBarBody, MessageBarTitle, Option, OverlayDrawer, SearchBox, Spinner, Text, webLightTheme,
} from '@fluentui/react-components';
import { ArrowRight24Regular, Dismiss24Regular, QuestionCircle20Regular, PersonFeedback20Regular } from '@fluentui/react-icons';
import { KNOBS, TEXT, OPTIONS, DISABLED_ITEMS, PAGES, routeOf, findsDiagnostic, outcomeOf, arrivalQuery, timings, startChurn } from './shared.js';

function Result({ outcome, protocol }) {
  if (KNOBS.resultAt === 'messagebar') {
    return outcome === 'success'
      ? <MessageBar intent="success"><MessageBarBody><MessageBarTitle>{TEXT.successHeading}</MessageBarTitle> {TEXT.successText}</MessageBarBody></MessageBar>
      : <MessageBar intent="error"><MessageBarBody>{TEXT.error(protocol)}</MessageBarBody></MessageBar>;
  }
  return outcome === 'success'
    ? <div><Text as="h4" block weight="semibold">{TEXT.successHeading}</Text><Text as="p" block>{TEXT.successText}</Text></div>
    : <div role="alert"><Text as="p" block>{TEXT.error(protocol)}</Text></div>;
}

function Picker({ onPick }) {
  const options = OPTIONS.map(([key, text]) => <Option key={key} value={key} text={text}>{text}</Option>);
  const select = (_, data) => onPick(data.optionValue);
  return KNOBS.picker === 'combobox'
    ? <Combobox placeholder="Select an option" onOptionSelect={select}>{options}</Combobox>
    : <Dropdown placeholder="Select an option" onOptionSelect={select}>{options}</Dropdown>;
}

function DiagnosticForm({ onSubmit }) {
  const [chosen, setChosen] = useState(null);
  const [ack, setAck] = useState(false);
  const [busy, setBusy] = useState(false);
  const optOut = KNOBS.mode === 'opt-out';
  return <div className="stack">
    <Text as="h4" block weight="semibold">{TEXT.current}</Text>
    {optOut ? <Text as="p" block>{TEXT.optOutText}</Text> : <>
      <Text as="p" block>{TEXT.disabledIntro}</Text>
      <ul>{DISABLED_ITEMS.map((t) => <li key={t}>{t}</li>)}</ul>
      <Text as="p" block>{TEXT.reEnableText}</Text>
    </>}
    <Field label={optOut ? TEXT.optOutLabel : TEXT.enableLabel} required><Picker onPick={setChosen} /></Field>
    <Checkbox label={TEXT.acknowledge} checked={ack} onChange={(_, d) => setAck(!!d.checked)} />
    <div><Button appearance="primary" disabled={!(chosen && ack) || busy}
      onClick={() => { setBusy(true); onSubmit(chosen); }}>{KNOBS.label}</Button></div>
  </div>;
}

function Diagnostic() {
  const [stage, setStage] = useState('intro');
  const [formKey, setFormKey] = useState(0);
  const [result, setResult] = useState(null);
  const run = () => { setStage('running'); setTimeout(() => setStage('form'), KNOBS.delay); };
  const submit = (protocol) => setTimeout(() => {
    const outcome = outcomeOf();
    if (outcome === 'again') setFormKey((k) => k + 1);
    else if (outcome !== 'none') { setResult({ outcome, protocol }); setStage('result'); }
  }, KNOBS.delay);
  const inCard = KNOBS.resultAt === 'card';
  let body = null;
  if (stage === 'running') body = <Spinner size="tiny" label={TEXT.running} />;
  if (stage === 'form') body = <DiagnosticForm key={formKey} onSubmit={submit} />;
  if (stage === 'result' && inCard) body = <Result {...result} />;
  const outside = stage === 'result' && !inCard && (KNOBS.resultAt === 'region'
    ? <section aria-label="Diagnostic results"><Result {...result} /></section>
    : <Result {...result} />);
  const replaced = KNOBS.card === 'replace' && stage !== 'intro';
  return <>
    {KNOBS.resultAt === 'messagebar' && outside}
    <div className="card">
      {replaced ? body : <>
        <Text as="h3" block size={400} weight="semibold">{TEXT.runDiagnostics}</Text>
        <Text as="p" block>{TEXT.intro}</Text>
        <Text as="p" block>{TEXT.letUsHelp}</Text>
        <Button appearance="primary" disabled={stage !== 'intro'} onClick={run}>{TEXT.runTests}</Button>
        {body}
        <Text as="h4" block weight="semibold">{TEXT.insights}</Text>
        <Text as="p" block>{TEXT.insightsText}</Text>
        <Link as="button">{TEXT.showMore}</Link>
      </>}
    </div>
    {KNOBS.resultAt === 'region' && outside}
  </>;
}

function HelpPane({ open, onClose, initialQuery }) {
  const [ready, setReady] = useState(!KNOBS.latePane);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState(null);
  const [searched, setSearched] = useState('');
  const search = (q) => {
    setResults('searching');
    setSearched(q);
    setTimeout(() => setResults(findsDiagnostic(q) ? 'found' : 'none'), KNOBS.delay);
  };
  useEffect(() => { if (KNOBS.latePane) setTimeout(() => setReady(true), KNOBS.latePane); }, []);
  useEffect(() => { if (ready) timings.boxInserted = performance.now(); }, [ready]);
  useEffect(() => { if (ready && initialQuery) { setQuery(initialQuery); search(initialQuery); } }, [ready]);
  const hintProps = {
    placeholder: { placeholder: TEXT.hint },
    aria: { 'aria-label': TEXT.hint, placeholder: 'Search' },
    visible: { 'aria-label': 'Search', placeholder: 'Search' },
  }[KNOBS.hint];
  return <OverlayDrawer open={open} position="end" size="medium" modalType="non-modal" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
    <DrawerHeader><DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={onClose} />}>{TEXT.paneTitle}</DrawerHeaderTitle></DrawerHeader>
    <DrawerBody>
      {!ready ? <Spinner label="Loading…" /> : <div className="stack">
        {KNOBS.hint === 'visible' && <Text as="p" block>{TEXT.hint}</Text>}
        <div className="searchrow">
          <SearchBox {...hintProps} value={query}
            onChange={(_, d) => { setQuery(d.value || ''); timings.queryAccepted = performance.now(); }}
            onKeyDown={(e) => { if (e.key === 'Enter') search(query); }} />
          <Button appearance="subtle" aria-label="Search" icon={<ArrowRight24Regular />} onClick={() => search(query)} />
        </div>
        {results === 'searching' && <Spinner size="tiny" label={TEXT.searching} />}
        {results === 'none' && <Text as="p" block>{TEXT.noResults(searched)}</Text>}
        {results === 'found' && <Diagnostic />}
      </div>}
    </DrawerBody>
  </OverlayDrawer>;
}

function App() {
  const [route, setRoute] = useState(routeOf());
  const [open, setOpen] = useState(!!arrivalQuery());
  useEffect(() => {
    const on = () => setRoute(routeOf());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const [title, text] = PAGES[route] || ['Not found', `No page at ${route}.`];
  useEffect(() => { document.title = `${title} - Microsoft 365 admin center`; }, [title]);
  return <FluentProvider theme={webLightTheme}>
    <header className="topbar"><span className="brand">Microsoft 365 admin center</span><span className="replica-note">replica for AuthPilot tests (Fluent UI v9)</span></header>
    <nav className="leftnav" aria-label="Navigation">
      <Link href="#/homepage">Home</Link><Link href="#/users">Active users</Link>
      <Link href="#/MessageCenter">Message center</Link><Link href="#/support">Support</Link>
    </nav>
    <main id="content"><Text as="h1" block size={600}>{title}</Text><Text as="p" block>{text}</Text><div id="churn-host" /></main>
    <div className="corner">
      <Button icon={<PersonFeedback20Regular />}>{TEXT.feedback}</Button>
      {!KNOBS.noHelp && <Button appearance="primary" icon={<QuestionCircle20Regular />} onClick={() => setOpen((o) => !o)}>{TEXT.help}</Button>}
    </div>
    {open && <HelpPane open onClose={() => setOpen(false)} initialQuery={arrivalQuery()} />}
  </FluentProvider>;
}

createRoot(document.getElementById('root')).render(<App />);
setTimeout(() => startChurn(document.getElementById('churn-host') || document.body), 0);
