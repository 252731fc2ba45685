//! Native benchmarks of the action log's core work: appending (chaining one entry and its
//! storage writes) with 10 and with 10,000 entries before it, verifying, exporting and
//! importing 10,000 and 100,000 entries. `make bench` runs these; they never fail.

use authpilot::core::cloud::Cloud;
use authpilot::core::log::export::{to_csv, to_json};
use authpilot::core::log::import::plan_import;
use authpilot::core::log::store::append_writes;
use authpilot::core::log::{chain_all, verify, Action, Draft, Entry, Head, Outcome, Source};
use authpilot::core::protocols::Protocol;
use authpilot::core::time::Instant;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;

fn draft(i: usize) -> Draft {
    Draft {
        id: format!("00000000-0000-4000-8000-{i:012}"),
        at: Instant::from_unix_seconds(1_664_582_400 + i as i64).to_rfc3339(),
        protocol: Protocol::ALL[i % 8],
        scope: None,
        mailbox: None,
        action: if i % 2 == 0 {
            Action::ReEnable
        } else {
            Action::OptOut
        },
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
    }
}

pub fn build_log(n: usize) -> Vec<Entry> {
    chain_all(&Head::default(), (0..n).map(draft))
}

fn benches(c: &mut Criterion) {
    let exported_at = Instant::from_unix_seconds(1_800_000_000);
    for n in [10usize, 10_000] {
        let log = build_log(n);
        let head = Head {
            count: n as u64,
            last_hash: log.last().unwrap().hash.clone(),
        };
        // The stored `log_latest` after n entries: each protocol's latest.
        let latest = match append_writes(&log[n.saturating_sub(8)..], &Default::default())
            .set
            .remove("log_latest")
        {
            Some(serde_json::Value::Object(map)) => map,
            _ => unreachable!("append_writes always writes log_latest"),
        };
        c.bench_function(&format!("append after {n}"), |b| {
            b.iter_batched(
                || draft(n),
                |d| {
                    let e = d.chain(black_box(&head));
                    black_box(append_writes(std::slice::from_ref(&e), &latest))
                },
                BatchSize::SmallInput,
            )
        });
    }
    for n in [10_000usize, 100_000] {
        let log = build_log(n);
        let json = to_json(&log, exported_at);
        println!(
            "{n} entries: JSON export {} bytes, CSV export {} bytes",
            json.len(),
            to_csv(&log).len()
        );
        let mut group = c.benchmark_group(format!("{n} entries"));
        group.sample_size(10);
        group.bench_function("verify", |b| b.iter(|| verify(black_box(&log)).unwrap()));
        group.bench_function("export JSON", |b| {
            b.iter(|| to_json(black_box(&log), exported_at))
        });
        group.bench_function("export CSV", |b| b.iter(|| to_csv(black_box(&log))));
        if json.len() <= authpilot::core::log::import::MAX_IMPORT_BYTES {
            group.bench_function("import into empty", |b| {
                b.iter(|| plan_import(black_box(&json), &[]).unwrap())
            });
        }
        group.finish();
    }
}

criterion_group!(log_benches, benches);
criterion_main!(log_benches);
