// What every replica variant shares: the texts of docs/domain.md (word for word), the
// protocols, the query knobs that vary the markup the way a real admin center may, and the
// diagnostic's behaviour. Each variant (the hand-written app.js, v8.jsx with @fluentui/react,
// v9.jsx with @fluentui/react-components) renders the same flow with its own components.
//
// Knobs (query parameters; the e2e suite and `make demo` set them):
//   mode=opt-out|re-enable          the diagnostic's mode (default re-enable)
//   result=success|error|failure|none  what Update leads to (default success); failure: the
//                                   error MessageBar says "Something went wrong. We were
//                                   unable to update…" (no "error" word)
//   resultAt=card|region|messagebar where the result appears (default card)
//   label=Update|Update Settings    the submit button's text (default by mode)
//   names=long|short                protocol names in the drop-down (default long)
//   hint=placeholder|aria|visible   the search box's hint: its placeholder, its aria-label,
//                                   or a line of text beside a box labelled "Search"
//   card=keep|replace               after Run Tests: the form below the intro, or the card's
//                                   whole content replaced by the form (intro and button gone)
//   picker=dropdown|combobox        v9 only: a Dropdown (button) or a Combobox (input)
//   delay=<ms>                      search, test and update latency (default 400)
//   latePane=<ms>                   the pane's content renders late
//   honour=1|0                      ?searchSolutions= honoured on arrival (default: yes,
//                                   except on admin.cloud.microsoft, where domain.md says it
//                                   is unverified)
//   disabled=POP,IMAP               protocols listed as disabled in re-enable mode
//   noHelp=1                        no Help & support button on the page
//   churn=N                         N DOM mutations in bursts (page-cost benchmark)
//   lang=ja                         the page in Japanese: ヘルプとサポート as Microsoft's Japanese
//                                   docs name it; every other text (pane, card, form, results)
//                                   is this replica's guess, which AuthPilot's vocabulary
//                                   deliberately does not hold, so the adapter must find each
//                                   element by structure; protocol names keep their Latin
//                                   product names as Microsoft's Japanese pages do
export const params = new URLSearchParams(location.search);
const knob = (name, fallback) => params.get(name) || fallback;

export const KNOBS = {
  mode: knob('mode', 're-enable'),
  result: knob('result', 'success'),
  resultAt: knob('resultAt', 'card'),
  names: knob('names', 'long'),
  hint: knob('hint', 'placeholder'),
  card: knob('card', 'keep'),
  picker: knob('picker', 'dropdown'),
  delay: Number(knob('delay', '400')),
  latePane: Number(knob('latePane', '0')),
  disabled: knob('disabled', 'POP,IMAP').split(',').filter(Boolean),
  noHelp: params.get('noHelp') === '1',
  churn: Number(knob('churn', '0')),
  honour: knob('honour', location.hostname === 'admin.cloud.microsoft' ? '0' : '1') === '1',
};
KNOBS.label = knob('label', KNOBS.mode === 'opt-out' ? 'Update' : 'Update Settings');
if (params.get('lang') === 'ja') KNOBS.label = KNOBS.label === 'Update' ? '更新' : '設定の更新';

