// The Exchange admin center rendered by the real @fluentui/react-components v9 components
// (issue 13): Settings > Mail flow opens the Mail flow settings drawer (smtp-v9.jsx).
import React from 'react';
import { createRoot } from 'react-dom/client';
import { Button, FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { MailFlowPanel, SmtpToaster } from './smtp-v9.jsx';
import { T } from './smtp-hooks.js';

function App() {
  // The drawer closes by `open`, as Fluent's drawers do (unmounted while open, a modal leaves
  // the page aria-hidden); each opening mounts it afresh (key), reading what is stored.
  const [open, setOpen] = React.useState(false);
  const [opens, setOpens] = React.useState(0);
  return <FluentProvider theme={webLightTheme}><SmtpToaster>
    <header><Text as="h1" size={500}>{T.exchange}</Text></header>
    <main>
      <Text as="h2" block size={400}>{T.settings}</Text>
      <Button onClick={() => { setOpens((n) => n + 1); setOpen(true); }}>{T.mailFlowButton}</Button>
    </main>
    {opens > 0 && <MailFlowPanel key={opens} open={open} onClose={() => setOpen(false)} />}
  </SmtpToaster></FluentProvider>;
}

createRoot(document.getElementById('root')).render(<App />);
