//! The database's size on disk: the SQLite file (after a WAL checkpoint) with its tables and
//! indexes when SQLite's `dbstat` table is compiled in, or PostgreSQL's database and table sizes.

use server::db::Db;

/// The tables whose sizes are printed.
const TABLES: [&str; 4] = [
    "responses",
    "response_scores",
    "outcome_cells",
    "patient_demographics",
];

/// The whole database's bytes, and (what, bytes) of its largest parts.
pub async fn sizes(db: &Db, database: &str) -> (u64, Vec<(String, u64)>) {
    match db {
        Db::Sqlite(pool) => {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await;
            let file = |suffix: &str| {
                std::fs::metadata(format!("{database}{suffix}")).map_or(0, |m| m.len())
            };
            let total = file("") + file("-wal");
            // `dbstat` is an optional SQLite build feature; without it only the file is shown.
            let parts: Result<Vec<(String, i64)>, _> = sqlx::query_as(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8",
            )
            .fetch_all(pool)
            .await;
            let parts = parts.unwrap_or_default();
            (
                total,
                parts
                    .into_iter()
                    .map(|(name, bytes)| (name, bytes as u64))
                    .collect(),
            )
        }
        Db::Postgres(pool) => {
            let total: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
                .fetch_one(pool)
                .await
                .unwrap_or(0);
            let mut parts = Vec::new();
            for table in TABLES {
                let bytes: i64 = sqlx::query_scalar("SELECT pg_total_relation_size($1::regclass)")
                    .bind(table)
                    .fetch_one(pool)
                    .await
                    .unwrap_or(0);
                parts.push((format!("{table} (with indexes)"), bytes as u64));
            }
            (total as u64, parts)
        }
    }
}

/// Bytes as MB with one decimal.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
