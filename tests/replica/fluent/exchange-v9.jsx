// The Exchange admin center's Settings > Mail flow rendered by the real
// @fluentui/react-components v9 components (issue 13): an OverlayDrawer "Mail flow settings",
// a Checkbox "Turn off SMTP AUTH protocol for your organization" under "Security", Save, and
// the result as a MessageBar in the drawer. Knobs: `label=aria` (the box named by aria-label,
// no visible label text), `save=changes` ("Save changes"), `saveFails=1`, `smtpOff=1`.
// Box wording from smtp-auth.md (confirmed); heading, section and saved text third-party.
import React from 'react';
import { createRoot } from 'react-dom/client';
import {
  Button, Checkbox, DrawerBody, DrawerHeader, DrawerHeaderTitle, FluentProvider, MessageBar,
  MessageBarBody, OverlayDrawer, Text, webLightTheme,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';

const knobs = new URLSearchParams(location.search);
const BOX = 'Turn off SMTP AUTH protocol for your organization';

function MailFlow({ onClose }) {
  const [stored, setStored] = React.useState(knobs.get('smtpOff') === '1');
  const [checked, setChecked] = React.useState(stored);
  const [result, setResult] = React.useState(null);
  const save = () => {
    setResult(null);
    setTimeout(() => {
      if (knobs.get('saveFails') === '1') return setResult('error');
      setStored(checked);
      setResult('saved');
    }, 300);
  };
  const box = knobs.get('label') === 'aria'
    ? <Checkbox aria-label={BOX} checked={checked} onChange={(_, d) => setChecked(!!d.checked)} />
    : <Checkbox label={BOX} checked={checked} onChange={(_, d) => setChecked(!!d.checked)} />;
  return <OverlayDrawer open position="end" size="medium" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
    <DrawerHeader>
      <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={onClose} />}>
        Mail flow settings
      </DrawerHeaderTitle>
    </DrawerHeader>
    <DrawerBody>
      <Text as="h3" block weight="semibold">Security</Text>
      {box}
      <div><Button appearance="primary" onClick={save}>{knobs.get('save') === 'changes' ? 'Save changes' : 'Save'}</Button></div>
      {result === 'saved' && <MessageBar intent="success"><MessageBarBody>Mail flow settings updated. Your change has been saved.</MessageBarBody></MessageBar>}
      {result === 'error' && <MessageBar intent="error"><MessageBarBody>Error: We couldn't save your changes. Try again later.</MessageBarBody></MessageBar>}
      <Text as="p" size={200}>{`Saved state: SMTP AUTH ${stored ? 'off' : 'on'} for the organization.`}</Text>
    </DrawerBody>
  </OverlayDrawer>;
}

function App() {
  const [open, setOpen] = React.useState(false);
  return <FluentProvider theme={webLightTheme}>
    <header><Text as="h1" size={500}>Exchange admin center</Text></header>
    <main>
      <Text as="h2" block size={400}>Settings</Text>
      <Button onClick={() => setOpen(true)}>Mail flow</Button>
    </main>
    {open && <MailFlow onClose={() => setOpen(false)} />}
  </FluentProvider>;
}

createRoot(document.getElementById('root')).render(<App />);
