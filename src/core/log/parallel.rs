//! Work on a log's entries spread over threads, natively (the command line): each item's result
//! in the items' order, so whatever reads them first — a first refusal, a first break — is the
//! same as one thread's. The extension's wasm has one thread and never uses it.

/// `f(position, item)` for every item, on `threads` threads at once, in the items' order.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let piece = items.len().div_ceil(threads.max(1)).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(piece)
            .enumerate()
            .map(|(n, part)| {
                scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, item)| f(n * piece + i, item))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("a log's work never panics"))
            .collect()
    })
}

use super::chain::Link;
use super::entry::Entry;
use super::import::{kept_once, parse_log, read_raw_entry, Kept, LogFile, Parsed};

/// `import::read_log` with the entries read on `threads` threads at once (the command line,
/// issue 34): the same checks, the same first refusal (in the file's order), the same entries.
pub fn read_log_parallel(text: &str, threads: usize) -> Result<LogFile, String> {
    let (version, entries) = read_parallel(text, threads, |entry| entry)?;
    Ok(LogFile { version, entries })
}

/// `read_log_parallel` keeping of each entry only what the chain's rules read (`Link`: its
/// id, place, link and hash, and whether the hash is its content's, checked as it is read):
/// the same checks and the same first refusal, and the file's version — for `authpilot
/// verify`, which needs no more, so the rest of each entry is dropped on the thread that read
/// it and its memory is used again (a whole log's entries were most of the memory `verify`
/// touched).
pub fn read_links_parallel(text: &str, threads: usize) -> Result<(u64, Vec<Link>), String> {
    read_parallel(text, threads, Link::from)
}

/// One run of entries read on a worker: where it starts, the version it was read with, each
/// entry kept or why not.
type Run<T> = (usize, u64, Vec<Result<T, String>>);

/// The file parsed on this thread while `threads` others read its entries as the parser meets
/// them, a run at a time (`import::RUN`); what the others read is used when it was read with
/// the file's version and covers every entry, else (a version stated after the entries, or a
/// different one later) the entries are read again here on as many threads. Results in the
/// file's order either way: the same first refusal as one thread.
fn read_parallel<'t, T: Kept + Send>(
    text: &'t str,
    threads: usize,
    keep: impl Fn(Entry) -> T + Sync,
) -> Result<(u64, Vec<T>), String> {
    let keep = &keep;
    let read_run = |start: usize, raws: &[&str], version: u64| -> Vec<Result<T, String>> {
        raws.iter()
            .enumerate()
            .map(|(k, raw)| read_raw_entry(start + k + 1, raw, version).map(keep))
            .collect()
    };
    let read_run = &read_run;
    let (send, receive) = std::sync::mpsc::channel::<(usize, Vec<&'t str>, u64)>();
    let receive = std::sync::Mutex::new(receive);
    let receive = &receive;
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(move || {
                    let mut done: Vec<Run<T>> = Vec::new();
                    loop {
                        // The lock is held only to take the next run.
                        let next = match receive.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => break,
                        };
                        let Ok((start, raws, version)) = next else {
                            break; // the parse is over and every run taken
                        };
                        done.push((start, version, read_run(start, &raws, version)));
                    }
                    done
                })
            })
            .collect();
        let dispatch = |start: usize, raws: &[&'t str], version: u64| {
            // A worker gone (it cannot be: they stop only when this sender does) loses
            // nothing: the entries are then read again below.
            let _ = send.send((start, raws.to_vec(), version));
        };
        let parsed = parse_log(text, Some(&dispatch));
        drop(send);
        let mut runs: Vec<Run<T>> = workers
            .into_iter()
            .flat_map(|w| w.join().expect("reading an entry never panics"))
            .collect();
        let Parsed {
            version,
            raws,
            streamed,
        } = parsed?;
        runs.sort_unstable_by_key(|(start, _, _)| *start);
        let covered = runs.iter().map(|(_, _, read)| read.len()).sum::<usize>() == raws.len();
        let read: Vec<Result<T, String>> =
            if streamed == Some(version) && covered && runs.iter().all(|(_, v, _)| *v == version) {
                runs.into_iter().flat_map(|(_, _, read)| read).collect()
            } else {
                map_in_order(&raws, threads, |i, raw| {
                    read_raw_entry(i + 1, raw, version).map(keep)
                })
            };
        Ok((version, kept_once(read)?))
    })
}

