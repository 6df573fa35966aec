//! Demographics end to end: the real `server import-postcodes` and `server import-imd` commands
//! on small files in the official columns (tests/data/lookups), then sync: a record's
//! demographics become snapshot codes on its response row, a postcode becomes an IMD decile and
//! is stored nowhere, a later record without demographics gets the patient's last known ones,
//! and bad values are refused per record while the rest of the batch is stored.

use serde_json::{Value, json};
use server::db::Db;
use server::on_db;
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::process::Output;
use tests::TestServer;
use tests::records::{ROLE, ons4, with};

fn data(name: &str) -> PathBuf {
    tests::workspace_root()
        .join("tests/data/lookups")
        .join(name)
}

/// Runs a `server` subcommand on `database`.
fn server_command(database: &str, args: &[&str]) -> Output {
    std::process::Command::new(tests::process::server_binary())
        .args(args)
        .arg("--database")
        .arg(database)
        .env("RUST_LOG", "info")
        .output()
        .expect("the server binary runs")
}

fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the command failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn failed(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "the command should have failed: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn import_postcodes(database: &str, file: &Path) -> Output {
    server_command(
        database,
        &["import-postcodes", "--file", &file.to_string_lossy()],
    )
}

fn import_imd(database: &str, edition: &str, file: &Path) -> Output {
    server_command(
        database,
        &[
            "import-imd",
            "--edition",
            edition,
            "--file",
            &file.to_string_lossy(),
        ],
    )
}

/// Imports the sample postcode directory and both IMD editions.
fn import_all(database: &str) {
    let out = succeeded(&import_postcodes(database, &data("nspl_sample.csv")));
    assert!(
        out.contains("4 rows, 3 written, 1 skipped"),
        "the summary counts the rows: {out}"
    );
    succeeded(&import_imd(
        database,
        "2019",
        &data("imd2019_file1_sample.csv"),
    ));
    let out = succeeded(&import_imd(
        database,
        "2025",
        &data("imd2025_file1_sample.csv"),
    ));
    assert!(out.contains("2 rows, 2 written"), "{out}");
}

async fn postcode_rows(db: &Db) -> Vec<(String, Option<String>, Option<String>)> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT postcode, lsoa11, lsoa21 FROM postcode_lsoa ORDER BY postcode",
    )
    .fetch_all(pool)
    .await)
    .unwrap()
}

async fn imd_rows(db: &Db) -> Vec<(i64, String, i64)> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT edition, lsoa_code, decile FROM lsoa_imd ORDER BY edition, lsoa_code",
    )
    .fetch_all(pool)
    .await)
    .unwrap()
}

/// (time_point, age_band, stated_sex, gender_identity, ethnic_category, imd) of a response.
type SnapshotRow = (Option<String>, String, String, String, String, String);

