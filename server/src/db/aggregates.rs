//! Aggregate queries over stored scores. Grouping columns come only from the fixed
//! [`Dimension`] list, never from caller text, so the SQL built here cannot be injected into.

use super::Db;
use super::organisations::SUBTREE;
use crate::on_db;
use sqlx::Row;
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

/// (group values, number of responses)
type GroupCount = (Vec<String>, i64);
/// (group values, measure, number of values, sum of values)
type MeasureSum = (Vec<String>, String, i64, f64);

/// Counts responses and sums each measure per group, over responses uploaded within the
/// organisation `scope` (and below).
pub async fn by_groups(
    db: &Db,
    dims: &[Dimension],
    scope: &str,
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
    let tree = SUBTREE;
    // A response superseded by a correction from the same organisation no longer counts.
    let from = "FROM response_scores s JOIN responses r ON r.id = s.response_id \
                JOIN tree ON tree.id = r.organisation_id \
                WHERE NOT EXISTS (SELECT 1 FROM responses c \
                                  WHERE c.supersedes = r.id AND c.organisation_id = r.organisation_id)";

    let totals_sql = format!("{tree}SELECT {select}COUNT(DISTINCT r.id) AS n {from} {group_by}");
    let measure_group = if columns.is_empty() {
        "GROUP BY s.measure".to_owned()
    } else {
        format!("{group_by}, s.measure")
    };
    let measures_sql = format!(
        "{tree}SELECT {select}s.measure AS measure, COUNT(*) AS n, SUM(s.value) AS total {from} {measure_group}"
    );
    let width = dims.len();

    // Read the same way from either backend.
    let (totals, measures): (Vec<GroupCount>, Vec<MeasureSum>) = on_db!(db, pool => {
        let totals = sqlx::query(&totals_sql).bind(scope).fetch_all(pool).await?;
        let measures = sqlx::query(&measures_sql).bind(scope).fetch_all(pool).await?;
        let key = |row: &_| -> Result<Vec<String>, sqlx::Error> {
            (0..width).map(|i| Row::try_get::<String, _>(row, format!("g{i}").as_str())).collect()
        };
        let totals = totals
            .iter()
            .map(|row| Ok((key(row)?, row.try_get::<i64, _>("n")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let measures = measures
            .iter()
            .map(|row| {
                Ok((
                    key(row)?,
                    row.try_get::<String, _>("measure")?,
                    row.try_get::<i64, _>("n")?,
                    row.try_get::<f64, _>("total")?,
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        (totals, measures)
    });

    let mut groups: BTreeMap<Vec<String>, GroupFigures> = BTreeMap::new();
    for (group, n) in totals {
        let figures = GroupFigures {
            group: group.clone(),
            responses: n.max(0) as u64,
            measures: Vec::new(),
        };
        groups.insert(group, figures);
    }
    for (group, measure, n, total) in measures {
        if let Some(figures) = groups.get_mut(&group) {
            figures.measures.push((measure, n.max(0) as u64, total));
        }
    }
    Ok(groups.into_values().collect())
}
