// Runs a command with the CPU deliberately busy (issue 31): one spinning process per core,
// started before the command and stopped after it, whatever its outcome, so the command meets a
// machine as loaded as a busy admin's laptop. Exits with the command's status.
//
//   node scripts/busy.mjs [--per-core N] -- <command> [args…]
//
// `startBusy` is also what scripts/repeat.mjs uses.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Starts `count` processes that spin until stopped; returns `stop()`, which waits for them. */
export function startBusy(count = availableParallelism()) {
  const spinners = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const exited = spinners.map((p) => new Promise((ok) => (p.exitCode !== null ? ok() : p.once('exit', ok))));
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      for (const p of spinners) p.kill('SIGKILL');
    }
    await Promise.all(exited);
  };
  // Never leave a spinner behind, even when this process is interrupted.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { stop().then(() => process.exit(130)); });
  process.once('exit', () => { for (const p of spinners) { try { p.kill('SIGKILL'); } catch (_) { /* gone */ } } });
  return { count, stop };
}

/** Runs `command` with `args` (inheriting stdio) while the CPU is busy; resolves to its status. */
export async function runBusy(command, args, { perCore = 1 } = {}) {
  const busy = startBusy(availableParallelism() * perCore);
  try {
    return await new Promise((ok) => {
      const child = spawn(command, args, { stdio: 'inherit' });
      child.once('exit', (code, signal) => ok(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await busy.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? [] : argv.slice(0, dash);
  const [command, ...args] = dash < 0 ? argv : argv.slice(dash + 1);
  const n = own.indexOf('--per-core');
  const perCore = n >= 0 ? Number(own[n + 1]) : 1;
  if (!command || !(perCore >= 1)) {
    console.error('usage: node scripts/busy.mjs [--per-core N] -- <command> [args…]');
    process.exit(2);
  }
  console.log(`[busy] ${availableParallelism() * perCore} spinning processes (${perCore} per core) while: ${[command, ...args].join(' ')}`);
  process.exit(await runBusy(command, args, { perCore }));
}
