//! `server import-postcodes`: postcode -> LSOA codes from the ONS National Statistics Postcode
//! Lookup (NSPL) or ONS Postcode Directory (ONSPD) CSV, into `postcode_lsoa`.
//!
//! Columns used (matched without regard to case): the postcode from `pcds` (one space, the
//! documented form; else `pcd`, `pcd7`, `pcd8` or `pcd2`, normalised), and the LSOA of the 2011
//! boundaries from `lsoa11` (or `lsoa11cd`, as in the releases that use the `cd` suffix) and of
//! the 2021 boundaries from `lsoa21` (or `lsoa21cd`). At least one LSOA column must be present.
//! Rows with neither LSOA are skipped (e.g. some non-geographic postcodes).

use super::{
    BatchWriter, ImportSummary, Upsert, Value, check_every_row, find_column, line_of,
    missing_column, next_record, open,
};
use crate::db::Db;
use anyhow::bail;
use shared::demographics::Postcode;
use std::path::Path;

const POSTCODE: &[&str] = &["pcds", "pcd", "pcd7", "pcd8", "pcd2"];
const LSOA11: &[&str] = &["lsoa11", "lsoa11cd"];
const LSOA21: &[&str] = &["lsoa21", "lsoa21cd"];

/// Where the needed values are in a row.
struct Columns {
    postcode: (usize, String),
    lsoa11: Option<(usize, String)>,
    lsoa21: Option<(usize, String)>,
}

/// One checked row: the normalised postcode and its LSOA codes.
type Row = (Postcode, Option<String>, Option<String>);

fn columns(path: &Path, headers: &csv::StringRecord) -> anyhow::Result<Columns> {
    let postcode = find_column(headers, POSTCODE)
        .ok_or_else(|| missing_column(path, "postcode (pcds)", headers))?;
    let lsoa11 = find_column(headers, LSOA11);
    let lsoa21 = find_column(headers, LSOA21);
    if lsoa11.is_none() && lsoa21.is_none() {
        return Err(missing_column(path, "LSOA (lsoa11 or lsoa21)", headers));
    }
    Ok(Columns {
        postcode,
        lsoa11,
        lsoa21,
    })
}

/// Checks one row, naming the line and column of a bad value.
fn check(path: &Path, columns: &Columns, record: &csv::StringRecord) -> anyhow::Result<Row> {
    let line = line_of(record);
    let (index, name) = &columns.postcode;
    let text = record.get(*index).unwrap_or_default();
    let postcode = match Postcode::parse(text) {
        Ok(postcode) => postcode,
        Err(problem) => bail!("{} line {line}, column {name}: {problem}", path.display()),
    };
    let lsoa = |column: &Option<(usize, String)>| -> anyhow::Result<Option<String>> {
        let Some((index, name)) = column else {
            return Ok(None);
        };
        let code = record.get(*index).unwrap_or_default();
        if code.is_empty() {
            return Ok(None);
        }
        if code.len() != 9 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            bail!(
                "{} line {line}, column {name}: {code:?} is not an area code (9 letters and \
                 digits, e.g. E01011365)",
                path.display()
            );
        }
        Ok(Some(code.to_owned()))
    };
    Ok((postcode, lsoa(&columns.lsoa11)?, lsoa(&columns.lsoa21)?))
}

/// Imports the file into `postcode_lsoa`: checks every row first, then writes.
pub async fn import(db: &Db, path: &Path) -> anyhow::Result<ImportSummary> {
    // Pass 1: the header and every row, before anything is written.
    let headers = open(path)?.headers()?.clone();
    let columns = columns(path, &headers)?;
    let rows = check_every_row(path, |record| check(path, &columns, record).map(|_| ()))?;
    let mut record = csv::StringRecord::new();
    tracing::info!(rows, "checked {}: importing postcodes", path.display());

    // Pass 2: write in batches.
    let upsert = Upsert {
        table: "postcode_lsoa",
        columns: &["postcode", "lsoa11", "lsoa21"],
        key: &["postcode"],
    };
    let mut writer = BatchWriter::new(db, upsert, rows, "postcode");
    let mut reader = open(path)?;
    let mut skipped = 0;
    while next_record(&mut reader, &mut record, path)? {
        let (postcode, lsoa11, lsoa21) = check(path, &columns, &record)?;
        if lsoa11.is_none() && lsoa21.is_none() {
            skipped += 1;
            continue;
        }
        writer
            .push(vec![
                Value::Text(Some(postcode.as_str().to_owned())),
                Value::Text(lsoa11),
                Value::Text(lsoa21),
            ])
            .await?;
    }
    let written = writer.finish().await?;
    Ok(ImportSummary {
        rows,
        written,
        skipped,
    })
}
