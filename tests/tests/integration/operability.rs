//! Operability: liveness, readiness, and Prometheus metrics that count what happened without
//! ever carrying an identifier.

use reqwest::Method;
use tests::records::{ROLE, ons4};
use tests::{TestServer, sign_in};

#[tokio::test]
async fn readiness_reports_the_database_and_its_migrations() {
    let server = TestServer::start().await;

    let (status, body) = server.call(Method::GET, "/readyz", None, None).await;

    assert_eq!(status, 200);
    assert_eq!(body["status"], "ready");
    let files = std::fs::read_dir(tests::workspace_root().join("server/migrations"))
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "sql")
        })
        .count();
    assert_eq!(body["migrations"], files, "every migration file is applied");
    assert!(body["database"] == "sqlite" || body["database"] == "postgresql");
}

#[tokio::test]
async fn metrics_count_requests_sync_outcomes_and_failed_sign_ins() {
    let server = TestServer::start().await;
    let record = ons4(ROLE, [5, 5, 5, 5]);
    server
        .sync(vec![record.clone(), ons4(ROLE, [1, 1, 1, 1])])
        .await;
    server.sync(vec![record]).await;
    let _ = sign_in(
        server.client(),
        &server.base_url,
        "someone@test.nhs.uk",
        "wrong password!",
    )
    .await;
    let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;

    let text = server
        .client()
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(
        text.contains("prom_sync_records_total{status=\"stored\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("prom_sync_records_total{status=\"duplicate\"} 1"),
        "{text}"
    );
    assert!(text.contains("prom_sign_in_failures_total 1"), "{text}");
    assert!(
        text.contains("route=\"/api/v1/sync\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(
        !text.contains(me["id"].as_str().unwrap()),
        "no identifiers in metrics"
    );
}

/// Waits until `/healthz` answers on `port`, or gives up.
async fn healthy(port: u16) -> bool {
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_configuration_file_sets_what_flags_and_environment_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let (file_port, flag_port) = (tests::free_port(), tests::free_port());
    let config = dir.path().join("server.toml");
    std::fs::write(
        &config,
        format!(
            "addr = \"127.0.0.1:{file_port}\"\ndatabase = \"{}\"\nsecret_file = \"{}\"\nsession_hours = 8\n",
            dir.path().join("from-file.db").display(),
            dir.path().join("from-file.secret").display(),
        ),
    )
    .unwrap();
    let start = |extra: &[String]| {
        std::process::Command::new(tests::process::server_binary())
            .arg("--config")
            .arg(&config)
            .args(extra)
            .env_remove("PROM_ADDR")
            .env_remove("PROM_DATABASE")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };

    let mut from_file = start(&[]);
    let file_ok = healthy(file_port).await;
    let _ = from_file.kill();
    let _ = from_file.wait();
    let mut overridden = start(&["--addr".to_owned(), format!("127.0.0.1:{flag_port}")]);
    let flag_ok = healthy(flag_port).await;
    let _ = overridden.kill();
    let _ = overridden.wait();

    assert!(file_ok, "the file's address and database are used");
    assert!(dir.path().join("from-file.db").exists());
    assert!(dir.path().join("from-file.secret").exists());
    assert!(flag_ok, "a flag wins over the file");

    std::fs::write(&config, "adress = \"127.0.0.1:1\"\n").unwrap();
    let typo = std::process::Command::new(tests::process::server_binary())
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert!(!typo.status.success());
    assert!(
        String::from_utf8_lossy(&typo.stderr).contains("unknown field `adress`"),
        "{}",
        String::from_utf8_lossy(&typo.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_in_flight_when_the_server_is_told_to_stop_is_finished_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("shutdown.db");
    let static_dir = dir.path().join("no-app");
    let mut server =
        tests::process::ServerProcess::start(tests::free_port(), &database, &static_dir).await;
    let records: Vec<serde_json::Value> = (0..50).map(|i| ons4(ROLE, [i % 11, 5, 5, 5])).collect();
    let body =
        serde_json::to_vec(&serde_json::json!({ "protocol_version": 1, "records": records }))
            .unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    let (first, rest) = (first.to_vec(), rest.to_vec());
    let (send, receive) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    let stream = futures::stream::unfold(receive, |mut receive| async move {
        receive.recv().await.map(|chunk| (chunk, receive))
    });
    let request = reqwest::Client::new()
        .post(format!("{}/api/v1/sync", server.base_url))
        .bearer_auth(&server.admin_token)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send();
    let in_flight = tokio::spawn(request);

    // Half the batch is on the wire when the server is told to stop; then the rest follows.
    send.send(Ok(first)).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    server.terminate();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    send.send(Ok(rest)).await.unwrap();
    drop(send);

    let response = in_flight
        .await
        .unwrap()
        .expect("the in-flight sync is answered");
    assert_eq!(response.status().as_u16(), 200);
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer["results"].as_array().unwrap().len(), 50);
    let exit = server
        .wait_for_exit(20)
        .await
        .expect("the server stops after finishing");
    assert!(exit.success(), "a clean stop: {exit:?}");
    assert_eq!(
        tests::StoredRows::read_database(&database.to_string_lossy())
            .await
            .responses
            .len(),
        50
    );
}

/// The sealing keys' private halves come from the deployment secret file, never the database: a
/// server given the database with another secret file (which would also break every NHS-number
/// pseudonym) refuses to start and says why, and the right file starts it.
#[tokio::test]
async fn a_server_with_another_secret_file_refuses_the_database() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = |secret_file: std::path::PathBuf| server::config::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: server.database.clone(),
        static_dir: dir.path().join("no-static-files"),
        secret_file,
        session_hours: 12,
    };
    let refused = server::Application::build(&config(dir.path().join("another.secret")))
        .await
        .err()
        .expect("another secret file is refused");
    assert!(
        refused.to_string().contains("secret file"),
        "says why: {refused:#}"
    );
    server::Application::build(&config(server.secret_file.clone()))
        .await
        .expect("the right secret file starts");
}
