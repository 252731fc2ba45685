// The Exchange admin center rendered by the real @fluentui/react v8 components (issue 13):
// Settings > Mail flow opens the Mail flow settings panel (smtp-v8.jsx).
import './config.js';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { DefaultButton, Text, ThemeProvider } from '@fluentui/react';
import { MailFlowPanel } from './smtp-v8.jsx';
import { T } from './smtp-hooks.js';

function App() {
  const [open, setOpen] = React.useState(false);
  return <ThemeProvider>
    <header><Text as="h1" variant="xLarge">{T.exchange}</Text></header>
    <main>
      <Text as="h2" block variant="large">{T.settings}</Text>
      <DefaultButton text={T.mailFlowButton} onClick={() => setOpen(true)} />
    </main>
    {open && <MailFlowPanel onClose={() => setOpen(false)} />}
  </ThemeProvider>;
}

createRoot(document.getElementById('root')).render(<App />);
