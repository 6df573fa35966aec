//! Queries on `response_alerts`: risk alerts raised by stored responses, and who acknowledged
//! each and when.

use shared::api::AlertView;
use shared::risk::RiskAlert;
use sqlx::{Sqlite, SqlitePool, Transaction};

/// Stores the alerts of a response in the response's own transaction.
pub async fn insert(
    tx: &mut Transaction<'_, Sqlite>,
    response_id: &str,
    alerts: &[RiskAlert],
    raised_at: &str,
) -> Result<(), sqlx::Error> {
    for alert in alerts {
        sqlx::query(
            "INSERT INTO response_alerts (response_id, rule, item, answer, raised_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(response_id)
        .bind(&alert.rule)
        .bind(&alert.item)
        .bind(alert.answer)
        .bind(raised_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

type AlertRow = (
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// Alerts, oldest first; only unacknowledged ones unless `include_acknowledged`.
pub async fn list(
    pool: &SqlitePool,
    include_acknowledged: bool,
) -> Result<Vec<AlertView>, sqlx::Error> {
    let filter = if include_acknowledged {
        ""
    } else {
        "WHERE a.acknowledged_at IS NULL"
    };
    let rows: Vec<AlertRow> = sqlx::query_as(&format!(
        "SELECT a.response_id, r.instrument_id, a.rule, a.item, a.answer, r.role, a.raised_at,
                a.acknowledged_at, a.acknowledged_by
         FROM response_alerts a JOIN responses r ON r.id = a.response_id
         {filter}
         ORDER BY a.raised_at, a.response_id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                response_id,
                instrument_id,
                rule,
                item,
                answer,
                role,
                raised_at,
                acknowledged_at,
                acknowledged_by,
            )| {
                AlertView {
                    response_id,
                    instrument_id,
                    rule,
                    item,
                    answer,
                    role,
                    raised_at,
                    acknowledged_at,
                    acknowledged_by,
                }
            },
        )
        .collect())
}

/// Outcome of an acknowledgement.
#[derive(Debug, PartialEq, Eq)]
pub enum Acknowledged {
    Now,
    Already,
    NotFound,
}

pub async fn acknowledge(
    pool: &SqlitePool,
    response_id: &str,
    rule: &str,
    by: &str,
    at: &str,
) -> Result<Acknowledged, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE response_alerts SET acknowledged_at = ?, acknowledged_by = ?
         WHERE response_id = ? AND rule = ? AND acknowledged_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(response_id)
    .bind(rule)
    .execute(pool)
    .await?
    .rows_affected();
    if updated == 1 {
        return Ok(Acknowledged::Now);
    }
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM response_alerts WHERE response_id = ? AND rule = ?")
            .bind(response_id)
            .bind(rule)
            .fetch_optional(pool)
            .await?;
    Ok(if exists.is_some() {
        Acknowledged::Already
    } else {
        Acknowledged::NotFound
    })
}
