// The admin-center replica rendered by the real @fluentui/react-components v9 components
// (OverlayDrawer, SearchBox, Field + Dropdown or Combobox, Checkbox, Button, MessageBar,
// Spinner) with @fluentui/react-icons (inline SVG), the texts and knobs of shared.js.
// Bundled by esbuild (build.mjs); Griffel inserts its CSS rule by rule (style-src
// 'unsafe-inline'); runs under require-trusted-types-for 'script'.
import React from 'react';
import { createRoot } from 'react-dom/client';
import {
  Button, Checkbox, Combobox, Dropdown, DrawerBody, DrawerHeader, DrawerHeaderTitle, Field, FluentProvider,
  Link, MessageBar, MessageBarBody, MessageBarTitle, Option, OverlayDrawer, SearchBox, Spinner, Text, webLightTheme,
} from '@fluentui/react-components';
import { ArrowRight24Regular, Dismiss24Regular, QuestionCircle20Regular, PersonFeedback20Regular } from '@fluentui/react-icons';
import { KNOBS, TEXT, errorText, OPTIONS, DISABLED_ITEMS, startChurn } from './shared.js';
import { usePage, useHelpSearch, useDiagnostic, useForm } from './hooks.js';
import { useRoute } from './smtp-hooks.js';
import { OrgSettingsPage, SmtpToaster, UsersPage } from './smtp-v9.jsx';

function Result({ outcome, protocol }) {
  if (KNOBS.resultAt === 'messagebar') {
    return outcome === 'success'
      ? <MessageBar intent="success"><MessageBarBody><MessageBarTitle>{TEXT.successHeading}</MessageBarTitle> {TEXT.successText}</MessageBarBody></MessageBar>
      : <MessageBar intent="error"><MessageBarBody>{errorText(protocol)}</MessageBarBody></MessageBar>;
  }
  return outcome === 'success'
    ? <div><Text as="h4" block weight="semibold">{TEXT.successHeading}</Text><Text as="p" block>{TEXT.successText}</Text></div>
    : <div role="alert"><Text as="p" block>{errorText(protocol)}</Text></div>;
}

function Picker({ onPick }) {
  const options = OPTIONS.map(([key, text]) => <Option key={key} value={key} text={text}>{text}</Option>);
  const select = (_, data) => onPick(data.optionValue);
  return KNOBS.picker === 'combobox'
    ? <Combobox placeholder={TEXT.select} onOptionSelect={select}>{options}</Combobox>
    : <Dropdown placeholder={TEXT.select} onOptionSelect={select}>{options}</Dropdown>;
}

function DiagnosticForm({ onSubmit }) {
  const f = useForm(onSubmit);
  const optOut = f.optOut;
  return <div className="stack">
    <Text as="h4" block weight="semibold">{TEXT.current}</Text>
    {optOut ? <Text as="p" block>{TEXT.optOutText}</Text> : <>
      <Text as="p" block>{TEXT.disabledIntro}</Text>
      <ul>{DISABLED_ITEMS.map((t) => <li key={t}>{t}</li>)}</ul>
      <Text as="p" block>{TEXT.reEnableText}</Text>
    </>}
    <Field label={optOut ? TEXT.optOutLabel : TEXT.enableLabel} required><Picker onPick={f.setChosen} /></Field>
    <Checkbox label={TEXT.acknowledge} checked={f.ack} onChange={(_, d) => f.setAck(!!d.checked)} />
    <div><Button appearance="primary" disabled={!f.ready} onClick={f.press}>{KNOBS.label}</Button></div>
  </div>;
}

function Diagnostic() {
  const { stage, formKey, result, run, submit, inCard, replaced } = useDiagnostic();
  let body = null;
  if (stage === 'running') body = <Spinner size="tiny" label={TEXT.running} />;
  if (stage === 'form') body = <DiagnosticForm key={formKey} onSubmit={submit} />;
  if (stage === 'result' && inCard) body = <Result {...result} />;
  const outside = stage === 'result' && !inCard && (KNOBS.resultAt === 'region'
    ? <section aria-label="Diagnostic results"><Result {...result} /></section>
    : <Result {...result} />);
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

function HelpPane({ open, onClose }) {
  const { ready, query, type, search, results, searched } = useHelpSearch();
  const hintProps = {
    placeholder: { placeholder: TEXT.hint },
    aria: { 'aria-label': TEXT.hint, placeholder: TEXT.search },
    visible: { 'aria-label': TEXT.search, placeholder: TEXT.search },
  }[KNOBS.hint];
  return <OverlayDrawer open={open} position="end" size="medium" modalType="non-modal" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
    <DrawerHeader><DrawerHeaderTitle action={<Button appearance="subtle" aria-label={TEXT.close} icon={<Dismiss24Regular />} onClick={onClose} />}>{TEXT.paneTitle}</DrawerHeaderTitle></DrawerHeader>
    <DrawerBody>
      {!ready ? <Spinner label={TEXT.loading} /> : <div className="stack">
        {KNOBS.hint === 'visible' && <Text as="p" block>{TEXT.hint}</Text>}
        <div className="searchrow">
          <SearchBox {...hintProps} value={query}
            onChange={(_, d) => type(d.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') search(query); }} />
          <Button appearance="subtle" aria-label={TEXT.search} icon={<ArrowRight24Regular />} onClick={() => search(query)} />
        </div>
        {results === 'searching' && <Spinner size="tiny" label={TEXT.searching} />}
        {results === 'none' && <Text as="p" block>{TEXT.noResults(searched)}</Text>}
        {results === 'found' && <Diagnostic />}
      </div>}
    </DrawerBody>
  </OverlayDrawer>;
}

function App() {
  const { title, text, open, setOpen } = usePage();
  const route = useRoute();
  // The SMTP AUTH pages (smtp-v9.jsx); every other route is a page of title and text.
  const content = route.startsWith('/users') ? <UsersPage />
    : route.startsWith('/Settings') ? <OrgSettingsPage route={route} />
      : <><Text as="h1" block size={600}>{title}</Text><Text as="p" block>{text}</Text></>;
  return <FluentProvider theme={webLightTheme}><SmtpToaster>
    <header className="topbar"><span className="brand">Microsoft 365 admin center</span><span className="replica-note">replica for AuthPilot tests (Fluent UI v9)</span></header>
    <nav className="leftnav" aria-label="Navigation">
      <Link href="#/homepage">Home</Link><Link href="#/users">Active users</Link>
      <Link href="#/MessageCenter">Message center</Link><Link href="#/support">Support</Link>
    </nav>
    <main id="content">{content}<div id="churn-host" /></main>
    <div className="corner">
      <Button icon={<PersonFeedback20Regular />}>{TEXT.feedback}</Button>
      {!KNOBS.noHelp && <Button appearance="primary" icon={<QuestionCircle20Regular />} onClick={() => setOpen((o) => !o)}>{TEXT.help}</Button>}
    </div>
    {open && <HelpPane open onClose={() => setOpen(false)} />}
  </SmtpToaster></FluentProvider>;
}

createRoot(document.getElementById('root')).render(<App />);
setTimeout(() => startChurn(document.getElementById('churn-host') || document.body), 0);
