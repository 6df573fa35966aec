//! The database: connection pool, embedded migrations, and one module of queries per table.

pub mod aggregates;
pub mod alerts;
pub mod instruments;
pub mod responses;

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Opens (creating if missing) and migrates the SQLite database named by `database`: a file path
/// or a `sqlite:` URL.
pub async fn connect(database: &str) -> anyhow::Result<SqlitePool> {
    let options = if database.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(database)
            .with_context(|| format!("{database:?} is not a valid SQLite URL"))?
    } else {
        SqliteConnectOptions::new().filename(database)
    };
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: an acknowledged record survives a crash of the process or of the machine.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(15));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("could not open the database {database:?}"))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("could not apply database migrations")?;
    Ok(pool)
}