async fn snapshot(db: &Db, id: &str) -> SnapshotRow {
    on_db!(db, pool => sqlx::query_as(
        "SELECT time_point, age_band, stated_sex, gender_identity, ethnic_category, imd
         FROM responses WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await)
    .unwrap()
}

fn snapshot_of(time_point: Option<&str>, codes: [&str; 5]) -> SnapshotRow {
    (
        time_point.map(str::to_owned),
        codes[0].to_owned(),
        codes[1].to_owned(),
        codes[2].to_owned(),
        codes[3].to_owned(),
        codes[4].to_owned(),
    )
}

/// (birth_year, stated_sex, ethnic_category, imd_edition, imd_decile) of a patient.
type KnownRow = (
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
);

/// Every text value of every table (but the public postcode lookup itself), upper case with
/// spaces removed, so a postcode is found however it was written.
async fn every_text_value(db: &Db) -> Vec<(String, String)> {
    let tables: Vec<String> = match db {
        Db::Sqlite(pool) => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(
            "SELECT table_name::TEXT FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    let mut values = Vec::new();
    for table in tables.into_iter().filter(|t| t != "postcode_lsoa") {
        let sql = format!("SELECT * FROM {table}");
        let texts: Vec<String> = on_db!(db, pool => {
            let rows = sqlx::query(&sql).fetch_all(pool).await.unwrap();
            rows.iter()
                .flat_map(|row| {
                    (0..row.len())
                        .filter_map(|i| row.try_get::<Option<String>, _>(i).ok().flatten())
                        .collect::<Vec<_>>()
                })
                .collect()
        });
        values.extend(texts.into_iter().map(|text| {
            let compact: String = text.split_whitespace().collect();
            (table.clone(), compact.to_uppercase())
        }));
    }
    values
}

fn patient(pseudonym: &str, demographics: Value) -> Value {
    json!({ "pseudonym": pseudonym, "demographics": demographics })
}

fn record_for(patient: Value, recorded_at: &str) -> Value {
    let record = with(ons4(ROLE, [7, 7, 7, 2]), &["patient"], patient);
    with(record, &["recorded_at"], json!(recorded_at))
}

#[tokio::test]
async fn the_importers_read_the_official_columns_and_re_import_replaces() {
    let server = TestServer::start().await;
    import_all(&server.database);
    assert_eq!(
        postcode_rows(&server.db).await,
        [
            ("ZX1 2AB", Some("E01000001"), Some("E01100001")),
            ("ZX1 3CD", Some("E01000002"), Some("E01100099")),
            ("ZX2 1AA", Some("S01000001"), Some("S01100001")),
        ]
        .map(|(p, a, b)| (p.to_owned(), a.map(str::to_owned), b.map(str::to_owned)))
    );
    assert_eq!(
        imd_rows(&server.db).await,
        [
            (2019, "E01000001", 5),
            (2019, "E01000002", 7),
            (2019, "E01000003", 1),
            (2025, "E01100001", 2),
            (2025, "E01100003", 10),
        ]
        .map(|(e, l, d)| (e, l.to_owned(), d))
    );

    // The later column names (lsoa21cd, lsoa11cd) are read too.
    succeeded(&import_postcodes(
        &server.database,
        &data("nspl_2025_sample.csv"),
    ));
    assert!(postcode_rows(&server.db).await.contains(&(
        "ZX3 4EF".to_owned(),
        Some("E01000003".to_owned()),
        Some("E01100003".to_owned())
    )));

    // Re-importing an edition replaces its deciles (and leaves the other edition alone).
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("imd2025.csv");
    let original = std::fs::read_to_string(data("imd2025_file1_sample.csv")).unwrap();
    std::fs::write(&changed, original.replace("5000,2", "9000,4")).unwrap();
    let out = succeeded(&import_imd(&server.database, "2025", &changed));
    assert!(out.contains("2 rows, 2 written"), "{out}");
    let rows = imd_rows(&server.db).await;
    assert_eq!(rows.len(), 5, "replaced, not added: {rows:?}");
    assert!(
        rows.contains(&(2025, "E01100001".to_owned(), 4)),
        "{rows:?}"
    );
    assert!(
        rows.contains(&(2019, "E01000001".to_owned(), 5)),
        "{rows:?}"
    );
}

#[tokio::test]
async fn a_bad_file_is_refused_before_anything_is_written() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };

    let no_lsoa = write("no_lsoa.csv", "pcd,pcds,oa11\nZX1 2AB,ZX1 2AB,E00000001\n");
    let message = failed(&import_postcodes(&server.database, &no_lsoa));
    assert!(
        message.contains("no LSOA (lsoa11 or lsoa21) column"),
        "{message}"
    );
    let no_postcode = write("no_postcode.csv", "lsoa11,lsoa21\nE01000001,E01100001\n");
    let message = failed(&import_postcodes(&server.database, &no_postcode));
    assert!(message.contains("no postcode (pcds) column"), "{message}");

    // A bad value on the third line names the line and the column; the good row before it is
    // not written either.
    let bad_postcode = write(
        "bad_postcode.csv",
        "pcds,lsoa11,lsoa21\nZX1 2AB,E01000001,E01100001\nnot a postcode,E01000002,E01100002\n",
    );
    let message = failed(&import_postcodes(&server.database, &bad_postcode));
    assert!(message.contains("line 3, column pcds"), "{message}");
    assert!(message.contains("is not a UK postcode"), "{message}");
    let bad_lsoa = write(
        "bad_lsoa.csv",
        "pcds,lsoa11\nZX1 2AB,E01000001\nZX1 3CD,E0100\n",
    );
    let message = failed(&import_postcodes(&server.database, &bad_lsoa));
    assert!(message.contains("line 3, column lsoa11"), "{message}");
    assert!(postcode_rows(&server.db).await.is_empty());

    let header = "LSOA code (2011),Index of Multiple Deprivation (IMD) Decile\n";
    let bad_decile = write(
        "bad_decile.csv",
        &format!("{header}E01000001,5\nE01000002,11\n"),
    );
    let message = failed(&import_imd(&server.database, "2019", &bad_decile));
    assert!(
        message.contains("line 3, column \"Index of Multiple Deprivation (IMD) Decile\""),
        "{message}"
    );
    assert!(message.contains("\"11\" is not a decile"), "{message}");
    // The 2019 file imported as 2025 is refused, saying which edition it is.
    let message = failed(&import_imd(
        &server.database,
        "2025",
        &data("imd2019_file1_sample.csv"),
    ));
    assert!(
        message.contains("import it with --edition 2019"),
        "{message}"
    );
    let no_decile = write("no_decile.csv", "LSOA code (2011),IMD Rank\nE01000001,4\n");
    let message = failed(&import_imd(&server.database, "2019", &no_decile));
    assert!(
        message.contains("no \"Index of Multiple Deprivation (IMD) Decile\" column"),
        "{message}"
    );
    let message = failed(&import_imd(&server.database, "2018", &no_decile));
    assert!(message.contains("use 2019 or 2025"), "{message}");
    assert!(imd_rows(&server.db).await.is_empty());

    // The longer decile heading of the File 7 CSV is accepted.
    let file_7 = write(
        "file7.csv",
        "LSOA code (2011),LSOA name (2011),Index of Multiple Deprivation (IMD) Score,\
         Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)\n\
         E01000001,Example,30.1,3\n",
    );
    succeeded(&import_imd(&server.database, "2019", &file_7));
    assert_eq!(
        imd_rows(&server.db).await,
        [(2019, "E01000001".to_owned(), 3)]
    );
}

#[tokio::test]
async fn demographics_become_snapshot_codes_and_the_postcode_is_stored_nowhere() {
    let server = TestServer::start().await;
    import_all(&server.database);
    let pseudonym = uuid::Uuid::new_v4().to_string();
    let other = uuid::Uuid::new_v4().to_string();

    // A baseline with everything stated, a lower-case postcode without its space.
    let first = with(
        record_for(
            patient(
                &pseudonym,
                json!({
                    "birth_year": 1961, "stated_sex": "2", "gender_identity": "2",
                    "ethnic_category": "M", "postcode": "zx12ab"
                }),
            ),
            "2025-06-02T10:00:00Z",
        ),
        &["time_point"],
        json!("baseline"),
    );
    let bad_postcode = record_for(
        patient(&other, json!({ "postcode": "ZX1" })),
        "2026-03-02T10:00:00Z",
    );
    let bad_code = record_for(
        patient(&other, json!({ "ethnic_category": "W" })),
        "2026-03-02T10:00:00Z",
    );
    let bad_year = record_for(
        patient(&other, json!({ "birth_year": 2030 })),
        "2026-03-02T10:00:00Z",
    );
    let anonymous = ons4(ROLE, [5, 5, 5, 5]);
    let (status, body) = server
        .sync(vec![
            first.clone(),
            bad_postcode,
            bad_code,
            bad_year,
            anonymous.clone(),
        ])
        .await;
    assert_eq!(status, 422, "{body}");
    let statuses: Vec<&str> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["stored", "rejected", "rejected", "rejected", "stored"]
    );
    let result = |i: usize| &body["results"][i];
    assert_eq!(
        result(1)["issues"][0]["field"],
        "patient.demographics.postcode"
    );
    assert!(
        result(1)["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("is not a UK postcode")
    );
    let reason = result(2)["reason"].as_str().unwrap();
    assert!(
        reason.contains("patient.demographics.ethnic_category")
            && reason.contains("\"W\" is not an ethnic category code"),
        "{reason}"
    );
    assert_eq!(
        result(3)["issues"][0]["field"],
        "patient.demographics.birth_year"
    );

    let first_id = first["id"].as_str().unwrap();
    assert_eq!(
        snapshot(&server.db, first_id).await,
        snapshot_of(Some("baseline"), ["55-64", "2", "2", "M", "2025-02"]),
        "the 2025 edition is preferred when the lookup has it"
    );
    assert_eq!(
        snapshot(&server.db, anonymous["id"].as_str().unwrap()).await,
        snapshot_of(
            None,
            [
                "not_stated",
                "not_stated",
                "not_stated",
                "not_stated",
                "not_known"
            ]
        ),
        "a response without a patient gets the defaults"
    );

    // Later: a follow-up carrying nothing gets the last known snapshot, its age band at its own
    // year (64 in 2025, 65 in 2026); one that states a new ethnic category and a postcode only in the 2019 lookup updates
    // just those; one with a postcode the lookup lacks keeps the known decile.
    let later = record_for(json!({ "pseudonym": pseudonym }), "2026-11-02T10:00:00Z");
    let moved = record_for(
        patient(
            &pseudonym,
            json!({ "ethnic_category": "Z", "postcode": "ZX1 3CD" }),
        ),
        "2026-06-01T10:00:00Z",
    );
    let unknown = record_for(
        patient(&pseudonym, json!({ "postcode": "ZX8 8XX" })),
        "2026-07-01T10:00:00Z",
    );
    let (status, body) = server
        .sync(vec![later.clone(), moved.clone(), unknown.clone()])
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        snapshot(&server.db, later["id"].as_str().unwrap()).await,
        snapshot_of(None, ["65-74", "2", "2", "M", "2025-02"]),
        "the patient's last known attributes fill what the record omits"
    );
    assert_eq!(
        snapshot(&server.db, moved["id"].as_str().unwrap()).await,
        snapshot_of(None, ["65-74", "2", "2", "Z", "2019-07"]),
        "the 2019 edition when the 2025 lookup lacks the postcode's LSOA"
    );
    assert_eq!(
        snapshot(&server.db, unknown["id"].as_str().unwrap()).await,
        snapshot_of(None, ["65-74", "2", "2", "Z", "2019-07"]),
    );
    let known: KnownRow = on_db!(&server.db, pool => sqlx::query_as(
            "SELECT birth_year, stated_sex, ethnic_category, imd_edition, imd_decile
             FROM patient_demographics WHERE patient_pseudonym = $1",
        )
        .bind(&pseudonym)
        .fetch_one(pool)
        .await)
    .unwrap();
    assert_eq!(
        known,
        (
            Some(1961),
            Some("2".to_owned()),
            Some("Z".to_owned()),
            Some(2019),
            Some(7)
        )
    );

    // A re-send of the first record is a duplicate (its postcode was dropped before hashing on
    // both sends), and changes nothing.
    let (status, body) = server.sync(vec![first.clone()]).await;
    assert_eq!(
        (status, body["results"][0]["status"].as_str()),
        (200, Some("duplicate")),
        "{body}"
    );

    // No postcode anywhere, in any form, outside the public lookup table.
    let values = every_text_value(&server.db).await;
    assert!(
        values
            .iter()
            .any(|(_, v)| v.contains(&pseudonym.to_uppercase())),
        "the scan reads the stored text (it finds the pseudonym)"
    );
    for postcode in ["ZX12AB", "ZX13CD", "ZX88XX"] {
        let found: Vec<_> = values
            .iter()
            .filter(|(_, v)| v.contains(postcode))
            .collect();
        assert!(found.is_empty(), "{postcode} is stored: {found:?}");
    }
}