export const LANG = params.get('lang') === 'ja' ? 'ja' : 'en';
const EN = {
  help: 'Help & support',
  feedback: 'Give feedback',
  paneTitle: 'How can we help?',
  hint: 'Tell us your problem so we can get you the right help and support.',
  searching: 'Searching…',
  runDiagnostics: 'Run diagnostics',
  intro: 'We understand you would like to initiate a request to update the Basic authentication settings for protocols.',
  letUsHelp: 'Let us help by running some tests.',
  runTests: 'Run Tests',
  running: 'Running tests…',
  insights: 'View insights',
  insightsText: 'Diagnostic to enable Basic authentication for Exchange Online protocols',
  showMore: 'Show more',
  current: 'These are the current Basic authentication settings:',
  optOutText: 'Microsoft is currently accepting opt out requests for your tenant. You can use the drop-down below to indicate which protocols you wish to exclude from being secured. Basic authentication will be disabled for those protocols at a later date.',
  disabledIntro: 'Basic authentication is disabled for the following legacy protocols:',
  reEnableText: 'If you would like to re-enable Basic authentication for a specific protocol, please select it in the drop-down below.',
  optOutLabel: 'Protocol to Opt Out',
  enableLabel: 'Protocol to Enable',
  acknowledge: "I acknowledge clicking 'Update settings' will make the change(s) described above to the tenant configuration.",
  successHeading: 'Basic authentication has been re-enabled for the selected protocol.',
  successText: 'The Basic authentication blocked applications setting has been updated. You should be able to use Basic authentication with the selected protocol within the next hour.',
  error: (p) => `We couldn't update the Basic authentication settings for ${p}. Error: the request could not be completed. Please try again later or contact support.`,
  noResults: (q) => `No results for "${q}".`,
  // A failure the diagnostic answers in Fluent's error MessageBar (issue 19).
  failure: 'Something went wrong. We were unable to update the Basic authentication settings. Please try again later.',
  select: 'Select an option', close: 'Close', search: 'Search', loading: 'Loading…',
  update: 'Update', updateSettings: 'Update Settings',
};
const JA = {
  help: 'ヘルプとサポート',
  feedback: 'フィードバックを送信',
  paneTitle: 'どのようなご用件ですか?',
  hint: '問題を入力してください。適切なヘルプとサポートをご案内します。',
  searching: '検索しています…',
  runDiagnostics: '診断を実行する',
  intro: 'プロトコルの基本認証の設定を更新する要求を開始しようとしています。',
  letUsHelp: 'いくつかのテストを実行してお手伝いします。',
  runTests: 'テストの実行',
  running: 'テストを実行しています…',
  insights: '分析情報を表示',
  insightsText: 'Exchange Online プロトコルの基本認証を有効にする診断',
  showMore: 'さらに表示',
  current: '現在の基本認証の設定は次のとおりです:',
  optOutText: 'Microsoft は現在、お客様のテナントのオプトアウト要求を受け付けています。下のドロップダウンで、保護の対象から除外するプロトコルを指定してください。これらのプロトコルの基本認証は後日無効になります。',
  disabledIntro: '次のレガシ プロトコルでは基本認証が無効になっています:',
  reEnableText: '特定のプロトコルの基本認証を再度有効にするには、下のドロップダウンで選択してください。',
  optOutLabel: 'オプトアウトするプロトコル',
  enableLabel: '有効にするプロトコル',
  acknowledge: '[設定の更新] をクリックすると、上記の変更がテナントの構成に適用されることを了承します。',
  successHeading: '選択したプロトコルの基本認証が再度有効になりました。',
  successText: '基本認証でブロックされるアプリケーションの設定が更新されました。1 時間以内に、選択したプロトコルで基本認証を使用できるようになります。',
  error: (p) => `${p} の基本認証の設定を更新できませんでした。後でもう一度お試しいただくか、サポートにお問い合わせください。`,
  noResults: (q) => `"${q}" の結果はありません。`,
  failure: '問題が発生しました。基本認証の設定を更新できませんでした。後でもう一度お試しください。',
  select: 'オプションを選択', close: '閉じる', search: '検索', loading: '読み込み中…',
  update: '更新', updateSettings: '設定の更新',
};
export const TEXT = LANG === 'ja' ? JA : EN;
document.documentElement.lang = LANG === 'ja' ? 'ja-JP' : (document.documentElement.lang || 'en-US');

