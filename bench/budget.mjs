// B8 (issue 20): what one recorded change costs in messages and storage calls, and what the 10 s
// after it cost while nothing happens — counted, not timed, on two builds in the same run:
// "before" (BENCH_BEFORE_20, default 847814e, the commit before the worker became the core's
// state machine) and this build. The counters wrap chrome.storage.{local,session,managed}'s
// get / set / remove in the service worker and in the helper's frame, and count every
// chrome.runtime message the worker receives (the page's and the helper's). The scenario: on
// the Exchange admin center's Mail flow settings (the hand replica), with the helper shown,
// the organisation's box ticked, Save pressed, the page's saved message — until the entry is
// stored; then 10 s of nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync, rmSync, readFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, openTab, root } from '../tests/e2e/harness.mjs';

export const BEFORE_20 = process.env.BENCH_BEFORE_20 || '847814e';

/** The "before" build, made once into a git worktree under target/bench/ and kept. */
export function beforeBuild(rev = BEFORE_20) {
  const src = join(root, 'target', 'bench', `before-${rev}`);
  const dir = join(src, 'dist', 'extension');
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.log(`(building ${rev} once into ${src} for the "before" figures)`);
    rmSync(src, { recursive: true, force: true });
    execFileSync('git', ['worktree', 'prune'], { cwd: root });
    execFileSync('git', ['worktree', 'add', '--detach', '--force', src, rev], { cwd: root, stdio: 'ignore' });
    symlinkSync(join(root, 'node_modules'), join(src, 'node_modules'));
    // The worktree sits inside this workspace's folder: an empty [workspace] keeps an earlier
    // commit's single package out of it.
    const manifest = join(src, 'Cargo.toml');
    if (!readFileSync(manifest, 'utf8').includes('[workspace]')) appendFileSync(manifest, '\n[workspace]\n');
    execFileSync('scripts/build.sh', { cwd: src, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CARGO_TARGET_DIR: join(src, 'target') } });
  }
  return dir;
}

// Installed in a context: counters, and the original get for the bench's own reads.
const INSTRUMENT = () => {
  if (globalThis.__apCount) return;
  const c = (globalThis.__apCount = { reads: 0, writes: 0, messages: 0, pageMessages: 0 });
  for (const name of ['local', 'session', 'managed']) {
    const area = chrome.storage[name];
    if (!area) continue;
    const raw = { get: area.get.bind(area), set: area.set.bind(area), remove: area.remove.bind(area) };
    globalThis[`__apRaw_${name}`] = raw;
    area.get = (...a) => { c.reads++; return raw.get(...a); };
    area.set = (...a) => { c.writes++; return raw.set(...a); };
    area.remove = (...a) => { c.writes++; return raw.remove(...a); };
  }
  if (chrome.runtime.onMessage && typeof ServiceWorkerGlobalScope !== 'undefined') {
    chrome.runtime.onMessage.addListener((m, sender) => {
      c.messages++;
      if (sender.tab && !String(sender.url).startsWith('chrome-extension:')) c.pageMessages++;
    });
  }
};
const READ = () => ({ ...globalThis.__apCount });
const RESET = () => { for (const k of Object.keys(globalThis.__apCount)) globalThis.__apCount[k] = 0; };

async function scenario(extensionPath) {
  const session = await startSession(extensionPath ? { extensionPath } : {});
  try {
    const sw = session.worker;
    const { page } = await openTab(session, 'https://admin.exchange.microsoft.com/#/settings');
    await page.getByRole('button', { name: 'Mail flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mail flow settings' });
    await dialog.waitFor();
    const helperFrame = async () => {
      for (let i = 0; i < 200; i++) {
        const f = page.frames().find((x) => x.url().endsWith('/helper.html'));
        if (f && await f.locator('[data-ready="true"]').count().catch(() => 0)) return f;
        await page.waitForTimeout(50);
      }
      throw new Error('the helper never showed');
    };
    const helper = await helperFrame();
    await page.waitForTimeout(1000); // the page settles; this wait is before counting starts
    await sw.evaluate(INSTRUMENT);
    await helper.evaluate(INSTRUMENT);
    await sw.evaluate(RESET);
    await helper.evaluate(RESET);
    await dialog.getByRole('checkbox', { name: 'Turn off SMTP AUTH protocol for your organization' }).check();
    // The tick alone: the helper shows the box as the page does (its observation).
    await page.waitForTimeout(600);
    const tick = [await sw.evaluate(READ), await helper.evaluate(READ)];
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByText('Your change has been saved.').waitFor();
    // The entry stored: read with the original get, so the bench's own reads are not counted.
    for (let i = 0; ; i++) {
      const head = await sw.evaluate(async () => (await globalThis.__apRaw_local.get('log_head')).log_head);
      if (head && head.count === 1) break;
      if (i > 400) throw new Error('the change was never recorded');
      await page.waitForTimeout(25);
    }
    await page.waitForTimeout(300); // the helper's redraw after the entry (its reads count)
    const change = [await sw.evaluate(READ), await helper.evaluate(READ)];
    await sw.evaluate(RESET);
    await helper.evaluate(RESET);
    await page.waitForTimeout(10000); // the idle window itself: nothing may happen in it
    const idle = [await sw.evaluate(READ), await helper.evaluate(READ)];
    const sum = ([w, h]) => ({
      page: w.pageMessages, helper: w.messages - w.pageMessages,
      reads: w.reads + h.reads, writes: w.writes + h.writes, messages: w.messages,
    });
    const save = sum([0, 1].map((i) => Object.fromEntries(Object.keys(change[i]).map((k) => [k, change[i][k] - tick[i][k]]))));
    return { change: sum(change), save, idle: sum(idle) };
  } finally {
    await session.stop();
  }
}

export async function budget(row) {
  const builds = { before: beforeBuild(), 'this build': null };
  const results = {};
  for (const [name, dir] of Object.entries(builds)) results[name] = await scenario(dir);
  const both = (pick) => Object.values(results).map(pick).join(' / ');
  const mine = results['this build'];
  row('B8', 'one change, tick → stored: messages from the page (before / this build)', both((r) => r.change.page), 'count', '≤ 2', mine.change.page <= 2);
  row('B8', '  of which Save → stored (before / this build)', both((r) => r.save.page), 'count', '≤ 2', mine.save.page <= 2,
    'the tick\'s own is the observation that shows the box as the page does in the helper');
  row('B8', 'one change: messages from the helper (before / this build)', both((r) => r.change.helper), 'count', '', undefined);
  row('B8', 'one change: storage reads, all contexts (before / this build)', both((r) => r.change.reads), 'count', '≤ 8', mine.change.reads <= 8);
  row('B8', 'one change: storage writes, all contexts (before / this build)', both((r) => r.change.writes), 'count', '≤ 4', mine.change.writes <= 4);
  row('B8', '10 s idle after: messages (before / this build)', both((r) => r.idle.messages), 'count', '0', mine.idle.messages === 0);
  row('B8', '10 s idle after: storage reads (before / this build)', both((r) => r.idle.reads), 'count', '0', mine.idle.reads === 0);
  return results;
}
