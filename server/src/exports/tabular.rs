//! The columns of the long-form outcome files (CSV, the workbook's figure sheet, the data
//! dictionary): one place, so the file and its dictionary cannot disagree.

use super::figures::{FigureRow, reason_code};
use shared::api::Improves;

/// A column of the long form.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    /// Frictionless field type: `string`, `number` or `boolean`.
    pub kind: &'static str,
    pub description: String,
}

fn column(name: impl Into<String>, kind: &'static str, description: impl Into<String>) -> Column {
    Column {
        name: name.into(),
        kind,
        description: description.into(),
    }
}

/// The columns for a table grouped by `group_by`, in file order.
pub fn columns(group_by: &[String]) -> Vec<Column> {
    let mut columns = vec![column(
        "row_type",
        "string",
        "`group` for a row of the grouped table, `total` for everything the filters select",
    )];
    for dimension in group_by {
        columns.push(column(
            dimension.clone(),
            "string",
            format!("the group's {dimension} code (empty on the total row)"),
        ));
        columns.push(column(
            format!("{dimension}_label"),
            "string",
            format!("the group's {dimension}, for people"),
        ));
    }
    columns.extend([
        column("instrument", "string", "instrument id, e.g. `phq9`"),
        column(
            "instrument_label",
            "string",
            "the instrument's name (instrument figures)",
        ),
        column(
            "measure",
            "string",
            "`<instrument>.<measure>`, e.g. `phq9.total` (empty for instrument figures)",
        ),
        column("measure_label", "string", "the measure's name"),
        column("domain", "string", "the measure's outcome domain id"),
        column(
            "table",
            "string",
            "`instruments`, `cross_sectional`, `bands`, `fft`, `gas` or `paired`",
        ),
        column(
            "figure",
            "string",
            "the figure's name within its table (see `figures`)",
        ),
        column("band", "string", "the band's label, for band figures"),
        column(
            "unit",
            "string",
            "`count`, `percent` (0-100), `score` (points on the measure's scale), \
             `score_change`, `t_score`, `standardised` (no unit) or `days`",
        ),
        column(
            "value",
            "number",
            "the figure at full precision (round for display); empty unless `status` is `shown`",
        ),
        column(
            "status",
            "string",
            "`shown`; `withheld` (disclosure control, see `withheld_reason`); \
             `not_applicable` (the figure does not exist, e.g. a percentage of nothing)",
        ),
        column(
            "withheld_reason",
            "string",
            "`small`, `secondary` or `too_few_values` when withheld, else empty",
        ),
        column(
            "too_few_pairs",
            "boolean",
            "paired figures: `true` when under 30 pairs (read with caution)",
        ),
        column(
            "improves",
            "string",
            "paired figures: `higher` or `lower`, the direction of improvement",
        ),
    ]);
    columns
}

/// One cell of the long form.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    /// The CSV text (numbers at full precision: Rust's shortest round-trip form).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

fn text(value: Option<&str>) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::Text(v.to_owned()))
}

/// The cells of one figure, in the order of [`columns`].
pub fn cells(row: &FigureRow, group_by: &[String]) -> Vec<Cell> {
    let mut cells = vec![Cell::Text(if row.total { "total" } else { "group" }.into())];
    for (i, _) in group_by.iter().enumerate() {
        let value = row.group.get(i);
        cells.push(text(value.map(|v| v.code.as_str())));
        cells.push(text(value.and_then(|v| v.label.as_deref())));
    }
    cells.extend([
        Cell::Text(row.instrument.clone()),
        text(row.instrument_label.as_deref()),
        text(row.measure.as_deref()),
        text(row.measure_label.as_deref()),
        text(row.domain.as_deref()),
        Cell::Text(row.table.code().into()),
        Cell::Text(row.figure.into()),
        text(row.band.as_deref()),
        Cell::Text(row.unit.code().into()),
        row.value.map_or(Cell::Empty, Cell::Number),
        Cell::Text(row.status.code().into()),
        text(row.withheld.map(reason_code)),
        text(row.too_few_pairs.map(|t| if t { "true" } else { "false" })),
        text(row.improves.map(|i| match i {
            Improves::Higher => "higher",
            Improves::Lower => "lower",
        })),
    ]);
    cells
}

/// The long form as CSV (RFC 4180: comma, CRLF, quotes where needed; UTF-8), with a byte order
/// mark first when `bom`.
pub fn csv(rows: &[FigureRow], group_by: &[String], bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let header: Vec<String> = columns(group_by).into_iter().map(|c| c.name).collect();
    // Writing into a Vec cannot fail.
    writer.write_record(&header).expect("writes to memory");
    for row in rows {
        let record: Vec<String> = cells(row, group_by).iter().map(Cell::text).collect();
        writer.write_record(&record).expect("writes to memory");
    }
    writer.into_inner().expect("writes to memory")
}
