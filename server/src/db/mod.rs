//! The database: SQLite (embedded, the default) or PostgreSQL (when a deployment outgrows one
//! machine), chosen by the configured URL. Both run the same migrations (`migrations/`) and the
//! same SQL: queries use `$1`-style placeholders and portable types (TEXT, BIGINT, DOUBLE
//! PRECISION), and each query is written once and type-checked for both backends by [`on_db!`],
//! [`on_tx!`] and [`on_conn!`]. One module of queries per table.
//!
//! A function that changes data takes an open transaction ([`Tx`]), so the handler can write the
//! audit row of the change in the same transaction and commit once; a function that only reads
//! takes a [`Conn`]: the pool, or the transaction of an audited read. (`sessions::insert` takes
//! a `Conn` too: tests plant sessions straight on the pool.)

pub mod aggregates;
pub mod alerts;
pub mod audit;
pub mod bulk;
pub mod demographics;
pub mod devices;
pub mod instruments;
pub mod organisations;
pub mod research;
pub mod responses;
pub mod roles;
pub mod rollups;
pub mod sealing;
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

/// Where a read runs: on the pool (a statement of its own), or inside an open transaction (a
/// read that is audited, or that a change depends on). `&Db` and `&mut Tx` both convert.
pub enum Conn<'c> {
    Pool(&'c Db),
    Tx(&'c mut Tx),
}

impl<'c> From<&'c Db> for Conn<'c> {
    fn from(db: &'c Db) -> Self {
        Conn::Pool(db)
    }
}

impl<'c> From<&'c mut Tx> for Conn<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        Conn::Tx(tx)
    }
}

/// Runs the same code on a [`Conn`], whichever backend and whether pool or transaction:
/// `on_conn!(conn, executor => query.fetch_all(executor).await)`, one query per use.
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, $executor:ident => $body:expr) => {
        match ::core::convert::Into::<$crate::db::Conn<'_>>::into($conn) {
            $crate::db::Conn::Pool($crate::db::Db::Sqlite($executor)) => $body,
            $crate::db::Conn::Pool($crate::db::Db::Postgres($executor)) => $body,
            $crate::db::Conn::Tx($crate::db::Tx::Sqlite(transaction)) => {
                let $executor = &mut **transaction;
                $body
            }
            $crate::db::Conn::Tx($crate::db::Tx::Postgres(transaction)) => {
                let $executor = &mut **transaction;
                $body
            }
        }
    };
}

/// A stored value that no longer parses as its type, as a database error (the request fails
/// with "unavailable"; the cause is logged).
pub fn undecodable(error: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(error))
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

/// On SQLite, keeps `outcome_cells` in its primary key's b-tree (`WITHOUT ROWID`, which
/// PostgreSQL has no syntax for, so the portable migration cannot say it): a query's range of
/// cells is then read in order from one b-tree instead of through the key index plus a lookup
/// per row in the table, and a write updates one b-tree instead of two. The table as the
/// migration made it is copied (cells and all) into the same definition with `WITHOUT ROWID`.
async fn cells_without_rowid(pool: &sqlx::SqlitePool) -> Result<(), sqlx::Error> {
    let definition: Option<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outcome_cells'",
    )
    .fetch_optional(pool)
    .await?;
    let Some(definition) = definition else {
        return Ok(());
    };
    if definition.to_ascii_uppercase().contains("WITHOUT ROWID") {
        return Ok(());
    }
    let Some(columns) = definition.split_once('(').map(|(_, rest)| rest) else {
        return Ok(());
    };
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(&format!(
        "CREATE TABLE outcome_cells_laid_out ({columns} WITHOUT ROWID"
    ))
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO outcome_cells_laid_out SELECT * FROM outcome_cells")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DROP TABLE outcome_cells")
        .execute(&mut *tx)
        .await?;
    sqlx::query("ALTER TABLE outcome_cells_laid_out RENAME TO outcome_cells")
        .execute(&mut *tx)
        .await?;
    tx.commit().await
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
                .busy_timeout(Duration::from_secs(15))
                // A page cache of up to 64 MiB per connection (SQLite's default is 2 MiB), and
                // reads through a memory map: the rollup cells are read and updated at random
                // places in a large table, and each page missed is a system call.
                .pragma("cache_size", "-65536")
                .pragma("mmap_size", "1073741824");
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
        if let Db::Sqlite(pool) = &db {
            cells_without_rowid(pool)
                .await
                .context("could not lay out the rollup cells")?;
        }
        Ok(db)
    }

    /// Which database this is, for logs and health output.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgresql",
        }
    }

    /// Opens a transaction. Every transaction here writes (at least an audit row), so on SQLite
    /// it takes the write lock at once (`BEGIN IMMEDIATE`, waiting up to the busy timeout): a
    /// transaction that read first and wrote later would fail outright if another writer had
    /// committed in between.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Opens a transaction that only reads, from one snapshot: on SQLite a deferred transaction
    /// (it takes no write lock, so writers are not held up), on PostgreSQL a read-only
    /// repeatable-read one (every statement sees the same committed data).
    pub async fn begin_read(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }

    /// A handle for one long read (a research export) whose memory must stay bounded. On
    /// SQLite it is a connection of its own that reads through an 8 MiB page cache and maps
    /// nothing: the pool's connections map the file (`mmap_size`), and every mapped page a long
    /// scan touches would count in the process's resident memory. On PostgreSQL the pool itself.
    pub async fn long_read(&self) -> Result<LongRead, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => {
                let options = pool
                    .connect_options()
                    .as_ref()
                    .clone()
                    .pragma("cache_size", "-8192")
                    .pragma("mmap_size", "0");
                let own = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(options)
                    .await?;
                LongRead {
                    db: Db::Sqlite(own),
                    own: true,
                }
            }
            Db::Postgres(_) => LongRead {
                db: self.clone(),
                own: false,
            },
        })
    }
}

/// See [`Db::long_read`].
pub struct LongRead {
    db: Db,
    /// Whether the connection is this read's own (closed with it).
    own: bool,
}

impl LongRead {
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Closes the read's own connection (the shared pool stays open).
    pub async fn close(self) {
        if self.own {
            self.db.close().await;
        }
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
