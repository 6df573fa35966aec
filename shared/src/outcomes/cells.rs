//! Rollup cells: what each stored response and each episode contributes to the outcome figures,
//! keyed by organisation, month, role, instrument, measure and one demographic breakdown.
//!
//! The server keeps one [`CellStats`] per [`CellKey`] and answers evaluator queries by merging
//! cells, never by reading responses. Because every statistic is exact under add, subtract and
//! merge, the cells kept up to date batch by batch equal the cells rebuilt from the rows.
//!
//! # What goes where
//!
//! - A current (not superseded) response counts in the cells of its own month, role and
//!   uploader organisation, with the demographic snapshot stored on it: the instrument cell
//!   (measure `*`) counts the response, and each measure cell adds its score and band.
//! - An episode (see [`super::pairing`]) counts in the cells of its **baseline**: the instrument
//!   cell adds it to the follow-up funnel, and when it has a follow-up each measure with a score
//!   at both ends adds the pair. So "paired change for April" means episodes that started in April.
//! - GAS attainment T-scores (`gas.attainment_t*`) also fill the GAS figures (mean T, T >= 50) of
//!   the response's own cell.
//! - Every contribution is kept at each [`Grain`] (its month, its calendar quarter, its NHS
//!   financial year; see [`super::periods`]), so a query over a year reads one cell, not twelve.
//! - Every contribution goes to its role's cells **and to the all-roles cells** (role
//!   [`ALL_ROLES`]), so a query that neither groups nor filters by role reads one cell where it
//!   would merge one per role. Readers choose one kind or the other ([`RoleCells`]), never both.
//! - Every contribution goes to the uploader organisation **and each of its ancestors**, so a
//!   cell of an organisation holds everything uploaded at or below it, and to each
//!   [`Breakdown`]: once under `all` and once under each demographic attribute with the
//!   response's (or baseline's) value. Cells are therefore marginal per breakdown: one
//!   demographic attribute at a time.
//!
//! # Keeping cells current
//!
//! [`contributions`] gives the cells of a group of responses: all responses of one patient to one
//! instrument (pairing needs them together), or one anonymous response with its corrections. On
//! ingest the server computes the contributions of each affected group before and after the
//! batch and applies the difference ([`Delta`]).

use super::accumulators::{FunnelAccumulator, GasAccumulator, MeasureAccumulator, PairAccumulator};
use super::figures::ChangeRule;
use super::moments::MomentsError;
use super::pairing::{Observation, PairingRules, pair};
use super::periods::Grain;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{OffsetDateTime, UtcOffset};

/// The measure id of an instrument's own cell (response counts and the follow-up funnel).
pub const INSTRUMENT_CELL: &str = "*";

/// The role of the all-roles cells. Role ids are lowercase letters, digits and `-`, so no role
/// is ever called this.
pub const ALL_ROLES: &str = "*";

/// Which cells a reader merges: the all-roles cells, or one per role. Each holds the same
/// contributions, so reading both would count everything twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleCells {
    /// The cells of role [`ALL_ROLES`] (for queries that neither group nor filter by role).
    AllRoles,
    /// The cells of each role.
    EachRole,
}

impl RoleCells {
    /// Whether the cell `role` is of this kind.
    pub fn holds(self, role: &str) -> bool {
        (role == ALL_ROLES) == (self == RoleCells::AllRoles)
    }
}

/// One demographic attribute a cell is broken down by, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    All,
    AgeBand,
    Sex,
    EthnicCategory,
    Imd,
}

impl Breakdown {
    pub const ALL: [Breakdown; 5] = [
        Breakdown::All,
        Breakdown::AgeBand,
        Breakdown::Sex,
        Breakdown::EthnicCategory,
        Breakdown::Imd,
    ];

