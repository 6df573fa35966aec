//! The workflows without a user interface, against real IndexedDB and WebCrypto in headless
//! Chromium: finishing a questionnaire queues exactly the validated response, sealed, and removes
//! its draft; it marks the refused response a correction replaces and keeps the goals a GAS
//! response agreed; it queues nothing when the role is missing or an answer is invalid; and
//! unlocking counts wrong PINs and then makes the practitioner wait.
#![cfg(target_arch = "wasm32")]

use app::catalog::offline_default;
use app::store::drafts::{self, Draft, DraftContent};
use app::store::outbox::{self, OutboxEntry};
use app::store::{goal_sets, schema, settings};
use app::vault;
use app::workflow::access::{self, Unlock};
use app::workflow::finish::{Finish, FinishError, Finished, finish};
use rexie::Rexie;
use serde_json::{Value, json};
use shared::catalog::{InstrumentCatalog, default_roles};
use shared::response::ResponseRecord;
use std::collections::BTreeMap;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const PIN: &str = "2468";
const ROLE: &str = "health-and-wellbeing-coach";
const DRAFT: &str = "draft-1";

async fn fresh_db(name: &str) -> Rexie {
    let _ = Rexie::delete(name).await;
    let db = schema::open_named(name).await.expect("the database opens");
    vault::lock();
    access::protect(&db, PIN)
        .await
        .expect("the tablet is protected");
    db
}

/// A draft as the questionnaire page keeps it while the questions are answered.
async fn put_draft(db: &Rexie, instrument_id: &str) {
    let draft = Draft {
        id: DRAFT.to_owned(),
        instrument_id: instrument_id.to_owned(),
        updated_at: "2026-11-21T09:00:00Z".to_owned(),
        content: drafts::seal(DRAFT, &DraftContent::default()).await.unwrap(),
    };
    drafts::put(db, &draft).await.unwrap();
}

fn answers(value: Value) -> BTreeMap<String, Value> {
    serde_json::from_value(value).unwrap()
}

