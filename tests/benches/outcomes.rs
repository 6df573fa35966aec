//! Outcomes benchmark (not a test; figures printed, no timing asserts).
//!
//! 1. **Data.** A seeded, realistic deployment (`tests::outcomes_bench::data`): one ICB, 5 PCNs,
//!    30 practices (created through the real API), 8 roles from the role list, PHQ-9, GAD-7,
//!    ONS4, SWEMWBS, FFT and GAS; patients with episodes (a baseline and 0-3 later responses days
//!    to months apart, some with explicit time points, about 1% corrected), anonymous FFT, over
//!    three years, with demographic snapshots (age band, stated sex, gender identity, ethnic
//!    category, IMD 2019 decile). Every record is validated and scored by `shared`.
//! 2. **Writing N responses into the real schema.** The database is created and migrated by the
//!    real server (`tests::TestServer`, `server::db::Db::connect`). The rows the server's ingest
//!    stores (every column of `responses` that `server::db::responses::insert` writes, with the
//!    snapshot columns, the scores in `response_scores`, one `patient_demographics` row per
//!    patient) are written with multi-row INSERTs (400 responses, 2,000 scores per statement)
//!    in transactions of 50,000 responses, with the secondary indexes of those tables dropped
//!    first and created again from their own definitions afterwards (a bulk load; the final
//!    schema is the migrated one); sync batches are numbered as 100-record batches and
//!    the feed counter is moved past them. Then the rollups are rebuilt from the rows by the
//!    server's own `server::rollups::rebuild` (what `server rebuild-rollups` runs).
//! 3. **Five evaluator queries** through the real outcomes endpoint, signed in as an evaluator at
//!    the ICB, each run K times, beside the naive full-scan SQL of the same figures
//!    (`tests::outcomes_bench::queries`) run K times in the same run: p50 and p95.
//! 4. **Ingest rate.** Fresh servers: the next records of the stream, in the order they were
//!    recorded, sent through real sync batches of 100 (each practice's tablet), beside a raw
//!    batched insert of the same rows (one transaction per batch, multi-row INSERTs), on the
//!    same backend: responses/s and the ratio.
//!
//! Sizes: `PROM_BENCH_RESPONSES` (default 20,000), `PROM_BENCH_RUNS` (K, default 20),
//! `PROM_BENCH_INGEST` (default N/4, at most 10,000); PostgreSQL when `PROM_TEST_POSTGRES` is
//! set (as for the tests). `PROM_BENCH_KEEP_DB=<file>` keeps a copy of the loaded SQLite
//! database (to recompute the figures independently); `PROM_BENCH_REBUILD=0` skips the rollup
//! rebuild (a development aid: the endpoint then has no cells to read). `cargo xtask bench` runs the small size; `cargo xtask bench --full`
//! runs 1M and 10M on SQLite and 1M on PostgreSQL.

use std::time::{Duration, Instant};
use tests::TestServer;
use tests::outcomes_bench::data::{Generator, PRACTICES};
use tests::outcomes_bench::deployment::Deployment;
use tests::outcomes_bench::disk::{megabytes, sizes};
use tests::outcomes_bench::ingest::{batches, raw_insert, through_sync};
use tests::outcomes_bench::queries::{
    Latency, call_endpoint, run_naive, time_runs, typical_queries,
};
use tests::outcomes_bench::setting;
use tests::outcomes_bench::write::{
    RESPONSES_PER_STATEMENT, Rows, SCORES_PER_STATEMENT, SecondaryIndexes, advance_feed_counter,
};