    /// The name stored in `outcome_cells.breakdown`.
    pub fn name(self) -> &'static str {
        match self {
            Breakdown::All => "all",
            Breakdown::AgeBand => "age_band",
            Breakdown::Sex => "sex",
            Breakdown::EthnicCategory => "ethnic_category",
            Breakdown::Imd => "imd",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    /// This breakdown's value in a demographic snapshot (`""` for [`Breakdown::All`]).
    pub fn value_of(self, profile: &Profile) -> &str {
        match self {
            Breakdown::All => "",
            Breakdown::AgeBand => &profile.age_band,
            Breakdown::Sex => &profile.stated_sex,
            Breakdown::EthnicCategory => &profile.ethnic_category,
            Breakdown::Imd => &profile.imd,
        }
    }
}

/// The demographic snapshot stored on a response (codes of `shared::demographics`, e.g. age
/// band `25-34`, IMD `2019-03`, `not_stated`/`not_known` when absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Profile {
    pub age_band: String,
    pub stated_sex: String,
    pub ethnic_category: String,
    pub imd: String,
}

/// Where a contribution is kept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CellKey {
    /// Everything uploaded at or below this organisation.
    pub organisation: String,
    /// How long a period the cell covers.
    pub grain: Grain,
    /// `YYYY-MM`, the first month of the cell's period: the UTC month of the response (or of
    /// the episode's baseline), or the first month of its quarter or financial year.
    pub month: String,
    pub role: String,
    pub instrument: String,
    /// A measure id, or [`INSTRUMENT_CELL`].
    pub measure: String,
    pub breakdown: Breakdown,
    /// The breakdown's value (`""` for [`Breakdown::All`]).
    pub value: String,
}

/// Separates the fields of an encoded key (a control character no id or code contains).
const KEY_SEPARATOR: char = '\u{1f}';

impl CellKey {
    /// The primary key stored in `outcome_cells.cell_key`.
    pub fn encode(&self) -> String {
        [
            self.organisation.as_str(),
            self.grain.name(),
            &self.month,
            &self.role,
            &self.instrument,
            &self.measure,
            self.breakdown.name(),
            &self.value,
        ]
        .join(&KEY_SEPARATOR.to_string())
    }

    /// Whether this is an instrument cell rather than a measure cell.
    pub fn is_instrument_cell(&self) -> bool {
        self.measure == INSTRUMENT_CELL
    }
}

/// The `YYYY-MM` UTC month of a time.
pub fn month_of(at: OffsetDateTime) -> String {
    let date = at.to_offset(UtcOffset::UTC).date();
    format!("{:04}-{:02}", date.year(), u8::from(date.month()))
}

/// The exact statistics of one cell. An instrument cell uses `responses` and `funnel`; a
/// measure cell `current`, `pairs` and (GAS attainment) `gas`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellStats {
    /// Current responses (instrument cells).
    pub responses: u64,
    /// Episodes opened here, and how many have a follow-up (instrument cells).
    pub funnel: FunnelAccumulator,
    /// Cross-sectional scores and bands of current responses (measure cells).
    pub current: MeasureAccumulator,
    /// Pairs of episodes opened here (measure cells).
    pub pairs: PairAccumulator,
    /// GAS attainment T-scores (GAS attainment measure cells).
    pub gas: GasAccumulator,
}

/// A stored cell that cannot be decoded or updated.
#[derive(Debug, thiserror::Error)]
pub enum CellError {
    #[error("a rollup cell could not be decoded: {0}")]
    Decode(String),
    #[error("a rollup cell is inconsistent with the responses: {0}")]
    Inconsistent(#[from] MomentsError),
}

impl CellStats {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn merge(&mut self, other: &Self) {
        self.responses += other.responses;
        self.funnel.merge(&other.funnel);
        self.current.merge(&other.current);
        self.pairs.merge(&other.pairs);
        self.gas.merge(&other.gas);
    }

