//! Background sync of the outbox: runs on start, whenever the browser comes back online, after
//! each completed questionnaire, and on a timer with exponential backoff while the server is
//! unreachable. A failed push leaves the outbox untouched; being offline is a state, not an error.
//! Records are read (unsealed) only while the app is unlocked, so a locked tablet waits. After a
//! push the tablet pulls what it needs for offline work (see [`pull`]). Everything here uses the
//! database handle opened at start.

pub mod client;
pub mod pull;

use crate::platform;
use crate::reactive::set_if_changed;
use crate::store::{StoreError, outbox, settings};
use crate::vault;
use client::PushError;
use leptos::prelude::*;
use rexie::Rexie;
use shared::ResponseId;
use shared::api::MAX_BODY_BYTES;
use shared::sync::{Candidate, DEFAULT_BATCH_SIZE, Progress, plan_acks, plan_push, retry_delay_ms};
use std::cell::Cell;
use std::rc::Rc;

/// Poll interval while everything is sent and the server is reachable.
const IDLE_POLL_MS: u64 = 30_000;
/// First retry delay after a failure, doubling up to [`RETRY_CAP_MS`].
const RETRY_BASE_MS: u64 = 2_000;
const RETRY_CAP_MS: u64 = 30_000;

/// What the user sees about sync, always on screen.
#[derive(Debug, Clone, Copy)]
pub struct SyncStatus {
    pub waiting: RwSignal<u32>,
    /// When the oldest waiting response was queued.
    pub oldest_waiting: RwSignal<Option<String>>,
    pub needs_attention: RwSignal<u32>,
    /// Set while a pass is sending, for the progress bar.
    pub progress: RwSignal<Option<Progress>>,
    pub syncing: RwSignal<bool>,
    pub reachable: RwSignal<Option<bool>>,
    pub last_success: RwSignal<Option<String>>,
    pub problem: RwSignal<Option<String>>,
}

impl SyncStatus {
    pub fn new() -> Self {
        Self {
            waiting: RwSignal::new(0),
            oldest_waiting: RwSignal::new(None),
            needs_attention: RwSignal::new(0),
            progress: RwSignal::new(None),
            syncing: RwSignal::new(false),
            reachable: RwSignal::new(None),
            last_success: RwSignal::new(None),
            problem: RwSignal::new(None),
        }
    }
}

impl Default for SyncStatus {
    fn default() -> Self {
        Self::new()
    }
}

thread_local! {
    /// One sync at a time per page.
    static IN_FLIGHT: Cell<bool> = const { Cell::new(false) };
    /// Whether this page has pulled since it started (the first pull is always forced).
    static PULLED: Cell<bool> = const { Cell::new(false) };
    /// Set when a push stored something, so the next pull runs at once.
    static STORED_SINCE_PULL: Cell<bool> = const { Cell::new(false) };
}

/// Starts the background loop and the `online` trigger. Call once.
pub fn start(status: SyncStatus, db: Rc<Rexie>) {
    {
        let db = Rc::clone(&db);
        platform::on_window_event("online", move || trigger(status, Rc::clone(&db)));
    }
    leptos::task::spawn_local(async move {
        let mut failures: u32 = 0;
        loop {
            let delay = match sync_now(status, &db).await {
                Ok(()) => {
                    failures = 0;
                    IDLE_POLL_MS
                }
                Err(_) => {
                    let delay = retry_delay_ms(
                        failures,
                        RETRY_BASE_MS,
                        RETRY_CAP_MS,
                        platform::random_unit(),
                    );
                    failures = failures.saturating_add(1);
                    delay
                }
            };
            platform::sleep_ms(delay).await;
        }
    });
}

/// Starts a sync now in the background (if one is not already running).
pub fn trigger(status: SyncStatus, db: Rc<Rexie>) {
    leptos::task::spawn_local(async move {
        let _ = sync_now(status, &db).await;
    });
}

/// Re-reads the outbox counts into the status.
pub async fn refresh_counts(status: SyncStatus, db: &Rexie) {
    if let Ok(n) = outbox::waiting_count(db).await {
        set_if_changed(status.waiting, n);
    }
    if let Ok(n) = outbox::attention_count(db).await {
        set_if_changed(status.needs_attention, n);
    }
    if let Ok(oldest) = outbox::oldest_queued_at(db).await {
        set_if_changed(status.oldest_waiting, oldest);
    }
}

/// Why a sync pass stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    Push(PushError),
    Store(StoreError),
    /// The app is locked: nothing can be unsealed to send until the PIN is given.
    Locked,
}

