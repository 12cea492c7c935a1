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

/// Items per piece for [`in_order`].
const PIECE: usize = 2048;

/// `f` over `0..n` in pieces of [`PIECE`] items, computed by two threads, each result handed to
/// `consume` on this thread in order, as soon as it and every piece before it are done: a large
/// output is written while the rest is still being computed, and at most a few pieces are held
/// at once (a thread waits rather than run more than four pieces ahead of the writer). The first
/// error of `consume` stops the work and is returned. A panic on another thread is re-raised here.
pub(crate) fn in_order<T: Send, E>(
    n: usize,
    f: impl Fn(Range<usize>) -> T + Sync,
    mut consume: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex, mpsc};
    if n < SPLIT_AT {
        return consume(f(0..n));
    }
    const AHEAD: usize = 4;
    let pieces = n.div_ceil(PIECE);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many pieces were consumed, for the threads to wait on.
    let done = (Mutex::new(0usize), Condvar::new());
    // A thread that panics stops the work, so that the other one never waits for its piece.
    struct OnPanic<'a>(&'a AtomicBool, &'a Condvar);
    impl Drop for OnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0.store(true, Ordering::Relaxed);
                self.1.notify_all();
            }
        }
    }
    let work = |tx: mpsc::Sender<(usize, T)>| {
        let _guard = OnPanic(&stop, &done.1);
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= pieces || stop.load(Ordering::Relaxed) {
                return;
            }
            {
                let mut consumed = done.0.lock().unwrap_or_else(|e| e.into_inner());
                while k >= *consumed + AHEAD && !stop.load(Ordering::Relaxed) {
                    consumed = done.1.wait(consumed).unwrap_or_else(|e| e.into_inner());
                }
            }
            let piece = f(k * PIECE..((k + 1) * PIECE).min(n));
            if tx.send((k, piece)).is_err() {
                return;
            }
        }
    };
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let tx = tx.clone();
                s.spawn(|| work(tx))
            })
            .collect();
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut want = 0;
        let mut result = Ok(());
        for (k, piece) in rx.iter() {
            waiting.insert(k, piece);
            while let Some(piece) = waiting.remove(&want) {
                want += 1;
                if result.is_ok() {
                    result = consume(piece);
                }
                if result.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                *done.0.lock().unwrap_or_else(|e| e.into_inner()) = want;
                done.1.notify_all();
            }
            if result.is_err() {
                break;
            }
        }
        drop(rx);
        for w in workers {
            w.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        }
        result
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

    #[test]
    fn in_order_hands_every_piece_over_in_order() {
        for n in [0, 1, super::SPLIT_AT - 1, super::SPLIT_AT, 10 * super::PIECE + 7] {
            let mut all = Vec::new();
            let r: Result<(), ()> = super::in_order(
                n,
                |r| r.collect::<Vec<_>>(),
                |p| {
                    all.extend(p);
                    Ok(())
                },
            );
            assert_eq!(r, Ok(()));
            assert_eq!(all, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn in_order_stops_at_the_first_error() {
        let mut seen = 0;
        let r = super::in_order(
            20 * super::PIECE,
            |r| r.start,
            |start| {
                seen += 1;
                if start >= 3 * super::PIECE { Err(start) } else { Ok(()) }
            },
        );
        assert_eq!(r, Err(3 * super::PIECE));
        assert_eq!(seen, 4);
    }

    #[test]
    fn in_order_re_raises_a_panic_instead_of_waiting() {
        let r = std::panic::catch_unwind(|| {
            super::in_order(
                20 * super::PIECE,
                |r| assert!(r.start != super::PIECE, "piece 1 fails"),
                |()| Ok::<(), ()>(()),
            )
        });
        assert!(r.is_err());
    }
}
