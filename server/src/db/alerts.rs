//! Queries on `response_alerts`: risk alerts raised by stored responses, and who acknowledged
//! each and when.

use super::organisations::SUBTREE;
use super::{Db, Tx};
use crate::{on_db, on_tx};
use shared::api::AlertView;
use shared::risk::RiskAlert;

/// Stores the alerts of a response in the response's own transaction.
pub async fn insert(
    tx: &mut Tx,
    response_id: &str,
    alerts: &[RiskAlert],
    raised_at: &str,
) -> Result<(), sqlx::Error> {
    for alert in alerts {
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO response_alerts (response_id, rule, item, answer, raised_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (response_id, rule) DO NOTHING",
        )
        .bind(response_id)
        .bind(&alert.rule)
        .bind(&alert.item)
        .bind(alert.answer)
        .bind(raised_at)
        .execute(conn)
        .await?
        .rows_affected());
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

/// Alerts on responses uploaded within the organisation `scope` (and below), oldest first; only
/// unacknowledged ones unless `include_acknowledged`.
pub async fn list(
    db: &Db,
    include_acknowledged: bool,
    scope: &str,
) -> Result<Vec<AlertView>, sqlx::Error> {
    let filter = if include_acknowledged {
        ""
    } else {
        "WHERE a.acknowledged_at IS NULL"
    };
    let sql = format!(
        "{SUBTREE}SELECT a.response_id, r.instrument_id, a.rule, a.item, a.answer, r.role, a.raised_at,
                a.acknowledged_at, a.acknowledged_by
         FROM response_alerts a
         JOIN responses r ON r.id = a.response_id
         JOIN tree ON tree.id = r.organisation_id
         {filter}
         ORDER BY a.raised_at, a.response_id"
    );
    let rows: Vec<AlertRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(scope).fetch_all(pool).await?);
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
    db: &Db,
    response_id: &str,
    rule: &str,
    by: &str,
    at: &str,
) -> Result<Acknowledged, sqlx::Error> {
    let updated = on_db!(db, pool => sqlx::query(
        "UPDATE response_alerts SET acknowledged_at = $1, acknowledged_by = $2
         WHERE response_id = $3 AND rule = $4 AND acknowledged_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(response_id)
    .bind(rule)
    .execute(pool)
    .await?
    .rows_affected());
    if updated == 1 {
        return Ok(Acknowledged::Now);
    }
    let existing: i64 = on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM response_alerts WHERE response_id = $1 AND rule = $2",
    )
    .bind(response_id)
    .bind(rule)
    .fetch_one(pool)
    .await?);
    Ok(if existing > 0 {
        Acknowledged::Already
    } else {
        Acknowledged::NotFound
    })
}
