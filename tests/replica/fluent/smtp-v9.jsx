// The three SMTP AUTH pages rendered by the real @fluentui/react-components v9 components
// (issue 13): Exchange admin center Settings > Mail flow; Microsoft 365 admin center Active
// users > a user's flyout > Mail > Manage email apps; Org settings > Modern authentication.
// OverlayDrawer panels, Checkbox, Button, Table, TabList, Spinner; the result as a MessageBar
// in the panel or as a Toast (Toaster, outside the panel). Knobs: smtp-hooks.js.
import React from 'react';
import {
  Button, Checkbox, DrawerBody, DrawerFooter, DrawerHeader, DrawerHeaderTitle, Link, MessageBar, MessageBarBody,
  OverlayDrawer, Spinner, Tab, TabList, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
  Text, Toast, ToastTitle, Toaster, useId, useToastController,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { SMTP, SHOWS, T, ORG_BOX, USERS, EMAIL_APPS, MESSAGES, storedState, useSwitch, useReady } from './smtp-hooks.js';

const ToasterContext = React.createContext(null);

/** The page's Toaster (a portal outside every panel), when results come as toasts. */
export function SmtpToaster({ children }) {
  const toasterId = useId('toaster');
  return <ToasterContext.Provider value={toasterId}>{children}{(SMTP.toast || SMTP.plain) && <Toaster toasterId={toasterId} />}</ToasterContext.Provider>;
}

/** The save's result: a message bar in the panel, or a toast outside it. */
function Result({ result, saved, saving }) {
  const { dispatchToast } = useToastController(React.useContext(ToasterContext));
  React.useEffect(() => {
    if (!(SMTP.toast || SMTP.plain) || !result || SMTP.silent) return;
    const text = result === 'saved' ? saved : MESSAGES.error;
    // A plain toast has no intent: no icon, nothing in its markup says what it is.
    if (SMTP.plain) dispatchToast(<Toast><ToastTitle>{text}</ToastTitle></Toast>);
    else dispatchToast(<Toast><ToastTitle>{text}</ToastTitle></Toast>, { intent: result === 'saved' ? 'success' : 'error' });
  }, [result]);
  if (saving) return <Spinner label={T.saving} />;
  if (SMTP.toast || SMTP.plain || SMTP.silent || !result) return null;
  return result === 'saved'
    ? <MessageBar intent="success"><MessageBarBody>{saved}</MessageBarBody></MessageBar>
    : <MessageBar intent="error"><MessageBarBody>{MESSAGES.error}</MessageBarBody></MessageBar>;
}

function Box({ label, sw }) {
  const props = { checked: sw.checked, onChange: (_, d) => sw.setChecked(!!d.checked) };
  return SMTP.ariaOnly ? <div><Checkbox aria-label={label} {...props} /></div> : <div><Checkbox label={label} {...props} /></div>;
}

/** A drawer: its content, then its Save and the save's result — the Save in the drawer's
 * footer with `footer=1`. */
function Panel({ title, onClose, children, save, result, open = true }) {
  const ready = useReady();
  return <OverlayDrawer open={open} position="end" size="medium" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
    <DrawerHeader>
      <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={T.close} icon={<Dismiss24Regular />} onClick={onClose} />}>{title}</DrawerHeaderTitle>
    </DrawerHeader>
    <DrawerBody>{ready ? <>{children}{!SMTP.footer && save}{result}</> : <Spinner label={T.loading} />}</DrawerBody>
    {SMTP.footer && ready && save && <DrawerFooter>{save}</DrawerFooter>}
  </OverlayDrawer>;
}
const SaveButton = ({ text, onClick }) => <div><Button appearance="primary" onClick={onClick}>{text}</Button></div>;

export function MailFlowPanel({ onClose, open = true }) {
  const sw = useSwitch(() => storedState.org, (v) => { storedState.org = v; });
  return <Panel title={T.mailFlow} open={open} onClose={onClose} save={<SaveButton text={SMTP.saveLabel(T.save)} onClick={sw.save} />}
    result={<Result result={sw.result} saved={MESSAGES.mailFlow} saving={sw.saving} />}>
    <Text as="h3" block weight="semibold">{T.security}</Text>
    <Box label={ORG_BOX} sw={sw} />
  </Panel>;
}