/// The data's seed: the same N responses on every run and machine.
const SEED: u64 = 20_261_201;
/// Responses per transaction of the bulk write.
const PER_TRANSACTION: usize = 50_000;
/// A naive query whose first run takes longer than this is not repeated.
const NAIVE_REPEAT_UNDER: Duration = Duration::from_secs(10);
/// Records per sync batch (as `shared::sync` plans them).
const BATCH: usize = shared::sync::DEFAULT_BATCH_SIZE;

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a long run is, on stderr (the figures go to stdout).
fn progress(began: Instant, what: &str) {
    eprintln!("[{:.0} s] {what}", began.elapsed().as_secs_f64());
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let began = Instant::now();
    let responses = setting("PROM_BENCH_RESPONSES", 20_000);
    let runs = setting("PROM_BENCH_RUNS", 20).max(1);
    let ingested = setting("PROM_BENCH_INGEST", (responses / 4).clamp(1, 10_000));

    let server = TestServer::start().await;
    let backend = server.db.backend();
    let deployment = Deployment::create(&server).await;
    println!(
        "outcomes benchmark: {} responses on {backend} (seed {SEED}); 1 ICB, 5 PCNs, {PRACTICES} practices, 8 roles",
        thousands(responses as u64)
    );

    // 1-2. Generate and write.
    progress(began, "generating and writing");
    let mut generator = Generator::new(SEED);
    let (mut generating, mut writing) = (Duration::ZERO, Duration::ZERO);
    let mut written = 0;
    let mut last_feed_seq = 1;
    let started = Instant::now();
    let indexes = SecondaryIndexes::drop_all(&server.db)
        .await
        .expect("the secondary indexes drop");
    let dropped = indexes.len();
    writing += started.elapsed();
    while written < responses {
        let started = Instant::now();
        let chunk = generator.take_chunk(PER_TRANSACTION.min(responses - written));
        let rows = Rows::new(&chunk, &deployment.uploaders, last_feed_seq + 1, BATCH);
        generating += started.elapsed();
        let started = Instant::now();
        let mut tx = server.db.begin().await.expect("a transaction");
        rows.insert(&mut tx, true).await.expect("the rows insert");
        tx.commit().await.expect("the chunk commits");
        writing += started.elapsed();
        written += rows.responses();
        last_feed_seq = rows.last_feed_seq().unwrap_or(last_feed_seq);
    }
    let started = Instant::now();
    indexes
        .create_all(&server.db)
        .await
        .expect("the secondary indexes are created again");
    let indexing = started.elapsed();
    writing += indexing;
    advance_feed_counter(&server.db, last_feed_seq)
        .await
        .expect("the feed counter moves");
    let tally = generator.tally;
    println!(
        "  data: {} patients, {} responses ({} with a time point, {} corrections, {} anonymous FFT), {} scores",
        thousands(tally.patients),
        thousands(tally.responses),
        thousands(tally.with_time_point),
        thousands(tally.corrections),
        thousands(tally.anonymous),
        thousands(tally.scores),
    );
    println!(
        "  generate, validate and score (shared): {:.2} s",
        generating.as_secs_f64()
    );
    println!(
        "  write into the real schema: {:.2} s ({} responses/s): multi-row INSERTs ({RESPONSES_PER_STATEMENT} responses, {SCORES_PER_STATEMENT} scores per statement), {} responses per transaction",
        writing.as_secs_f64(),
        thousands((responses as f64 / writing.as_secs_f64()) as u64),
        thousands(PER_TRANSACTION as u64),
    );
    println!(
        "    (the {dropped} secondary indexes of those tables dropped first and created again after the load: {:.2} s of it)",
        indexing.as_secs_f64()
    );
    if setting("PROM_BENCH_REBUILD", 1) == 0 {
        println!("  rebuild rollups: skipped (PROM_BENCH_REBUILD=0; the endpoint has no cells)");
    } else {
        progress(began, "rebuilding the rollups");
        let (took, summary) = rebuild_rollups(&server.db).await;
        println!(
            "  rebuild rollups (server::rollups::rebuild): {:.2} s ({:.2} s reading and computing, {:.2} s writing), {} cells from {} responses",
            took.as_secs_f64(),
            summary.compute.as_secs_f64(),
            summary.write.as_secs_f64(),
            thousands(summary.cells),
            thousands(summary.responses),
        );
    }
    let (total, parts) = sizes(&server.db, &server.database).await;
    println!("  size on disk: {}", megabytes(total));
    if !parts.is_empty() {
        let parts: Vec<String> = parts
            .iter()
            .map(|(what, bytes)| format!("{what} {}", megabytes(*bytes)))
            .collect();
        println!("    largest parts: {}", parts.join(", "));
    }
    if let Ok(path) = std::env::var("PROM_BENCH_KEEP_DB") {
        keep_database(&server.db, &path).await;
    }

    // 3. The five evaluator queries, K times each way.
    progress(began, "querying");
    let practice = &deployment.uploaders.practices[0].0;
    let client = reqwest::Client::new();
    println!("  evaluator queries ({runs} runs each way; evaluator at the ICB):");
    println!(
        "    {:<38} {:>22} {:>22}",
        "query", "endpoint p50 / p95", "naive SQL p50 / p95"
    );
    for query in typical_queries(backend, &deployment.icb, practice) {
        let (status, body) = call_endpoint(
            &client,
            &server.base_url,
            &deployment.evaluator_token,
            &query,
        )
        .await;
        let endpoint = if status == 200 {
            let latency = time_runs(runs, || async {
                let (status, _) = call_endpoint(
                    &client,
                    &server.base_url,
                    &deployment.evaluator_token,
                    &query,
                )
                .await;
                assert_eq!(status, 200, "{} answers", query.name);
            })
            .await;
            format!("{} / {}", ms(latency.p50), ms(latency.p95))
        } else if status == 404 {
            "not on this build (404)".to_owned()
        } else {
            // Until the query matches the endpoint's parameters: say what it answered.
            let message: String = body.chars().take(60).collect();
            format!("HTTP {status}: {message}")
        };
        let started = Instant::now();
        let groups = run_naive(&server.db, &query)
            .await
            .expect("the naive SQL runs");
        let first = started.elapsed();
        // A naive scan of many seconds (10M rows) is timed once: its p50 and p95 are that run.
        let naive = if first > NAIVE_REPEAT_UNDER {
            format!("{} (1 run)", ms(first))
        } else {
            let latency: Latency = time_runs(runs, || async {
                run_naive(&server.db, &query)
                    .await
                    .expect("the naive SQL runs");
            })
            .await;
            format!("{} / {}", ms(latency.p50), ms(latency.p95))
        };
        println!(
            "    {:<38} {:>22} {:>22}  ({groups} groups by SQL)",
            query.name, endpoint, naive,
        );
    }
    // The old endpoint, for reference: a slow first answer (a full scan) is not repeated.
    let call_legacy = || async {
        let response = client
            .get(server.url("/api/v1/aggregates?group_by=role,domain"))
            .bearer_auth(&deployment.evaluator_token)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status().as_u16(), 200, "aggregates answer");
        response.bytes().await.expect("a body");
    };
    let started = Instant::now();
    call_legacy().await;
    let first = started.elapsed();
    let legacy = if first > Duration::from_secs(2) {
        format!("{} (1 run)", ms(first))
    } else {
        let latency = time_runs(runs, call_legacy).await;
        format!("{} / {}", ms(latency.p50), ms(latency.p95))
    };
    println!(
        "    {:<38} {:>22}",
        "(old) /aggregates?group_by=role,domain", legacy
    );

    // 4. Ingest rate: real sync beside a raw batched insert of the same rows.
    progress(began, "ingesting");
    let ingest_server = TestServer::start().await;
    let ingest_deployment = Deployment::create(&ingest_server).await;
    let raw_target = TestServer::start().await;
    let mut records = Generator::new(SEED + 1).take_chunk(ingested);
    // Tablets upload their work in the order it was done (a day's responses in a batch).
    records.sort_by_key(|g| g.record.recorded_at);
    let batches = batches(records, PRACTICES, BATCH);
    let real = through_sync(&ingest_server.base_url, &ingest_deployment, &batches).await;
    let folded_after = all_folded(&ingest_server.db).await;
    let raw = raw_insert(&raw_target.db, &ingest_deployment, &batches).await;
    println!(
        "  ingest: {} responses in {} batches of up to {BATCH} (each practice's, in the order recorded), each into an empty database",
        thousands(real.responses as u64),
        batches.len()
    );
    println!(
        "    real ingest (POST /api/v1/sync, loopback; validate, score, store): {} responses/s",
        thousands(real.per_second() as u64)
    );
    println!(
        "    raw batched insert of the same rows (responses + response_scores): {} responses/s",
        thousands(raw.per_second() as u64)
    );
    println!(
        "    ratio: {:.0}% of the raw insert rate",
        100.0 * real.per_second() / raw.per_second()
    );
    println!(
        "    rollups: folded in the background while ingest ran; every batch folded {} after the last one was acknowledged (ingest and folding together: {} responses/s)",
        ms(folded_after),
        thousands((real.responses as f64 / (real.busy + folded_after).as_secs_f64()) as u64)
    );
    println!(
        "  the benchmark took {:.0} s",
        began.elapsed().as_secs_f64()
    );
}

