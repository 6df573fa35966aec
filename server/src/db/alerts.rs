//! Queries on `response_alerts`: risk alerts raised by stored responses, and who acknowledged
//! each and when.

use super::organisations::SUBTREE;
use super::{Conn, Tx};
use crate::{on_conn, on_tx};
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

/// A risk alert as stored, with what the listing shows of its response.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Alert {
    pub response_id: String,
    pub instrument_id: String,
    pub rule: String,
    pub item: String,
    pub answer: i64,
    pub role: String,
    pub raised_at: String,
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
}

/// Alerts on responses uploaded within the organisation `scope` (and below), oldest first; only
/// unacknowledged ones unless `include_acknowledged`.
pub async fn list(
    conn: impl Into<Conn<'_>>,
    include_acknowledged: bool,
    scope: &str,
) -> Result<Vec<Alert>, sqlx::Error> {
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
    on_conn!(conn, executor => sqlx::query_as(&sql).bind(scope).fetch_all(executor).await)
}

/// Outcome of an acknowledgement.
#[derive(Debug, PartialEq, Eq)]
pub enum Acknowledged {
    Now,
    Already,
    NotFound,
}

pub async fn acknowledge(
    tx: &mut Tx,
    response_id: &str,
    rule: &str,
    by: &str,
    at: &str,
) -> Result<Acknowledged, sqlx::Error> {
    let updated = on_tx!(tx, conn => sqlx::query(
        "UPDATE response_alerts SET acknowledged_at = $1, acknowledged_by = $2
         WHERE response_id = $3 AND rule = $4 AND acknowledged_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(response_id)
    .bind(rule)
    .execute(conn)
    .await?
    .rows_affected());
    if updated == 1 {
        return Ok(Acknowledged::Now);
    }
    let existing: i64 = on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM response_alerts WHERE response_id = $1 AND rule = $2",
    )
    .bind(response_id)
    .bind(rule)
    .fetch_one(conn)
    .await?);
    Ok(if existing > 0 {
        Acknowledged::Already
    } else {
        Acknowledged::NotFound
    })
}
