//! The ingest-rate comparison: the same generated records through the real ingest (sync batches
//! over loopback, each practice's tablet sending its own) and as a raw batched insert of the same
//! rows (one transaction and one multi-row INSERT per table per batch, same batch size).

use super::data::Generated;
use super::deployment::Deployment;
use super::write::Rows;
use server::db::Db;
use std::time::{Duration, Instant};

/// Records grouped as tablets send them: per practice, in batches of at most `size`, in the
/// order they fill up (the remainders last).
pub fn batches(generated: Vec<Generated>, practices: usize, size: usize) -> Vec<Vec<Generated>> {
    let mut open: Vec<Vec<Generated>> = (0..practices).map(|_| Vec::new()).collect();
    let mut full = Vec::new();
    for g in generated {
        let practice = g.practice;
        open[practice].push(g);
        if open[practice].len() == size {
            full.push(std::mem::take(&mut open[practice]));
        }
    }
    full.extend(open.into_iter().filter(|batch| !batch.is_empty()));
    full
}

/// How long a run of batches took.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub responses: usize,
    /// The time spent in requests (or in transactions), summed.
    pub busy: Duration,
}

impl Rate {
    pub fn per_second(&self) -> f64 {
        self.responses as f64 / self.busy.as_secs_f64()
    }
}

/// Sends every batch through `POST /api/v1/sync` with its practice's tablet credential, one
/// request at a time, and checks that every record was stored.
pub async fn through_sync(
    base_url: &str,
    deployment: &Deployment,
    batches: &[Vec<Generated>],
) -> Rate {
    let client = reqwest::Client::new();
    let mut busy = Duration::ZERO;
    let mut responses = 0;
    for batch in batches {
        let body = serde_json::json!({
            "protocol_version": 1,
            "records": batch.iter().map(|g| &g.json).collect::<Vec<_>>(),
        });
        let credential = &deployment.credentials[batch[0].practice];
        let started = Instant::now();
        let response = client
            .post(format!("{base_url}/api/v1/sync"))
            .bearer_auth(credential)
            .json(&body)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let answer: shared::api::SyncResponse = response.json().await.expect("a sync answer");
        busy += started.elapsed();
        assert_eq!(status, 200, "the batch is stored");
        assert_eq!(
            answer.count(shared::api::RecordStatus::Stored),
            batch.len(),
            "every record of the batch is stored"
        );
        responses += batch.len();
    }
    Rate { responses, busy }
}

/// Inserts the rows the server would store for every batch straight into `db`: per batch one
/// transaction with multi-row INSERTs into `responses` and `response_scores`. The rows are
/// prepared before the clock starts.
pub async fn raw_insert(db: &Db, deployment: &Deployment, batches: &[Vec<Generated>]) -> Rate {
    let rows: Vec<Rows> = batches
        .iter()
        .enumerate()
        .map(|(n, batch)| Rows::new(batch, &deployment.uploaders, n as i64 + 2, batch.len()))
        .collect();
    let mut busy = Duration::ZERO;
    let mut responses = 0;
    for batch in &rows {
        let started = Instant::now();
        let mut tx = db.begin().await.expect("a transaction");
        batch.insert(&mut tx, false).await.expect("the rows insert");
        tx.commit().await.expect("the batch commits");
        busy += started.elapsed();
        responses += batch.responses();
    }
    Rate { responses, busy }
}