/// How long after now the server's background fold has folded every stored batch.
async fn all_folded(db: &server::db::Db) -> Duration {
    let started = Instant::now();
    while server::db::rollups::fold_state(db)
        .await
        .expect("the fold state reads")
        .pending()
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    started.elapsed()
}

/// Copies the loaded SQLite database to `path` (for recomputing the figures independently).
async fn keep_database(db: &server::db::Db, path: &str) {
    match db {
        server::db::Db::Sqlite(pool) => {
            let _ = std::fs::remove_file(path);
            sqlx::query("VACUUM INTO $1")
                .bind(path)
                .execute(pool)
                .await
                .expect("the database is copied");
            println!("  kept a copy of the database at {path}");
        }
        server::db::Db::Postgres(_) => {
            println!("  PROM_BENCH_KEEP_DB applies to SQLite only (use pg_dump on PostgreSQL)");
        }
    }
}

/// Rebuilds the rollup cells from the rows with the server's own rebuild (as
/// `server rebuild-rollups` does), timed.
async fn rebuild_rollups(db: &server::db::Db) -> (Duration, server::rollups::RebuildSummary) {
    let catalog = server::db::instruments::catalog(db)
        .await
        .expect("the catalog loads");
    let started = Instant::now();
    let summary = server::rollups::rebuild(db, &catalog)
        .await
        .expect("the rollups rebuild");
    (started.elapsed(), summary)
}
