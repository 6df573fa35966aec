//! The outcome rollups folded after ingest, batch by batch or many batches at once, equal the
//! rollups rebuilt from the rows: with episodes spread over months, follow-ups that arrive
//! before their baselines, corrections (from the same organisation and from another), anonymous
//! responses, duplicates, and uploads from organisations at different levels of the tree; and
//! two folds racing over the same batches count each batch once.

use reqwest::Method;
use serde_json::{Value, json};
use shared::outcomes::cells::{Breakdown, CellKey, CellStats, INSTRUMENT_CELL};
use shared::outcomes::periods::Grain;
use tests::TestServer;
use tests::records::{ROLE, phq9_answers, response, with};

/// A stable UUID pseudonym per test patient name.
fn pseudonym(patient: &str) -> String {
    let n = patient.bytes().fold(0u128, |n, b| n * 257 + u128::from(b));
    uuid::Uuid::from_u128(n).to_string()
}

fn phq9(patient: &str, at: &str, level: i64) -> Value {
    let patient = pseudonym(patient);
    let record = response("phq9", ROLE, phq9_answers([level; 8], 0));
    let record = with(record, &["recorded_at"], json!(at));
    with(record, &["patient"], json!({ "pseudonym": patient }))
}

fn fft(answer: i64) -> Value {
    response("fft", ROLE, json!({ "experience": answer }))
}

async fn sync_as(server: &TestServer, token: &str, records: Vec<Value>) -> Value {
    let body = json!({ "protocol_version": 1, "records": records });
    let (status, answer) = server
        .call(Method::POST, "/api/v1/sync", Some(token), Some(&body))
        .await;
    assert!(status == 200 || status == 409, "{status}: {answer}");
    answer
}

/// Folds every stored batch (as a reader of the cells does first), then reads every cell.
async fn kept_cells(server: &TestServer) -> std::collections::BTreeMap<String, Vec<u8>> {
    let catalog = server::db::instruments::catalog(&server.db).await.unwrap();
    server::rollups::catch_up(&server.db, &catalog)
        .await
        .unwrap();
    server::db::rollups::all(&server.db).await.unwrap()
}

