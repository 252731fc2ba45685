// Shared by the end-to-end tests and `make demo`: a local HTTPS server for the admin-center
// replica on the real host names, and Debian's Chromium with the built extension loaded.
// Everything started here is stopped by `stop()`; nothing talks to anything but loopback.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const extensionDir = join(root, 'dist', 'extension');
/** The command line (issue 26), as `make test` builds it. */
export const CLI = join(root, 'target', 'debug', 'authpilot');
const replicaDir = join(here, '..', 'replica');

/** Host names the test server answers for; every one resolves to loopback in Chromium. */
export const ADMIN_HOSTS = ['admin.microsoft.com', 'admin.cloud.microsoft', 'portal.office.com', 'admin.exchange.microsoft.com'];
// Other Microsoft hosts, and a lookalike of the Exchange admin center: AuthPilot stays out.
export const OTHER_HOSTS = ['login.microsoftonline.com', 'admin.exchange.microsoft.com.evil.test'];

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** The replica's CSP: no wasm, Trusted Types required, like a strict production app. The
 * Fluent UI variants insert their styles at run time (merge-styles, Griffel), as the real
 * admin center does, so theirs allows inline styles; scripts stay 'self' only. */
export const REPLICA_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";
export const FLUENT_CSP = REPLICA_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/**
 * The replica variants, chosen by `?ui=` on any admin-center address: `hand` (tests/replica/
 * app.js, hand-written in Fluent's style), `v8` (@fluentui/react) and `v9`
 * (@fluentui/react-components), both bundled from tests/replica/fluent/ by `make build`.
 */
export const VARIANTS = ['hand', 'v8', 'v9'];
const PAGE_OF = { hand: 'index.html', v8: 'v8.html', v9: 'v9.html' };

function certificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const names = [...ADMIN_HOSTS, ...OTHER_HOSTS].map((h) => `DNS:${h}`).join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=admin.microsoft.com', '-addext', `subjectAltName=${names}`,
    '-keyout', key, '-out', cert], { stdio: 'ignore' });
  // The certificate's SPKI hash lets Chromium trust exactly this certificate, also for
  // tabs the extension opens before Playwright attaches to them.
  const spki = execFileSync('sh', ['-c',
    `openssl x509 -in '${cert}' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`])
    .toString().trim();
  return { key: readFileSync(key), cert: readFileSync(cert), spki };
}

/** Starts the HTTPS replica on 127.0.0.1 and a free port. */
export async function startReplica(dir) {
  const requests = [];
  const tls = certificate(dir);
  const server = createServer(tls, (req, res) => {
    const host = (req.headers.host || '').split(':')[0];
    const url = new URL(req.url, 'https://x');
    const path = decodeURIComponent(url.pathname);
    const ui = url.searchParams.get('ui') || 'hand';
    requests.push({ host, path, method: req.method });
    let file;
    if (OTHER_HOSTS.includes(host)) file = 'login.html';
    else if (path.startsWith('/replica/')) file = normalize(path.slice('/replica/'.length));
    else if (host === 'admin.exchange.microsoft.com' || (host === 'admin.cloud.microsoft' && /^\/exchange(\/|$)/.test(path))) file = ui === 'v8' || ui === 'v9' ? `exchange-${ui}.html` : 'exchange.html';
    else file = PAGE_OF[ui] || 'index.html'; // the single-page app answers every path
    const full = join(replicaDir, file);
    if (file.startsWith('..') || !existsSync(full)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(full)] || 'application/octet-stream',
      'content-security-policy': file.startsWith('build/') || /^(exchange-)?v\d\.html$/.test(file) ? FLUENT_CSP : REPLICA_CSP,
      'cache-control': 'no-store',
    });
    res.end(readFileSync(full));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: server.address().port,
    spki: tls.spki,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

/** Launches Chromium with the built extension on a given profile folder. */
export async function launchBrowser(userDataDir, server, { headless = true, extension = true, extensionPath = extensionDir, netLog, locale, timezoneId, lang = 'en-US', extraArgs = [] } = {}) {
  if (extension && !existsSync(join(extensionPath, 'manifest.json'))) {
    throw new Error(`no built extension at ${extensionPath}: run make build`);
  }
  const rules = [...ADMIN_HOSTS, ...OTHER_HOSTS].map((h) => `MAP ${h} 127.0.0.1:${server.port}`).join(', ');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
    ...(locale ? { locale } : {}),
    ...(timezoneId ? { timezoneId } : {}),
    // The browser's UI language: what chrome.i18n picks AuthPilot's _locales by.
    env: { ...process.env, LANGUAGE: lang },
    args: [`--lang=${lang}`, '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(extension ? [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`] : []),
      `--host-resolver-rules=${rules}`, `--ignore-certificate-errors-spki-list=${server.spki}`,
      ...(netLog ? [`--log-net-log=${netLog}`, '--net-log-capture-mode=Default'] : []),
      // A bench's own switches (bench/wasm-cache.mjs: a trace of the wasm code cache).
      ...extraArgs],
  });
  const manifest = extension && JSON.parse(readFileSync(join(extensionPath, 'manifest.json'), 'utf8'));
  if (!manifest || !manifest.background) return { context, worker: null, extensionId: null };
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extensionId = new URL(worker.url()).host;
  return { context, worker, extensionId };
}