/// Finishes `instrument_id` with `answers` as the page does, from the draft [`DRAFT`].
async fn finish_with(
    db: &Rexie,
    catalog: &InstrumentCatalog,
    instrument_id: &str,
    given: BTreeMap<String, Value>,
    change: impl FnOnce(&mut Finish<'_>),
) -> Result<Finished, FinishError> {
    let definition = catalog.latest(instrument_id).expect("offered").clone();
    let roles = default_roles();
    let mut input = Finish {
        definition: &definition,
        catalog,
        roles: &roles,
        role: Some(ROLE.to_owned()),
        answers: given,
        nhs_number: None,
        supersedes: None,
        time_point: None,
        draft_id: DRAFT,
        reviewing: false,
        demographics: None,
    };
    change(&mut input);
    finish(db, input).await
}

/// The records waiting in the outbox, opened.
async fn waiting_records(db: &Rexie) -> Vec<ResponseRecord> {
    let mut records = Vec::new();
    for entry in outbox::oldest(db, 100).await.unwrap() {
        assert!(vault::is_sealed(&entry.record), "queued sealed");
        records.push(serde_json::from_str(&entry.open().await.unwrap()).unwrap());
    }
    records
}

#[wasm_bindgen_test]
async fn finishing_queues_the_validated_response_sealed_and_removes_its_draft() {
    let db = fresh_db("test-finish-queues").await;
    let catalog = offline_default();
    put_draft(&db, "ons4").await;
    let given = answers(json!({
        "life_satisfaction": 8, "worthwhile": 7, "happiness": 6, "anxiety": 2
    }));

    let done = finish_with(&db, &catalog, "ons4", given.clone(), |f| {
        f.nhs_number = Some("9434765919".to_owned());
    })
    .await
    .expect("finished");

    let queued = waiting_records(&db).await;
    assert_eq!(
        queued,
        std::slice::from_ref(&done.record),
        "exactly the finished record"
    );
    let record = &queued[0];
    assert_eq!(record.answers, given);
    assert_eq!(record.role, ROLE);
    assert_eq!(
        (record.instrument_id.as_str(), record.instrument_version),
        ("ons4", 1)
    );
    let patient = record
        .patient
        .as_ref()
        .expect("the NHS number names the patient");
    assert_eq!(patient.nhs_number.as_deref(), Some("9434765919"));
    assert!(!patient.pseudonym.is_empty());
    assert!(drafts::all(&db).await.unwrap().is_empty(), "the draft left");
    let life = done
        .scores
        .iter()
        .find(|s| s.measure == "life_satisfaction")
        .expect("scored on the tablet");
    assert_eq!(
        (life.label.as_str(), life.value),
        ("Life satisfaction", 8.0)
    );
    assert_eq!(
        done.scores.len(),
        4,
        "one figure per ONS4 measure, no composite"
    );
    assert!(
        goal_sets::all(&db).await.unwrap().is_empty(),
        "no goals to keep"
    );
}

#[wasm_bindgen_test]
async fn an_answer_to_a_question_that_is_not_shown_is_not_queued() {
    let db = fresh_db("test-finish-hidden").await;
    let catalog = offline_default();
    put_draft(&db, "phq9").await;
    // No problem reported, so the difficulty question (answered before a change) is not shown.
    let mut given = answers(json!({
        "interest": 0, "feeling_down": 0, "sleep": 0, "tired": 0, "appetite": 0,
        "feeling_bad": 0, "concentrating": 0, "moving": 0, "self_harm": 0
    }));
    let shown = given.clone();
    given.insert("difficulty".to_owned(), json!(2));

    let done = finish_with(&db, &catalog, "phq9", given, |_| {})
        .await
        .unwrap();

    assert_eq!(done.record.answers, shown);
    assert_eq!(waiting_records(&db).await[0].answers, shown);
    assert_eq!(
        done.scores
            .iter()
            .find(|s| s.measure == "total")
            .map(|s| s.value),
        Some(0.0)
    );
}

#[wasm_bindgen_test]
async fn a_correction_marks_the_refused_response_it_replaces() {
    let db = fresh_db("test-finish-correction").await;
    let catalog = offline_default();
    // A response the server refused.
    let refused: ResponseRecord = serde_json::from_value(json!({
        "id": "00000000-0000-4000-8000-000000000011",
        "instrument_id": "ons4",
        "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z",
        "role": ROLE,
        "answers": { "life_satisfaction": 11, "worthwhile": 7, "happiness": 6, "anxiety": 2 },
    }))
    .unwrap();
    let entry = OutboxEntry::seal(&refused, "2026-11-21T09:31:00Z".to_owned())
        .await
        .unwrap();
    outbox::add(&db, &entry).await.unwrap();
    outbox::apply_acks(
        &db,
        std::slice::from_ref(&entry),
        &[],
        &[(refused.id, "out of range".to_owned())],
    )
    .await
    .unwrap();
    assert_eq!(outbox::attention_count(&db).await.unwrap(), 1);
    put_draft(&db, "ons4").await;

    let given = answers(json!({
        "life_satisfaction": 8, "worthwhile": 7, "happiness": 6, "anxiety": 2
    }));
    let done = finish_with(&db, &catalog, "ons4", given, |f| {
        f.supersedes = Some(refused.id.to_string());
    })
    .await
    .unwrap();

    assert_eq!(done.record.supersedes, Some(refused.id));
    let attention = outbox::needing_attention(&db).await.unwrap();
    assert_eq!(attention.len(), 1, "the refused response is kept");
    assert_eq!(
        attention[0].corrected_by.as_deref(),
        Some(done.record.id.to_string().as_str()),
        "and marked as corrected by the new one"
    );
    assert_eq!(outbox::attention_count(&db).await.unwrap(), 0);
    assert_eq!(waiting_records(&db).await, [done.record]);
}

fn goal(attainment: Option<i64>) -> Value {
    json!([{
        "id": "goal-1",
        "description": "Walk to the shop",
        "levels": { "-2": "Stays in", "-1": "To the gate", "0": "To the shop", "1": "Shop and back", "2": "To the park" },
        "baseline": -1,
        "attainment": attainment,
    }])
}

#[wasm_bindgen_test]
async fn agreed_goals_are_kept_for_review_and_a_review_keeps_no_new_set() {
    let db = fresh_db("test-finish-goals").await;
    let catalog = offline_default();
    put_draft(&db, "gas").await;

    let set = finish_with(
        &db,
        &catalog,
        "gas",
        answers(json!({ "goals": goal(None) })),
        |_| {},
    )
    .await
    .unwrap();

    let sets = goal_sets::all(&db).await.unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].id, set.record.id.to_string());
    assert_eq!(sets[0].instrument_id, "gas");
    let kept: Value = serde_json::from_str(&sets[0].goals).unwrap();
    assert_eq!(kept, set.record.answers["goals"], "the goals as agreed");

    put_draft(&db, "gas").await;
    let review = finish_with(
        &db,
        &catalog,
        "gas",
        answers(json!({ "goals": goal(Some(1)) })),
        |f| {
            f.reviewing = true;
        },
    )
    .await
    .unwrap();
    assert_eq!(
        review
            .scores
            .iter()
            .find(|s| s.measure == "attainment_t")
            .map(|s| s.value),
        Some(60.0)
    );
    assert_eq!(
        goal_sets::all(&db).await.unwrap().len(),
        1,
        "a review adds no goal set"
    );
    assert_eq!(outbox::waiting_count(&db).await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn nothing_is_queued_without_a_role_or_with_an_invalid_answer() {
    let db = fresh_db("test-finish-refused").await;
    let catalog = offline_default();
    put_draft(&db, "ons4").await;
    let given = answers(json!({
        "life_satisfaction": 8, "worthwhile": 7, "happiness": 6, "anxiety": 2
    }));

    let no_role = finish_with(&db, &catalog, "ons4", given.clone(), |f| f.role = None).await;
    assert_eq!(no_role, Err(FinishError::NoRole));
    assert_eq!(
        FinishError::NoRole.to_string(),
        "Choose your professional role in Settings first."
    );

    let mut out_of_range = given;
    out_of_range.insert("life_satisfaction".to_owned(), json!(11));
    let invalid = finish_with(&db, &catalog, "ons4", out_of_range, |_| {}).await;
    let Err(FinishError::Invalid(issues)) = &invalid else {
        panic!("refused as invalid: {invalid:?}");
    };
    assert!(
        issues.iter().any(|i| i.field.contains("life_satisfaction")),
        "{issues:?}"
    );

    assert_eq!(
        outbox::waiting_count(&db).await.unwrap(),
        0,
        "nothing queued"
    );
    assert_eq!(
        drafts::all(&db).await.unwrap().len(),
        1,
        "the draft is kept"
    );
}

#[wasm_bindgen_test]
async fn wrong_pins_are_counted_and_then_even_the_right_one_waits() {
    let db = fresh_db("test-access-unlock").await;
    vault::lock();
    for _ in 0..3 {
        assert_eq!(access::unlock(&db, "1111").await.unwrap(), Unlock::Wrong);
    }
    assert!(!vault::is_unlocked());
    let Unlock::Wait(seconds) = access::unlock(&db, PIN).await.unwrap() else {
        panic!("a wait after three wrong PINs");
    };
    assert!((29..=30).contains(&seconds), "{seconds}");
    assert!(!vault::is_unlocked(), "not even tried while waiting");

    settings::reset_pin_failures(&db).await.unwrap();
    assert_eq!(access::unlock(&db, PIN).await.unwrap(), Unlock::Opened);
    assert!(vault::is_unlocked());
    assert_eq!(
        settings::pin_wait_seconds(&db).await.unwrap(),
        0,
        "failures forgotten"
    );
}