    /// Takes out statistics merged in before; on error nothing changes.
    pub fn subtract(&mut self, other: &Self) -> Result<(), CellError> {
        let mut next = self.clone();
        next.responses = next
            .responses
            .checked_sub(other.responses)
            .ok_or(MomentsError::Empty)?;
        next.funnel.subtract(&other.funnel)?;
        next.current.subtract(&other.current)?;
        next.pairs.subtract(&other.pairs)?;
        next.gas.subtract(&other.gas)?;
        *self = next;
        Ok(())
    }

    /// The stored form (postcard: compact, exact for the 128-bit sums).
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("cell statistics always encode")
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, CellError> {
        postcard::from_bytes(bytes).map_err(|e| CellError::Decode(e.to_string()))
    }
}

/// Cells and their statistics.
pub type Cells = BTreeMap<CellKey, CellStats>;

/// One stored response as the rollups see it.
#[derive(Debug, Clone, PartialEq)]
pub struct RolledResponse {
    /// Id, patient, instrument, scores, time, time point and the correction it makes. The
    /// server leaves `supersedes` empty when the corrected response is another organisation's
    /// (a correction only replaces its own organisation's response).
    pub observation: Observation,
    /// Measure id -> band label, for the measures that have one.
    pub bands: BTreeMap<String, String>,
    pub role: String,
    /// The uploader organisation first, then its ancestors.
    pub organisations: Vec<String>,
    pub profile: Profile,
}

/// How a measure is treated, from its definition.
pub trait MeasureRules {
    /// The change rule of a measure with paired figures, `None` for measures that have none (a
    /// category code such as the FFT answer, or an unconverted raw total).
    fn change_rule(&self, instrument: &str, measure: &str) -> Option<ChangeRule>;
}

impl<F: Fn(&str, &str) -> Option<ChangeRule>> MeasureRules for F {
    fn change_rule(&self, instrument: &str, measure: &str) -> Option<ChangeRule> {
        self(instrument, measure)
    }
}

/// Whether a measure feeds the GAS figures.
pub fn is_gas_attainment(instrument: &str, measure: &str) -> bool {
    instrument == "gas" && measure.starts_with("attainment_t")
}

/// Adds `stats` to the base cells of `response` for `measure` in `month`: its uploader
/// organisation, month grain, each of `breakdowns`. [`expand`] later takes base cells to every
/// grain and every ancestor, so the fan-out is paid once per cell rather than per response.
fn add_base(
    cells: &mut Cells,
    response: &RolledResponse,
    month: &str,
    measure: &str,
    stats: &CellStats,
    breakdowns: &[Breakdown],
) {
    let Some(uploader) = response.organisations.first() else {
        return; // in no organisation: in no organisation's figures
    };
    // One key, overwritten in place for every breakdown: a cell already present is found
    // without allocating, and the key is copied only for a new cell.
    let mut key = CellKey {
        organisation: uploader.clone(),
        grain: Grain::Month,
        month: month.to_owned(),
        role: response.role.clone(),
        instrument: response.observation.instrument.clone(),
        measure: measure.to_owned(),
        breakdown: Breakdown::All,
        value: String::new(),
    };
    for &breakdown in breakdowns {
        key.breakdown = breakdown;
        key.value.clear();
        key.value.push_str(breakdown.value_of(&response.profile));
        match cells.get_mut(&key) {
            Some(cell) => cell.merge(stats),
            None => {
                cells.insert(key.clone(), stats.clone());
            }
        }
    }
}

/// A map of cells that [`expand`] can add into (a `BTreeMap` such as [`Cells`], or a hash map
/// when the caller holds millions of cells and needs no order).
pub trait CellMap: Default {
    /// Merges `stats` into the cell `key` (inserting a copy of both when it is new).
    fn add(&mut self, key: &CellKey, stats: &CellStats);
}

impl CellMap for Cells {
    fn add(&mut self, key: &CellKey, stats: &CellStats) {
        match self.get_mut(key) {
            Some(cell) => cell.merge(stats),
            None => {
                self.insert(key.clone(), stats.clone());
            }
        }
    }
}

impl<S: std::hash::BuildHasher + Default> CellMap
    for std::collections::HashMap<CellKey, CellStats, S>
{
    fn add(&mut self, key: &CellKey, stats: &CellStats) {
        match self.get_mut(key) {
            Some(cell) => cell.merge(stats),
            None => {
                self.insert(key.clone(), stats.clone());
            }
        }
    }
}

/// Takes base cells (month grain, uploader organisation, own role; see
/// [`base_contributions_in`]) to every cell they count in: each [`Grain`] of their month, each
/// organisation of `chain(uploader)` (the uploader first, then its ancestors), their role and
/// [`ALL_ROLES`]. Merging is exact, so expanding
/// the sum of base cells equals summing expanded ones.
pub fn expand<'a, M: CellMap>(
    base: impl IntoIterator<Item = (&'a CellKey, &'a CellStats)>,
    chain: impl Fn(&str) -> Vec<String>,
) -> M {
    let mut chains = Chains::new(chain);
    let mut cells = M::default();
    for (base_key, stats) in base {
        for_each_target(base_key, chains.of(&base_key.organisation), |key| {
            cells.add(key, stats)
        });
    }
    cells
}

