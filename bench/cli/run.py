"""`make bench` (BENCH_ONLY=cli; BENCHMARKS.md "Issue 26"): the command line against the scripts
an admin would write today, in one run on this machine. Inputs are made by the core itself
(examples/cli_fixtures.rs): a 10,000-entry log, a 100,000-entry log and a ~200 MB Purview audit
export (mostly unrelated records, a few thousand SMTP AUTH changes). Each command is run as a
process, RUNS times after a warm-up; the figures are the median wall time and the largest peak
resident memory (the kernel's own accounting, wait4), and the ratios script / program.
"""
import json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIR = os.path.join(ROOT, "target", "bench", "cli")
CLI = os.path.join(ROOT, "target", "cli", "authpilot")
RUNS = int(os.environ.get("CLI_RUNS", "3"))
MEGABYTES = int(os.environ.get("CLI_AUDIT_MB", "200"))


# Each run is started from a small fresh interpreter that does nothing else: Linux counts the
# memory a process had before its exec into its peak, so starting from this script (which holds
# the outputs it compares) would inflate every figure.
LAUNCH = (
    "import os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "sys.stderr.write('%f %d' % (time.perf_counter() - t, usage.ru_maxrss))\n"
)


def measure(argv):
    """(median seconds, peak KiB, last stdout) over RUNS runs after one warm-up."""
    times, peaks, out = [], [], b""
    for i in range(RUNS + 1):
        done = subprocess.run([sys.executable, "-c", LAUNCH, *argv], capture_output=True)
        seconds, peak = done.stderr.decode().split()
        out = done.stdout
        if i:
            times.append(float(seconds))
            peaks.append(int(peak))
    times.sort()
    return times[len(times) // 2], max(peaks), out


def measure_side_by_side(*argvs):
    """`measure` for several commands at once, their runs taken in turn (one of each, then the
    next round), so a machine that slows down or speeds up during the run (this one does: its
    host reclaims memory now and then) weighs on each alike. Per command: (median seconds, peak
    KiB, last stdout, each run's seconds in round order)."""
    times = [[] for _ in argvs]
    peaks = [[] for _ in argvs]
    outs = [b"" for _ in argvs]
    for i in range(RUNS + 1):
        for k, argv in enumerate(argvs):
            done = subprocess.run([sys.executable, "-c", LAUNCH, *argv], capture_output=True)
            seconds, peak = done.stderr.decode().split()
            outs[k] = done.stdout
            if i:
                times[k].append(float(seconds))
                peaks[k].append(int(peak))
    return [(sorted(t)[len(t) // 2], max(p), o, t) for t, p, o in zip(times, peaks, outs)]


def ratio(over, under):
    """The median of each round's ratio (the runs of a round were taken one after another)."""
    each = sorted(a / b for a, b in zip(over, under))
    return each[len(each) // 2]


# Issue 34's "before": main when the issue was filed, its command line built once (kept) in the
# worktree `make bench` already makes for the start-up rows (bench/budget.mjs, beforeBuild).
BEFORE_34 = os.environ.get("BENCH_BEFORE_34", "4807a69")


def before_cli():
    """The command line of BEFORE_34, built once into its worktree; None when it cannot be."""
    src = os.path.join(ROOT, "target", "bench", f"before-{BEFORE_34}")
    binary = os.path.join(src, "target", "cli", "authpilot")
    if os.path.exists(binary):
        return binary
    if not os.path.exists(os.path.join(src, "Cargo.toml")):
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        subprocess.run(["git", "worktree", "add", "--detach", "--force", src, BEFORE_34], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(src, "Cargo.toml"), "a") as f:
            f.write("\n[workspace]\n")  # keep it out of this workspace
    built = subprocess.run(["cargo", "build", "--quiet", "--profile", "cli", "--bin", "authpilot"], cwd=src,
                           env={**os.environ, "CARGO_TARGET_DIR": os.path.join(src, "target")})
    return binary if built.returncode == 0 and os.path.exists(binary) else None


def main():
    subprocess.run(["cargo", "build", "--quiet", "--profile", "cli", "-p", "authpilot-cli"], cwd=ROOT, check=True)
    before = before_cli()
    audit = os.path.join(DIR, "audit.csv")
    if not os.path.exists(audit) or abs(os.path.getsize(audit) - MEGABYTES * 2**20) > 2**20:
        subprocess.run(["cargo", "run", "--quiet", "--profile", "cli", "--example", "cli_fixtures", "--", DIR, str(MEGABYTES)],
                       cwd=ROOT, check=True)
    log10k, log100k = os.path.join(DIR, "log-10k.json"), os.path.join(DIR, "log-100k.json")
    here = os.path.dirname(os.path.abspath(__file__))
    size = os.path.getsize(audit) / 2**20
    rows = []

    runs = measure_side_by_side(
        [CLI, "reconcile", log10k, audit, "--json"],
        [sys.executable, os.path.join(here, "reconcile.py"), log10k, audit],
        # The floor (issue 34): the disk and the page cache, reading the same file once.
        ["cat", audit],
        *([[before, "reconcile", log10k, audit, "--json"]] if before else []),
    )
    (cli_t, cli_mem, cli_out, cli_runs), (py_t, py_mem, py_out, py_runs), (cat_t, _, _, cat_runs) = runs[:3]
    mine = json.loads(cli_out)["tenants"][0]
    theirs = json.loads(py_out)
    agree = all(len(mine[k]) == theirs[k] for k in ("matched", "only_in_log", "only_in_tenant", "unknown_target"))
    rows.append(("C1", f"reconcile {size:.0f} MB audit export × 10,000 entries: authpilot", cli_t, "s", ""))
    rows.append(("C1", "  the same matching in Python (csv + json)", py_t, "s", "same groups" if agree else "GROUPS DIFFER"))
    rows.append(("C1", "  ratio Python / authpilot", ratio(py_runs, cli_runs), "×", "goal ≥ 10"))
    rows.append(("C1", "  the floor: cat of the same export (to a pipe)", cat_t, "s", ""))
    rows.append(("C1", "  ratio authpilot / cat", ratio(cli_runs, cat_runs), "×", "goal ≤ 1.5"))
    if before:
        b_t, _, _, b_runs = runs[3]
        rows.append(("C1", f"  before issue 34 ({BEFORE_34}): reconcile", b_t, "s", ""))
        rows.append(("C1", "  before issue 34: ratio to cat", ratio(b_runs, cat_runs), "×", ""))
    rows.append(("C2", "reconcile: authpilot's peak memory", cli_mem / 1024, "MiB", "goal < 64"))
    rows.append(("C2", "  Python's peak memory", py_mem / 1024, "MiB", ""))
    small = os.path.join(DIR, "audit-20mb.csv")
    with open(audit, "rb") as src, open(small, "wb") as dst:
        for _ in range(20):
            dst.write(src.read(2**20))
        dst.write(src.readline())
    _, small_mem, _ = measure([CLI, "reconcile", log10k, small, "--json"])
    rows.append(("C2", "  authpilot's peak memory on a 20 MB export (bounded: the same)", small_mem / 1024, "MiB", ""))

    runs = measure_side_by_side(
        [CLI, "verify", log100k],
        [sys.executable, os.path.join(here, "verify.py"), log100k],
        ["sha256sum", log100k],
        *([[before, "verify", log100k]] if before else []),
    )
    (v_t, v_mem, _, v_runs), (pv_t, pv_mem, _, pv_runs), (sha_t, _, _, sha_runs) = runs[:3]
    rows.append(("C3", "verify 100,000 entries: authpilot", v_t, "s", f"{v_mem / 1024:.0f} MiB"))
    rows.append(("C3", "  Python's hashlib over the same canonical form", pv_t, "s", f"{pv_mem / 1024:.0f} MiB"))
    rows.append(("C3", "  ratio Python / authpilot", ratio(pv_runs, v_runs), "×", "goal ≥ 5 (issue 34)"))
    rows.append(("C3", "  the floor: sha256sum of the same file", sha_t, "s", ""))
    rows.append(("C3", "  ratio authpilot / sha256sum", ratio(v_runs, sha_runs), "×", ""))
    if before:
        b_t, b_mem, _, b_runs = runs[3]
        rows.append(("C3", f"  before issue 34 ({BEFORE_34}): verify", b_t, "s", f"{b_mem / 1024:.0f} MiB"))
        rows.append(("C3", "  before issue 34: ratio Python / it", ratio(pv_runs, b_runs), "×", ""))

    print(f"authpilot command line — {os.cpu_count()} CPUs, median of {RUNS} runs after a warm-up; "
          "a figure and its baseline run in turn, ratios the median of each round's")
    for number, what, value, unit, note in rows:
        print(f"{number:<3} {what:<68} {value:>9.2f} {unit:<4} {note}")
    os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
    with open(os.path.join(ROOT, "target", "bench", "cli.json"), "w") as f:
        json.dump([dict(zip(("row", "what", "value", "unit", "note"), r)) for r in rows], f, indent=1)
    if not agree:
        sys.exit("the program and the script disagree on the groups")


if __name__ == "__main__":
    main()
