// Fuzzed, so structure cannot lie (issue 32): the content script's readers on generated
// Fluent-like pages, in one Chromium page, with the adapter itself running (chrome.* stood in for
// by a recorder; nothing leaves the page). Each page is made from a seed, so a failure names the
// page that broke it, whole. What the generator covers:
//   - labels in random scripts (Latin with accents, Greek, Cyrillic, Han, Hangul, Arabic,
//     Japanese kana) and random words, so no word of AuthPilot's tables is likely to appear;
//   - 0–3 panels (role=dialog, role=complementary, <aside>) in random nesting (divs, sections,
//     lists), with Fluent v8 / v9 / no class names;
//   - at most one genuine switch: the organisation's ("SMTP AUTH" in its name), a mailbox's
//     ("SMTP" among 2–5 email apps' boxes: IMAP, POP, Exchange Web Services, Exchange
//     ActiveSync, MAPI) or the authentication policy's ("SMTP" beside an "Outlook 2013" box),
//     labelled by <label>, aria-label or aria-labelledby, "SMTP" glued to any non-Latin script;
//   - decoys: boxes that mention SMTP in other senses ("SMTP relay", "SMTPS", "SMTP-Server" …)
//     outside those panels, "SMTP AUTH" in headings, text boxes and buttons (never in a box),
//     panels without a Save, filled and plain buttons anywhere, toasts and message bars elsewhere
//     (success, error, plain), content added late;
//   - clicks: every button and box clicked by the page's own script (untrusted).
// What must hold on every page: no reader throws; a switch found is the genuine one with its
// scope (never a decoy, never one on a page without one); the genuine one is found once present;
// every press the adapter reports from the page's own clicks says it was not the admin's
// (trusted: false — and the core records nothing for those: tests/core_smtp.rs); and a trusted
// click on the genuine switch's Save (Playwright's mouse, on a sample of pages) is reported as
// the admin's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const PAGES = Number(process.env.FUZZ_PAGES || 300);
const SEED = Number(process.env.FUZZ_SEED || 20261206);

