//! A simulated tablet for fault and load tests: an outbox of records (as the JSON text the tablet
//! would send) synced with the same pure planner the app uses (`shared::sync`). Several sync loops
//! may share one outbox, as two tabs of one tablet do.

use shared::ResponseId;
use shared::api::{MAX_BODY_BYTES, PROTOCOL_VERSION, RecordStatus, SyncResponse};
use shared::sync::{Candidate, DEFAULT_BATCH_SIZE, plan_acks, plan_push};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One tablet's storage: what it created, what still waits, what the server refused.
#[derive(Debug, Default)]
pub struct Outbox {
    /// Every record this device created, by id (never shrinks).
    pub created: BTreeSet<String>,
    /// Waiting records in queue order: (order, id) -> JSON text.
    waiting: BTreeMap<(u64, String), String>,
    next_order: u64,
    /// Refused records with the reason.
    pub needs_attention: BTreeMap<String, String>,
    /// How often each status came back, over all sends.
    pub statuses: BTreeMap<&'static str, usize>,
    /// How long each answered request took, request sent to answer read.
    pub request_times: Vec<Duration>,
}

impl Outbox {
    /// Queues a record (a JSON object with an `id`) as finished offline.
    pub fn queue(&mut self, record: &serde_json::Value) {
        let id = record["id"]
            .as_str()
            .expect("a record has an id")
            .to_owned();
        self.created.insert(id.clone());
        self.next_order += 1;
        self.waiting
            .insert((self.next_order, id), record.to_string());
    }

    pub fn waiting_count(&self) -> usize {
        self.waiting.len()
    }

    /// The next batch, planned as the tablet plans it.
    fn next_batch(&self, max_records: usize) -> Vec<(ResponseId, String)> {
        let offered: Vec<(ResponseId, &String)> = self
            .waiting
            .iter()
            .take(max_records * 2)
            .map(|((_, id), text)| (ResponseId::parse(id).expect("a valid id"), text))
            .collect();
        let candidates: Vec<Candidate> = offered
            .iter()
            .map(|(id, text)| Candidate {
                id: *id,
                bytes: text.len(),
            })
            .collect();
        plan_push(&candidates, max_records, MAX_BODY_BYTES)
            .into_iter()
            .filter_map(|id| {
                offered
                    .iter()
                    .find(|(o, _)| *o == id)
                    .map(|(id, text)| (*id, (*text).clone()))
            })
            .collect()
    }

    fn apply(&mut self, sent: &[ResponseId], answer: &SyncResponse) -> usize {
        for result in &answer.results {
            *self.statuses.entry(status_name(result.status)).or_default() += 1;
        }
        let plan = plan_acks(sent, &answer.results);
        let settled: BTreeSet<String> = plan
            .remove
            .iter()
            .map(ToString::to_string)
            .chain(plan.needs_attention.iter().map(|(id, _)| id.to_string()))
            .collect();
        for (id, reason) in &plan.needs_attention {
            self.needs_attention.insert(id.to_string(), reason.clone());
        }
        self.waiting.retain(|(_, id), _| !settled.contains(id));
        settled.len()
    }
}

fn status_name(status: RecordStatus) -> &'static str {
    match status {
        RecordStatus::Stored => "stored",
        RecordStatus::Duplicate => "duplicate",
        RecordStatus::Conflict => "conflict",
        RecordStatus::Rejected => "rejected",
    }
}

/// A simulated tablet: a shared outbox and the credential it syncs with.
#[derive(Clone)]
pub struct Device {
    pub outbox: Arc<Mutex<Outbox>>,
    pub credential: String,
    client: reqwest::Client,
}

/// How one sync pass ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PassEnd {
    /// Nothing left to send.
    Empty,
    /// The server could not be reached or gave no acknowledgement; try again later.
    Failed(String),
}

impl Device {
    pub fn new(credential: &str) -> Self {
        Self {
            outbox: Arc::new(Mutex::new(Outbox::default())),
            credential: credential.to_owned(),
            // A fresh connection per request, as after a network change, and a short timeout.
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .timeout(Duration::from_secs(30))
                .build()
                .expect("an HTTP client"),
        }
    }

