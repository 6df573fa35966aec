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