/** A test session: temp folder, server, browser; `stop()` removes all three. */
const REPLICA_HOSTS = [...ADMIN_HOSTS, ...OTHER_HOSTS];
const isNetwork = (url) => /^(https?|wss?):/.test(url);
const onReplica = (url) => REPLICA_HOSTS.includes(new URL(url).hostname);

/**
 * Every network request in a Chromium net log, with who started it: `initiator` is the
 * requesting origin (`chrome-extension://…` for the extension's worker and pages), or
 * "not an origin" for the browser itself (navigations, its own services).
 */
export function netRequests(netLogPath) {
  if (!existsSync(netLogPath)) return [];
  // A browser that closed cleanly leaves complete JSON; one that did not, an open events list.
  const text = readFileSync(netLogPath, 'utf8').trimEnd();
  const log = JSON.parse(text.endsWith('}') ? text : `${text.replace(/,$/, '')}]}`);
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && e.params && isNetwork(e.params.url || ''))
    .map((e) => ({ url: e.params.url, initiator: e.params.initiator || '', isolation: e.params.network_isolation_key || '' }));
}

/** What the no-network rule forbids: any request from an extension context, and any request
 * from a replica page to a host that is not the replica's. */
export function forbiddenRequests(requests) {
  return requests.filter((r) => r.initiator.startsWith('chrome-extension://') || r.isolation.includes('chrome-extension://')
    || (isNetwork(r.initiator) && onReplica(r.initiator) && !onReplica(r.url)));
}

/**
 * A test session: temp folder, server, browser; `stop()` removes all three, and fails if an
 * extension context made any network request, or a replica page reached past the replica.
 */
export async function startSession(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'authpilot-e2e-'));
  const server = await startReplica(dir);
  const profile = join(dir, 'profile');
  let runs = 0;
  const logs = [];
  const launch = () => {
    const netLog = join(dir, `netlog-${++runs}.json`);
    logs.push(netLog);
    return launchBrowser(profile, server, { ...options, netLog });
  };
  // Every uncaught error and console error in an extension page or a replica page, so the
  // test that caused it fails (see assertNoPageErrors).
  const pageErrors = [];
  const watchPage = (page) => {
    const where = () => { try { return page.url(); } catch (_) { return '(closed page)'; } };
    page.on('pageerror', (e) => pageErrors.push(`uncaught in ${where()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console error in ${m.location().url || where()}: ${m.text()}`);
    });
  };
  const watchContext = (context) => {
    context.pages().forEach(watchPage);
    context.on('page', watchPage);
  };
  const session = { dir, server, profile, pageErrors, ...(await launch()) };
  watchContext(session.context);
  /** Kills the browser as a crash or a forced quit would (SIGKILL to every process of this
   * profile: no chance to save anything), then starts it again on the same profile. */
  session.crash = async () => {
    const { execFileSync } = await import('node:child_process');
    try { execFileSync('pkill', ['-9', '-f', `--user-data-dir=${profile}`]); } catch (_) { /* already gone */ }
    await session.context.close().catch(() => {});
    Object.assign(session, await launch());
    watchContext(session.context);
  };
  session.restart = async () => {
    await session.context.close();
    Object.assign(session, await launch());
    watchContext(session.context);
  };
  /** Fails (and forgets them) if any page logged an uncaught error or a console error. */
  session.assertNoPageErrors = () => {
    const found = pageErrors.splice(0);
    if (found.length) throw new Error(`page errors:\n${found.join('\n')}`);
  };
  session.stop = async () => {
    await session.context.close().catch(() => {});
    await server.close();
    const requests = logs.flatMap(netRequests);
    rmSync(dir, { recursive: true, force: true });
    session.assertNoPageErrors();
    const forbidden = forbiddenRequests(requests);
    if (forbidden.length) throw new Error(`network requests AuthPilot must never make: ${JSON.stringify(forbidden)}`);
    session.requests = requests;
  };
  return session;
}