/** mulberry32: a small seeded generator, the same pages every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCRIPTS = [
  'abcdeéèüöäßçñøhijklmnoprstuvwxyz', 'αβγδεζηθικλμνξοπρστυφχψω', 'абвгдежзийклмнопрстуфхцчшщыэюя',
  '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生', '가나다라마바사아자차카타파하고노도로모보소오조', 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي', 'あいうえおかきくけこさしすせそたちつてとなにぬねの',
];
const APPS = ['IMAP', 'POP', 'Exchange Web Services', 'Exchange ActiveSync', 'MAPI'];
const DECOYS = ['SMTP relay', 'SMTPS', 'SMTP-Server', 'SMTP server logging', 'smtp.contoso.com', 'SMTP banner', 'Legacy SMTP', 'SMTPUTF8'];

function generate(seed) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const chance = (p) => r() < p;
  const script = pick(SCRIPTS);
  const word = () => Array.from({ length: 2 + Math.floor(r() * 8) }, () => script[Math.floor(r() * script.length)]).join('');
  const words = (n = 1 + Math.floor(r() * 4)) => Array.from({ length: n }, word).join(' ');
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  let ids = 0;
  const box = (label, genuine) => {
    const id = `b${seed}-${ids++}`;
    const mark = genuine ? ' data-genuine="1"' : '';
    const how = Math.floor(r() * 3);
    if (how === 0) return `<div><input type="checkbox" id="${id}"${mark}><label for="${id}">${esc(label)}</label></div>`;
    if (how === 1) return `<div><input type="checkbox" aria-label="${esc(label)}"${mark}></div>`;
    return `<div><span id="${id}l">${esc(label)}</span><div role="checkbox" aria-checked="false" tabindex="0" aria-labelledby="${id}l" style="display:inline-block;width:16px;height:16px;border:1px solid #333"${mark}></div></div>`;
  };
  const button = (text) => {
    const kind = Math.floor(r() * 4);
    if (kind === 0) return `<button type="button" class="ms-Button ms-Button--primary">${esc(text)}</button>`;
    if (kind === 1) return `<button type="button" class="fui-Button" style="background:#0f6cbd;color:#fff">${esc(text)}</button>`;
    if (kind === 2) return `<button type="button" class="ms-Button">${esc(text)}</button>`;
    return `<div role="button" tabindex="0">${esc(text)}</div>`;
  };
  const smtp = () => { // "SMTP" glued to a non-Latin script, or spaced
    const w = word();
    return /[a-z]/.test(script) ? `${w} SMTP` : pick([`${w}SMTP`, `SMTP${w}`, `${w} SMTP`]);
  };
  const message = () => pick([
    `<div class="ms-MessageBar ms-MessageBar--success" role="status">${esc(words())}</div>`,
    `<div class="ms-MessageBar ms-MessageBar--error" role="alert">${esc(words())}</div>`,
    `<div role="status">${esc(words())}</div>`,
    `<div class="fui-Toast">${esc(words())}</div>`,
  ]);
  const nest = (inner) => {
    let html = inner;
    for (let d = Math.floor(r() * 4); d > 0; d--) html = pick([`<div>${html}</div>`, `<section>${html}</section>`, `<ul><li>${html}</li></ul>`]);
    return html;
  };
  const panel = (content) => {
    const open = pick(['<div role="dialog" aria-modal="true"', '<div role="complementary"', '<aside']);
    const close = open.startsWith('<aside') ? '</aside>' : '</div>';
    const cls = pick([' class="ms-Panel"', ' class="fui-DrawerBody"', '']);
    return `${open}${cls}><h2>${esc(words(2))}</h2>${nest(content)}${chance(0.6) ? `<footer>${button(word())}</footer>` : ''}${close}`;
  };
  // The genuine switch, if any, and its panel.
  const kind = pick([null, 'organization', 'mailbox', 'authentication-policy']);
  const panels = [];
  if (kind === 'organization') {
    panels.push(panel(`${chance(0.5) ? `<h3>${esc(words())}</h3>` : ''}${box(`${words()} SMTP AUTH ${words()}`, true)}${chance(0.7) ? button(word()) : ''}`));
  } else if (kind === 'mailbox') {
    const apps = APPS.slice(0, 2 + Math.floor(r() * 4)).map((a) => box(chance(0.5) ? a : `${words(1)} (${a})`, false));
    apps.splice(Math.floor(r() * (apps.length + 1)), 0, box(smtp(), true));
    panels.push(panel(`<p>${esc(words(6))}</p>${apps.join('')}${button(word())}`));
  } else if (kind === 'authentication-policy') {
    panels.push(panel(`${box(`${words()} Outlook 2013 ${words()}`, false)}<h3>${esc(words())}</h3>${box(smtp(), true)}${button(word())}`));
  }
  // Decoys: SMTP in other senses in panels of their own (no email apps, no Outlook 2013), and
  // in the page; panels without a Save; messages anywhere.
  for (let n = Math.floor(r() * 3); n > 0; n--) {
    const decoy = box(`${words()} ${pick(DECOYS)} ${words()}`, false);
    panels.push(panel(`${decoy}${chance(0.5) ? box(words(), false) : ''}${chance(0.5) ? button(word()) : ''}`));
  }
  const body = [
    `<h1>${esc(words(2))} SMTP AUTH</h1>`,
    `<input type="text" aria-label="SMTP AUTH ${esc(words())}">`,
    button(`SMTP AUTH ${word()}`),
    box(`${words()} ${pick(DECOYS)}`, false),
    ...Array.from({ length: Math.floor(r() * 3) }, message),
    ...panels.map(nest),
  ];
  for (let i = body.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [body[i], body[j]] = [body[j], body[i]]; }
  const late = !!kind && chance(0.3); // the genuine switch's panel added after a first look
  return { seed, kind, lang: pick(['de-DE', 'el', 'zh-CN', 'ko', 'ar', 'ru', 'pt-BR', 'xx']), body, late };
}

let browser;
let page;
let probe;
before(async () => {
  const bundle = await build({ entryPoints: [join(here, 'fuzz-probe.js')], bundle: true, write: false, format: 'iife', target: 'chrome120', loader: { '.json': 'text' }, logLevel: 'warning' });
  probe = bundle.outputFiles[0].text;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
after(async () => { await browser?.close(); });

test(`the readers on ${PAGES} generated pages (seed ${SEED}): never throw, never name a switch that is not the genuine one, never report a press no trusted click made`, async () => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const pages = Array.from({ length: PAGES }, (_, i) => generate(SEED + i));
  await page.setContent('<!doctype html><html><head></head><body></body></html>');
  await page.addScriptTag({ content: probe });
  const results = await page.evaluate(async (list) => {
    const out = [];
    for (const p of list) out.push(await window.fuzz(p));
    return out;
  }, pages);
  assert.deepEqual(errors, [], 'no page error');
  let found = 0;
  for (const [i, r] of results.entries()) {
    const p = pages[i];
    const where = `page seed ${p.seed} (${p.kind || 'no switch'}, ${p.lang}): ${JSON.stringify(r)}\n${p.body.join('\n')}`;
    assert.equal(r.threw, null, where);
    for (const look of r.looks) {
      if (!look) continue;
      assert.ok(look.genuine, `a switch that is not the genuine one was named: ${where}`);
      assert.equal(look.scope, p.kind, `the wrong switch: ${where}`);
    }
    if (p.kind) {
      assert.ok(r.looks.at(-1), `the genuine switch not found: ${where}`);
      found += 1;
    } else {
      assert.ok(r.looks.every((l) => l === null), `a switch on a page without one: ${where}`);
    }
    assert.deepEqual(r.pressesTrusted, [], `a press reported as the admin's from the page's own clicks: ${where}`);
  }
  assert.ok(found > PAGES / 2, `${found} genuine switches among ${PAGES} pages`);
  assert.ok(results.reduce((n, r) => n + r.presses, 0) > PAGES / 4, 'the page\'s clicks did reach the adapter (reported untrusted)');
});

test('a trusted click on the genuine switch\'s Save, after its box changed, is reported as the admin\'s (the positive control), on a sample of generated pages', async () => {
  let checked = 0;
  for (let i = 0; checked < 12 && i < 200; i++) {
    const p = generate(SEED + 100000 + i);
    if (!p.kind || p.late) continue;
    await page.setContent('<!doctype html><html><head></head><body></body></html>');
    await page.addScriptTag({ content: probe });
    await page.evaluate((x) => window.showPage(x), p);
    const genuine = page.locator('[data-genuine="1"]');
    await genuine.click({ force: true });
    const save = await page.evaluate(() => window.saveOfGenuine());
    if (!save) continue; // a panel whose buttons are all plain and unnamed: no Save to press
    await page.locator(`[data-fuzz-save="1"]`).click({ force: true });
    const presses = await page.evaluate(() => window.presses());
    assert.ok(presses.some((m) => m.press.trusted === true && m.press.scope === p.kind && m.press.before !== m.press.after), `seed ${p.seed}: ${JSON.stringify(presses)}`);
    checked += 1;
  }
  assert.ok(checked >= 8, `${checked} pages checked`);
});
