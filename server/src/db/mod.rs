//! The database: SQLite (embedded, the default) or PostgreSQL (when a deployment outgrows one
//! machine), chosen by the configured URL. Both run the same migrations (`migrations/`) and the
//! same SQL: queries use `$1`-style placeholders and portable types (TEXT, BIGINT, DOUBLE
//! PRECISION), and each query is written once and type-checked for both backends by [`on_db!`]
//! and [`on_tx!`]. One module of queries per table.

pub mod aggregates;
pub mod alerts;
pub mod audit;
pub mod devices;
pub mod instruments;
pub mod organisations;
pub mod responses;
pub mod roles;
pub mod sessions;
pub mod users;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// A connection pool to one of the two supported databases.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction on either database.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs the same code against whichever pool is configured: `on_db!(db, pool => query.fetch_all(pool).await)`.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs the same code against an open transaction: `on_tx!(tx, conn => query.execute(conn).await)`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::db::Tx::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}

impl Db {
    /// Opens and migrates the database named by `database`: a `postgres://` URL, a `sqlite:`
    /// URL, or a SQLite file path (created if missing).
    pub async fn connect(database: &str) -> anyhow::Result<Self> {
        let db = if database.starts_with("postgres://") || database.starts_with("postgresql://") {
            let options =
                PgConnectOptions::from_str(database).context("the PostgreSQL URL is not valid")?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(15))
                .connect_with(options)
                .await
                .context("could not connect to PostgreSQL")?;
            Db::Postgres(pool)
        } else {
            let options = if database.starts_with("sqlite:") {
                SqliteConnectOptions::from_str(database)
                    .with_context(|| format!("{database:?} is not a valid SQLite URL"))?
            } else {
                SqliteConnectOptions::new().filename(database)
            };
            let options = options
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: an acknowledged record survives a crash of the process or the machine.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(15));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await
                .with_context(|| format!("could not open the database {database:?}"))?;
            Db::Sqlite(pool)
        };
        let migrator = sqlx::migrate!("./migrations");
        on_db!(&db, pool => migrator.run(pool).await)
            .context("could not apply database migrations")?;
        Ok(db)
    }

    /// Which database this is, for logs and health output.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgresql",
        }
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(transaction) => transaction.commit().await,
            Tx::Postgres(transaction) => transaction.commit().await,
        }
    }
}
