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
    pub acknowledgement_note: Option<String>,
    pub device_id: Option<String>,
    pub device_name: Option<String>,
}

/// Which alerts a listing holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Open,
    Acknowledged,
    All,
}

/// Alerts on responses uploaded within the organisation `scope` (and below), newest first, with
/// the tablet that uploaded each.
pub async fn list(
    conn: impl Into<Conn<'_>>,
    listing: Listing,
    scope: &str,
) -> Result<Vec<Alert>, sqlx::Error> {
    let filter = match listing {
        Listing::Open => "WHERE a.acknowledged_at IS NULL",
        Listing::Acknowledged => "WHERE a.acknowledged_at IS NOT NULL",
        Listing::All => "",
    };
    let sql = format!(
        "{SUBTREE}SELECT a.response_id, r.instrument_id, a.rule, a.item, a.answer, r.role, a.raised_at,
                a.acknowledged_at, a.acknowledged_by, a.acknowledgement_note,
                r.device_id, d.name AS device_name
         FROM response_alerts a
         JOIN responses r ON r.id = a.response_id
         JOIN tree ON tree.id = r.organisation_id
         LEFT JOIN devices d ON d.id = r.device_id
         {filter}
         ORDER BY a.raised_at DESC, a.response_id"
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

/// Records the first acknowledgement of an alert, with its optional note.
pub async fn acknowledge(
    tx: &mut Tx,
    response_id: &str,
    rule: &str,
    by: &str,
    at: &str,
    note: Option<&str>,
) -> Result<Acknowledged, sqlx::Error> {
    let updated = on_tx!(tx, conn => sqlx::query(
        "UPDATE response_alerts SET acknowledged_at = $1, acknowledged_by = $2,
                acknowledgement_note = $5
         WHERE response_id = $3 AND rule = $4 AND acknowledged_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(response_id)
    .bind(rule)
    .bind(note)
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