/** Opens a tab through the extension (so its Chrome tab id is known) and waits for it: from
 * the worker, or from one of AuthPilot's pages (`via`) when the worker may be stopped. */
export async function openTab(session, url, { via } = {}) {
  const known = new Set(session.context.pages());
  const tabId = await (via ?? session.worker).evaluate(async (u) => (await chrome.tabs.create({ url: u })).id, url);
  const wanted = url.split('#')[0];
  for (let waited = 0; waited < 15000; waited += 50) {
    const page = session.context.pages().find((p) => !known.has(p) && p.url().startsWith(wanted));
    if (page) {
      await page.waitForLoadState('load');
      return { page, tabId };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`tab ${tabId} for ${url} never appeared`);
}

/**
 * Opens the popup page about tab `tabId` (as Chrome's popup would be for that tab), showing
 * the popup's `tab` part (`now` unless said: `smtp`, `log`, `settings`). The page is as wide
 * as the popup and tall (tabs Chromium opens later take this size too); what must fit in
 * Chrome's 600-pixel popup is checked by position. `at` sets the page's clock (a Date).
 */
export async function openPopup(session, tabId, { tab, at } = {}) {
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 460, height: 900 });
  // A test clock (`at`, a Date): the popup's Date.now() says that moment, whatever day the
  // tests run on — the real date's screens without a practice date.
  if (at) await page.clock.setFixedTime(at);
  const query = tabId === undefined ? '' : `?tab=${tabId}`;
  await page.goto(`chrome-extension://${session.extensionId}/popup.html${query}${tab ? `#${tab}` : ''}`);
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 10000 });
  return page;
}

/**
 * Shows one of the popup's tabs (`now`, `smtp`, `log`, `settings`) as a click on it would, and
 * waits for its panel.
 */
export async function popupTab(popup, tab) {
  await popup.locator(`#tab-${tab}`).click();
  await popup.locator(`#panel-${tab}`).waitFor({ state: 'visible' });
}

/** Names of the extension isolated worlds (content scripts) that exist in a page. */
export async function contentScriptWorlds(page) {
  const cdp = await page.context().newCDPSession(page);
  const names = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const isolated = context.auxData && context.auxData.type === 'isolated';
    if (isolated && !context.name.startsWith('__playwright')) names.push(context.name);
  });
  await cdp.send('Runtime.enable'); // replays every existing context
  await cdp.detach();
  return names;
}

/**
 * AuthPilot's messages in one of its languages, read from the built extension's _locales
 * with Chrome's rules ($name$ → its placeholder, $1… → the arguments): tests and the demo
 * find controls by the words a user of that language sees.
 */
export function messages(lang) {
  const catalog = JSON.parse(readFileSync(join(extensionDir, '_locales', lang, 'messages.json'), 'utf8'));
  return (key, ...args) => {
    const entry = catalog[key];
    if (!entry) throw new Error(`no message "${key}" in _locales/${lang}`);
    return entry.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (_, name) => entry.placeholders[name.toLowerCase()].content)
      .replace(/\$(\d)/g, (_, n) => String(args[n - 1] ?? ''))
      .replace(/\$\$/g, '$');
  };
}

