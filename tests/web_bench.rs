//! Log scaling inside WebAssembly in headless Chromium (issue 5, B7): verify, export JSON and
//! CSV, and import at 10,000 and 100,000 entries. `#[ignore]`d so `make test` skips it;
//! `make bench` runs it in release mode and prints the figures. Never fails on a slow machine.
#![cfg(target_arch = "wasm32")]

use authpilot::core::cloud::Cloud;
use authpilot::core::log::export::{to_csv, to_json};
use authpilot::core::log::import::{plan_import, MAX_IMPORT_BYTES};
use authpilot::core::log::{chain_all, verify, Action, Draft, Entry, Head, Outcome, Source};
use authpilot::core::protocols::Protocol;
use authpilot::core::time::Instant;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn build(n: usize) -> Vec<Entry> {
    let drafts = (0..n).map(|i| Draft {
        id: format!("00000000-0000-4000-8000-{i:012}"),
        at: Instant::from_unix_seconds(1_664_582_400 + i as i64).to_rfc3339(),
        protocol: Protocol::ALL[i % 8],
        scope: None,
        mailbox: None,
        action: Action::ReEnable,
        outcome: Outcome::Submitted,
        source: Source::Observed,
        host: Some("admin.microsoft.com".into()),
        cloud: Cloud::Worldwide,
        tenant: Some("contoso.onmicrosoft.com".into()),
        message: None,
        note: Some(format!("entry {i}")),
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    });
    chain_all(&Head::default(), drafts)
}

/// Median of `runs` timings of `f`, in milliseconds, with the fastest and slowest.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut xs: Vec<f64> = (0..runs)
        .map(|_| {
            let t = performance.now();
            f();
            performance.now() - t
        })
        .collect();
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (xs[runs / 2], xs[0], xs[runs - 1])
}

#[wasm_bindgen_test]
#[ignore]
fn log_scaling_in_wasm() {
    let exported_at = Instant::from_unix_seconds(1_800_000_000);
    for (n, runs) in [(10_000usize, 7usize), (100_000, 3)] {
        let log = build(n);
        let json = to_json(&log, exported_at);
        let report = |what: &str, (median, lo, hi): (f64, f64, f64)| {
            web_sys::console::log_1(&format!("BENCH B7 wasm {n} entries {what}: median {median:.1} ms [{lo:.1}–{hi:.1}], {runs} runs").into());
        };
        report("verify", time(runs, || assert!(verify(&log).is_ok())));
        report(
            "export JSON",
            time(runs, || assert!(!to_json(&log, exported_at).is_empty())),
        );
        report(
            "export CSV",
            time(runs, || assert!(!to_csv(&log).is_empty())),
        );
        if json.len() <= MAX_IMPORT_BYTES {
            report(
                "import (check + merge plan)",
                time(runs, || {
                    assert_eq!(plan_import(&json, &[]).unwrap().add.len(), n)
                }),
            );
        }
    }
}