/// Each uploader's chain of organisations, asked for once.
struct Chains<F> {
    chain: F,
    known: BTreeMap<String, Vec<String>>,
}

impl<F: Fn(&str) -> Vec<String>> Chains<F> {
    fn new(chain: F) -> Self {
        Self {
            chain,
            known: BTreeMap::new(),
        }
    }

    fn of(&mut self, uploader: &str) -> &[String] {
        if !self.known.contains_key(uploader) {
            let organisations = (self.chain)(uploader);
            self.known.insert(uploader.to_owned(), organisations);
        }
        &self.known[uploader]
    }
}

/// Calls `add` with every cell a base cell counts in: each grain of its month, each
/// organisation of `organisations`, its role and [`ALL_ROLES`] (one key, overwritten in place).
fn for_each_target(base_key: &CellKey, organisations: &[String], mut add: impl FnMut(&CellKey)) {
    let mut key = base_key.clone();
    let roles = [base_key.role.as_str(), ALL_ROLES];
    let roles = if base_key.role == ALL_ROLES {
        &roles[..1]
    } else {
        &roles[..]
    };
    for role in roles {
        key.role.clear();
        key.role.push_str(role);
        for grain in Grain::ALL {
            key.grain = grain;
            key.month.clear();
            match grain.start(&base_key.month) {
                Some(start) => key.month.push_str(&start),
                None => key.month.push_str(&base_key.month),
            }
            for organisation in organisations {
                key.organisation.clear();
                key.organisation.push_str(organisation);
                add(&key);
            }
        }
    }
}

/// The cells of one group of responses (see the module documentation). Responses of different
/// patients or instruments may be passed together; pairing keeps them apart.
pub fn contributions(
    responses: &[RolledResponse],
    pairing_rules: &PairingRules,
    rules: &impl MeasureRules,
) -> Result<Cells, MomentsError> {
    let base = base_contributions_in(responses, pairing_rules, rules, &Breakdown::ALL)?;
    let chains: BTreeMap<&str, &Vec<String>> = responses
        .iter()
        .filter_map(|r| Some((r.organisations.first()?.as_str(), &r.organisations)))
        .collect();
    Ok(expand(&base, |uploader| {
        chains.get(uploader).map(|c| c.to_vec()).unwrap_or_default()
    }))
}

