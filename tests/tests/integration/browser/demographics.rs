//! Demographics from the tablet's caseload reach the server: the practitioner records what the
//! patient chose to state (one answer "prefer not to say"), the next questionnaire for the
//! patient carries it, the server stores the snapshot codes and an IMD decile from the
//! postcode, and the postcode itself is in no table.

use server::db::Db;
use tests::browser::{ONE_BROWSER, Setup, enrolled_tablet, start_server};

const NHS_NUMBER: &str = "9434765919";

/// Imports the sample postcode directory and IMD lookup into the test's database.
fn import_lookups(database: &std::path::Path) {
    let data = tests::workspace_root().join("tests/data/lookups");
    for args in [
        vec!["import-postcodes", "--file", "nspl_sample.csv"],
        vec![
            "import-imd",
            "--edition",
            "2019",
            "--file",
            "imd2019_file1_sample.csv",
        ],
        vec![
            "import-imd",
            "--edition",
            "2025",
            "--file",
            "imd2025_file1_sample.csv",
        ],
    ] {
        let mut command = std::process::Command::new(tests::process::server_binary());
        for arg in &args {
            if arg.ends_with(".csv") {
                command.arg(data.join(arg));
            } else {
                command.arg(arg);
            }
        }
        let output = command
            .arg("--database")
            .arg(database)
            .output()
            .expect("the server binary runs");
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
}

/// Chooses `value` in the select `css` as a person would (the change event fires).
async fn select(browser: &tests::browser::Browser, css: &str, value: &str) {
    browser.find(css, 10).await;
    browser
        .client
        .execute(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1];
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::json!(css), serde_json::json!(value)],
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demographics_recorded_on_the_caseload_reach_the_server_without_the_postcode() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        server,
        ..
    } = start_server("demographics.db").await;
    import_lookups(&database);
    let browser = enrolled_tablet(&server).await;
    browser.add_patient("A.B.", NHS_NUMBER).await;
    browser.open_patient().await;
    browser.click(".demographics summary").await;
    // 50 at the time of recording: the 45-54 band whatever the year.
    let birth_year = time::OffsetDateTime::now_utc().year() - 50;
    browser
        .type_into("#birth-year", &birth_year.to_string())
        .await;
    select(&browser, "#stated-sex", "2").await;
    select(&browser, "#gender-identity", "declined").await;
    select(&browser, "#ethnic-category", "J").await;
    browser.type_into("#postcode", "zx12ab").await;
    browser.click("#save-demographics").await;
    browser.find("#demographics-message.notice", 10).await;

    browser.click("#patient-start-ons4").await;
    browser.wait_for_screen("questionnaire", 20).await;
    browser.begin().await;
    browser.answer_scales(&[7, 7, 7, 3]).await;
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;

    let db = Db::connect(&database.to_string_lossy()).await.unwrap();
    let rows: Vec<(String, String, String, String, String)> =
        server::on_db!(&db, pool => sqlx::query_as(
        "SELECT age_band, stated_sex, gender_identity, ethnic_category, imd FROM responses",
    )
    .fetch_all(pool)
    .await)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let (age_band, sex, gender, ethnic, imd) = &rows[0];
    assert_eq!(age_band, "45-54", "50 years old");
    assert_eq!(sex, "2");
    assert_eq!(gender, "Z", "prefer not to say is recorded as not stated");
    assert_eq!(ethnic, "J");
    assert_ne!(imd, "not_known", "the postcode was looked up: {imd}");
    let known: Vec<(Option<i64>, Option<String>)> = server::on_db!(&db, pool => sqlx::query_as(
        "SELECT birth_year, ethnic_category FROM patient_demographics",
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    assert_eq!(
        known,
        vec![(Some(i64::from(birth_year)), Some("J".to_owned()))]
    );
    // The postcode is stored nowhere on the server.
    let dump: Vec<(String,)> = server::on_db!(&db, pool => sqlx::query_as(
        "SELECT content_hash || answers FROM responses",
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    assert!(dump.iter().all(|(t,)| !t.contains("ZX1")));
    db.close().await;
}
