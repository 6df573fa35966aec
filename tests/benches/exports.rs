//! Exports benchmark (not a test; figures printed, no timing asserts).
//!
//! The outcomes benchmark's seeded deployment (`tests::outcomes_bench`: 30 practices, six
//! instruments, N responses written into the real schema, rollups rebuilt by the server's own
//! `rebuild`), then, through the real server over loopback:
//! 1. **Research rows**: `GET /admin/research/responses.csv` for every instrument (together one
//!    row per current response), read as a stream and counted, never held: time to the first
//!    byte, total time, rows and bytes per second, and the process's memory during the exports
//!    (server and client share the process): the peak of its heap (`RssAnon`, sampled), which
//!    is what the export holds, and the kernel's peak RSS (which would also count pages of the
//!    database file mapped into the process; the export's own connection maps none, see
//!    `server::db::Db::long_read`).
//! 2. **Aggregate files**: the outcomes view by organisation and month as CSV and XLSX (and
//!    the JSON answer of the same query for comparison): time, size and peak RSS.
//!
//! Size: `PROM_BENCH_RESPONSES` (default 20,000). `cargo xtask bench` runs the default size.
//! `PROM_BENCH_REBUILD=0` skips the rollup rebuild (a development aid for the research rows:
//! the aggregate files then hold no figures).

use futures::StreamExt;
use std::time::{Duration, Instant};
use tests::TestServer;
use tests::outcomes_bench::data::Generator;
use tests::outcomes_bench::deployment::Deployment;
use tests::outcomes_bench::setting;
use tests::outcomes_bench::write::{Rows, advance_feed_counter};

const SEED: u64 = 20_261_201;
const PER_TRANSACTION: usize = 50_000;
const INSTRUMENTS: [&str; 6] = ["phq9", "gad7", "ons4", "swemwbs", "fft", "gas"];

/// A line of `/proc/self/status` in kB (Linux), e.g. `VmHWM`.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What the process's memory did during one export: the peak RSS (the kernel's high-water mark,
/// which counts the pages of the database file SQLite maps, `mmap_size`), and the peak of the
/// anonymous part alone (heap: what the export itself holds), sampled every 5 ms.
struct Memory {
    rss_before: Option<u64>,
    anon_before: Option<u64>,
    anon_peak: std::sync::Arc<std::sync::atomic::AtomicU64>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    sampler: Option<std::thread::JoinHandle<()>>,
}

