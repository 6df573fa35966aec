//! Signal helpers shared by every layer of the app.

use leptos::prelude::*;

/// Sets `signal` only when `value` differs, so nothing that reads it re-renders for nothing.
pub fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}
