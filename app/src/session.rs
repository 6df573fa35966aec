//! The unlocked session: it starts when the PIN or passphrase is given and ends when the
//! practitioner locks the tablet or it has not been touched for the configured number of minutes
//! (10 unless changed in Settings). Ending it forgets the data key and leaves the screen.

use crate::state::{AppContext, Screen};
use crate::{platform, vault};
use leptos::prelude::*;
use std::cell::Cell;

/// How often the inactivity lock looks at the clock.
const CHECK_EVERY_MS: u64 = 5_000;

thread_local! {
    /// When the user last touched or typed, in milliseconds since 1970.
    static LAST_ACTIVITY_MS: Cell<f64> = const { Cell::new(0.0) };
}

fn touch() {
    LAST_ACTIVITY_MS.with(|last| last.set(js_sys::Date::now()));
}

/// True when `idle_ms` of inactivity reach the lock delay of `minutes`.
pub fn idle_long_enough(idle_ms: f64, minutes: u32) -> bool {
    idle_ms >= f64::from(minutes) * 60_000.0
}

/// Watches for activity and locks after the configured inactivity. Call once.
pub fn start(context: &AppContext) {
    touch();
    for event in ["pointerdown", "keydown", "touchstart", "wheel"] {
        platform::on_window_event(event, touch);
    }
    let context = context.clone();
    leptos::task::spawn_local(async move {
        loop {
            platform::sleep_ms(CHECK_EVERY_MS).await;
            let idle = js_sys::Date::now() - LAST_ACTIVITY_MS.with(Cell::get);
            if vault::is_unlocked() && idle_long_enough(idle, context.lock_minutes.get_untracked())
            {
                lock(&context);
            }
        }
    });
}

/// Locks now: the data key is forgotten and the screen replaced by the unlock prompt (or, while a
/// patient holds the tablet, by the kiosk lock screen).
/// A questionnaire in progress is kept as a draft and resumed after the unlock.
pub fn lock(context: &AppContext) {
    vault::lock();
    let then = match context.open_draft.get_untracked() {
        Some((instrument_id, review_of, draft)) => Screen::Questionnaire {
            instrument_id,
            review_of,
            draft: Some(draft),
        },
        None => Screen::Home,
    };
    context.navigate(if context.kiosk.get_untracked() {
        Screen::Locked
    } else {
        Screen::Unlock {
            then: Box::new(then),
        }
    });
}

/// The PIN was right: go on to `then` and send anything waiting.
pub fn unlocked(context: &AppContext, then: Screen) {
    touch();
    context.navigate(then);
    context.trigger_sync();
}
