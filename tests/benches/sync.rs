//! Sync benchmark (not a test): 10,000 responses queued on a simulated tablet are synced over
//! loopback to a real server on SQLite, batched by the app's own planner. Prints the time from
//! the first request to the last record stored, the server's ingest rate, and request latencies.
//! Run with `cargo xtask bench` (release build); `cargo xtask test` runs it last.

use std::time::{Duration, Instant};
use tests::TestServer;
use tests::device::{Device, assert_same_set, stored_ids};
use tests::records::{ROLE, ons4};

const RESPONSES: usize = 10_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let server = TestServer::start().await;
    let device = Device::new(&server.device_token);
    for n in 0..RESPONSES {
        device.queue(&ons4(ROLE, [(n % 11) as i64, (n % 7) as i64, 5, 3]));
    }

    let started = Instant::now();
    let failed = device
        .sync_until_empty(&server.base_url, Duration::from_millis(100), 3)
        .await;
    let elapsed = started.elapsed();
    assert_eq!(failed, 0, "no pass failed on loopback");
    // The figures only count if every response arrived exactly once.
    assert_same_set(&stored_ids(&server.db).await, &device.created());

    let mut times = device.request_times();
    times.sort();
    let in_requests: Duration = times.iter().sum();
    let seconds = elapsed.as_secs_f64();
    println!("sync benchmark: {RESPONSES} ONS4 responses, SQLite, loopback");
    println!(
        "  device to stored:      {seconds:.2} s ({:.0} responses/s end to end)",
        RESPONSES as f64 / seconds
    );
    println!(
        "  server ingest rate:    {:.0} responses/s (validate, score, store; time inside requests)",
        RESPONSES as f64 / in_requests.as_secs_f64()
    );
    println!(
        "  batches:               {} of up to {} records; latency p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        times.len(),
        shared::sync::DEFAULT_BATCH_SIZE,
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3),
    );
}
