//! The pure sync planner used by the tablet (and by tests that play a tablet): which outbox
//! records go in which batch, what each acknowledgement means for the outbox, and how long to wait
//! before the next attempt.

use crate::api::{RecordResult, RecordStatus};
use crate::ids::ResponseId;
use serde::{Deserialize, Serialize};

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

/// Splits the waiting records, oldest first as given, into batches of at most `batch_size`.
pub fn plan_batches(waiting: &[ResponseId], batch_size: usize) -> Vec<Vec<ResponseId>> {
    waiting
        .chunks(batch_size.max(1))
        .map(<[ResponseId]>::to_vec)
        .collect()
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