/** [short, the diagnostic's own long name, a short name a page might show instead]. */
const PROTOCOLS_EN = [
  ['EAS', 'Exchange ActiveSync (EAS, used by mobile devices)', 'Exchange ActiveSync'],
  ['EWS', 'Exchange Web Services (EWS, used by Outlook for Windows & Mac)', 'EWS'],
  ['POP', 'Post Office Protocol (POP3, used by email clients)', 'POP3'],
  ['IMAP', 'Internet Message Access Protocol (IMAP, used by email clients)', 'IMAP4'],
  ['RemotePowerShell', 'Exchange Online Remote PowerShell (used for executing scripts)', 'Remote PowerShell'],
  ['MAPI', 'MAPI (used by all versions of Outlook for Windows)', 'MAPI'],
  ['OAB', 'Offline Address Book (OAB, used by Outlook for Windows)', 'OAB'],
  ['RPC', 'RPC (used by older versions of Outlook for Windows)', 'RPC'],
];
const PROTOCOLS_JA = [
  ['EAS', 'Exchange ActiveSync (EAS、モバイル デバイスで使用)', 'Exchange ActiveSync'],
  ['EWS', 'Exchange Web Services (EWS、Windows および Mac 用 Outlook で使用)', 'EWS'],
  ['POP', 'Post Office Protocol (POP3、メール クライアントで使用)', 'POP3'],
  ['IMAP', 'Internet Message Access Protocol (IMAP、メール クライアントで使用)', 'IMAP4'],
  ['RemotePowerShell', 'Exchange Online Remote PowerShell (スクリプトの実行に使用)', 'Remote PowerShell'],
  ['MAPI', 'MAPI (すべてのバージョンの Windows 用 Outlook で使用)', 'MAPI'],
  ['OAB', 'Offline Address Book (OAB、Windows 用 Outlook で使用)', 'OAB'],
  ['RPC', 'RPC (古いバージョンの Windows 用 Outlook で使用)', 'RPC'],
];
export const PROTOCOLS = LANG === 'ja' ? PROTOCOLS_JA : PROTOCOLS_EN;
/** The drop-down's options as this page shows them: [short, shown text]. */
export const OPTIONS = PROTOCOLS.map(([s, long, brief]) => [s, KNOBS.names === 'short' ? brief : long]);
export const DISABLED_ITEMS = PROTOCOLS.filter(([s]) => KNOBS.disabled.includes(s)).map(([, long]) => long);

export const PAGES = {
  '/homepage': ['Home', 'Welcome to the Microsoft 365 admin center.'],
  '/MessageCenter': ['Message center', 'MC437540: We have received your request to opt out of Basic authentication being disabled.'],
  '/support': ['Support', 'Get help from Microsoft support.'],
  '/users': ['Active users', 'Megan Bowen (megan@contoso.example), tenant Contoso Ltd.'],
};
export const routeOf = () => location.hash.replace(/^#/, '').split('?')[0] || '/homepage';

/** Whether a query finds the diagnostic (the documented query, or "basic auth enable"). */
export function findsDiagnostic(query) {
  const q = query.trim().toLowerCase();
  return q === 'diag: enable basic auth in exo' || (q.includes('basic auth') && q.includes('enable'));
}

/** What Update leads to, after the delay: 'again' (opt-out: the same form, no
 * confirmation), 'success', 'error', or 'none' (nothing ever arrives). */
export function outcomeOf() {
  if (KNOBS.mode === 'opt-out' && !['error', 'failure'].includes(KNOBS.result)) return 'again';
  return KNOBS.result === 'failure' ? 'error' : KNOBS.result;
}

/** The query ?searchSolutions= asks for on arrival, if this page honours it. */
export const arrivalQuery = () => (KNOBS.honour ? params.get('searchSolutions') : null);

// For benchmarks (bench/run.mjs): when the search box appeared and when the app accepted a
// query; and a churn generator like a busy single-page app.
export const timings = { boxInserted: 0, queryAccepted: 0 };
window.__replicaTimings = timings;

/** `churn=N`: N DOM mutations in bursts of 100, one burst a frame, in a hidden area. */
export function startChurn(parent) {
  const total = KNOBS.churn;
  if (!total) return;
  const area = document.createElement('div');
  area.id = 'churn';
  area.setAttribute('aria-hidden', 'true');
  parent.append(area);
  let done = 0;
  const started = performance.now();
  const burst = () => {
    for (let i = 0; i < 100 && done < total; i++, done++) {
      if (i % 3 === 0) { const s = document.createElement('span'); s.textContent = `row ${done}`; area.append(s); }
      else if (i % 3 === 1) { if (area.firstChild) area.firstChild.textContent = `changed ${done}`; }
      else if (area.firstChild) area.firstChild.remove();
    }
    if (done < total) requestAnimationFrame(burst);
    else window.__churn = { done, ms: performance.now() - started };
  };
  requestAnimationFrame(burst);
}

/** The text of a refused update, as this page words it. */
export const errorText = (protocol) => (KNOBS.result === 'failure' ? TEXT.failure : TEXT.error(protocol));
