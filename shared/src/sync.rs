//! The pure sync planner used by the tablet (and by tests that play a tablet): which outbox
//! records go in which batch, what each acknowledgement means for the outbox, how long to wait
//! before the next attempt, what to pull, and how pulled changes update the offline cache.

use crate::api::{PatientChange, RecordResult, RecordStatus};
use crate::ids::ResponseId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Records per request: small enough to finish quickly on a poor connection.
pub const DEFAULT_BATCH_SIZE: usize = 100;

/// Where a record in the device's outbox stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OutboxState {
    /// Not yet acknowledged by the server.
    Waiting,
    /// The server refused it; it stays on the device, visible, with the reason.
    NeedsAttention { reason: String },
}

/// A waiting record offered to the planner: its id and the size of its JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub id: ResponseId,
    pub bytes: usize,
}

/// Room left in a request body for everything but the records (envelope, commas).
const ENVELOPE_BYTES: usize = 1024;

/// Picks the next batch to push from the waiting records, given oldest first: as many as fit in
/// `max_records` and in the server's body limit, in order, each id once. A record too large to fit
/// on its own still goes alone, so the server can refuse it by name instead of blocking the queue.
pub fn plan_push(
    candidates: &[Candidate],
    max_records: usize,
    max_bytes: usize,
) -> Vec<ResponseId> {
    let budget = max_bytes.saturating_sub(ENVELOPE_BYTES);
    let mut batch: Vec<ResponseId> = Vec::new();
    let mut used = 0usize;
    for candidate in candidates {
        if batch.len() >= max_records.max(1) {
            break;
        }
        if batch.contains(&candidate.id) {
            continue;
        }
        let cost = candidate.bytes + 1;
        if !batch.is_empty() && used + cost > budget {
            break;
        }
        used += cost;
        batch.push(candidate.id);
    }
    batch
}

/// How far a sync pass has got, for the progress bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Records acknowledged in this pass (stored, duplicate or refused).
    pub done: u32,
    /// Records waiting when the pass began, plus any queued since.
    pub total: u32,
}

impl Progress {
    /// Done as a fraction of the total, in `[0, 1]`.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (f64::from(self.done) / f64::from(self.total)).min(1.0)
        }
    }
}

/// What to do with the outbox after a batch was acknowledged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AckPlan {
    /// Safely on the server (stored now or earlier): remove from the outbox.
    pub remove: Vec<ResponseId>,
    /// Refused: keep, marked as needing attention, with the reason.
    pub needs_attention: Vec<(ResponseId, String)>,
    /// No usable acknowledgement: keep waiting and send again later.
    pub retry: Vec<ResponseId>,
}

/// Matches the server's per-record results to the batch that was sent. A result only counts if
/// its index and id both match what was sent at that position.
pub fn plan_acks(sent: &[ResponseId], results: &[RecordResult]) -> AckPlan {
    let mut plan = AckPlan::default();
    for (index, id) in sent.iter().enumerate() {
        let id_text = id.to_string();
        let result = results
            .iter()
            .find(|r| r.index == index && r.id.as_deref() == Some(id_text.as_str()));
        match result {
            Some(r) => match r.status {
                RecordStatus::Stored | RecordStatus::Duplicate => plan.remove.push(*id),
                RecordStatus::Conflict | RecordStatus::Rejected => {
                    let mut reason = r.reason.clone().unwrap_or_else(|| "refused".to_owned());
                    for issue in &r.issues {
                        reason.push_str(&format!("; {}: {}", issue.field, issue.message));
                    }
                    plan.needs_attention.push((*id, reason));
                }
            },
            None => plan.retry.push(*id),
        }
    }
    plan
}

/// Delay before retry number `attempt` (0 = first retry): exponential from `base_ms`, capped at
/// `cap_ms`, with "full jitter" so that many tablets coming back online do not retry in step.
/// `jitter` is a random number in `[0, 1)` supplied by the caller.
pub fn retry_delay_ms(attempt: u32, base_ms: u64, cap_ms: u64, jitter: f64) -> u64 {
    let exponential = base_ms.saturating_mul(1u64 << attempt.min(20)).min(cap_ms);
    let half = exponential / 2;
    half + ((exponential - half) as f64 * jitter.clamp(0.0, 1.0)) as u64
}

/// Where a tablet is in the server's change feed: the sequence number of the last batch it has
/// seen and, within it, the last response id. Written `"<seq>:<id>"`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub seq: i64,
    pub id: String,
}

impl Cursor {
    /// Before everything.
    pub fn start() -> Self {
        Cursor {
            seq: 0,
            id: String::new(),
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let (seq, id) = text
            .split_once(':')
            .ok_or_else(|| format!("{text:?} is not a cursor (expected <number>:<id>)"))?;
        let seq = seq
            .parse::<i64>()
            .map_err(|_| format!("{text:?} is not a cursor (expected <number>:<id>)"))?;
        if seq < 0 || id.len() > 64 {
            return Err(format!("{text:?} is not a cursor"));
        }
        Ok(Cursor {
            seq,
            id: id.to_owned(),
        })
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.id)
    }
}

/// How long the instrument list and the change feed stay fresh before the tablet pulls again.
pub const PULL_EVERY_MS: u64 = 15 * 60 * 1000;

/// What a tablet should pull now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullPlan {
    /// Refresh the instrument list.
    pub instruments: bool,
    /// Pull changes after this cursor (`None`: not due).
    pub changes_after: Option<Cursor>,
}

/// Decides what to pull, given when each feed was last pulled (milliseconds since 1970) and the
/// stored cursor. Everything is pulled at first use; afterwards each feed when it is older than
/// [`PULL_EVERY_MS`]. `forced` (a push stored something, or the page just started) pulls the
/// changes at once; the instrument list, which rarely changes, still waits until it is due.
pub fn plan_pull(
    instruments_pulled_ms: Option<u64>,
    changes_pulled_ms: Option<u64>,
    cursor: Option<&Cursor>,
    now_ms: u64,
    forced: bool,
) -> PullPlan {
    let due =
        |pulled: Option<u64>| pulled.is_none_or(|at| now_ms.saturating_sub(at) >= PULL_EVERY_MS);
    PullPlan {
        instruments: due(instruments_pulled_ms),
        changes_after: (forced || due(changes_pulled_ms))
            .then(|| cursor.cloned().unwrap_or_else(Cursor::start)),
    }
}

/// The offline cache of earlier responses: patient key -> responses, oldest first.
pub type History = BTreeMap<String, Vec<PatientChange>>;

/// Applies pulled changes to the cache: each response once (a re-pulled one replaces its copy),
/// a correction replaces the response it supersedes, and each patient's list stays in time order.
pub fn merge_changes(history: &mut History, changes: &[PatientChange]) {
    for change in changes {
        let list = history.entry(change.patient.clone()).or_default();
        list.retain(|c| {
            c.response_id != change.response_id
                && change.supersedes.as_deref() != Some(c.response_id.as_str())
        });
        if !list
            .iter()
            .any(|c| c.supersedes.as_deref() == Some(change.response_id.as_str()))
        {
            list.push(change.clone());
        }
        list.sort_by(|a, b| {
            a.recorded_at
                .cmp(&b.recorded_at)
                .then_with(|| a.response_id.cmp(&b.response_id))
        });
    }
}
