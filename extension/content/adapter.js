// The adapter: started once AuthPilot is needed on this page (main.js). It reports plain
// observations to the service worker and carries out its answers; it never decides — the core
// reads every observation, press and message. One concern per file: observing the page (here),
// outlining (outline.js), the pre-fill (prefill.js), the helper's frame and its drag
// (frame.js), the SMTP AUTH switches' presses and results (watch.js), and every message sent
// until the worker answers it (outbox.js).
import { named, langOf, clip } from './read.js';
import { W } from './words.js';
import { findPane, diagnosticControls, ORDER } from './diagnostic.js';
import { saveOf } from './switches.js';
import { findAll, observation, observe, pagePresent, pressed } from './wire.js';
import { outbox } from './outbox.js';
import { outliner } from './outline.js';
import { prefill } from './prefill.js';
import { helperFrame } from './frame.js';
import { switchWatch } from './watch.js';

export function adapter(loadedAt, first) {
  // Every message goes out in order and is sent again until the worker answers it (issue 31).
  const deliveries = outbox();
  const send = (message) => deliveries.send(message);
  const outline = outliner();
  const helper = helperFrame(() => schedule(0)); // a shown helper asks about this tab at once
  const switches = switchWatch(send, first);

  const snapshot = (f = findAll()) => observation(f, loadedAt);
  /** "Copy page report": the page's language and which cue found each element (null: every
   * cue failed), the switch's and its Save's too, the pane's controls, and how this page's
   * messages reached the worker. */
  function pageReport() {
    const f = findAll();
    return {
      host: location.host,
      route: clip(location.hash.replace(/^#/, '').split('?')[0]),
      lang: langOf(document.body),
      elements: [
        ...ORDER.map((name) => ({ element: name, found_by: f.via[name] || null })),
        { element: 'smtpSwitch', found_by: f.switch ? f.switch.via : null },
        ...(f.switch && f.switch.panel ? [{ element: 'save', found_by: (saveOf(f.switch.panel) || [])[1] || null }] : []),
        ...(f.switch && f.switch.scope === 'mailbox' ? [{ element: 'mailbox', found_by: f.switch.mailboxVia }] : []),
      ],
      controls: diagnosticControls(f),
      deliveries: deliveries.report(),
    };
  }

  // ---- observing, at almost no cost ------------------------------------------------------------
  // Until the Help & support pane exists, only <body>'s direct children are watched (Fluent
  // renders panels, drawers and pop-ups into layers appended there), plus the admin's clicks
  // and route changes; the busy page's own churn inside the app is never looked at. Once the
  // pane is there, only its subtree is watched.
  let timer = 0;
  let recheck = 0;
  let last = '';
  let watched = null;
  const paneWatch = new MutationObserver(() => schedule());
  function watch(pane) {
    if (pane === watched) return;
    paneWatch.disconnect();
    watched = pane;
    if (pane) paneWatch.observe(pane, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['disabled', 'aria-disabled', 'aria-checked', 'aria-busy'] });
  }
  function schedule(delay = 150) {
    clearTimeout(timer);
    timer = setTimeout(report, delay);
  }
  async function report(force) {
    if (helper.shown()) helper.place(); // a panel the page opened or closed may move the helper aside
    const found = findAll();
    const snap = snapshot(found);
    const sig = JSON.stringify({ ...snap, since_load_ms: 0 });
    if (sig === last && !force) return; // nothing a person would see has changed
    last = sig;
    const answer = await send(observe(snap));
    if (!answer || !answer.ok) return;
    if (answer.show_helper) helper.want();
    outline(answer.highlight, found);
    if (answer.prefill) { helper.want(); prefill(answer.prefill.query, answer.prefill.submit, reportSoon); }
    clearTimeout(recheck);
    if (answer.recheck_ms) recheck = setTimeout(() => report(true), answer.recheck_ms);
  }
  const reportSoon = () => { watch(findPane()); schedule(); };
  new MutationObserver(() => { watch(findPane()); switches.noteSwitches(); schedule(); })
    .observe(document.body, { childList: true });
  // Typing and choosing matter only inside the pane (or wherever the diagnostic is).
  const inPane = (event) => watched && event.target instanceof Node && watched.contains(event.target);
  for (const type of ['change', 'input', 'keyup']) document.addEventListener(type, (e) => { if (inPane(e)) schedule(); }, true);
  window.addEventListener('hashchange', () => {
    send(pagePresent());
    reportSoon();
  });

  // A click on the diagnostic's Update button: reported with whether the admin made it and
  // whether the button is inside the diagnostic. Any click may open or change the pane.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('button, [role="button"], input[type="submit"]');
    if (button) {
      const f = findAll();
      if (button === f.update || named(button, W('update'))) {
        send(pressed(event, f, button, loadedAt));
        schedule(300);
        return;
      }
    }
    setTimeout(reportSoon, 0);
  }, true);

  // What AuthPilot's own pages and the worker ask of this page.
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message) return false;
    if (message.type === 'helper-prefs') { helper.follow(message.prefs, { show: !!message.show }); return false; }
    if (message.type === 'page-report') { sendResponse({ ok: true, report: pageReport() }); return false; }
    if (message.type !== 'prefill') return false;
    helper.want();
    prefill(String(message.query), !!message.submit, reportSoon).then(sendResponse);
    return true;
  });

  // Now: say the page is here (the answer carries the helper's remembered state, how to frame
  // it, the core's times and its delivery policy), and look.
  send(pagePresent()).then((answer) => {
    deliveries.follow(answer && answer.delivery);
    switches.follow(answer);
    helper.follow(answer && answer.helper, { frame: answer && answer.frame });
  });
  reportSoon();
  if (new URLSearchParams(location.search).has('searchSolutions')) setTimeout(() => report(true), 2500);
  return { findAll, snapshot, pageReport };
}