/** Polls `check` until it returns something truthy (and returns it), or fails naming `what`. */
export async function until(check, what, timeout = 8000) {
  for (const start = Date.now(); Date.now() - start < timeout;) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Reading and writing AuthPilot's storage from one of its own pages (`extPage()` returns it), as the tests of
 * the guided diagnostic need it: settings, the log's entries in order, a clean slate.
 */
export function storageTools(extPage) {
  const ext = { evaluate: (...args) => extPage().evaluate(...args) };
  return {
    settings: (practice, cloud = 'worldwide', needed = ['EWS', 'POP', 'IMAP']) =>
      ext.evaluate((s) => chrome.storage.local.set({ settings: s }), { schema: 1, cloud, needed, practice_date: practice }),
    entries: () => ext.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      return Object.keys(all).filter((k) => k.startsWith('log:')).sort().map((k) => all[k]);
    }),
    /** The SMTP AUTH entries, in order. */
    smtpEntries: () => ext.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      return Object.keys(all).filter((k) => k.startsWith('log:')).sort().map((k) => all[k]).filter((e) => e.protocol === 'SMTP');
    }),
    clearLog: () => ext.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      await chrome.storage.local.remove(Object.keys(all).filter((k) => k.startsWith('log') || k.startsWith('pending:')));
      await chrome.storage.local.set({ helper: { closed: false, minimised: false } });
    }),
  };
}

/** Serious and critical axe-core violations in a page or frame, as "rule: target" lines. */
export async function axeViolations(target) {
  await target.evaluate(readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await target.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Ticks or clears a box the way a person does: a click where it is drawn (Fluent v8 draws
 * it over the invisible input, so the click lands on the drawing inside its label), once the
 * panel has finished sliding in (forced clicks skip Playwright's own wait for that). */
export async function tick(box, on = true) {
  let last = null;
  for (let i = 0; i < 50; i++) {
    const now = await box.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y) break;
    last = now;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  await (on ? box.check({ force: true }) : box.uncheck({ force: true }));
}

/** An SMTP AUTH entry as the switch tests compare it. */
export const switchSummary = (e) => [e.scope, e.mailbox ?? null, e.action, e.outcome, e.source];

/** The in-page helper's frame in an admin-center page, in whatever language it speaks. */
export const helperFrame = (page) => page.frameLocator('iframe[src$="helper.html"]');

/** The admin center's home on a host, with query knobs (`?ui=v8&mode=opt-out…`). */
export const adminUrl = (query = '', host = 'admin.microsoft.com') => `https://${host}/Adminportal/Home${query}#/homepage`;

/**
 * Shows the in-page helper on a tab as an admin does on a quiet page: the toolbar popup's
 * "Show the helper" (in the popup's language: pass its label). Waits for the helper frame.
 */
export async function showHelper(session, tabId, label = 'Show the helper') {
  const popup = await openPopup(session, tabId);
  await popup.getByRole('button', { name: label }).click();
  const page = await until(async () => {
    for (const p of session.context.pages()) {
      if (await p.locator('iframe[src*="helper.html"]').count().catch(() => 0)) return p;
    }
    return null;
  }, 'the helper frame', 10000);
  await popup.close();
  return page;
}

/**
 * Watches AuthPilot's service worker through the DevTools protocol (from `page`): its running
 * status, how many times it started, and `stop()` — what 30 idle seconds do to it
 * (`ServiceWorker.stopAllWorkers`), waiting for its `stopped` status.
 */
export async function workerWatch(session, page) {
  const cdp = await session.context.newCDPSession(page);
  const watch = { status: 'unknown', starts: 0, stops: 0 };
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${session.extensionId}/`)) continue;
      if (v.runningStatus === 'starting' && watch.status !== 'starting') watch.starts += 1;
      if (v.runningStatus === 'stopped' && watch.status !== 'stopped') watch.stops += 1;
      watch.status = v.runningStatus;
    }
  });
  await cdp.send('ServiceWorker.enable');
  watch.stop = async () => {
    if (watch.status === 'stopped') return;
    const stops = watch.stops;
    await cdp.send('ServiceWorker.stopAllWorkers');
    await until(() => watch.stops > stops, 'the service worker stopped');
  };
  watch.detach = () => cdp.detach();
  return watch;
}

/**
 * The positive control of a forgery on a switch's flyout (issue 25): waits — for the page's
 * stored state, not for a time — until the flyout, closed (`closeName`) and opened again
 * (`open()` → `{ dialog, box }`), shows the box `checked` as the page's own script saved it,
 * and returns that flyout. The caller then makes the admin's own change back and expects
 * exactly one more entry: a recorded forgery would come before it.
 */
export async function reopenShowing(page, open, checked, closeName = /^(Close|閉じる)$/) {
  return until(async () => {
    const dialog = page.getByRole('dialog').last();
    if (await dialog.count()) await dialog.getByRole('button', { name: closeName }).first().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const f = await open();
    return (await f.box.isChecked()) === checked ? f : null;
  }, 'the flyout showing what the page saved', 10000);
}
