// The admin-center replica rendered by the real @fluentui/react v8 components (Panel,
// SearchBox, Dropdown, Checkbox, PrimaryButton, MessageBar, Spinner), with the texts and
// knobs of shared.js. Bundled by esbuild (tests/replica/fluent/build.mjs) into one static
// script that a strict `script-src 'self'` page loads. Icons are registered offline with the
// MDL2 icon font's code points, so the markup is what Fluent renders (a glyph in <i>).
import './config.js';
import React from 'react';
import { createRoot } from 'react-dom/client';
import {
  Checkbox, DefaultButton, Dropdown, IconButton, Link, MessageBar, MessageBarType, Panel, PanelType,
  PrimaryButton, SearchBox, Spinner, Stack, Text, ThemeProvider, registerIcons,
} from '@fluentui/react';
import { KNOBS, TEXT, errorText, OPTIONS, DISABLED_ITEMS, startChurn } from './shared.js';
import { usePage, useHelpSearch, useDiagnostic, useForm } from './hooks.js';
import { useRoute } from './smtp-hooks.js';
import { OrgSettingsPage, UsersPage } from './smtp-v8.jsx';

// Code points of the MDL2 icon font (@fluentui/font-icons-mdl2), rendered as glyph text.
const glyph = (c) => React.createElement('span', { className: 'mdl2' }, c);
registerIcons({
  icons: {
    Search: glyph('\uE721'), Cancel: glyph('\uE711'), Clear: glyph('\uE894'), ChevronDown: glyph('\uE70D'),
    CheckMark: glyph('\uE73E'), Info: glyph('\uE946'), ErrorBadge: glyph('\uEA39'), Completed: glyph('\uE930'),
    Blocked2: glyph('\uECE4'), Warning: glyph('\uE7BA'), Error: glyph('\uE783'), Forward: glyph('\uE72A'),
    Help: glyph('\uE897'), Feedback: glyph('\uED15'),
  },
});

function Result({ outcome, protocol }) {
  if (outcome === 'success') {
    if (KNOBS.resultAt === 'messagebar') {
      return <MessageBar messageBarType={MessageBarType.success} isMultiline>
        <b>{TEXT.successHeading}</b> {TEXT.successText}
      </MessageBar>;
    }
    return <div><Text as="h4" block variant="mediumPlus">{TEXT.successHeading}</Text><Text as="p" block>{TEXT.successText}</Text></div>;
  }
  if (outcome === 'error') {
    if (KNOBS.resultAt === 'messagebar') return <MessageBar messageBarType={MessageBarType.error} isMultiline>{errorText(protocol)}</MessageBar>;
    return <div role="alert"><Text as="p" block>{errorText(protocol)}</Text></div>;
  }
  return null;
}

function DiagnosticForm({ onSubmit }) {
  const f = useForm(onSubmit);
  const optOut = f.optOut;
  return <Stack tokens={{ childrenGap: 8 }}>
    <Text as="h4" block variant="mediumPlus">{TEXT.current}</Text>
    {optOut ? <Text as="p" block>{TEXT.optOutText}</Text> : <>
      <Text as="p" block>{TEXT.disabledIntro}</Text>
      <ul>{DISABLED_ITEMS.map((t) => <li key={t}>{t}</li>)}</ul>
      <Text as="p" block>{TEXT.reEnableText}</Text>
    </>}
    <Dropdown label={optOut ? TEXT.optOutLabel : TEXT.enableLabel} required placeholder={TEXT.select}
      options={OPTIONS.map(([key, text]) => ({ key, text }))} selectedKey={f.chosen}
      onChange={(_, option) => f.setChosen(option.key)} />
    <Checkbox label={TEXT.acknowledge} checked={f.ack} onChange={(_, c) => f.setAck(!!c)} />
    <Stack horizontal><PrimaryButton text={KNOBS.label} disabled={!f.ready} onClick={f.press} /></Stack>
  </Stack>;
}

