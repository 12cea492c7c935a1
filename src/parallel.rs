//! Two-way data parallelism on plain scoped threads (the machines gatewright runs on in CI have
//! two cores). Not rayon's pool: `check` already runs files on that pool, and a pool job waiting
//! for pool jobs could wait forever.

use std::ops::Range;

/// From this many items on, a second thread pays for itself.
pub(crate) const SPLIT_AT: usize = 4096;

/// `f` over `0..n` in two halves, the second on another thread when `n >= SPLIT_AT`; the results
/// in order (one or two of them). A panic on the other thread is re-raised here.
pub(crate) fn halves<T: Send>(n: usize, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    if n < SPLIT_AT {
        return vec![f(0..n)];
    }
    let mid = n / 2;
    std::thread::scope(|s| {
        let second = s.spawn(|| f(mid..n));
        let first = f(0..mid);
        let second = second.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        vec![first, second]
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn halves_cover_the_range_in_order() {
        for n in [0, 1, super::SPLIT_AT - 1, super::SPLIT_AT, 10_001] {
            let parts = super::halves(n, |r| r.collect::<Vec<_>>());
            assert_eq!(parts.concat(), (0..n).collect::<Vec<_>>());
        }
    }
}