/** Manage email apps' boxes (the Save and the result are the drawer's). */
function EmailApps({ sw }) {
  return <>
    <Text as="p" block>{T.appsIntro}</Text>
    {EMAIL_APPS.map((app) => (app === T.smtpBox
      ? <Box key={app} label={app} sw={sw} />
      : <div key={app}><Checkbox label={app} defaultChecked /></div>))}
  </>;
}

function UserFlyout({ user: [name, address], open, onClose }) {
  const [managing, setManaging] = React.useState(false);
  // Reopened: the user's page. Only on a reopening — not on the first render, whose effect may
  // run after the admin already chose Manage email apps on a busy machine.
  const wasOpen = React.useRef(open);
  React.useEffect(() => {
    if (open && !wasOpen.current) setManaging(false);
    wasOpen.current = open;
  }, [open]);
  const who = SHOWS.manage ? `${name} · ${address}` : name;
  // One drawer for the user's page and Manage email apps: the content is replaced in place.
  const sw = useSwitch(() => !!storedState.users.get(address), (v) => storedState.users.set(address, v));
  if (managing) {
    return <Panel title={SMTP.otherTitles ? name : T.manage} open={open} onClose={onClose} save={<SaveButton text={SMTP.saveLabel(T.saveChanges)} onClick={sw.save} />}
      result={<Result result={sw.result} saved={MESSAGES.emailApps} saving={sw.saving} />}>
      <Text as="p" block>{who}</Text>
      <EmailApps sw={sw} />
    </Panel>;
  }
  return <Panel title={name} open={open} onClose={onClose}>
    {SHOWS.flyout && <Text as="p" block>{address}</Text>}
    <TabList defaultSelectedValue="3">
      {T.tabs.map((t, i) => <Tab key={t} value={String(i)}>{t}</Tab>)}
    </TabList>
    <Text as="h3" block weight="semibold">{T.emailApps}</Text>
    <Link as="button" onClick={() => { sw.reset(); setManaging(true); }}>{T.manage}</Link>
  </Panel>;
}

export function UsersPage() {
  // The drawer stays mounted and closes by `open`, as Fluent's drawers do (its exit animation
  // and focus return); a new user remounts it (key).
  const [user, setUser] = React.useState(null);
  const [open, setOpen] = React.useState(false);
  return <>
    <Text as="h1" block size={600}>{T.activeUsers}</Text>
    <Table aria-label={T.activeUsers}>
      <TableHeader><TableRow><TableHeaderCell>{T.displayName}</TableHeaderCell>{SHOWS.list && <TableHeaderCell>{T.username}</TableHeaderCell>}</TableRow></TableHeader>
      <TableBody>{USERS.map((u) => <TableRow key={u[1]}>
        <TableCell><Link as="button" onClick={() => { setUser(u); setOpen(true); }}>{u[0]}</Link></TableCell>{SHOWS.list && <TableCell>{u[1]}</TableCell>}
      </TableRow>)}</TableBody>
    </Table>
    {user && <UserFlyout key={user[1]} user={user} open={open} onClose={() => setOpen(false)} />}
  </>;
}

function ModernAuthPanel({ onClose }) {
  const sw = useSwitch(() => storedState.policy, (v) => { storedState.policy = v; });
  return <Panel title={SMTP.otherTitles ? T.otherModern : T.modern} onClose={onClose} save={<SaveButton text={SMTP.saveLabel(T.save)} onClick={sw.save} />}
    result={<Result result={sw.result} saved={MESSAGES.modern} saving={sw.saving} />}>
    <Checkbox label={T.modernBox} defaultChecked />
    <Text as="h3" block weight="semibold">{T.basicHeading}</Text>
    <Box label={T.smtpBox} sw={sw} />
  </Panel>;
}

export function OrgSettingsPage({ route }) {
  const [open, setOpen] = React.useState(/ModernAuthentication/i.test(route));
  return <>
    <Text as="h1" block size={600}>{T.orgSettings}</Text>
    <Link as="button" onClick={() => setOpen(true)}>{T.modern}</Link>
    {open && <ModernAuthPanel onClose={() => setOpen(false)} />}
  </>;
}
