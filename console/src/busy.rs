//! Whether the page on show has settled: no API call or action of the console is running and
//! what they changed has rendered. `<main>` carries it as `data-settled`, which the browser
//! tests wait for instead of sleeping.

use leptos::prelude::*;
use std::future::Future;

/// The number of pieces of work running; provided as context by the root.
#[derive(Debug, Clone, Copy)]
pub struct Busy(RwSignal<u32>);

impl Busy {
    pub fn new() -> Self {
        Self(RwSignal::new(0))
    }

    pub fn current() -> Self {
        expect_context::<Busy>()
    }

    pub fn settled(self) -> bool {
        self.0.get() == 0
    }

    /// Counts `work` as running from this call (not from its first poll) until it is done and
    /// the renders it caused have run, so a page is never settled before its loads start.
    pub fn track<F: Future + 'static>(self, work: F) -> impl Future<Output = F::Output> {
        self.0.update(|n| *n += 1);
        let guard = Guard(self);
        async move {
            let output = work.await;
            crate::browser::sleep_ms(0).await;
            drop(guard);
            output
        }
    }

    /// Runs `work` in the background, tracked.
    pub fn spawn(self, work: impl Future<Output = ()> + 'static) {
        leptos::task::spawn_local(self.track(work));
    }
}

impl Default for Busy {
    fn default() -> Self {
        Self::new()
    }
}

/// Releases one count when dropped (also when the work is dropped unfinished).
struct Guard(Busy);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.0.try_update(|n| *n = n.saturating_sub(1));
    }
}