#[tokio::test]
async fn the_time_point_is_stored_and_an_unknown_one_is_refused() {
    let server = TestServer::start().await;
    let records: Vec<Value> = ["baseline", "review", "final"]
        .iter()
        .map(|point| with(ons4(ROLE, [6, 6, 6, 3]), &["time_point"], json!(point)))
        .collect();
    let wrong = with(ons4(ROLE, [6, 6, 6, 3]), &["time_point"], json!("midway"));
    let mut batch = records.clone();
    batch.push(wrong);
    let (status, body) = server.sync(batch).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["results"][3]["status"], "rejected");
    assert!(
        body["results"][3]["reason"]
            .as_str()
            .unwrap()
            .contains("time_point"),
        "{body}"
    );
    for (record, point) in records.iter().zip(["baseline", "review", "final"]) {
        let stored = snapshot(&server.db, record["id"].as_str().unwrap()).await;
        assert_eq!(stored.0.as_deref(), Some(point));
    }
}

/// Posts a lookup file as `token` and returns the status and the JSON answer.
async fn post_imd(
    server: &TestServer,
    query: &str,
    content_type: &str,
    body: Vec<u8>,
    token: Option<&str>,
) -> (u16, Value) {
    let path = format!("/api/v1/admin/lookups/imd{query}");
    let mut request = server
        .client()
        .post(server.url(&path))
        .header("content-type", content_type)
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    let content = answer
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = answer.text().await.unwrap();
    tests::openapi::check(tests::openapi::Exchange {
        method: "POST",
        path: &path,
        status,
        content_type: content.as_deref(),
        request: None,
        response: &text,
    });
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_top_level_admin_imports_the_imd_lookup_over_the_api_as_the_command_does() {
    let server = TestServer::start().await;
    let file = std::fs::read(data("imd2019_file1_sample.csv")).unwrap();
    let admin = server.admin_token.clone();

    let evaluator = server.create_account("evaluator", None).await;
    let (anonymous, _) = post_imd(&server, "?edition=2019", "text/csv", file.clone(), None).await;
    let (as_evaluator, _) = post_imd(
        &server,
        "?edition=2019",
        "text/csv",
        file.clone(),
        Some(&evaluator),
    )
    .await;
    assert_eq!((anonymous, as_evaluator), (401, 403));
    let (no_edition, refusal) = post_imd(&server, "", "text/csv", file.clone(), Some(&admin)).await;
    assert_eq!(
        (no_edition, refusal["error"].as_str()),
        (400, Some("bad_edition"))
    );
    let (not_csv, _) = post_imd(
        &server,
        "?edition=2019",
        "application/json",
        file.clone(),
        Some(&admin),
    )
    .await;
    assert_eq!(not_csv, 415);
    // The 2019 file is not a 2025 one: refused with the reason, nothing written.
    let (wrong, refusal) = post_imd(
        &server,
        "?edition=2025",
        "text/csv",
        file.clone(),
        Some(&admin),
    )
    .await;
    assert_eq!(
        (wrong, refusal["error"].as_str()),
        (422, Some("invalid_lookup")),
        "{refusal}"
    );
    let message = refusal["message"].as_str().unwrap();
    assert!(
        message.contains("2019") && !message.contains("prom-imd-upload"),
        "{message}"
    );
    let mut broken = file.clone();
    broken.extend_from_slice(b"E01999999,Bad,E08000035,Example District,1,11\n");
    let (bad_row, refusal) =
        post_imd(&server, "?edition=2019", "text/csv", broken, Some(&admin)).await;
    assert_eq!(bad_row, 422);
    assert!(
        refusal["message"].as_str().unwrap().contains("line"),
        "{refusal}"
    );
    assert!(
        imd_rows(&server.db).await.is_empty(),
        "nothing written from refused files"
    );

    let (status, summary) = post_imd(
        &server,
        "?edition=2019",
        "text/csv",
        file.clone(),
        Some(&admin),
    )
    .await;
    assert_eq!(status, 200, "{summary}");
    let rows = imd_rows(&server.db).await;
    assert_eq!(summary["written"].as_u64().unwrap() as usize, rows.len());
    assert!(
        rows.iter()
            .all(|(edition, _, decile)| *edition == 2019 && (1..=10).contains(decile))
    );
    assert!(
        rows.contains(&(2019, "E01000001".to_owned(), 5)),
        "{rows:?}"
    );
    let (_, audit) = server
        .as_admin(
            reqwest::Method::GET,
            "/api/v1/audit?action=import_imd_lookup",
            None,
        )
        .await;
    assert_eq!(
        audit.as_array().unwrap().len(),
        3,
        "every import attempt past the checks of the request is audited: {audit}"
    );
}
