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
import { SMTP, SHOWS, T, ORG_BOX, USERS, EMAIL_APPS, MESSAGES, storedState, useSwitch, useReady } from './smtp-hooks.js';

function Result({ result, saved, saving }) {
  const [shown, setShown] = React.useState(null);
  React.useEffect(() => {
    setShown(result);
    if (SMTP.toast && result) { const t = setTimeout(() => setShown(null), 6000); return () => clearTimeout(t); }
    return undefined;
  }, [result]);
  if (saving) return <Spinner label={T.saving} />;
  if (!shown || SMTP.silent) return null;
  // A toast with no kind in its markup: only its words say what it is.
  if (SMTP.plain) return <Layer><div className="toast" role="status">{shown === 'saved' ? saved : MESSAGES.error}</div></Layer>;
  const bar = shown === 'saved'
    ? <MessageBar messageBarType={MessageBarType.success}>{saved}</MessageBar>
    : <MessageBar messageBarType={MessageBarType.error}>{MESSAGES.error}</MessageBar>;
  return SMTP.toast ? <Layer><div className="toast">{bar}</div></Layer> : bar;
}

function Box({ label, sw }) {
  const props = { checked: sw.checked, onChange: (_, c) => sw.setChecked(!!c) };
  return SMTP.ariaOnly ? <Checkbox ariaLabel={label} {...props} /> : <Checkbox label={label} {...props} />;
}

/** A panel: its content, then its Save and the save's result — the Save in the panel's footer
 * with `footer=1`. */
function Flyout({ title, onClose, children, save, result }) {
  const ready = useReady();
  const footer = SMTP.footer && ready && save ? () => save : undefined;
  return <Panel isOpen type={PanelType.medium} headerText={title} closeButtonAriaLabel={T.close} onDismiss={onClose} onRenderFooterContent={footer} isFooterAtBottom>
    {ready ? <Stack tokens={{ childrenGap: 10 }}>{children}{!SMTP.footer && save}{result}</Stack> : <Spinner label={T.loading} />}
  </Panel>;
}
const SaveButton = ({ text, onClick }) => <Stack horizontal><PrimaryButton text={text} onClick={onClick} /></Stack>;

export function MailFlowPanel({ onClose }) {
  const sw = useSwitch(() => storedState.org, (v) => { storedState.org = v; });
  return <Flyout title={T.mailFlow} onClose={onClose} save={<SaveButton text={SMTP.saveLabel(T.save)} onClick={sw.save} />}
    result={<Result result={sw.result} saved={MESSAGES.mailFlow} saving={sw.saving} />}>
    <Text as="h3" block variant="mediumPlus">{T.security}</Text>
    <Box label={ORG_BOX} sw={sw} />
  </Flyout>;
}

/** Manage email apps' boxes (the Save and the result are the panel's). */
function EmailApps({ sw }) {
  return <>
    <Text as="p" block>{T.appsIntro}</Text>
    {EMAIL_APPS.map((app) => (app === T.smtpBox
      ? <Box key={app} label={app} sw={sw} />
      : <Checkbox key={app} label={app} defaultChecked />))}
  </>;
}

// One panel for the user's page and Manage email apps: the content is replaced in place, as
// the real flyout does (so what the panel showed before is the same panel's).
function UserFlyout({ user: [name, address], onClose }) {
  const [managing, setManaging] = React.useState(false);
  const sw = useSwitch(() => !!storedState.users.get(address), (v) => storedState.users.set(address, v));
  if (managing) {
    return <Flyout title={SMTP.otherTitles ? name : T.manage} onClose={onClose} save={<SaveButton text={SMTP.saveLabel(T.saveChanges)} onClick={sw.save} />}
      result={<Result result={sw.result} saved={MESSAGES.emailApps} saving={sw.saving} />}>
      <Text as="p" block>{SHOWS.manage ? `${name} · ${address}` : name}</Text>
      <EmailApps sw={sw} />
    </Flyout>;
  }
  return <Flyout title={name} onClose={onClose}>
    {SHOWS.flyout && <Text as="p" block>{address}</Text>}
    <Pivot defaultSelectedKey="3">
      {T.tabs.map((t, i) => <PivotItem key={t} itemKey={String(i)} headerText={t} />)}
    </Pivot>
    <Text as="h3" block variant="mediumPlus">{T.emailApps}</Text>
    <Link onClick={() => { sw.reset(); setManaging(true); }}>{T.manage}</Link>
  </Flyout>;
}

export function UsersPage() {
  const [user, setUser] = React.useState(null);
  return <>
    <Text as="h1" block variant="xLarge">{T.activeUsers}</Text>
    <table className="ms-Table">
      <thead><tr><th scope="col">{T.displayName}</th>{SHOWS.list && <th scope="col">{T.username}</th>}</tr></thead>
      <tbody>{USERS.map((u) => <tr key={u[1]}><td><Link onClick={() => setUser(u)}>{u[0]}</Link></td>{SHOWS.list && <td>{u[1]}</td>}</tr>)}</tbody>
    </table>
    {user && <UserFlyout key={user[1]} user={user} onClose={() => setUser(null)} />}
  </>;
}

function ModernAuthPanel({ onClose }) {
  const sw = useSwitch(() => storedState.policy, (v) => { storedState.policy = v; });
  return <Flyout title={SMTP.otherTitles ? T.otherModern : T.modern} onClose={onClose} save={<SaveButton text={SMTP.saveLabel(T.save)} onClick={sw.save} />}
    result={<Result result={sw.result} saved={MESSAGES.modern} saving={sw.saving} />}>
    <Checkbox label={T.modernBox} defaultChecked />
    <Text as="h3" block variant="mediumPlus">{T.basicHeading}</Text>
    <Box label={T.smtpBox} sw={sw} />
  </Flyout>;
}

export function OrgSettingsPage({ route }) {
  const [open, setOpen] = React.useState(/ModernAuthentication/i.test(route));
  return <>
    <Text as="h1" block variant="xLarge">{T.orgSettings}</Text>
    <Link onClick={() => setOpen(true)}>{T.modern}</Link>
    {open && <ModernAuthPanel onClose={() => setOpen(false)} />}
  </>;
}