    /// Another tab of the same tablet: the same outbox, its own sync loop.
    pub fn second_tab(&self) -> Self {
        self.clone()
    }

    pub fn queue(&self, record: &serde_json::Value) {
        self.outbox.lock().unwrap().queue(record);
    }

    pub fn waiting_count(&self) -> usize {
        self.outbox.lock().unwrap().waiting_count()
    }

    pub fn created(&self) -> BTreeSet<String> {
        self.outbox.lock().unwrap().created.clone()
    }

    pub fn request_times(&self) -> Vec<Duration> {
        self.outbox.lock().unwrap().request_times.clone()
    }

    pub fn statuses(&self) -> BTreeMap<&'static str, usize> {
        self.outbox.lock().unwrap().statuses.clone()
    }

    /// Sends the outbox batch by batch until it is empty or a send fails.
    pub async fn sync_pass(&self, base_url: &str) -> PassEnd {
        loop {
            let batch = self.outbox.lock().unwrap().next_batch(DEFAULT_BATCH_SIZE);
            if batch.is_empty() {
                return PassEnd::Empty;
            }
            let ids: Vec<ResponseId> = batch.iter().map(|(id, _)| *id).collect();
            let records: Vec<serde_json::Value> = batch
                .iter()
                .map(|(_, text)| serde_json::from_str(text).expect("stored JSON"))
                .collect();
            let started = std::time::Instant::now();
            let sent = self
                .client
                .post(format!("{base_url}/api/v1/sync"))
                .bearer_auth(&self.credential)
                .json(&serde_json::json!({ "protocol_version": PROTOCOL_VERSION, "records": records }))
                .send()
                .await;
            let answer = match sent {
                Ok(response) if [200, 409, 422].contains(&response.status().as_u16()) => {
                    match response.json::<SyncResponse>().await {
                        Ok(answer) => answer,
                        Err(e) => return PassEnd::Failed(format!("unreadable answer: {e}")),
                    }
                }
                Ok(response) => return PassEnd::Failed(format!("status {}", response.status())),
                Err(e) => return PassEnd::Failed(e.to_string()),
            };
            let mut outbox = self.outbox.lock().unwrap();
            outbox.request_times.push(started.elapsed());
            let settled = outbox.apply(&ids, &answer);
            drop(outbox);
            if settled == 0 {
                return PassEnd::Failed("no record acknowledged".to_owned());
            }
        }
    }

    /// Syncs until the outbox is empty, retrying failed passes after `pause`, for at most
    /// `attempts` passes. Returns how many passes failed on the way.
    pub async fn sync_until_empty(
        &self,
        base_url: &str,
        pause: Duration,
        attempts: usize,
    ) -> usize {
        let mut failures = 0;
        for _ in 0..attempts {
            match self.sync_pass(base_url).await {
                PassEnd::Empty => return failures,
                PassEnd::Failed(_) => {
                    failures += 1;
                    tokio::time::sleep(pause).await;
                }
            }
        }
        panic!(
            "the outbox still holds {} records after {attempts} passes",
            self.waiting_count()
        );
    }
}

/// The ids stored on the server, read from its database. A response cannot be stored twice
/// under one id (it is the primary key), so a duplicate would show as an id no device created.
pub async fn stored_ids(db: &server::db::Db) -> BTreeSet<String> {
    let ids: Vec<String> =
        server::on_db!(db, pool => sqlx::query_scalar("SELECT id FROM responses")
        .fetch_all(pool)
        .await)
        .expect("the responses are readable");
    ids.into_iter().collect()
}

/// Asserts that the server holds exactly the records the devices created: nothing missing and
/// nothing else (see [`stored_ids`]).
pub fn assert_same_set(stored: &BTreeSet<String>, created: &BTreeSet<String>) {
    let missing: Vec<_> = created.difference(stored).take(5).collect();
    let extra: Vec<_> = stored.difference(created).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "server and devices differ: {} created, {} stored; missing e.g. {missing:?}, unexpected e.g. {extra:?}",
        created.len(),
        stored.len()
    );
}
