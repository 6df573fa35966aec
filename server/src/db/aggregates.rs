//! Aggregate queries over stored scores. Grouping columns come only from the fixed
//! [`Dimension`] list, never from caller text, so the SQL built here cannot be injected into.

use sqlx::{Row, SqlitePool};
use std::collections::BTreeMap;

/// A column a caller may group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Role,
    Domain,
    Instrument,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [Dimension::Role, Dimension::Domain, Dimension::Instrument];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Role => "role",
            Dimension::Domain => "domain",
            Dimension::Instrument => "instrument",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    fn column(self) -> &'static str {
        match self {
            Dimension::Role => "r.role",
            Dimension::Domain => "s.domain",
            Dimension::Instrument => "r.instrument_id",
        }
    }
}

/// Raw (unsuppressed) figures for one group; suppression is applied by the caller before release.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFigures {
    pub group: Vec<String>,
    pub responses: u64,
    /// measure -> (number of values, sum of values)
    pub measures: Vec<(String, u64, f64)>,
}

/// Counts responses and sums each measure per group.
pub async fn by_groups(
    pool: &SqlitePool,
    dims: &[Dimension],
) -> Result<Vec<GroupFigures>, sqlx::Error> {
    let columns: Vec<&str> = dims.iter().map(|d| d.column()).collect();
    let select = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} AS g{i}, "))
        .collect::<String>();
    let group_by = if columns.is_empty() {
        String::new()
    } else {
        format!("GROUP BY {}", columns.join(", "))
    };
    let from = "FROM response_scores s JOIN responses r ON r.id = s.response_id";

    let totals = sqlx::query(&format!(
        "SELECT {select}COUNT(DISTINCT r.id) AS n {from} {group_by}"
    ))
    .fetch_all(pool)
    .await?;
    let measure_group = if columns.is_empty() {
        "GROUP BY s.measure".to_owned()
    } else {
        format!("{group_by}, s.measure")
    };
    let measures = sqlx::query(&format!(
        "SELECT {select}s.measure AS measure, COUNT(*) AS n, SUM(s.value) AS total {from} {measure_group}"
    ))
    .fetch_all(pool)
    .await?;

    let mut groups: BTreeMap<Vec<String>, GroupFigures> = BTreeMap::new();
    for row in &totals {
        let group = group_key(row, dims.len())?;
        let figures = GroupFigures {
            group: group.clone(),
            responses: row.try_get::<i64, _>("n")?.max(0) as u64,
            measures: Vec::new(),
        };
        groups.insert(group, figures);
    }
    for row in &measures {
        let key = group_key(row, dims.len())?;
        if let Some(group) = groups.get_mut(&key) {
            group.measures.push((
                row.try_get("measure")?,
                row.try_get::<i64, _>("n")?.max(0) as u64,
                row.try_get("total")?,
            ));
        }
    }
    Ok(groups.into_values().collect())
}

fn group_key(row: &sqlx::sqlite::SqliteRow, len: usize) -> Result<Vec<String>, sqlx::Error> {
    (0..len)
        .map(|i| row.try_get(format!("g{i}").as_str()))
        .collect()
}
