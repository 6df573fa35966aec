//! Importers of the public lookup tables an admin loads from the official files: the ONS
//! postcode directory (`server import-postcodes`, see [`postcodes`]) and the English Indices of
//! Deprivation (`server import-imd`, see [`imd`]). They are not patient data.
//!
//! Both read the CSV twice, streaming (constant memory): a first pass checks the header and every
//! row, so a file with a missing column or a bad value is refused before anything is written;
//! the second pass upserts the rows in transactions of [`BATCH_ROWS`], logging progress every
//! [`PROGRESS_ROWS`]. Re-importing replaces each key's values (portable `ON CONFLICT DO UPDATE`).

pub mod imd;
pub mod postcodes;

use crate::db::{Db, Tx};
use crate::on_tx;
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// Rows written per transaction.
pub const BATCH_ROWS: usize = 5_000;
/// Rows per multi-row `INSERT` statement (well under SQLite's limit on bound parameters).
const STATEMENT_ROWS: usize = 40;
/// How often the import logs its progress.
pub const PROGRESS_ROWS: u64 = 100_000;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Data rows read from the file.
    pub rows: u64,
    /// Rows written (inserted or replaced).
    pub written: u64,
    /// Rows left out on purpose (e.g. a postcode with no LSOA at all).
    pub skipped: u64,
}

/// A table's upsert: its name, columns (the key first) and the key's columns.
struct Upsert {
    table: &'static str,
    columns: &'static [&'static str],
    key: &'static [&'static str],
}

/// One value to bind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Text(Option<String>),
    Int(i64),
}

/// Opens a CSV file for streaming (headers on the first line, a UTF-8 byte order mark allowed,
/// surrounding spaces trimmed).
fn open(path: &Path) -> anyhow::Result<csv::Reader<std::fs::File>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("could not open {}", path.display()))?;
    Ok(csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(file))
}

/// A header for matching: lower case, BOM dropped, runs of white space as one space.
fn normal_header(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The index of the first header that `matches` accepts, trying the candidates in order.
fn find_column(headers: &csv::StringRecord, candidates: &[&str]) -> Option<(usize, String)> {
    let normal: Vec<String> = headers.iter().map(normal_header).collect();
    candidates.iter().find_map(|candidate| {
        let candidate = normal_header(candidate);
        normal
            .iter()
            .position(|header| *header == candidate)
            .map(|index| {
                (
                    index,
                    headers[index].trim_start_matches('\u{feff}').to_owned(),
                )
            })
    })
}

/// The CSV line a record started on, for messages.
fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

/// Reads the next record, naming the file and line when the CSV itself is malformed.
fn next_record(
    reader: &mut csv::Reader<std::fs::File>,
    record: &mut csv::StringRecord,
    path: &Path,
) -> anyhow::Result<bool> {
    reader
        .read_record(record)
        .with_context(|| format!("{} is not a readable CSV file", path.display()))
}

/// Writes rows in transactions of [`BATCH_ROWS`], logging progress.
struct BatchWriter<'a> {
    db: &'a Db,
    upsert: Upsert,
    pending: Vec<Vec<Value>>,
    written: u64,
    /// The rows the file has, and what they are, for the progress log.
    total: u64,
    what: &'static str,
}

impl<'a> BatchWriter<'a> {
    fn new(db: &'a Db, upsert: Upsert, total: u64, what: &'static str) -> Self {
        Self {
            db,
            upsert,
            pending: Vec::with_capacity(BATCH_ROWS),
            written: 0,
            total,
            what,
        }
    }

    async fn push(&mut self, row: Vec<Value>) -> anyhow::Result<()> {
        self.pending.push(row);
        if self.pending.len() >= BATCH_ROWS {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let before = self.written;
        let mut tx = self
            .db
            .begin()
            .await
            .context("could not start a transaction")?;
        for chunk in self.pending.chunks(STATEMENT_ROWS) {
            upsert_rows(&mut tx, &self.upsert, chunk)
                .await
                .with_context(|| format!("could not write {}", self.upsert.table))?;
        }
        tx.commit().await.context("could not commit a batch")?;
        self.written += self.pending.len() as u64;
        self.pending.clear();
        if self.written / PROGRESS_ROWS > before / PROGRESS_ROWS {
            tracing::info!(
                rows = self.written,
                "imported {} of {} {} rows",
                self.written,
                self.total,
                self.what
            );
        }
        Ok(())
    }

    async fn finish(mut self) -> anyhow::Result<u64> {
        self.flush().await?;
        Ok(self.written)
    }
}

/// One multi-row upsert. Rows repeating a key within the statement keep the last one (one
/// statement may not update the same row twice on PostgreSQL).
async fn upsert_rows(tx: &mut Tx, upsert: &Upsert, rows: &[Vec<Value>]) -> Result<(), sqlx::Error> {
    let key_len = upsert.key.len();
    let mut by_key: BTreeMap<&[Value], &Vec<Value>> = BTreeMap::new();
    for row in rows {
        by_key.insert(&row[..key_len], row);
    }
    let width = upsert.columns.len();
    let placeholders: Vec<String> = (0..by_key.len())
        .map(|r| {
            let params: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let updates: Vec<String> = upsert.columns[key_len..]
        .iter()
        .map(|column| format!("{column} = excluded.{column}"))
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {} ON CONFLICT ({}) DO UPDATE SET {}",
        upsert.table,
        upsert.columns.join(", "),
        placeholders.join(", "),
        upsert.key.join(", "),
        updates.join(", ")
    );
    on_tx!(tx, conn => {
        let mut query = sqlx::query(&sql);
        for row in by_key.values() {
            for value in row.iter() {
                query = match value {
                    Value::Text(text) => query.bind(text.clone()),
                    Value::Int(n) => query.bind(*n),
                };
            }
        }
        query.execute(conn).await?;
    });
    Ok(())
}

/// Pass 1 of an import: checks every row with `check` before anything is written, logging
/// progress; the number of rows, or the first problem.
fn check_every_row(
    path: &Path,
    mut check: impl FnMut(&csv::StringRecord) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let mut reader = open(path)?;
    let mut record = csv::StringRecord::new();
    let mut rows = 0;
    while next_record(&mut reader, &mut record, path)? {
        check(&record)?;
        rows += 1;
        if rows % PROGRESS_ROWS == 0 {
            tracing::info!(rows, "checked {rows} rows");
        }
    }
    ensure_rows(path, rows)?;
    Ok(rows)
}

/// Refuses a file whose header lacks a needed column, naming what was looked for and found.
fn missing_column(path: &Path, wanted: &str, headers: &csv::StringRecord) -> anyhow::Error {
    let found: Vec<&str> = headers.iter().take(12).collect();
    let more = if headers.len() > 12 { ", ..." } else { "" };
    anyhow::anyhow!(
        "{} has no {wanted} column, so nothing was imported (its columns: {}{more})",
        path.display(),
        found.join(", ")
    )
}

/// Refuses an empty file.
fn ensure_rows(path: &Path, rows: u64) -> anyhow::Result<()> {
    if rows == 0 {
        bail!(
            "{} has a header but no rows, so nothing was imported",
            path.display()
        );
    }
    Ok(())
}
