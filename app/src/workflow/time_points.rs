//! The time point suggested for a new questionnaire from the patient's earlier responses to the
//! same instrument (the pulled history), read the way the server pairs them
//! (`shared::outcomes::pairing`): the first response, or one marked baseline, opens an episode; a
//! final closes it; a follow-up needs at least the minimum days after the baseline and at most
//! the maximum months (counted here as 365 days a year: a suggestion, the server decides).

use shared::api::PatientChange;
use shared::outcomes::pairing::PairingRules;
use shared::response::TimePoint;
use std::collections::BTreeSet;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// What the history suggests, with the date it is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// Nothing earlier to follow up: this opens an episode.
    Baseline,
    /// The episode opened at `baseline_at` (RFC 3339) ended or is too old: a new baseline.
    NewBaseline { baseline_at: String },
    /// A follow-up of the baseline at `baseline_at`.
    FollowUp { baseline_at: String },
    /// The baseline at `baseline_at` is only `days` days old: too soon for a follow-up.
    TooSoon { baseline_at: String, days: i64 },
}

impl Suggestion {
    /// The time point to preselect (`None`: automatic).
    pub fn time_point(&self) -> Option<TimePoint> {
        match self {
            Suggestion::Baseline | Suggestion::NewBaseline { .. } => Some(TimePoint::Baseline),
            Suggestion::FollowUp { .. } => Some(TimePoint::Review),
            Suggestion::TooSoon { .. } => None,
        }
    }
}

fn parse(at: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(at, &Rfc3339).ok()
}

/// The suggestion for a new response to `instrument_id` at `now`, given the patient's history.
pub fn suggest(
    history: &[PatientChange],
    instrument_id: &str,
    now: OffsetDateTime,
    rules: &PairingRules,
) -> Suggestion {
    let max_days = i64::from(rules.max_months) * 365 / 12;
    let superseded: BTreeSet<&str> = history
        .iter()
        .filter_map(|c| c.supersedes.as_deref())
        .collect();
    let mut earlier: Vec<(OffsetDateTime, &PatientChange)> = history
        .iter()
        .filter(|c| {
            c.instrument_id == instrument_id && !superseded.contains(c.response_id.as_str())
        })
        .filter_map(|c| Some((parse(&c.recorded_at)?, c)))
        .collect();
    earlier.sort_by_key(|(at, c)| (*at, c.response_id.clone()));
    let mut open: Option<(OffsetDateTime, &str)> = None;
    let mut last_baseline: Option<&str> = None;
    for (at, change) in &earlier {
        let expired = open.is_some_and(|(start, _)| (*at - start).whole_days() > max_days);
        match change.time_point {
            Some(TimePoint::Baseline) => open = Some((*at, &change.recorded_at)),
            _ if open.is_none() || expired => {
                // A review or final never opens an episode.
                open = (change.time_point.is_none()).then_some((*at, change.recorded_at.as_str()));
            }
            Some(TimePoint::Final) => open = None,
            _ => {}
        }
        if let Some((_, start)) = open {
            last_baseline = Some(start);
        }
    }
    match open {
        None => match last_baseline {
            None => Suggestion::Baseline,
            Some(at) => Suggestion::NewBaseline {
                baseline_at: at.to_owned(),
            },
        },
        Some((start, at)) => {
            let days = (now - start).whole_days();
            if days > max_days {
                Suggestion::NewBaseline {
                    baseline_at: at.to_owned(),
                }
            } else if days < rules.min_days {
                Suggestion::TooSoon {
                    baseline_at: at.to_owned(),
                    days,
                }
            } else {
                Suggestion::FollowUp {
                    baseline_at: at.to_owned(),
                }
            }
        }
    }
}

/// The suggestion for a questionnaire about the caseload patient with `nhs_number`, from the
/// pulled history; `None` when the number is no caseload patient's or their key is not known.
pub async fn for_patient(
    db: &rexie::Rexie,
    nhs_number: &str,
    instrument_id: &str,
    now: OffsetDateTime,
) -> Option<Suggestion> {
    use crate::store::caseload;
    let digits = shared::nhs_number::NhsNumber::parse(nhs_number)
        .ok()?
        .digits()
        .to_owned();
    let patient = caseload::all(db)
        .await
        .ok()?
        .into_iter()
        .find(|p| p.nhs_number == digits)?;
    let key = patient.patient_key?;
    let (history, _, _) = caseload::history(db).await.ok()?;
    let earlier = history.get(&key).cloned().unwrap_or_default();
    Some(suggest(
        &earlier,
        instrument_id,
        now,
        &PairingRules::default(),
    ))
}
