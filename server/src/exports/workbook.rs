//! The XLSX export (rust_xlsxwriter): one sheet per table of the outcomes view (wide: one row
//! per group and instrument or measure, one column per figure), the long form as a sheet of its
//! own, and a Notes sheet with the query, the suppression rules and the data dictionary. The
//! data sheets are written row by row in constant-memory mode (each row goes to a temporary
//! file as it is finished).

use super::figures::{FIGURES, FigureRow, Status, Table, reason_code};
use super::tabular::{Cell, Column, cells};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

/// What the Notes sheet says about the export.
pub struct Notes<'a> {
    pub title: &'a str,
    pub scope: &'a str,
    pub period: &'a str,
    pub created: &'a str,
    pub query: &'a Value,
    pub suppression: &'a str,
    pub columns: &'a [Column],
    pub codes: &'a Value,
}

/// The workbook's bytes.
pub fn workbook(
    rows: &[FigureRow],
    group_by: &[String],
    notes: &Notes<'_>,
) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    for table in Table::ALL {
        let of_table: Vec<&FigureRow> = rows.iter().filter(|r| r.table == table).collect();
        if of_table.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(table.title())?;
        wide(sheet, table, &of_table, group_by, &bold)?;
    }
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("Figures (long)")?;
    let header: Vec<&str> = notes.columns.iter().map(|c| c.name.as_str()).collect();
    write_header(sheet, 0, &header, &bold)?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in cells(row, group_by).iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, c, text)?;
                }
                Cell::Number(number) => {
                    sheet.write_number(r, c, *number)?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let sheet = book.add_worksheet();
    sheet.set_name("Notes")?;
    write_notes(sheet, notes, &bold)?;
    book.save_to_buffer()
}

fn write_header(
    sheet: &mut Worksheet,
    row: u32,
    header: &[&str],
    bold: &Format,
) -> Result<(), XlsxError> {
    for (c, name) in header.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, *name, bold)?;
    }
    Ok(())
}

/// What a withheld or missing figure shows in a wide sheet (never a number).
pub fn placeholder(row: &FigureRow) -> Option<String> {
    match row.status {
        Status::Shown => None,
        Status::Withheld => Some(format!(
            "withheld: {}",
            row.withheld.map(reason_code).unwrap_or("withheld")
        )),
        Status::NotApplicable => Some("not applicable".into()),
    }
}