/// Sends the whole outbox, batch by batch, oldest first, applying each batch's acknowledgements
/// before sending the next. Returns `Ok` when nothing is left that can be sent now.
pub async fn sync_now(status: SyncStatus, db: &Rexie) -> Result<(), SyncError> {
    if IN_FLIGHT.with(|flag| flag.replace(true)) {
        return Ok(());
    }
    set_if_changed(status.syncing, true);
    let result = sync_pass(status, db).await;
    // Pulling writes sealed history: only while unlocked.
    if result.is_ok() && vault::is_unlocked() {
        pull_after_push(status, db).await;
    }
    set_if_changed(status.syncing, false);
    set_if_changed(status.progress, None);
    IN_FLIGHT.with(|flag| flag.set(false));
    match &result {
        Ok(sent) => {
            set_if_changed(status.reachable, Some(true));
            set_if_changed(status.problem, None);
            // "Last sent" tells when responses last left the tablet: a pass with nothing to
            // send changes nothing there.
            if *sent > 0 {
                status.last_success.set(Some(platform::now_text()));
            }
        }
        Err(SyncError::Push(PushError::Unreachable)) => {
            set_if_changed(status.reachable, Some(false));
            set_if_changed(status.problem, None);
        }
        Err(SyncError::Push(PushError::TooLarge)) => {
            set_if_changed(
                status.problem,
                Some("A response is too large to send.".to_owned()),
            );
        }
        Err(SyncError::Push(PushError::Server(message) | PushError::NotEnrolled(message))) => {
            set_if_changed(status.reachable, Some(true));
            set_if_changed(status.problem, Some(message.clone()));
        }
        Err(SyncError::Store(error)) => set_if_changed(status.problem, Some(error.to_string())),
        Err(SyncError::Locked) => set_if_changed(status.problem, None),
    }
    result.map(|_| ())
}

/// Pulls changes and caseload keys; a failure only shows as a problem and is retried next time.
async fn pull_after_push(status: SyncStatus, db: &Rexie) {
    let Ok(Some(enrolment)) = settings::enrolment(db).await else {
        return;
    };
    let forced = !PULLED.with(Cell::get) || STORED_SINCE_PULL.with(Cell::get);
    match pull::pull(db, &platform::origin(), &enrolment.credential, forced).await {
        Ok(()) => {
            PULLED.with(|p| p.set(true));
            STORED_SINCE_PULL.with(|s| s.set(false));
        }
        Err(message) => set_if_changed(
            status.problem,
            Some(format!("Earlier scores could not be updated: {message}")),
        ),
    }
}

/// Fetches the server's public sealing key once (it is public, and kept in the clear).
async fn ensure_sealing_key(db: &Rexie, base_url: &str, credential: &str) {
    if matches!(settings::sealing_key(db).await, Ok(Some(_))) {
        return;
    }
    if let Ok(key) = client::fetch_sealing_key(base_url, credential).await {
        let _ = settings::set_sealing_key(db, &key).await;
    }
}

/// How many waiting entries a locked pass looks through for ones sealed to the server.
const LOCKED_SCAN: u32 = 5_000;

/// While locked: sends the waiting records that were sealed to the server's key, batch by
/// batch, applying each batch's acknowledgements (which needs no data key). Anything queued
/// before the key was known waits for the PIN.
async fn send_sealed(
    status: SyncStatus,
    db: &Rexie,
    base_url: &str,
    credential: &str,
    mut progress: Progress,
) -> Result<u32, SyncError> {
    loop {
        let entries = outbox::oldest(db, LOCKED_SCAN)
            .await
            .map_err(SyncError::Store)?;
        let sealed: Vec<(
            ResponseId,
            outbox::OutboxEntry,
            shared::api::SealedRecord,
            usize,
        )> = entries
            .into_iter()
            .filter_map(|entry| {
                let id = ResponseId::parse(&entry.id).ok()?;
                let record = entry.sealed_for_server()?;
                let bytes = entry.for_server.as_ref().map_or(0, String::len);
                Some((id, entry, record, bytes))
            })
            .collect();
        if sealed.is_empty() {
            refresh_counts(status, db).await;
            return if status.waiting.get_untracked() > 0 {
                Err(SyncError::Locked)
            } else {
                Ok(progress.done)
            };
        }
        let candidates: Vec<Candidate> = sealed
            .iter()
            .map(|(id, _, _, bytes)| Candidate {
                id: *id,
                bytes: *bytes,
            })
            .collect();
        let ids = plan_push(&candidates, DEFAULT_BATCH_SIZE, MAX_BODY_BYTES);
        let (batch, records): (Vec<outbox::OutboxEntry>, Vec<shared::api::SealedRecord>) = sealed
            .into_iter()
            .filter(|(id, _, _, _)| ids.contains(id))
            .map(|(_, entry, record, _)| (entry, record))
            .unzip();
        progress.total = progress.done + status.waiting.get_untracked();
        set_if_changed(status.progress, Some(progress));
        let answer = client::push_sealed(base_url, credential, records)
            .await
            .map_err(SyncError::Push)?;
        let plan = plan_acks(&ids, &answer.results);
        outbox::apply_acks(db, &batch, &plan.remove, &plan.needs_attention)
            .await
            .map_err(SyncError::Store)?;
        if !plan.remove.is_empty() {
            STORED_SINCE_PULL.with(|s| s.set(true));
        }
        let acknowledged = plan.remove.len() + plan.needs_attention.len();
        progress.done += u32::try_from(acknowledged).unwrap_or(u32::MAX);
        refresh_counts(status, db).await;
        if acknowledged == 0 {
            return Err(SyncError::Push(PushError::Server(
                "the server did not acknowledge any record; will retry".to_owned(),
            )));
        }
    }
}

