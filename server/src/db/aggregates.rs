//! The old aggregates (counts and means by role, domain or instrument), answered from the
//! outcome rollups: the cells of the caller's organisation, merged per group.

use super::Tx;
use super::rollups::{self, CellFilter};
use shared::outcomes::cells::{Breakdown, RoleCells};
use shared::outcomes::moments::{Moments, from_fixed};
use shared::outcomes::periods::{CellRead, Grain};
use shared::scoring::MeasureKey;
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

/// Counts responses and each measure's values per group, over everything uploaded within the
/// organisation `scope` (and below), from the outcome rollups (never the rows), inside the
/// transaction that audits the read. `domains_of(instrument, measure)` names the outcome domains
/// of a measure, or of the instrument as a whole for `*`.
pub async fn by_groups(
    tx: &mut Tx,
    dims: &[Dimension],
    scope: &str,
    domains_of: impl Fn(&str, &str) -> Vec<String>,
) -> Result<Vec<GroupFigures>, sqlx::Error> {
    let organisations = [scope.to_owned()];
    // All time: the financial-year cells.
    let reads = [CellRead {
        grain: Grain::Year,
        first: None,
        last: None,
    }];
    let filter = CellFilter {
        organisations: &organisations,
        breakdown: Breakdown::All,
        roles: if dims.contains(&Dimension::Role) {
            RoleCells::EachRole
        } else {
            RoleCells::AllRoles
        },
        reads: &reads,
    };
    let mut groups: BTreeMap<Vec<String>, (u64, BTreeMap<String, Moments>)> = BTreeMap::new();
    rollups::select(tx, &filter, |key, stats| {
        let domains = if dims.contains(&Dimension::Domain) {
            domains_of(&key.instrument, &key.measure)
        } else {
            vec![String::new()]
        };
        for domain in domains {
            let group: Vec<String> = dims
                .iter()
                .map(|d| match d {
                    Dimension::Role => key.role.clone(),
                    Dimension::Domain => domain.clone(),
                    Dimension::Instrument => key.instrument.clone(),
                })
                .collect();
            let (responses, measures) = groups.entry(group).or_default();
            if key.is_instrument_cell() {
                *responses += stats.responses;
            } else {
                measures
                    .entry(MeasureKey::new(&key.instrument, &key.measure).to_string())
                    .or_default()
                    .merge(&stats.current.values);
            }
        }
    })
    .await?;
    Ok(groups
        .into_iter()
        .filter(|(_, (responses, _))| *responses > 0)
        .map(|(group, (responses, measures))| GroupFigures {
            group,
            responses,
            measures: measures
                .into_iter()
                .filter_map(|(measure, values)| {
                    Some(MeasureFigures {
                        measure: MeasureKey::parse(&measure).ok()?,
                        n: values.count,
                        sum: from_fixed(values.sum),
                    })
                })
                .collect(),
        })
        .collect())
}
