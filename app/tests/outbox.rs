//! The outbox and settings stores against real IndexedDB in headless Chromium: what is queued
//! survives reopening, is read oldest first, is removed only when acknowledged, and moves to
//! "needs attention" with its reason when refused; and everything about a patient is sealed with
//! the PIN-wrapped data key (see `app::vault`).
#![cfg(target_arch = "wasm32")]

use app::store::outbox::{self, OutboxEntry};
use app::store::{schema, settings};
use app::vault;
use rexie::Rexie;
use shared::ResponseId;
use shared::response::ResponseRecord;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn record(n: u8) -> ResponseRecord {
    serde_json::from_value(serde_json::json!({
        "id": format!("00000000-0000-4000-8000-0000000000{n:02}"),
        "instrument_id": "ons4",
        "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z",
        "role": "dietitian",
        "answers": { "life_satisfaction": n, "worthwhile": 1, "happiness": 2, "anxiety": 3 },
    }))
    .unwrap()
}

async fn fresh_db(name: &str) -> Rexie {
    let _ = Rexie::delete(name).await;
    let db = schema::open_named(name).await.expect("the database opens");
    vault::lock();
    vault::create(&db, PIN).await.expect("the vault is created");
    db
}

const PIN: &str = "2468";

async fn sealed(n: u8, at: &str) -> OutboxEntry {
    OutboxEntry::seal(&record(n), at.to_owned()).await.unwrap()
}

#[wasm_bindgen_test]
async fn queued_records_survive_reopening_and_come_back_oldest_first() {
    let name = "test-outbox-order";
    let db = fresh_db(name).await;
    for (n, at) in [
        (3, "2026-11-21T09:03:00Z"),
        (1, "2026-11-21T09:01:00Z"),
        (2, "2026-11-21T09:02:00Z"),
    ] {
        outbox::add(&db, &sealed(n, at).await).await.unwrap();
    }
    db.close();

    let db = schema::open_named(name).await.unwrap();
    let entries = outbox::oldest(&db, 10).await.unwrap();
    let order: Vec<String> = entries.iter().map(|e| e.queued_at.clone()).collect();
    assert_eq!(
        order,
        [
            "2026-11-21T09:01:00Z",
            "2026-11-21T09:02:00Z",
            "2026-11-21T09:03:00Z"
        ]
    );
    assert_eq!(outbox::waiting_count(&db).await.unwrap(), 3);
    assert_eq!(outbox::oldest(&db, 2).await.unwrap().len(), 2);
    let back: ResponseRecord = serde_json::from_str(&entries[0].open().await.unwrap()).unwrap();
    assert_eq!(back, record(1), "the stored JSON is the record, unchanged");
    assert_eq!(
        back.answers["life_satisfaction"],
        serde_json::json!(1),
        "integers stay integers"
    );
}

