//! A counting global allocator for the benchmarks: peak heap, and the median time of a closure.
//! Time is measured with counting off (a shared counter updated by two threads at every
//! allocation would slow the very thing measured), then the peak in one more, counted, run.

use mimalloc::MiMalloc as Inner;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts live and peak heap bytes while switched on; every call is forwarded to the allocator
/// the `gatewright` binary uses (mimalloc).
pub(crate) struct Counting;
static ON: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(by: isize) {
    if ON.load(Relaxed) {
        let now = CURRENT.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the binary's allocator; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { Inner.alloc(l) };
        if !p.is_null() {
            grew(l.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { Inner.dealloc(p, l) };
        grew(-(l.size() as isize));
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { Inner.realloc(p, l, new) };
        if !q.is_null() {
            grew(new as isize - l.size() as isize);
        }
        q
    }
}

/// Median time of `f` over `runs` runs, and its peak heap (above what was live before; blocks
/// allocated before and freed during the run can only lower it) in one more run.
pub(crate) fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, usize) {
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    CURRENT.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ON.store(true, Relaxed);
    f();
    ON.store(false, Relaxed);
    (times[times.len() / 2], PEAK.load(Relaxed).max(0) as usize)
}
