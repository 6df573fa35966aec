//! Sync under faults, with simulated tablets that plan their batches with the app's own planner
//! (`shared::sync`). Every test ends with the server's stored set equal to what the devices
//! created: nothing missing, nothing twice.

use server::db::Db;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tests::device::{Device, assert_same_set, stored_ids};
use tests::process::ServerProcess;
use tests::records::{ROLE, ons4};
use tests::{TestServer, enrol_device, free_port};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn queue(device: &Device, count: usize) {
    for n in 0..count {
        device.queue(&ons4(ROLE, [(n % 11) as i64, 5, 5, 5]));
    }
}

async fn new_device(base_url: &str, admin_token: &str) -> Device {
    let credential = enrol_device(&reqwest::Client::new(), base_url, admin_token, None)
        .await
        .1;
    Device::new(&credential)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_killed_in_the_middle_of_a_batch_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("crash.db");
    let port = free_port();
    let mut server = ServerProcess::start(port, &database, dir.path()).await;
    let device = new_device(&server.base_url, &server.admin_token).await;
    queue(&device, 3_000);

    let syncing = {
        let device = device.clone();
        let base_url = server.base_url.clone();
        tokio::spawn(async move {
            device
                .sync_until_empty(&base_url, Duration::from_millis(200), 500)
                .await
        })
    };
    // Kill the server while the device is busy sending: some batches are stored, one is in
    // flight, the rest still wait.
    let reader = Db::connect(&database.to_string_lossy()).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while stored_ids(&reader).await.len() < 600 {
        assert!(Instant::now() < deadline, "the device never got going");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    let at_crash = stored_ids(&reader).await.len();
    assert!(
        device.waiting_count() > 0 && at_crash < 3_000,
        "the crash came mid-sync"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    let _server = ServerProcess::start(port, &database, dir.path()).await;

    let failed_passes = syncing.await.unwrap();
    assert!(failed_passes >= 1, "the device saw the server go away");
    assert_same_set(&stored_ids(&reader).await, &device.created());
    assert_eq!(device.waiting_count(), 0);
}

/// A TCP proxy that, for the first `cuts` connections, lets the request through and drops the
/// connection as soon as the server starts answering: the server has committed, the device never
/// hears so.
async fn cutting_proxy(upstream: std::net::SocketAddr, cuts: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let remaining = Arc::new(AtomicUsize::new(cuts));
    let cut_done = Arc::new(AtomicUsize::new(0));
    let done = cut_done.clone();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            let cut = remaining
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            let done = done.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(upstream).await else {
                    return;
                };
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let up = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                });
                if cut {
                    let mut first = [0u8; 1];
                    if server_read.read(&mut first).await.unwrap_or(0) > 0 {
                        done.fetch_add(1, Ordering::SeqCst);
                    }
                    up.abort();
                    // Dropping both halves closes the device's connection without an answer.
                } else {
                    let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
                    let _ = client_write.shutdown().await;
                    up.abort();
                }
            });
        }
    });
    (address, cut_done)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_lost_after_the_server_committed_is_resent_and_acknowledged_as_a_duplicate() {
    let server = TestServer::start().await;
    let (proxy, cut) = cutting_proxy(server.addr, 1).await;
    let device = Device::new(&server.device_token);
    queue(&device, 250);

    let failed_passes = device
        .sync_until_empty(&proxy, Duration::from_millis(50), 20)
        .await;
    assert_eq!(cut.load(Ordering::SeqCst), 1, "one reply was cut");
    assert_eq!(failed_passes, 1);
    let statuses = device.statuses();
    // The first batch was stored but its reply lost; re-sent, it is recognised as a duplicate.
    assert_eq!(statuses.get("duplicate"), Some(&100));
    assert_eq!(statuses.get("stored"), Some(&150));
    assert_same_set(&stored_ids(&server.db).await, &device.created());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_and_two_tabs_sending_overlapping_batches_store_each_response_once() {
    let server = TestServer::start().await;
    let first = Device::new(&server.device_token);
    let second = new_device(&server.base_url, &server.admin_token).await;
    // 400 records both tablets hold (say, imported from the same outbox file on each), and some
    // of their own.
    for n in 0..400 {
        let shared = ons4(ROLE, [(n % 11) as i64, 1, 2, 3]);
        first.queue(&shared);
        second.queue(&shared);
    }
    queue(&first, 300);
    queue(&second, 300);
    let other_tab = first.second_tab();

    let pause = Duration::from_millis(20);
    let (a, b, c) = tokio::join!(
        first.sync_until_empty(&server.base_url, pause, 50),
        other_tab.sync_until_empty(&server.base_url, pause, 50),
        second.sync_until_empty(&server.base_url, pause, 50),
    );
    let _ = (a, b, c);

    let mut created = first.created();
    created.extend(second.created());
    assert_eq!(created.len(), 1_000);
    assert_same_set(&stored_ids(&server.db).await, &created);
    let stored: usize = [first.statuses(), second.statuses()]
        .iter()
        .map(|s| s.get("stored").copied().unwrap_or(0))
        .sum();
    let duplicates: usize = [first.statuses(), second.statuses()]
        .iter()
        .map(|s| s.get("duplicate").copied().unwrap_or(0))
        .sum();
    assert_eq!(stored, 1_000, "each response stored by exactly one sender");
    assert!(
        duplicates >= 400,
        "the overlap came back as duplicates ({duplicates})"
    );
    assert_eq!(first.waiting_count() + second.waiting_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_responses_queued_offline_all_arrive_once() {
    let server = TestServer::start().await;
    let device = Device::new(&server.device_token);
    queue(&device, 10_000);
    let failed_passes = device
        .sync_until_empty(&server.base_url, Duration::from_millis(50), 5)
        .await;
    assert_eq!(failed_passes, 0);
    assert_eq!(device.statuses().get("stored"), Some(&10_000));
    assert_same_set(&stored_ids(&server.db).await, &device.created());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outbox_file_imported_by_an_admin_deduplicates_against_what_was_synced() {
    let server = TestServer::start().await;
    let records: Vec<serde_json::Value> = (0..300).map(|n| ons4(ROLE, [n % 11, 3, 3, 3])).collect();
    // The tablet managed to send the first 200 before it broke.
    let device = Device::new(&server.device_token);
    for record in &records[..200] {
        device.queue(record);
    }
    device
        .sync_until_empty(&server.base_url, Duration::from_millis(50), 3)
        .await;

    let file = tests::records::outbox_file(records.clone(), "an outbox passphrase");
    let import = |body: serde_json::Value| {
        let client = reqwest::Client::new();
        let url = format!("{}/api/v1/admin/outbox-import", server.base_url);
        let token = server.admin_token.clone();
        async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }
    };

    let (status, body) =
        import(serde_json::json!({ "passphrase": "not the passphrase", "file": file })).await;
    assert_eq!(status, 422);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("passphrase is wrong")
    );
    let mut tampered = file.clone();
    tampered["record_count"] = serde_json::json!(299);
    let (status, _) =
        import(serde_json::json!({ "passphrase": "an outbox passphrase", "file": tampered })).await;
    assert_eq!(status, 422, "the header is authenticated");
    let mut foreign = file.clone();
    foreign["format"] = serde_json::json!("something-else");
    let (status, body) =
        import(serde_json::json!({ "passphrase": "an outbox passphrase", "file": foreign })).await;
    assert_eq!(status, 422);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("not a prom-collector outbox file")
    );
    assert_eq!(
        stored_ids(&server.db).await.len(),
        200,
        "nothing stored by refused imports"
    );

    let (status, body) =
        import(serde_json::json!({ "passphrase": "an outbox passphrase", "file": file })).await;
    assert_eq!(status, 200);
    let results = body["results"].as_array().unwrap();
    let count = |s: &str| results.iter().filter(|r| r["status"] == s).count();
    assert_eq!((count("duplicate"), count("stored")), (200, 100));
    let mut created = device.created();
    created.extend(records.iter().map(|r| r["id"].as_str().unwrap().to_owned()));
    assert_same_set(&stored_ids(&server.db).await, &created);
    let (_, audit) = server
        .as_admin(reqwest::Method::GET, "/api/v1/audit", None)
        .await;
    assert!(
        audit.to_string().contains("import_outbox_file"),
        "the import is audited"
    );
}
