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
