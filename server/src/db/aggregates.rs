//! Aggregate queries over stored scores. Grouping columns come only from the fixed
//! [`Dimension`] list, never from caller text, so the SQL built here cannot be injected into.

use super::organisations::SUBTREE;
use super::{Tx, undecodable};
use crate::on_tx;
use shared::scoring::MeasureKey;
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
    pub measures: Vec<MeasureFigures>,
}

/// Raw figures of one measure in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureFigures {
    pub measure: MeasureKey,
    /// The number of values.
    pub n: u64,
    /// The sum of the values.
    pub sum: f64,
}

/// Responses in one group, as read.
struct GroupCount {
    group: Vec<String>,
    n: i64,
}

/// One measure's values in one group, as read.
struct MeasureSum {
    group: Vec<String>,
    measure: MeasureKey,
    n: i64,
    total: f64,
}

/// Counts responses and sums each measure per group, over responses uploaded within the
/// organisation `scope` (and below), inside the transaction that audits the read.
pub async fn by_groups(
    tx: &mut Tx,
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

    // Grouping columns are named g0, g1, ... and every column is read by name, so both backends
    // are read the same way.
    let totals: Vec<GroupCount> = on_tx!(&mut *tx, conn => {
        let rows = sqlx::query(&totals_sql).bind(scope).fetch_all(conn).await?;
        rows.iter()
            .map(|row| {
                Ok(GroupCount {
                    group: (0..width)
                        .map(|i| row.try_get::<String, _>(format!("g{i}").as_str()))
                        .collect::<Result<_, _>>()?,
                    n: row.try_get("n")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?
    });
    let measures: Vec<MeasureSum> = on_tx!(tx, conn => {
        let rows = sqlx::query(&measures_sql).bind(scope).fetch_all(conn).await?;
        rows.iter()
            .map(|row| {
                let measure: String = row.try_get("measure")?;
                Ok(MeasureSum {
                    group: (0..width)
                        .map(|i| row.try_get::<String, _>(format!("g{i}").as_str()))
                        .collect::<Result<_, _>>()?,
                    measure: MeasureKey::parse(&measure).map_err(undecodable)?,
                    n: row.try_get("n")?,
                    total: row.try_get("total")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?
    });

    let mut groups: BTreeMap<Vec<String>, GroupFigures> = BTreeMap::new();
    for total in totals {
        let figures = GroupFigures {
            group: total.group.clone(),
            responses: total.n.max(0) as u64,
            measures: Vec::new(),
        };
        groups.insert(total.group, figures);
    }
    for sum in measures {
        if let Some(figures) = groups.get_mut(&sum.group) {
            figures.measures.push(MeasureFigures {
                measure: sum.measure,
                n: sum.n.max(0) as u64,
                sum: sum.total,
            });
        }
    }
    Ok(groups.into_values().collect())
}