/// One table as a wide sheet.
fn wide(
    sheet: &mut Worksheet,
    table: Table,
    rows: &[&FigureRow],
    group_by: &[String],
    bold: &Format,
) -> Result<(), XlsxError> {
    // Columns: the group, the instrument or measure, the band, then each figure in order.
    let mut figures: Vec<&'static str> = Vec::new();
    for row in rows {
        if !figures.contains(&row.figure) {
            figures.push(row.figure);
        }
    }
    let mut header: Vec<String> = vec!["row_type".into()];
    for dimension in group_by {
        header.push(dimension.clone());
        header.push(format!("{dimension}_label"));
    }
    header.push("instrument".into());
    if table.per_measure() {
        header.extend(["measure".into(), "measure_label".into(), "domain".into()]);
    } else {
        header.push("instrument_label".into());
    }
    if table == Table::Bands {
        header.push("band".into());
    }
    if table == Table::Paired {
        header.extend(["too_few_pairs".into(), "improves".into()]);
    }
    let keys = header.len();
    header.extend(figures.iter().map(|f| (*f).to_owned()));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    write_header(sheet, 0, &header_refs, bold)?;

    // One line per group and instrument/measure (and band), in first-seen order.
    let mut lines: Vec<(Vec<Cell>, Vec<&FigureRow>)> = Vec::new();
    for row in rows {
        let key = key_cells(row, table, group_by);
        match lines.iter_mut().find(|(k, _)| *k == key) {
            Some((_, figures)) => figures.push(row),
            None => lines.push((key, vec![row])),
        }
    }
    for (i, (key, of_line)) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in key.iter().enumerate() {
            write_cell(sheet, r, c as u16, cell)?;
        }
        for row in of_line {
            let Some(f) = figures.iter().position(|f| *f == row.figure) else {
                continue;
            };
            let c = (keys + f) as u16;
            match (row.value, placeholder(row)) {
                (Some(value), None) => {
                    sheet.write_number(r, c, value)?;
                }
                (_, Some(text)) => {
                    sheet.write_string(r, c, text)?;
                }
                (None, None) => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_cell(sheet: &mut Worksheet, r: u32, c: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(text) => {
            sheet.write_string(r, c, text)?;
        }
        Cell::Number(number) => {
            sheet.write_number(r, c, *number)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

/// The identifying cells of a figure's line in a wide sheet (taken from the long form).
fn key_cells(row: &FigureRow, table: Table, group_by: &[String]) -> Vec<Cell> {
    let all = cells(row, group_by);
    let dims = 1 + 2 * group_by.len();
    // Long-form order after the group: instrument, instrument_label, measure, measure_label,
    // domain, table, figure, band, unit, value, status, withheld_reason, too_few_pairs, improves.
    let at = |offset: usize| all[dims + offset].clone();
    let mut key: Vec<Cell> = all[..dims].to_vec();
    key.push(at(0));
    if table.per_measure() {
        key.extend([at(2), at(3), at(4)]);
    } else {
        key.push(at(1));
    }
    if table == Table::Bands {
        key.push(at(7));
    }
    if table == Table::Paired {
        key.extend([at(12), at(13)]);
    }
    key
}

fn write_notes(sheet: &mut Worksheet, notes: &Notes<'_>, bold: &Format) -> Result<(), XlsxError> {
    let mut r = 0;
    let mut line =
        |sheet: &mut Worksheet, a: &str, b: &str, strong: bool| -> Result<(), XlsxError> {
            if strong {
                sheet.write_string_with_format(r, 0, a, bold)?;
            } else {
                sheet.write_string(r, 0, a)?;
            }
            if !b.is_empty() {
                sheet.write_string(r, 1, b)?;
            }
            r += 1;
            Ok(())
        };
    line(sheet, notes.title, "", true)?;
    line(sheet, "Scope", notes.scope, false)?;
    line(sheet, "Period", notes.period, false)?;
    line(sheet, "Created", notes.created, false)?;
    line(sheet, "Query", &notes.query.to_string(), false)?;
    line(sheet, "", "", false)?;
    line(sheet, "Suppression", "", true)?;
    line(sheet, "Rules", notes.suppression, false)?;
    for (group, list) in [("Status", "status"), ("Withheld reason", "withheld_reason")] {
        for code in notes.codes[list].as_array().into_iter().flatten() {
            line(
                sheet,
                &format!("{group}: {}", code["code"].as_str().unwrap_or_default()),
                code["description"].as_str().unwrap_or_default(),
                false,
            )?;
        }
    }
    line(
        sheet,
        "In the table sheets",
        "a withheld figure is the text `withheld: <reason>`, a figure that does not exist is \
         `not applicable`; every number is at full precision (round for display)",
        false,
    )?;
    line(sheet, "", "", false)?;
    line(sheet, "Columns (Figures (long) sheet and CSV)", "", true)?;
    for column in notes.columns {
        line(
            sheet,
            &column.name,
            &format!("{}: {}", column.kind, column.description),
            false,
        )?;
    }
    line(sheet, "", "", false)?;
    line(sheet, "Figures (table.figure, unit: meaning)", "", true)?;
    for (table, figure, unit, meaning) in FIGURES {
        line(
            sheet,
            &format!("{}.{figure}", table.code()),
            &format!("{}: {meaning}", unit.code()),
            false,
        )?;
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 100)?;
    Ok(())
}