/// Returns how many records the server acknowledged in this pass.
async fn sync_pass(status: SyncStatus, db: &Rexie) -> Result<u32, SyncError> {
    let base_url = platform::origin();
    let enrolment = settings::enrolment(db).await.map_err(SyncError::Store)?;
    if let Some(enrolment) = &enrolment {
        ensure_sealing_key(db, &base_url, &enrolment.credential).await;
    }
    let mut max_records = DEFAULT_BATCH_SIZE;
    let mut progress = Progress::default();
    loop {
        refresh_counts(status, db).await;
        let waiting = status.waiting.get_untracked();
        if waiting == 0 {
            return Ok(progress.done);
        }
        let Some(enrolment) = &enrolment else {
            return Err(SyncError::Push(PushError::NotEnrolled(
                "This tablet is not enrolled yet: enter the enrolment code from your admin in Settings. \
                 Responses stay safely on the tablet until then."
                    .to_owned(),
            )));
        };
        if !vault::is_unlocked() {
            // Locked: what was sealed to the server at finish time can still go.
            return send_sealed(status, db, &base_url, &enrolment.credential, progress).await;
        }
        progress.total = progress.done + waiting;
        set_if_changed(status.progress, Some(progress));

        let entries = outbox::oldest(db, u32::try_from(max_records).unwrap_or(100))
            .await
            .map_err(SyncError::Store)?;
        let mut opened: Vec<(ResponseId, outbox::OutboxEntry, String)> = Vec::new();
        let mut unreadable: Vec<outbox::OutboxEntry> = Vec::new();
        let mut reasons: Vec<(ResponseId, String)> = Vec::new();
        for entry in entries {
            let Ok(id) = ResponseId::parse(&entry.id) else {
                continue;
            };
            match entry.open().await {
                Ok(text) => opened.push((id, entry, text)),
                // A record that fails its integrity check is set aside, visibly, not sent.
                Err(_) if !vault::is_unlocked() => return Err(SyncError::Locked),
                Err(error) => {
                    reasons.push((id, error.to_string()));
                    unreadable.push(entry);
                }
            }
        }
        if !unreadable.is_empty() {
            outbox::apply_acks(db, &unreadable, &[], &reasons)
                .await
                .map_err(SyncError::Store)?;
        }
        let candidates: Vec<Candidate> = opened
            .iter()
            .map(|(id, _, text)| Candidate {
                id: *id,
                bytes: text.len(),
            })
            .collect();
        let ids = plan_push(&candidates, max_records, MAX_BODY_BYTES);
        if ids.is_empty() {
            continue;
        }
        // The planner keeps the outbox order and drops repeats, so the batch is the opened
        // entries it chose, in order.
        let (batch, records): (Vec<outbox::OutboxEntry>, Vec<String>) = opened
            .into_iter()
            .filter(|(id, _, _)| ids.contains(id))
            .map(|(_, entry, text)| (entry, text))
            .unzip();
        let answer = match client::push(&base_url, &enrolment.credential, &records).await {
            Ok(answer) => answer,
            // Still too large for the server: halve the batch; a single record that is still
            // too large is set aside with the reason, so it cannot block the rest of the outbox.
            Err(PushError::TooLarge) if ids.len() > 1 => {
                max_records = (ids.len() / 2).max(1);
                continue;
            }
            Err(PushError::TooLarge) => {
                let reason = "This response is too large for the server to accept; it is kept on the tablet.".to_owned();
                outbox::apply_acks(db, &batch, &[], &[(ids[0], reason)])
                    .await
                    .map_err(SyncError::Store)?;
                continue;
            }
            Err(error) => return Err(SyncError::Push(error)),
        };
        let plan = plan_acks(&ids, &answer.results);
        outbox::apply_acks(db, &batch, &plan.remove, &plan.needs_attention)
            .await
            .map_err(SyncError::Store)?;
        if !plan.remove.is_empty() {
            STORED_SINCE_PULL.with(|s| s.set(true));
        }
        let acknowledged = plan.remove.len() + plan.needs_attention.len();
        progress.done += u32::try_from(acknowledged).unwrap_or(u32::MAX);
        if acknowledged == 0 {
            refresh_counts(status, db).await;
            return Err(SyncError::Push(PushError::Server(
                "the server did not acknowledge any record; will retry".to_owned(),
            )));
        }
    }
}