function Diagnostic() {
  const { stage, formKey, result, run, submit, inCard, replaced } = useDiagnostic();
  let body = null;
  if (stage === 'running') body = <Spinner label={TEXT.running} />;
  if (stage === 'form') body = <DiagnosticForm key={formKey} onSubmit={submit} />;
  if (stage === 'result' && inCard) body = <Result {...result} />;
  const outside = stage === 'result' && !inCard && (KNOBS.resultAt === 'region'
    ? <div role="region" aria-label="Diagnostic results"><Result {...result} /></div>
    : <Result {...result} />);
  return <>
    {KNOBS.resultAt === 'messagebar' && outside}
    <div className="card">
      {replaced ? body : <>
        <Text as="h3" block variant="large">{TEXT.runDiagnostics}</Text>
        <Text as="p" block>{TEXT.intro}</Text>
        <Text as="p" block>{TEXT.letUsHelp}</Text>
        <PrimaryButton text={TEXT.runTests} disabled={stage !== 'intro'} onClick={run} />
        {body}
        <Text as="h4" block variant="mediumPlus">{TEXT.insights}</Text>
        <Text as="p" block>{TEXT.insightsText}</Text>
        <Link>{TEXT.showMore}</Link>
      </>}
    </div>
    {KNOBS.resultAt === 'region' && outside}
  </>;
}

function HelpPane({ onClose }) {
  const { ready, query, type, search, results, searched } = useHelpSearch();
  const hintProps = {
    placeholder: { placeholder: TEXT.hint },
    aria: { ariaLabel: TEXT.hint, placeholder: TEXT.search },
    visible: { ariaLabel: TEXT.search, placeholder: TEXT.search },
  }[KNOBS.hint];
  return <Panel isOpen type={PanelType.medium} isBlocking={false} headerText={TEXT.paneTitle}
    closeButtonAriaLabel={TEXT.close} onDismiss={onClose}>
    {!ready ? <Spinner label={TEXT.loading} /> : <Stack tokens={{ childrenGap: 12 }}>
      {KNOBS.hint === 'visible' && <Text as="p" block>{TEXT.hint}</Text>}
      <Stack horizontal tokens={{ childrenGap: 4 }}>
        <Stack.Item grow><SearchBox {...hintProps} value={query}
          onChange={(_, v) => type(v)}
          onSearch={(v) => search(v)} /></Stack.Item>
        <IconButton iconProps={{ iconName: 'Forward' }} ariaLabel={TEXT.search} title={TEXT.search} onClick={() => search(query)} />
      </Stack>
      {results === 'searching' && <Spinner label={TEXT.searching} />}
      {results === 'none' && <Text as="p" block>{TEXT.noResults(searched)}</Text>}
      {results === 'found' && <Diagnostic />}
    </Stack>}
  </Panel>;
}

function App() {
  const { title, text, open, setOpen } = usePage();
  const route = useRoute();
  // The SMTP AUTH pages (smtp-v8.jsx); every other route is a page of title and text.
  const content = route.startsWith('/users') ? <UsersPage />
    : route.startsWith('/Settings') ? <OrgSettingsPage route={route} />
      : <><Text as="h1" block variant="xLarge">{title}</Text><Text as="p" block>{text}</Text></>;
  return <ThemeProvider>
    <header className="topbar"><span className="brand">Microsoft 365 admin center</span><span className="replica-note">replica for AuthPilot tests (Fluent UI v8)</span></header>
    <nav className="leftnav" aria-label="Navigation">
      <Link href="#/homepage">Home</Link><Link href="#/users">Active users</Link>
      <Link href="#/MessageCenter">Message center</Link><Link href="#/support">Support</Link>
    </nav>
    <main id="content">{content}<div id="churn-host" /></main>
    <div className="corner">
      <DefaultButton text={TEXT.feedback} iconProps={{ iconName: 'Feedback' }} />
      {!KNOBS.noHelp && <PrimaryButton text={TEXT.help} iconProps={{ iconName: 'Help' }} onClick={() => setOpen((o) => !o)} />}
    </div>
    {open && <HelpPane onClose={() => setOpen(false)} />}
  </ThemeProvider>;
}

createRoot(document.getElementById('root')).render(<App />);
setTimeout(() => startChurn(document.getElementById('churn-host') || document.body), 0);