fn decoded(cells: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<(String, CellStats)> {
    cells
        .iter()
        .map(|(k, v)| (k.clone(), CellStats::decode(v).unwrap()))
        .collect()
}

/// How the scenario's batches are folded.
#[derive(Clone, Copy, PartialEq)]
enum Folding {
    /// After every batch, as a reader asking between batches makes it.
    BatchByBatch,
    /// The batches as they come, by two folds racing each other and the server's own.
    AllAtOnceRacing,
}

async fn fold_after(server: &TestServer, folding: Folding) {
    if folding == Folding::BatchByBatch {
        kept_cells(server).await;
    }
}

async fn scenario(folding: Folding) {
    let server = TestServer::start().await;
    let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
    let icb = me["organisation_id"].as_str().unwrap().to_owned();
    let pcn = server.create_organisation("PCN North", "pcn", &icb).await;
    let practice = server
        .create_organisation("Practice One", "practice", &pcn)
        .await;
    let (_, practice_tablet) = tests::enrol_device(
        server.client(),
        &server.base_url,
        &server.admin_token,
        Some(&practice),
    )
    .await;
    let icb_tablet = server.device_token.clone();

    // Patient A: a baseline in April, a too-early response, a follow-up in June.
    let a_baseline = phq9("patient-a", "2026-04-02T09:00:00Z", 2);
    let a_early = phq9("patient-a", "2026-04-09T09:00:00Z", 2);
    let a_follow_up = phq9("patient-a", "2026-06-01T09:00:00Z", 1);
    // Patient B: the follow-up arrives in an earlier batch than its baseline.
    let b_baseline = phq9("patient-b", "2026-05-01T09:00:00Z", 3);
    let b_follow_up = phq9("patient-b", "2026-07-01T09:00:00Z", 1);
    // Patient C: a follow-up later corrected by the same organisation, then by another one.
    let c_baseline = phq9("patient-c", "2026-05-10T09:00:00Z", 2);
    let c_follow_up = phq9("patient-c", "2026-06-10T09:00:00Z", 0);
    let c_correction = with(
        phq9("patient-c", "2026-06-10T09:05:00Z", 1),
        &["supersedes"],
        c_follow_up["id"].clone(),
    );
    let foreign_correction = with(
        phq9("patient-z", "2026-06-11T09:00:00Z", 3),
        &["supersedes"],
        c_baseline["id"].clone(),
    );
    // Anonymous feedback and its correction.
    let feedback = fft(2);
    let feedback_fix = with(fft(3), &["supersedes"], feedback["id"].clone());

    sync_as(
        &server,
        &practice_tablet,
        vec![a_baseline.clone(), b_follow_up.clone()],
    )
    .await;
    fold_after(&server, folding).await;
    sync_as(
        &server,
        &practice_tablet,
        vec![a_early, feedback.clone(), c_baseline],
    )
    .await;
    fold_after(&server, folding).await;
    sync_as(
        &server,
        &practice_tablet,
        vec![b_baseline, c_follow_up, a_follow_up],
    )
    .await;
    fold_after(&server, folding).await;
    // A duplicate changes nothing.
    sync_as(&server, &practice_tablet, vec![a_baseline]).await;
    fold_after(&server, folding).await;
    sync_as(&server, &practice_tablet, vec![c_correction, feedback_fix]).await;
    fold_after(&server, folding).await;
    sync_as(&server, &icb_tablet, vec![foreign_correction, fft(6)]).await;

    if folding == Folding::AllAtOnceRacing {
        let catalog = server::db::instruments::catalog(&server.db).await.unwrap();
        let (first, second) = tokio::join!(
            server::rollups::catch_up(&server.db, &catalog),
            server::rollups::catch_up(&server.db, &catalog),
        );
        // With the server's own background fold, three folders raced over the same batches;
        // the comparison with the rebuild below shows that each batch counted once.
        let folded = first.unwrap().responses + second.unwrap().responses;
        assert!(folded <= 12, "no response is folded twice: {folded}");
    }
    let kept = kept_cells(&server).await;
    assert!(!kept.is_empty(), "the batches were folded");

    let catalog = server::db::instruments::catalog(&server.db).await.unwrap();
    let summary = server::rollups::rebuild(&server.db, &catalog)
        .await
        .unwrap();
    assert_eq!(summary.responses, 12);
    let rebuilt = kept_cells(&server).await;
    assert_eq!(decoded(&rebuilt), decoded(&kept), "rebuilt == incremental");
    assert_eq!(rebuilt, kept, "byte for byte");

    // And the cells say what happened: at the PCN (above the practice), PHQ-9 total, all
    // demographics.
    let cell = |organisation: &str, month: &str, measure: &str| {
        let key = CellKey {
            organisation: organisation.to_owned(),
            grain: Grain::Month,
            month: month.to_owned(),
            role: ROLE.to_owned(),
            instrument: "phq9".to_owned(),
            measure: measure.to_owned(),
            breakdown: Breakdown::All,
            value: String::new(),
        };
        kept.get(&key.encode())
            .map(|bytes| CellStats::decode(bytes).unwrap())
            .unwrap_or_default()
    };
    // April: A's baseline and the too-early response; A's pair (16 -> 8).
    let april = cell(&pcn, "2026-04", "total");
    assert_eq!(april.current.values.count, 2);
    assert_eq!(april.pairs.change.count, 1);
    assert_eq!(april.pairs.change.mean(), Some(-8.0));
    // May: B's baseline (24 -> 8) and C's baseline (16 -> corrected follow-up 8, not 0).
    let may = cell(&pcn, "2026-05", "total");
    assert_eq!(may.pairs.change.count, 2);
    assert_eq!(may.pairs.change.mean(), Some(-12.0));
    // June: A's follow-up and C's correction (the corrected follow-up no longer counts).
    assert_eq!(cell(&pcn, "2026-06", "total").current.values.count, 3 - 1);
    let funnel = cell(&pcn, "2026-05", INSTRUMENT_CELL).funnel;
    assert_eq!((funnel.with_baseline, funnel.with_follow_up), (2, 2));
    // The other organisation's "correction" did not take out C's baseline at the ICB level.
    let icb_june = cell(&icb, "2026-06", "total");
    assert_eq!(
        icb_june.current.values.count, 3,
        "A, C's correction, the ICB's own record"
    );
    assert_eq!(cell(&icb, "2026-05", "total").current.values.count, 2);
}

#[tokio::test]
async fn rollups_folded_batch_by_batch_equal_rollups_rebuilt_from_rows() {
    scenario(Folding::BatchByBatch).await;
}

#[tokio::test]
async fn rollups_folded_at_once_by_racing_folds_equal_rollups_rebuilt_from_rows() {
    scenario(Folding::AllAtOnceRacing).await;
}

#[tokio::test]
async fn a_rebuild_of_an_empty_database_leaves_no_cells() {
    let server = TestServer::start().await;
    let catalog = server::db::instruments::catalog(&server.db).await.unwrap();
    let summary = server::rollups::rebuild(&server.db, &catalog)
        .await
        .unwrap();
    assert_eq!((summary.responses, summary.cells), (0, 0));
    assert!(kept_cells(&server).await.is_empty());
}

/// Cells are derived data: a server that starts on stored responses without cells (as after a
/// migration that reshapes them) rebuilds them before it serves, equal to what ingest kept.
#[tokio::test]
async fn a_server_starting_on_responses_without_cells_rebuilds_them() {
    let server = TestServer::start().await;
    let token = server.device_token.clone();
    sync_as(
        &server,
        &token,
        vec![
            phq9("patient-a", "2026-03-02T09:00:00Z", 2),
            phq9("patient-a", "2026-06-01T09:00:00Z", 1),
            fft(2),
        ],
    )
    .await;
    let kept = kept_cells(&server).await;
    assert!(!kept.is_empty(), "the batches were folded");
    server::db::rollups::clear_all(&server.db).await.unwrap();
    assert!(kept_cells(&server).await.is_empty());
    assert!(server::db::rollups::missing(&server.db).await.unwrap());

    let dir = tempfile::tempdir().unwrap();
    let config = server::config::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: server.database.clone(),
        static_dir: dir.path().join("no-static-files"),
        // The same deployment secret: it keys the sealing keys stored in the database.
        secret_file: server.secret_file.clone(),
        session_hours: 12,
    };
    server::Application::build(&config)
        .await
        .expect("the server starts");
    assert_eq!(kept_cells(&server).await, kept, "rebuilt at start");
    assert!(!server::db::rollups::missing(&server.db).await.unwrap());
}

/// On SQLite the cells live in their primary key's b-tree, so a query's range is one ordered
/// scan; the layout survives a restart on the same file.
#[tokio::test]
async fn sqlite_keeps_the_cells_in_their_primary_key() {
    let server = TestServer::start().await;
    let server::db::Db::Sqlite(pool) = &server.db else {
        return; // PostgreSQL keeps its own heap and index
    };
    let definition: String = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outcome_cells'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(definition.ends_with("WITHOUT ROWID"), "{definition}");
    let reopened = server::db::Db::connect(&server.database).await.unwrap();
    let server::db::Db::Sqlite(pool) = &reopened else {
        unreachable!()
    };
    let again: String = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outcome_cells'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(again, definition);
}