/// The base cells of [`contributions`] for `breakdowns`: month grain and uploader organisation
/// only ([`expand`] gives the rest). Cheaper to keep and merge than the full cells; a rebuild
/// sums them over every group before expanding once.
pub fn base_contributions_in(
    responses: &[RolledResponse],
    pairing_rules: &PairingRules,
    rules: &impl MeasureRules,
    breakdowns: &[Breakdown],
) -> Result<Cells, MomentsError> {
    let observations: Vec<Observation> = responses.iter().map(|r| r.observation.clone()).collect();
    let pairing = pair(&observations, pairing_rules);
    let by_id: BTreeMap<_, &RolledResponse> = responses
        .iter()
        .map(|r| (r.observation.response_id, r))
        .collect();
    let mut cells = Cells::new();

    for observation in &pairing.current {
        let response = by_id[&observation.response_id];
        let month = month_of(observation.recorded_at);
        let counted = CellStats {
            responses: 1,
            ..CellStats::default()
        };
        add_base(
            &mut cells,
            response,
            &month,
            INSTRUMENT_CELL,
            &counted,
            breakdowns,
        );
        for (measure, value) in &observation.values {
            let mut stats = CellStats::default();
            stats
                .current
                .add(*value, response.bands.get(measure).map(String::as_str))?;
            if is_gas_attainment(&observation.instrument, measure) {
                stats.gas.add(*value)?;
            }
            add_base(&mut cells, response, &month, measure, &stats, breakdowns);
        }
    }

    for episode in &pairing.episodes {
        let baseline = by_id[&episode.baseline.response_id];
        let month = month_of(episode.baseline.recorded_at);
        let mut opened = CellStats::default();
        opened.funnel.add(episode.follow_up.is_some());
        add_base(
            &mut cells,
            baseline,
            &month,
            INSTRUMENT_CELL,
            &opened,
            breakdowns,
        );
        let Some(days) = episode.days() else {
            continue;
        };
        for measure in episode.baseline.values.keys() {
            let Some(rule) = rules.change_rule(episode.instrument, measure) else {
                continue;
            };
            let Some((before, after)) = episode.scores(measure) else {
                continue;
            };
            let mut stats = CellStats::default();
            stats.pairs.add(&rule, before, after, days)?;
            add_base(&mut cells, baseline, &month, measure, &stats, breakdowns);
        }
    }
    Ok(cells)
}

/// The change to stored cells that turns `before` into `after` (cells equal in both are left
/// out).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delta {
    /// Key -> (statistics to add, statistics to take out).
    pub changes: BTreeMap<CellKey, (CellStats, CellStats)>,
}

impl Delta {
    pub fn between(before: Cells, after: Cells) -> Self {
        let mut changes: BTreeMap<CellKey, (CellStats, CellStats)> = BTreeMap::new();
        for (key, stats) in after {
            changes.entry(key).or_default().0 = stats;
        }
        for (key, stats) in before {
            changes.entry(key).or_default().1 = stats;
        }
        changes.retain(|_, (add, take)| add != take);
        Self { changes }
    }

    /// The change of base cells (see [`base_contributions_in`]) taken to every cell it
    /// reaches ([`expand`]); cells whose additions and removals cancel are left out.
    pub fn expand(self, chain: impl Fn(&str) -> Vec<String>) -> Self {
        let mut chains = Chains::new(chain);
        let mut changes: BTreeMap<CellKey, (CellStats, CellStats)> = BTreeMap::new();
        for (base_key, (add, take)) in &self.changes {
            for_each_target(
                base_key,
                chains.of(&base_key.organisation),
                |key| match changes.get_mut(key) {
                    Some((to_add, to_take)) => {
                        to_add.merge(add);
                        to_take.merge(take);
                    }
                    None => {
                        changes.insert(key.clone(), (add.clone(), take.clone()));
                    }
                },
            );
        }
        changes.retain(|_, (add, take)| add != take);
        Self { changes }
    }

