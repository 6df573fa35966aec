//! `server import-imd`: LSOA -> IMD decile from the English Indices of Deprivation "File 1"
//! (Index of Multiple Deprivation), saved as CSV, into `lsoa_imd` for one edition.
//!
//! Columns used: the LSOA code, `LSOA code (2011)` for the 2019 edition and `LSOA code (2021)`
//! for the 2025 edition (so a file of the other edition is refused), and the decile,
//! `Index of Multiple Deprivation (IMD) Decile` (File 1's heading; the longer heading of the
//! File 7 CSV, `... Decile (where 1 is most deprived 10% of LSOAs)`, is accepted too). Headers
//! are matched without regard to case or repeated spaces.

use super::{
    BatchWriter, ImportSummary, Upsert, Value, check_every_row, find_column, line_of,
    missing_column, next_record, open,
};
use crate::db::Db;
use anyhow::bail;
use shared::demographics::ImdEdition;
use std::path::Path;

const DECILE: &str = "Index of Multiple Deprivation (IMD) Decile";
const DECILE_FILE_7: &str =
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)";

/// The LSOA code heading of an edition's files.
pub fn lsoa_header(edition: ImdEdition) -> &'static str {
    match edition {
        ImdEdition::Imd2019 => "LSOA code (2011)",
        ImdEdition::Imd2025 => "LSOA code (2021)",
    }
}

struct Columns {
    lsoa: (usize, String),
    decile: (usize, String),
}

fn columns(
    path: &Path,
    edition: ImdEdition,
    headers: &csv::StringRecord,
) -> anyhow::Result<Columns> {
    let wanted = lsoa_header(edition);
    let Some(lsoa) = find_column(headers, &[wanted]) else {
        let other = ImdEdition::ALL
            .into_iter()
            .find(|e| *e != edition && find_column(headers, &[lsoa_header(*e)]).is_some());
        if let Some(other) = other {
            bail!(
                "{} has the LSOA codes of the {other} edition ({:?}), not of {edition}: \
                 import it with --edition {other}; nothing was imported",
                path.display(),
                lsoa_header(other)
            );
        }
        return Err(missing_column(path, &format!("{wanted:?}"), headers));
    };
    let decile = find_column(headers, &[DECILE, DECILE_FILE_7])
        .ok_or_else(|| missing_column(path, &format!("{DECILE:?}"), headers))?;
    Ok(Columns { lsoa, decile })
}

/// Checks one row: an LSOA code of England (E01 and six digits) and a decile of 1 to 10.
fn check(
    path: &Path,
    columns: &Columns,
    record: &csv::StringRecord,
) -> anyhow::Result<(String, i64)> {
    let line = line_of(record);
    let (index, name) = &columns.lsoa;
    let code = record.get(*index).unwrap_or_default();
    let english =
        code.len() == 9 && code.starts_with("E01") && code[3..].chars().all(|c| c.is_ascii_digit());
    if !english {
        bail!(
            "{} line {line}, column {name:?}: {code:?} is not an LSOA code of England (E01 and \
             six digits)",
            path.display()
        );
    }
    let (index, name) = &columns.decile;
    let text = record.get(*index).unwrap_or_default();
    match text.parse::<i64>() {
        Ok(decile) if (1..=10).contains(&decile) => Ok((code.to_owned(), decile)),
        _ => bail!(
            "{} line {line}, column {name:?}: {text:?} is not a decile (a whole number from 1 to \
             10)",
            path.display()
        ),
    }
}

/// Imports the file into `lsoa_imd` for `edition`: checks every row first, then writes.
pub async fn import(db: &Db, edition: ImdEdition, path: &Path) -> anyhow::Result<ImportSummary> {
    let headers = open(path)?.headers()?.clone();
    let columns = columns(path, edition, &headers)?;
    let rows = check_every_row(path, |record| check(path, &columns, record).map(|_| ()))?;
    let mut record = csv::StringRecord::new();
    tracing::info!(rows, "checked {}: importing IMD {edition}", path.display());

    let upsert = Upsert {
        table: "lsoa_imd",
        columns: &["edition", "lsoa_code", "decile"],
        key: &["edition", "lsoa_code"],
    };
    let mut writer = BatchWriter::new(db, upsert, rows, "LSOA");
    let mut reader = open(path)?;
    while next_record(&mut reader, &mut record, path)? {
        let (code, decile) = check(path, &columns, &record)?;
        writer
            .push(vec![
                Value::Int(i64::from(edition.year())),
                Value::Text(Some(code)),
                Value::Int(decile),
            ])
            .await?;
    }
    let written = writer.finish().await?;
    Ok(ImportSummary {
        rows,
        written,
        skipped: 0,
    })
}