impl Memory {
    /// Resets the high-water mark (Linux: `clear_refs` 5) and starts sampling `RssAnon`.
    fn watch() -> Self {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let rss_before = std::fs::write("/proc/self/clear_refs", "5")
            .ok()
            .and_then(|()| status_kb("VmRSS:"));
        let anon_before = status_kb("RssAnon:");
        let anon_peak = std::sync::Arc::new(AtomicU64::new(anon_before.unwrap_or(0)));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let sampler = anon_before.map(|_| {
            let (peak, stop) = (anon_peak.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(anon) = status_kb("RssAnon:") {
                        peak.fetch_max(anon, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        });
        Memory {
            rss_before,
            anon_before,
            anon_peak,
            stop,
            sampler,
        }
    }

    /// Stops sampling and says what the memory did.
    fn report(mut self) -> String {
        use std::sync::atomic::Ordering;
        self.stop.store(true, Ordering::Relaxed);
        if let Some(sampler) = self.sampler.take() {
            let _ = sampler.join();
        }
        let mb = |kb: u64| kb as f64 / 1024.0;
        let heap = match self.anon_before {
            Some(before) => {
                let peak = self.anon_peak.load(Ordering::Relaxed);
                format!(
                    "heap (RssAnon) peak {:.0} MB, {:.1} MB above the {:.0} MB before",
                    mb(peak),
                    mb(peak.saturating_sub(before)),
                    mb(before)
                )
            }
            None => "heap not measurable".to_owned(),
        };
        let rss = match (self.rss_before, status_kb("VmHWM:")) {
            (Some(before), Some(peak)) => format!(
                "RSS with the mapped database file peak {:.0} MB, {:.1} MB above",
                mb(peak),
                mb(peak.saturating_sub(before))
            ),
            (None, Some(peak)) => format!("peak RSS of the whole run {:.0} MB", mb(peak)),
            _ => "peak RSS not available".into(),
        };
        format!("{heap}; {rss}")
    }
}

/// Streams a download, counting bytes and lines; (status, time to first byte, total, bytes, lines).
async fn stream(
    client: &reqwest::Client,
    url: &str,
    token: &str,
) -> (u16, Duration, Duration, u64, u64) {
    let started = Instant::now();
    let answer = client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("answers");
    let status = answer.status().as_u16();
    let mut first = None;
    let (mut bytes, mut lines) = (0u64, 0u64);
    let mut body = answer.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("the body arrives");
        first.get_or_insert_with(|| started.elapsed());
        bytes += chunk.len() as u64;
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
    }
    let total = started.elapsed();
    (status, first.unwrap_or(total), total, bytes, lines)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let responses = setting("PROM_BENCH_RESPONSES", 20_000);
    let server = TestServer::start().await;
    let deployment = Deployment::create(&server).await;
    println!(
        "exports benchmark: {responses} responses on {} (seed {SEED})",
        server.db.backend()
    );
    let mut generator = Generator::new(SEED);
    let mut written = 0;
    let mut last_feed_seq = 1;
    while written < responses {
        let chunk = generator.take_chunk(PER_TRANSACTION.min(responses - written));
        let rows = Rows::new(&chunk, &deployment.uploaders, last_feed_seq + 1, 100);
        let mut tx = server.db.begin().await.expect("a transaction");
        rows.insert(&mut tx, true).await.expect("the rows insert");
        tx.commit().await.expect("the chunk commits");
        written += rows.responses();
        last_feed_seq = rows.last_feed_seq().unwrap_or(last_feed_seq);
    }
    advance_feed_counter(&server.db, last_feed_seq)
        .await
        .expect("the feed counter moves");
    let catalog = server::db::instruments::catalog(&server.db)
        .await
        .expect("the catalog loads");
    if std::env::var("PROM_BENCH_REBUILD").as_deref() != Ok("0") {
        server::rollups::rebuild(&server.db, &catalog)
            .await
            .expect("the rollups rebuild");
    }

    if let (Ok(path), server::db::Db::Sqlite(pool)) =
        (std::env::var("PROM_BENCH_KEEP_DB"), &server.db)
    {
        let _ = std::fs::remove_file(&path);
        sqlx::query("VACUUM INTO $1")
            .bind(&path)
            .execute(pool)
            .await
            .expect("the database is copied");
        println!("  kept a copy of the database at {path}");
    }

    // The read alone (the database and sqlx, no encoding, no HTTP), for comparison.
    let started = Instant::now();
    let mut read_rows = 0u64;
    for instrument in INSTRUMENTS {
        let filter = server::db::research::ResearchFilter {
            root: deployment.icb.clone(),
            instrument: instrument.to_owned(),
            from: "0000-01".into(),
            to: "9999-12".into(),
        };
        let (sender, mut receiver) = tokio::sync::mpsc::channel(4);
        let db = server.db.clone();
        let reading =
            tokio::spawn(
                async move { server::db::research::send_rows(&db, &filter, &sender).await },
            );
        while let Some(page) = receiver.recv().await {
            let page = page.expect("a page of rows");
            for row in page.rows() {
                row.expect("a row unpacks");
                read_rows += 1;
            }
        }
        reading.await.expect("the read ends");
    }
    println!(
        "  research rows read alone (responses x scores): {read_rows} rows in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // 1. Research rows, streamed.
    let client = reqwest::Client::new();
    let memory = Memory::watch();
    let (mut rows, mut bytes, mut total) = (0u64, 0u64, Duration::ZERO);
    let mut first_byte = None;
    for instrument in INSTRUMENTS {
        let url = server.url(&format!(
            "/api/v1/admin/research/responses.csv?instrument={instrument}\
             &purpose=Exports%20benchmark%20run&approval=BENCH-1"
        ));
        let (status, first, took, size, lines) = stream(&client, &url, &server.admin_token).await;
        assert_eq!(status, 200, "{instrument} exports");
        first_byte.get_or_insert(first);
        rows += lines.saturating_sub(1);
        bytes += size;
        total += took;
    }
    println!(
        "  research CSV, all six instruments: {rows} rows, {:.1} MB in {:.2} s ({:.0} rows/s); first byte after {:.1} ms; {}",
        bytes as f64 / 1e6,
        total.as_secs_f64(),
        rows as f64 / total.as_secs_f64(),
        first_byte.unwrap_or_default().as_secs_f64() * 1e3,
        memory.report(),
    );

    // 2. The aggregate files of one large view.
    let query = "group_by=organisation,month";
    for (name, path) in [
        ("JSON API", format!("/api/v1/outcomes?{query}")),
        ("CSV", format!("/api/v1/outcomes/export.csv?{query}")),
        ("XLSX", format!("/api/v1/outcomes/export.xlsx?{query}")),
    ] {
        let memory = Memory::watch();
        let (status, _, took, size, lines) =
            stream(&client, &server.url(&path), &deployment.evaluator_token).await;
        assert_eq!(status, 200, "{name} answers");
        let lines = if name == "CSV" {
            format!(", {} figure rows", lines.saturating_sub(1))
        } else {
            String::new()
        };
        println!(
            "  outcomes by organisation and month as {name}: {:.1} MB in {:.1} ms{lines}; {}",
            size as f64 / 1e6,
            took.as_secs_f64() * 1e3,
            memory.report(),
        );
    }
}