    /// Applies the change to a stored cell (`None`: not stored yet); `None` back when the cell
    /// is now empty and should be deleted.
    pub fn apply(
        stored: Option<CellStats>,
        (add, take): &(CellStats, CellStats),
    ) -> Result<Option<CellStats>, CellError> {
        let mut stats = stored.unwrap_or_default();
        stats.merge(add);
        stats.subtract(take)?;
        Ok((!stats.is_empty()).then_some(stats))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ResponseId;
    use crate::outcomes::figures::Direction;
    use time::macros::datetime;

    fn phq9(_: &str, measure: &str) -> Option<ChangeRule> {
        (measure == "total").then_some(ChangeRule {
            improves: Direction::Lower,
            reliable_change: Some(6.0),
            caseness_at_least: Some(10.0),
        })
    }

    fn response(
        n: u128,
        at: OffsetDateTime,
        total: f64,
        supersedes: Option<u128>,
    ) -> RolledResponse {
        RolledResponse {
            observation: Observation {
                response_id: ResponseId::from_uuid(uuid::Uuid::from_u128(n)),
                patient: Some("p1".to_owned()),
                instrument: "phq9".to_owned(),
                values: [("total".to_owned(), total)].into(),
                recorded_at: at,
                time_point: None,
                supersedes: supersedes.map(|s| ResponseId::from_uuid(uuid::Uuid::from_u128(s))),
            },
            bands: [("total".to_owned(), "Moderate".to_owned())].into(),
            role: "social-prescribing-link-worker".to_owned(),
            organisations: vec!["practice".to_owned(), "pcn".to_owned()],
            profile: Profile {
                age_band: "25-34".to_owned(),
                stated_sex: "2".to_owned(),
                ethnic_category: "A".to_owned(),
                imd: "2019-03".to_owned(),
            },
        }
    }

    fn all(cells: &Cells, organisation: &str, month: &str, measure: &str) -> CellStats {
        cells
            .iter()
            .find(|(k, _)| {
                k.organisation == organisation
                    && k.role != ALL_ROLES
                    && k.grain == Grain::Month
                    && k.month == month
                    && k.measure == measure
                    && k.breakdown == Breakdown::All
            })
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_pair_counts_in_its_baseline_month_at_every_level_and_breakdown() {
        let rows = [
            response(1, datetime!(2026-04-20 10:00 UTC), 15.0, None),
            response(2, datetime!(2026-05-20 10:00 UTC), 8.0, None),
        ];
        let cells = contributions(&rows, &PairingRules::default(), &phq9).unwrap();
        // 2 organisations x 5 breakdowns x (instrument + measure) x (2 months, 1 quarter and
        // 1 financial year) x (the role and all roles).
        assert_eq!(cells.len(), 2 * 5 * 2 * 4 * 2);
        // The all-roles cells hold exactly what the role's cells hold.
        for (key, stats) in &cells {
            let mut other = key.clone();
            other.role = if key.role == ALL_ROLES {
                "social-prescribing-link-worker".to_owned()
            } else {
                ALL_ROLES.to_owned()
            };
            assert_eq!(cells.get(&other), Some(stats), "{key:?}");
        }
        for organisation in ["practice", "pcn"] {
            let april = all(&cells, organisation, "2026-04", "total");
            assert_eq!(april.current.values.count, 1);
            assert_eq!(april.pairs.change.count, 1);
            assert_eq!(april.pairs.change.mean(), Some(-7.0));
            let may = all(&cells, organisation, "2026-05", "total");
            assert_eq!(may.current.values.count, 1);
            assert_eq!(
                may.pairs.change.count, 0,
                "the pair belongs to the baseline month"
            );
            let funnel = all(&cells, organisation, "2026-04", INSTRUMENT_CELL).funnel;
            assert_eq!((funnel.with_baseline, funnel.with_follow_up), (1, 1));
        }
        let imd = cells
            .iter()
            .find(|(k, _)| {
                k.breakdown == Breakdown::Imd
                    && k.role == ALL_ROLES
                    && k.measure == "total"
                    && k.grain == Grain::Month
                    && k.month == "2026-04"
            })
            .unwrap();
        assert_eq!(imd.0.value, "2019-03");
        assert_eq!(imd.1.pairs.change.count, 1);
        // The quarter and the financial year hold both months: the sum of their month cells.
        for grain in [Grain::Quarter, Grain::Year] {
            let (_, coarse) = cells
                .iter()
                .find(|(k, _)| {
                    k.organisation == "practice"
                        && k.role != ALL_ROLES
                        && k.grain == grain
                        && k.month == "2026-04"
                        && k.measure == "total"
                        && k.breakdown == Breakdown::All
                })
                .unwrap();
            let mut months = all(&cells, "practice", "2026-04", "total");
            months.merge(&all(&cells, "practice", "2026-05", "total"));
            assert_eq!(coarse, &months, "{grain:?}");
        }
    }

    #[test]
    fn a_correction_moves_the_follow_up_and_the_delta_round_trips() {
        let first = vec![
            response(1, datetime!(2026-04-20 10:00 UTC), 15.0, None),
            response(2, datetime!(2026-05-20 10:00 UTC), 8.0, None),
        ];
        let mut second = first.clone();
        second.push(response(3, datetime!(2026-05-21 10:00 UTC), 12.0, Some(2)));
        let rules = PairingRules::default();
        let before = contributions(&first, &rules, &phq9).unwrap();
        let after = contributions(&second, &rules, &phq9).unwrap();
        let april = all(&after, "practice", "2026-04", "total");
        assert_eq!(april.pairs.change.mean(), Some(-3.0));
        assert_eq!(
            all(&after, "practice", "2026-05", "total")
                .current
                .values
                .count,
            1
        );

        // Applying the delta to the stored "before" cells gives exactly the "after" cells.
        let delta = Delta::between(before.clone(), after.clone());
        let mut stored = before;
        for (key, change) in &delta.changes {
            if let Some(stats) = Delta::apply(stored.remove(key), change).unwrap() {
                stored.insert(key.clone(), stats);
            }
        }
        assert_eq!(stored, after);

        // The change of base cells, expanded, does the same to the stored cells.
        let base = |rows: &[RolledResponse]| {
            base_contributions_in(rows, &rules, &phq9, &Breakdown::ALL).unwrap()
        };
        let (base_before, base_after) = (base(&first), base(&second));
        assert!(
            base_after
                .keys()
                .all(|k| k.grain == Grain::Month && k.organisation == "practice")
        );
        let chain = |uploader: &str| {
            assert_eq!(uploader, "practice");
            vec!["practice".to_owned(), "pcn".to_owned()]
        };
        let expanded = Delta::between(base_before.clone(), base_after).expand(chain);
        let mut stored: Cells = expand(&base_before, chain);
        assert_eq!(stored, contributions(&first, &rules, &phq9).unwrap());
        for (key, change) in &expanded.changes {
            if let Some(stats) = Delta::apply(stored.remove(key), change).unwrap() {
                stored.insert(key.clone(), stats);
            }
        }
        assert_eq!(stored, after);
    }

    #[test]
    fn cells_encode_and_decode_exactly() {
        let rows = [
            response(1, datetime!(2026-04-20 10:00 UTC), 15.0, None),
            response(2, datetime!(2026-05-20 10:00 UTC), 8.0, None),
        ];
        let cells = contributions(&rows, &PairingRules::default(), &phq9).unwrap();
        for stats in cells.values() {
            assert_eq!(&CellStats::decode(&stats.encode()).unwrap(), stats);
        }
        assert!(CellStats::decode(b"\xff\xff").is_err());
    }

    #[test]
    fn keys_encode_every_field() {
        let key = CellKey {
            organisation: "o".into(),
            grain: Grain::Quarter,
            month: "2026-04".into(),
            role: "r".into(),
            instrument: "phq9".into(),
            measure: "total".into(),
            breakdown: Breakdown::Sex,
            value: "2".into(),
        };
        assert_eq!(
            key.encode(),
            "o\u{1f}quarter\u{1f}2026-04\u{1f}r\u{1f}phq9\u{1f}total\u{1f}sex\u{1f}2"
        );
        assert_eq!(month_of(datetime!(2026-04-30 23:30 -01:00)), "2026-05");
    }
}