/// Whether each entry's own hash matches its content, computed on `threads` threads at once
/// (what `verify_hashed` reads): the hashes do not depend on one another, only the links do.
/// Native only (the extension's wasm has one thread).
pub fn hashes_hold(entries: &[Entry], threads: usize) -> Vec<bool> {
    map_in_order(entries, threads, |_, e| e.hash_holds())
}

#[cfg(test)]
mod tests {
    use super::super::chain::chain_all;
    use super::super::entry::{Draft, Head};
    use super::super::export::to_json;
    use super::super::import::{read_log, RUN};
    use super::*;
    use crate::core::time::Instant;

    /// A log of `n` SMTP AUTH entries, exported.
    fn exported(n: usize) -> String {
        let drafts = (0..n).map(|k| {
            serde_json::from_value::<Draft>(serde_json::json!({
                "id": format!("e-{k}"), "at": "2026-12-01T10:00:00Z", "protocol": "SMTP",
                "scope": "mailbox", "mailbox": format!("m{k}@contoso.com"), "action": "turn-off",
                "outcome": "succeeded", "source": "observed", "cloud": "worldwide",
            }))
            .expect("a draft")
        });
        let at = Instant::parse_rfc3339("2026-12-02T00:00:00Z").expect("a time");
        to_json(&chain_all(&Head::default(), drafts), at)
    }

    /// Read while parsed, over several runs: the same entries, links and refusals as one
    /// thread reading after the parse — also when the version comes after the entries or twice,
    /// when `entries` comes twice, and for a refusal or a repeated id in a later run.
    #[test]
    fn entries_read_while_parsed_are_read_as_after() {
        let whole = exported(RUN * 2 + 77);
        let (head, entries) = whole
            .split_once("\n  \"entries\": ")
            .expect("the export's form");
        let body = entries.trim_end().trim_end_matches('}').trim_end();
        let version_after = format!(
            "{{\n  \"entries\": {body},\n{}\n}}\n",
            head.trim_start_matches('{').trim_end_matches(',')
        );
        // Version 2 before the entries (read with it as they are met), 1 after: the file's is 1.
        let version_twice = whole.replacen("\n  ]\n}", "\n  ],\n  \"version\": 1\n}", 1);
        let entries_twice = whole.replacen("\"entries\":", "\"entries\": [],\n  \"entries\":", 1);
        let refused_late = whole.replacen("\"id\":\"e-1100\"", "\"id\":\"e 1100\"", 1);
        let repeated_late = whole.replacen("\"id\":\"e-1100\"", "\"id\":\"e-5\"", 1);
        let cases = [
            whole.clone(),
            version_after,
            version_twice,
            entries_twice,
            refused_late,
            repeated_late,
        ];
        for (n, text) in cases.iter().enumerate() {
            let alone = read_log(text);
            // Compared whole, told briefly (a thousand entries printed help nobody).
            let brief = |r: &Result<LogFile, String>| {
                r.as_ref().map(|f| f.entries.len()).map_err(String::clone)
            };
            if n == 0 || n == 1 || n == 3 {
                assert!(alone.is_ok(), "case {n}: {:?}", brief(&alone));
            } else {
                assert!(alone.is_err(), "case {n} is refused");
            }
            for threads in [1, 2, 3] {
                let read = read_log_parallel(text, threads);
                assert!(
                    read == alone,
                    "case {n}, {threads} threads: {:?} ≠ {:?}",
                    brief(&read),
                    brief(&alone)
                );
                let links = read_links_parallel(text, threads);
                let expected = alone.clone().map(|file| {
                    let links = file.entries.into_iter().map(Link::from).collect::<Vec<_>>();
                    (file.version, links)
                });
                assert!(
                    links == expected,
                    "case {n}, {threads} threads: the links differ"
                );
            }
        }
    }
}
