//! The outbox and settings stores against real IndexedDB in headless Chromium: what is queued
//! survives reopening, is read oldest first, is removed only when acknowledged, and moves to
//! "needs attention" with its reason when refused.
#![cfg(target_arch = "wasm32")]

use app::store::outbox::{self, OutboxEntry};
use app::store::{schema, settings};
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
    schema::open_named(name).await.expect("the database opens")
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
        outbox::add(&db, &OutboxEntry::new(&record(n), at.to_owned()))
            .await
            .unwrap();
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
    let back: ResponseRecord = serde_json::from_str(&entries[0].record).unwrap();
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
    let entry = OutboxEntry::new(&record(1), "2026-11-21T09:01:00Z".to_owned());
    outbox::add(&db, &entry).await.unwrap();
    assert!(outbox::add(&db, &entry).await.is_err());
    assert_eq!(outbox::waiting_count(&db).await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn acknowledged_records_leave_and_refused_ones_need_attention() {
    let db = fresh_db("test-outbox-acks").await;
    let entries: Vec<OutboxEntry> = (1..=3)
        .map(|n| OutboxEntry::new(&record(n), format!("2026-11-21T09:0{n}:00Z")))
        .collect();
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
    outbox::add(
        &v1,
        &OutboxEntry::new(&record(7), "2026-11-21T09:07:00Z".to_owned()),
    )
    .await
    .unwrap();
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
}

#[wasm_bindgen_test]
async fn wrong_pins_impose_a_growing_wait_that_survives_reopening() {
    assert_eq!(
        [0, 1, 2, 3, 4, 5, 8, 20].map(settings::pin_wait_after),
        [0, 0, 0, 30, 60, 120, 900, 900]
    );
    let name = "test-pin-throttle";
    let db = fresh_db(name).await;
    settings::set_pin(&db, "2468").await.unwrap();
    assert!(settings::verify_pin(&db, "2468").await.unwrap());
    assert!(!settings::verify_pin(&db, "1111").await.unwrap());
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
