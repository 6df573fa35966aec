//! Pull for offline work: after a push, the tablet refreshes the instrument list when it is due,
//! fetches the responses about patients that its organisation stored since its cursor (page by
//! page), merges them into the sealed history with [`shared::sync::merge_changes`], and looks up
//! the keys of caseload patients added since. What to pull and when comes from
//! [`shared::sync::plan_pull`].

use super::client::{self, PushError};
use crate::platform;
use crate::store::{StoreError, caseload};
use rexie::Rexie;
use shared::sync::{Cursor, merge_changes, plan_pull};

/// Pulls what is due (everything when `forced`). Needs the app unlocked.
pub async fn pull(
    db: &Rexie,
    base_url: &str,
    credential: &str,
    forced: bool,
) -> Result<(), String> {
    let (mut history, cursor, pulled_ms) = caseload::history(db)
        .await
        .map_err(|e: StoreError| e.to_string())?;
    let now_ms = js_sys::Date::now();
    let plan = plan_pull(
        crate::catalog::fetched_ms(),
        pulled_ms,
        cursor.as_ref(),
        now_ms as u64,
        forced,
    );
    if plan.instruments {
        refresh_instruments(db).await;
    }
    if let Some(mut after) = plan.changes_after {
        loop {
            let page = client::fetch_changes(base_url, credential, &after.to_string())
                .await
                .map_err(describe)?;
            merge_changes(&mut history, &page.changes);
            after = Cursor::parse(&page.cursor)?;
            if !page.more {
                break;
            }
        }
        caseload::save_history(db, &history, &after, js_sys::Date::now())
            .await
            .map_err(|e| e.to_string())?;
    }
    resolve_keys(db, base_url, credential).await
}

/// Fetches the server's instrument list and hands it to [`crate::catalog`], which caches and
/// shows it. False when the server was not reached.
pub async fn refresh_instruments(db: &Rexie) -> bool {
    let Ok(list) = client::fetch_instruments(&platform::origin()).await else {
        return false;
    };
    crate::catalog::show(db, &list).await;
    true
}

fn describe(error: PushError) -> String {
    match error {
        PushError::Unreachable => "the server cannot be reached".to_owned(),
        PushError::Server(m) | PushError::NotEnrolled(m) => m,
        PushError::TooLarge => "the answer was too large".to_owned(),
    }
}

/// Looks up the server's keys for caseload patients that have none yet.
pub async fn resolve_keys(db: &Rexie, base_url: &str, credential: &str) -> Result<(), String> {
    let patients = caseload::all(db).await.map_err(|e| e.to_string())?;
    let missing: Vec<&caseload::Patient> = patients
        .iter()
        .filter(|p| p.patient_key.is_none())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let numbers: Vec<String> = missing.iter().map(|p| p.nhs_number.clone()).collect();
    let keys = client::fetch_keys(base_url, credential, &numbers)
        .await
        .map_err(describe)?;
    for (patient, key) in missing.into_iter().zip(keys.keys) {
        let added = caseload::added_at(db, &patient.id)
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let updated = caseload::Patient {
            patient_key: Some(key.patient),
            ..patient.clone()
        };
        caseload::put(db, &updated, &added)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
