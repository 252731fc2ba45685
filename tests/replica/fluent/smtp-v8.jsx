// The three SMTP AUTH pages rendered by the real @fluentui/react v8 components (issue 13):
// Exchange admin center Settings > Mail flow; Microsoft 365 admin center Active users > a
// user's flyout > Mail > Manage email apps; Org settings > Modern authentication. Panel,
// Checkbox, PrimaryButton, Link, Pivot, Spinner; the result as a MessageBar in the panel or,
// like a toast, in a Layer (a portal at the end of <body>, outside the panel). Knobs:
// smtp-hooks.js.
import React from 'react';
import {
  Checkbox, Layer, Link, MessageBar, MessageBarType, Panel, PanelType, Pivot, PivotItem, PrimaryButton, Spinner, Stack, Text,
} from '@fluentui/react';
import { SMTP, ORG_BOX, USERS, EMAIL_APPS, MESSAGES, storedState, useSwitch, useReady } from './smtp-hooks.js';

function Result({ result, saved }) {
  const [shown, setShown] = React.useState(null);
  React.useEffect(() => {
    setShown(result);
    if (SMTP.toast && result) { const t = setTimeout(() => setShown(null), 6000); return () => clearTimeout(t); }
    return undefined;
  }, [result]);
  if (!shown) return null;
  const bar = shown === 'saved'
    ? <MessageBar messageBarType={MessageBarType.success}>{saved}</MessageBar>
    : <MessageBar messageBarType={MessageBarType.error}>{MESSAGES.error}</MessageBar>;
  return SMTP.toast ? <Layer><div className="toast">{bar}</div></Layer> : bar;
}

function Box({ label, sw }) {
  const props = { checked: sw.checked, onChange: (_, c) => sw.setChecked(!!c) };
  return SMTP.ariaOnly ? <Checkbox ariaLabel={label} {...props} /> : <Checkbox label={label} {...props} />;
}

function Flyout({ title, onClose, children }) {
  const ready = useReady();
  return <Panel isOpen type={PanelType.medium} headerText={title} closeButtonAriaLabel="Close" onDismiss={onClose}>
    {ready ? <Stack tokens={{ childrenGap: 10 }}>{children}</Stack> : <Spinner label="Loading…" />}
  </Panel>;
}

export function MailFlowPanel({ onClose }) {
  const sw = useSwitch(() => storedState.org, (v) => { storedState.org = v; });
  return <Flyout title="Mail flow settings" onClose={onClose}>
    <Text as="h3" block variant="mediumPlus">Security</Text>
    <Box label={ORG_BOX} sw={sw} />
    <Stack horizontal><PrimaryButton text={SMTP.saveLabel('Save')} onClick={sw.save} /></Stack>
    <Result result={sw.result} saved={MESSAGES.mailFlow} />
  </Flyout>;
}

function EmailApps({ address }) {
  const sw = useSwitch(() => !!storedState.users.get(address), (v) => storedState.users.set(address, v));
  return <>
    <Text as="p" block>Choose the apps where people can access their Microsoft 365 email.</Text>
    {EMAIL_APPS.map((app) => (app === 'Authenticated SMTP'
      ? <Box key={app} label={app} sw={sw} />
      : <Checkbox key={app} label={app} defaultChecked />))}
    <Stack horizontal><PrimaryButton text={SMTP.saveLabel('Save changes')} onClick={sw.save} /></Stack>
    <Result result={sw.result} saved={MESSAGES.emailApps} />
  </>;
}

function UserFlyout({ user: [name, address], onClose }) {
  const [managing, setManaging] = React.useState(false);
  if (managing) {
    return <Flyout title={SMTP.otherTitles ? name : 'Manage email apps'} onClose={onClose}>
      <Text as="p" block>{SMTP.hideAddress ? name : `${name} · ${address}`}</Text>
      <EmailApps address={address} />
    </Flyout>;
  }
  return <Flyout title={name} onClose={onClose}>
    {!SMTP.hideAddress && <Text as="p" block>{address}</Text>}
    <Pivot defaultSelectedKey="mail">
      {['Account', 'Devices', 'Licenses and apps', 'Mail', 'OneDrive'].map((t) => <PivotItem key={t} itemKey={t.toLowerCase()} headerText={t} />)}
    </Pivot>
    <Text as="h3" block variant="mediumPlus">Email apps</Text>
    <Link onClick={() => setManaging(true)}>Manage email apps</Link>
  </Flyout>;
}

export function UsersPage() {
  const [user, setUser] = React.useState(null);
  return <>
    <Text as="h1" block variant="xLarge">Active users</Text>
    <table className="ms-Table">
      <thead><tr><th scope="col">Display name</th><th scope="col">Username</th></tr></thead>
      <tbody>{USERS.map((u) => <tr key={u[1]}><td><Link onClick={() => setUser(u)}>{u[0]}</Link></td><td>{u[1]}</td></tr>)}</tbody>
    </table>
    {user && <UserFlyout key={user[1]} user={user} onClose={() => setUser(null)} />}
  </>;
}

function ModernAuthPanel({ onClose }) {
  const sw = useSwitch(() => storedState.policy, (v) => { storedState.policy = v; });
  return <Flyout title={SMTP.otherTitles ? 'Authentication settings' : 'Modern authentication'} onClose={onClose}>
    <Checkbox label="Turn on modern authentication for Outlook 2013 for Windows and later (recommended)" defaultChecked />
    <Text as="h3" block variant="mediumPlus">Allow access to basic authentication protocols</Text>
    <Box label="Authenticated SMTP" sw={sw} />
    <Stack horizontal><PrimaryButton text={SMTP.saveLabel('Save')} onClick={sw.save} /></Stack>
    <Result result={sw.result} saved={MESSAGES.modern} />
  </Flyout>;
}

export function OrgSettingsPage({ route }) {
  const [open, setOpen] = React.useState(/ModernAuthentication/i.test(route));
  return <>
    <Text as="h1" block variant="xLarge">Org settings</Text>
    <Link onClick={() => setOpen(true)}>Modern authentication</Link>
    {open && <ModernAuthPanel onClose={() => setOpen(false)} />}
  </>;
}