#[wasm_bindgen_test]
async fn the_same_response_cannot_be_queued_twice() {
    let db = fresh_db("test-outbox-unique").await;
    let entry = sealed(1, "2026-11-21T09:01:00Z").await;
    outbox::add(&db, &entry).await.unwrap();
    assert!(outbox::add(&db, &entry).await.is_err());
    assert_eq!(outbox::waiting_count(&db).await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn acknowledged_records_leave_and_refused_ones_need_attention() {
    let db = fresh_db("test-outbox-acks").await;
    let mut entries: Vec<OutboxEntry> = Vec::new();
    for n in 1..=3 {
        entries.push(sealed(n, &format!("2026-11-21T09:0{n}:00Z")).await);
    }
    for entry in &entries {
        outbox::add(&db, entry).await.unwrap();
    }
    let id = |n: usize| ResponseId::parse(&entries[n].id).unwrap();

    outbox::apply_acks(
        &db,
        &entries,
        &[id(0)],
        &[(id(1), "role unknown".to_owned())],
    )
    .await
    .unwrap();

    let waiting = outbox::oldest(&db, 10).await.unwrap();
    assert_eq!(
        waiting,
        [entries[2].clone()],
        "only the unacknowledged record still waits"
    );
    let attention = outbox::needing_attention(&db).await.unwrap();
    assert_eq!(attention.len(), 1);
    assert_eq!(attention[0].id, entries[1].id);
    assert_eq!(attention[0].reason, "role unknown");
    assert_eq!(
        attention[0].record, entries[1].record,
        "nothing of the refused record is lost"
    );
    assert_eq!(outbox::attention_count(&db).await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn the_chosen_role_is_remembered() {
    let name = "test-settings-role";
    let db = fresh_db(name).await;
    assert_eq!(settings::role(&db).await.unwrap(), None);
    settings::set_role(&db, "paramedic").await.unwrap();
    settings::set_role(&db, "dietitian").await.unwrap();
    db.close();
    let db = schema::open_named(name).await.unwrap();
    assert_eq!(
        settings::role(&db).await.unwrap().as_deref(),
        Some("dietitian")
    );
}

#[wasm_bindgen_test]
async fn upgrading_from_the_first_schema_keeps_queued_responses() {
    use rexie::{Index, ObjectStore};
    let name = "test-upgrade-from-v1";
    let _ = Rexie::delete(name).await;
    // The schema as version 1 shipped it.
    let v1 = Rexie::builder(name)
        .version(1)
        .add_object_store(
            ObjectStore::new(schema::OUTBOX)
                .key_path("id")
                .add_index(Index::new(schema::OUTBOX_BY_QUEUED, "queued_at")),
        )
        .add_object_store(ObjectStore::new(schema::NEEDS_ATTENTION).key_path("id"))
        .add_object_store(ObjectStore::new(schema::SETTINGS).key_path("key"))
        .build()
        .await
        .unwrap();
    // As the first builds stored it: the record in the clear.
    let plain = serde_json::json!({
        "id": record(7).id.to_string(),
        "queued_at": "2026-11-21T09:07:00Z",
        "record": serde_json::to_string(&record(7)).unwrap(),
    });
    let tx = v1
        .transaction(&[schema::OUTBOX], rexie::TransactionMode::ReadWrite)
        .unwrap();
    tx.store(schema::OUTBOX)
        .unwrap()
        .add(
            &serde::Serialize::serialize(
                &plain,
                &serde_wasm_bindgen::Serializer::json_compatible(),
            )
            .unwrap(),
            None,
        )
        .await
        .unwrap();
    tx.done().await.unwrap();
    v1.close();

    let current = schema::open_named(name).await.unwrap();

    assert_eq!(current.version().unwrap(), schema::VERSION);
    assert_eq!(
        outbox::waiting_count(&current).await.unwrap(),
        1,
        "the queued response survived"
    );
    assert!(
        current
            .store_names()
            .contains(&schema::GOAL_SETS.to_owned())
    );
    // Protecting the tablet seals what was stored in the clear, and it still reads back.
    vault::lock();
    app::workflow::access::protect(&current, PIN).await.unwrap();
    let raw = raw_values(&current, schema::OUTBOX).await;
    assert!(!raw.contains("life_satisfaction"), "sealed: {raw}");
    let entry = outbox::oldest(&current, 1).await.unwrap().remove(0);
    let back: ResponseRecord = serde_json::from_str(&entry.open().await.unwrap()).unwrap();
    assert_eq!(back, record(7));
}

/// Every value in a store, as the JSON text a person reading the raw database would see.
async fn raw_values(db: &Rexie, store: &str) -> String {
    let tx = db
        .transaction(&[store], rexie::TransactionMode::ReadOnly)
        .unwrap();
    let values = tx.store(store).unwrap().get_all(None, None).await.unwrap();
    tx.done().await.unwrap();
    values
        .iter()
        .map(|v| String::from(js_sys::JSON::stringify(v).unwrap()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[wasm_bindgen_test]
async fn records_are_sealed_at_rest_and_need_the_pin_after_a_lock() {
    let name = "test-vault";
    let db = fresh_db(name).await;
    let mut patient = record(5);
    patient.patient = Some(shared::response::PatientRef {
        pseudonym: "local-patient-1".to_owned(),
        nhs_number: Some("9434765919".to_owned()),
        demographics: None,
    });
    let entry = OutboxEntry::seal(&patient, "2026-11-21T09:05:00Z".to_owned())
        .await
        .unwrap();
    outbox::add(&db, &entry).await.unwrap();

    let raw = raw_values(&db, schema::OUTBOX).await;
    for secret in ["9434765919", "life_satisfaction", "local-patient-1", "ons4"] {
        assert!(!raw.contains(secret), "{secret} is readable at rest: {raw}");
    }
    let settings_raw = raw_values(&db, schema::SETTINGS).await;
    assert!(!settings_raw.contains(PIN), "the PIN itself is not stored");

    // Locked: nothing can be opened, and a wrong PIN does not unlock.
    vault::lock();
    assert!(!vault::is_unlocked());
    assert!(entry.open().await.is_err());
    assert!(!vault::unlock(&db, "1111").await.unwrap());
    assert!(entry.open().await.is_err());
    assert!(vault::unlock(&db, PIN).await.unwrap());
    let back: ResponseRecord = serde_json::from_str(&entry.open().await.unwrap()).unwrap();
    assert_eq!(back, patient);

    // A sealed value moved to another record's key fails its integrity check.
    let swapped = OutboxEntry {
        id: record(6).id.to_string(),
        ..entry.clone()
    };
    assert!(swapped.open().await.is_err());

    // A new PIN unwraps the same data key; the old one no longer does.
    assert!(!vault::change_secret(&db, "0000", "13579").await.unwrap());
    assert!(
        vault::change_secret(&db, PIN, "a long passphrase")
            .await
            .unwrap()
    );
    vault::lock();
    assert!(!vault::unlock(&db, PIN).await.unwrap());
    assert!(vault::unlock(&db, "a long passphrase").await.unwrap());
    assert_eq!(
        entry.open().await.unwrap(),
        serde_json::to_string(&patient).unwrap()
    );
}

#[wasm_bindgen_test]
fn pins_and_passphrases_have_a_minimum_strength() {
    for weak in ["", "123", "abc", "short7!"] {
        assert!(vault::check_secret_format(weak).is_err(), "{weak:?}");
    }
    for fine in ["1234", "24681357", "a long passphrase"] {
        assert!(vault::check_secret_format(fine).is_ok(), "{fine:?}");
    }
    assert!(app::session::idle_long_enough(600_000.0, 10));
    assert!(!app::session::idle_long_enough(599_999.0, 10));
}

#[wasm_bindgen_test]
async fn wrong_pins_impose_a_growing_wait_that_survives_reopening() {
    assert_eq!(
        [0, 1, 2, 3, 4, 5, 8, 20].map(settings::pin_wait_after),
        [0, 0, 0, 30, 60, 120, 900, 900]
    );
    let name = "test-pin-throttle";
    let db = fresh_db(name).await;
    for _ in 0..3 {
        settings::record_pin_failure(&db).await.unwrap();
    }
    db.close();
    let db = schema::open_named(name).await.unwrap();
    let wait = settings::pin_wait_seconds(&db).await.unwrap();
    assert!((29..=30).contains(&wait), "{wait}");
    settings::reset_pin_failures(&db).await.unwrap();
    assert_eq!(settings::pin_wait_seconds(&db).await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn a_full_storage_quota_is_reported_plainly_and_loses_nothing_already_stored() {
    use app::store::{STORAGE_FULL, StoreError};
    // The error IndexedDB raises when the browser refuses to store more.
    let full =
        web_sys::DomException::new_with_message_and_name("quota", "QuotaExceededError").unwrap();
    let error = StoreError::from(rexie::Error::from(idb::Error::AddFailed(full.into())));
    assert_eq!(error.0, STORAGE_FULL);
    assert!(STORAGE_FULL.contains("Nothing already saved was lost"));
    assert!(STORAGE_FULL.contains("export them to a file"));
    let other = web_sys::DomException::new_with_message_and_name("x", "DataError").unwrap();
    let error = StoreError::from(rexie::Error::from(idb::Error::AddFailed(other.into())));
    assert_ne!(error.0, STORAGE_FULL);

    // A finish that fails part-way (here: the response is already queued) changes nothing: the
    // draft is still there and the outbox holds exactly what it held.
    let db = fresh_db("test-finish-atomic").await;
    let entry = sealed(1, "2026-11-21T09:01:00Z").await;
    outbox::add(&db, &entry).await.unwrap();
    let content = app::store::drafts::DraftContent::default();
    let draft = app::store::drafts::Draft {
        id: "draft-1".to_owned(),
        instrument_id: "ons4".to_owned(),
        updated_at: "2026-11-21T09:02:00Z".to_owned(),
        content: app::store::drafts::seal("draft-1", &content).await.unwrap(),
    };
    app::store::drafts::put(&db, &draft).await.unwrap();
    assert!(
        app::store::drafts::finish(&db, &entry, "draft-1")
            .await
            .is_err()
    );
    assert_eq!(outbox::waiting_count(&db).await.unwrap(), 1);
    assert_eq!(
        app::store::drafts::all(&db).await.unwrap().len(),
        1,
        "the draft is kept"
    );
}
