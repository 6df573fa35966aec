//! A deterministic, realistic deployment's responses for the outcomes benchmark: patients with
//! episodes over three years, six instruments, eight roles, demographic snapshots, corrections
//! and anonymous feedback. Every record is validated and scored by `shared`, exactly as the
//! server would, so none is one the server would refuse.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};
use shared::catalog::{InstrumentCatalog, Role, default_roles};
use shared::outcomes::pairing::TimePoint;
use shared::response::ResponseRecord;
use shared::scoring::{Scores, score};
use shared::validate::{ValidationContext, validate_response};
use std::collections::VecDeque;
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// PCNs in the ICB, and practices in each PCN (30 practices in all).
pub const PCNS: usize = 5;
pub const PRACTICES_PER_PCN: usize = 6;
pub const PRACTICES: usize = PCNS * PRACTICES_PER_PCN;

/// The last moment any response is recorded; the data spans the three years before it.
pub const END: OffsetDateTime = datetime!(2026-11-30 18:00 UTC);
const SPAN_DAYS: i64 = 3 * 365;
/// The clock records are validated against (after every generated time).
const VALIDATED_AT: OffsetDateTime = datetime!(2026-12-01 00:00 UTC);

/// A role id, its share of patients, and the instruments it uses with their shares.
type RoleMix = (&'static str, u32, &'static [(&'static str, u32)]);

/// Roles from the role list with their share of patients, and the instruments each uses
/// (with their shares). Weights are relative.
const ROLES: [RoleMix; 8] = [
    (
        "social-prescribing-link-worker",
        25,
        &[("ons4", 40), ("swemwbs", 25), ("gas", 25), ("fft", 10)],
    ),
    (
        "health-and-wellbeing-coach",
        15,
        &[("swemwbs", 35), ("gas", 35), ("ons4", 20), ("fft", 10)],
    ),
    (
        "mental-health-practitioner",
        15,
        &[("phq9", 45), ("gad7", 40), ("fft", 15)],
    ),
    (
        "care-coordinator",
        12,
        &[("ons4", 50), ("fft", 30), ("gas", 20)],
    ),
    ("clinical-pharmacist", 10, &[("fft", 70), ("ons4", 30)]),
    (
        "first-contact-physiotherapist",
        10,
        &[("fft", 60), ("gas", 25), ("ons4", 15)],
    ),
    ("dietitian", 6, &[("gas", 50), ("fft", 30), ("ons4", 20)]),
    ("paramedic", 7, &[("fft", 80), ("ons4", 20)]),
];

/// Age bands of the snapshot (from the year of birth at the response's year), with the share of
/// patients whose age in 2025 falls in each band (adults seen by ARRS roles skew older).
pub const AGE_BANDS: [(&str, u32, u32, u32); 9] = [
    ("0-17", 0, 17, 0),
    ("18-24", 18, 24, 8),
    ("25-34", 25, 34, 13),
    ("35-44", 35, 44, 15),
    ("45-54", 45, 54, 16),
    ("55-64", 55, 64, 17),
    ("65-74", 65, 74, 15),
    ("75-84", 75, 84, 11),
    ("85+", 85, 99, 5),
];
/// The code stored when a value was not recorded (the columns' default).
pub const NOT_STATED: &str = "not_stated";
/// The IMD value stored when no decile is known.
pub const IMD_NOT_KNOWN: &str = "not_known";

/// Person stated gender (NHS Data Dictionary).
const STATED_SEX: [(&str, u32); 5] = [("2", 540), ("1", 440), ("9", 3), ("X", 7), (NOT_STATED, 10)];
/// NHS ethnic category (16+1), roughly England's 2021 census shares, with 'not stated' as
/// recorded in primary care.
const ETHNIC_CATEGORY: [(&str, u32); 18] = [
    ("A", 700),
    ("B", 9),
    ("C", 60),
    ("D", 9),
    ("E", 4),
    ("F", 8),
    ("G", 9),
    ("H", 31),
    ("J", 27),
    ("K", 11),
    ("L", 16),
    ("M", 11),
    ("N", 25),
    ("P", 5),
    ("R", 8),
    ("S", 22),
    ("Z", 25),
    (NOT_STATED, 60),
];
/// IMD 2019 deciles (1 = most deprived), skewed towards deprived areas as ARRS caseloads are.
const IMD_DECILES: [u32; 10] = [130, 120, 110, 105, 100, 95, 90, 85, 80, 75];
/// Share (per thousand) of patients without a known IMD decile (no postcode, or not in the lookup).
const IMD_UNKNOWN_PER_MILLE: u32 = 60;

/// A patient's attributes, as `patient_demographics` keeps them.
#[derive(Debug, Clone, PartialEq)]
pub struct Patient {
    pub pseudonym: String,
    pub birth_year: Option<i32>,
    pub stated_sex: &'static str,
    pub gender_identity: &'static str,
    pub ethnic_category: &'static str,
    /// (edition, decile)
    pub imd: Option<(i64, i64)>,
}

/// The demographic snapshot columns of a response row.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub age_band: &'static str,
    pub stated_sex: &'static str,
    pub gender_identity: &'static str,
    pub ethnic_category: &'static str,
    pub imd: String,
}

impl Snapshot {
    fn not_stated() -> Self {
        Self {
            age_band: NOT_STATED,
            stated_sex: NOT_STATED,
            gender_identity: NOT_STATED,
            ethnic_category: NOT_STATED,
            imd: IMD_NOT_KNOWN.to_owned(),
        }
    }

    fn of(patient: &Patient, at: OffsetDateTime) -> Self {
        Self {
            age_band: patient
                .birth_year
                .map_or(NOT_STATED, |year| age_band(at.year() - year)),
            stated_sex: patient.stated_sex,
            gender_identity: patient.gender_identity,
            ethnic_category: patient.ethnic_category,
            imd: patient.imd.map_or_else(
                || IMD_NOT_KNOWN.to_owned(),
                |(edition, decile)| format!("{edition}-{decile:02}"),
            ),
        }
    }
}

/// The age band of an age in whole years.
pub fn age_band(age: i32) -> &'static str {
    AGE_BANDS
        .iter()
        .find(|(_, low, high, _)| (*low as i32..=*high as i32).contains(&age))
        .map_or("85+", |(band, ..)| band)
}

/// One generated response: the record as a tablet sends it, and what the server stores with it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The record as JSON, as a tablet sends it in a sync batch.
    pub json: Value,
    pub record: ResponseRecord,
    /// Scored by `shared::scoring`, as the server scores it.
    pub scores: Scores,
    /// Which practice (0-based; PCN = practice / [`PRACTICES_PER_PCN`]) uploaded it.
    pub practice: usize,
    pub time_point: Option<TimePoint>,
    pub snapshot: Snapshot,
    /// When the tablet's sync reached the server.
    pub received_at: OffsetDateTime,
    /// The patient's attributes, on the patient's first response only (the server then upserts
    /// `patient_demographics`).
    pub new_patient: Option<Patient>,
}

impl Generated {
    /// The stored form of the time point.
    pub fn time_point_code(&self) -> Option<&'static str> {
        self.time_point.map(|point| match point {
            TimePoint::Baseline => "baseline",
            TimePoint::Review => "review",
            TimePoint::Final => "final",
        })
    }
}

/// What has been taken from the generator, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub patients: u64,
    pub responses: u64,
    pub scores: u64,
    pub corrections: u64,
    pub anonymous: u64,
    pub with_time_point: u64,
}

/// The seeded stream of responses: patient by patient, each patient's responses in time order.
pub struct Generator {
    rng: ChaCha8Rng,
    catalog: InstrumentCatalog,
    roles: Vec<Role>,
    practice_weights: Vec<u32>,
    pending: VecDeque<Generated>,
    pub tally: Tally,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // List sizes differ: the biggest practices see about four times the smallest.
        let practice_weights = (0..PRACTICES).map(|_| rng.random_range(5..=20)).collect();
        Self {
            rng,
            catalog: InstrumentCatalog::built_in(),
            roles: default_roles(),
            practice_weights,
            pending: VecDeque::new(),
            tally: Tally::default(),
        }
    }

    /// The next `n` responses.
    pub fn take_chunk(&mut self, n: usize) -> Vec<Generated> {
        self.by_ref().take(n).collect()
    }

    fn id(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.random())
            .into_uuid()
            .to_string()
    }

    fn patient_attributes(&mut self) -> Patient {
        let rng = &mut self.rng;
        let birth_year = rng.random_bool(0.95).then(|| {
            let (_, low, high, _) = *pick(rng, &AGE_BANDS.map(|band| (band, band.3)));
            2025 - rng.random_range(low..=high) as i32
        });
        let stated_sex = *pick(rng, &STATED_SEX);
        let gender_identity = match (stated_sex, rng.random_range(0..1000)) {
            (_, 0..5) => "3",
            (_, 5..7) => "4",
            (_, 7..27) => "Z",
            (_, 27..47) => "X",
            (_, 47..147) => NOT_STATED,
            ("1", _) => "1",
            ("2", _) => "2",
            _ => "X",
        };
        let ethnic_category = *pick(rng, &ETHNIC_CATEGORY);
        let imd = (rng.random_range(0..1000) >= IMD_UNKNOWN_PER_MILLE).then(|| {
            let deciles: Vec<(i64, u32)> = (1..=10).zip(IMD_DECILES).collect();
            (2019, *pick(rng, &deciles))
        });
        Patient {
            pseudonym: uuid::Builder::from_random_bytes(rng.random())
                .into_uuid()
                .to_string(),
            birth_year,
            stated_sex,
            gender_identity,
            ethnic_category,
            imd,
        }
    }

    /// Queues one patient's responses (or one anonymous feedback response).
    fn next_patient(&mut self) {
        let practice_choices: Vec<(usize, u32)> =
            self.practice_weights.iter().copied().enumerate().collect();
        let practice = *pick(&mut self.rng, &practice_choices);
        let roles: Vec<(usize, u32)> = ROLES
            .iter()
            .enumerate()
            .map(|(i, (_, w, _))| (i, *w))
            .collect();
        let (role, _, instruments) = ROLES[*pick(&mut self.rng, &roles)];
        let instrument = *pick(&mut self.rng, instruments);
        let first_at = END - Duration::minutes(self.rng.random_range(0..SPAN_DAYS * 24 * 60));
        let first_at = working_hours(&mut self.rng, first_at);

        if instrument == "fft" && self.rng.random_bool(0.7) {
            // Anonymous feedback: no patient, one response, cross-sectional figures only.
            let answers = fft_answers(&mut self.rng);
            self.push(Draft {
                instrument,
                role,
                practice,
                at: first_at,
                answers,
                patient: None,
                time_point: None,
                supersedes: None,
                new_patient: None,
            });
            return;
        }

        let patient = self.patient_attributes();
        let severity = normal(&mut self.rng) * 0.9 + 0.4;
        let gain = 0.35 + normal(&mut self.rng) * 0.3;
        let goals = (instrument == "gas").then(|| gas_goals(&mut self.rng));
        let later = *pick(&mut self.rng, &[(0, 35), (1, 35), (2, 20), (3, 10)]);
        let explicit_baseline = self.rng.random_bool(0.3);
        let mut at = first_at;
        for step in 0..=later {
            if step > 0 {
                let gap_days = match self.rng.random_range(0..100) {
                    0..25 => self.rng.random_range(3..14),
                    25..85 => self.rng.random_range(14..120),
                    _ => self.rng.random_range(120..400),
                };
                at = working_hours(&mut self.rng, at + Duration::days(gap_days));
                if at > END {
                    break;
                }
            }
            let time_point = match step {
                0 if explicit_baseline => Some(TimePoint::Baseline),
                0 => None,
                s if s == later && self.rng.random_bool(0.2) => Some(TimePoint::Final),
                _ if self.rng.random_bool(0.25) => Some(TimePoint::Review),
                _ => None,
            };
            let z = severity - gain * step as f64 + normal(&mut self.rng) * 0.3;
            let answers = self.answers(instrument, z, goals.as_ref(), step > 0);
            let id = self.push(Draft {
                instrument,
                role,
                practice,
                at,
                answers,
                patient: Some(&patient),
                time_point,
                supersedes: None,
                new_patient: (step == 0).then(|| patient.clone()),
            });
            if self.rng.random_bool(0.01) {
                // A correction: the practitioner fixes an answer shortly afterwards.
                let corrected_at = at + Duration::minutes(self.rng.random_range(10..120));
                let z = z + normal(&mut self.rng) * 0.2;
                let answers = self.answers(instrument, z, goals.as_ref(), step > 0);
                self.push(Draft {
                    instrument,
                    role,
                    practice,
                    at: corrected_at,
                    answers,
                    patient: Some(&patient),
                    time_point,
                    supersedes: Some(id),
                    new_patient: None,
                });
            }
        }
    }

    fn answers(&mut self, instrument: &str, z: f64, goals: Option<&Value>, review: bool) -> Value {
        let rng = &mut self.rng;
        match instrument {
            "phq9" => {
                let ids = [
                    "interest",
                    "feeling_down",
                    "sleep",
                    "tired",
                    "appetite",
                    "feeling_bad",
                    "concentrating",
                    "moving",
                ];
                let mut answers = serde_json::Map::new();
                for id in ids {
                    answers.insert(id.to_owned(), json!(level(rng, 1.2 + 0.8 * z, 0, 3)));
                }
                let self_harm = if z > 1.0 && rng.random_bool(0.2) {
                    rng.random_range(1..=3)
                } else {
                    0
                };
                answers.insert("self_harm".to_owned(), json!(self_harm));
                let any = answers.values().any(|v| v.as_i64() > Some(0));
                if any && rng.random_bool(0.7) {
                    answers.insert(
                        "difficulty".to_owned(),
                        json!(level(rng, 1.0 + 0.6 * z, 0, 3)),
                    );
                }
                Value::Object(answers)
            }
            "gad7" => {
                let ids = [
                    "nervous",
                    "worrying_control",
                    "worrying_much",
                    "relaxing",
                    "restless",
                    "irritable",
                    "afraid",
                ];
                Value::Object(
                    ids.iter()
                        .map(|id| ((*id).to_owned(), json!(level(rng, 1.1 + 0.8 * z, 0, 3))))
                        .collect(),
                )
            }
            "ons4" => json!({
                "life_satisfaction": level(rng, 6.3 - 1.6 * z, 0, 10),
                "worthwhile": level(rng, 6.8 - 1.4 * z, 0, 10),
                "happiness": level(rng, 6.2 - 1.6 * z, 0, 10),
                "anxiety": level(rng, 4.0 + 1.8 * z, 0, 10),
            }),
            "swemwbs" => {
                let ids = [
                    "optimistic",
                    "useful",
                    "relaxed",
                    "problems",
                    "thinking",
                    "close",
                    "own_mind",
                ];
                Value::Object(
                    ids.iter()
                        .map(|id| ((*id).to_owned(), json!(level(rng, 3.0 - 0.7 * z, 1, 5))))
                        .collect(),
                )
            }
            "fft" => fft_answers(rng),
            "gas" => {
                let mut goals = goals.expect("a GAS patient has goals").clone();
                if review {
                    for goal in goals.as_array_mut().expect("goals are a list") {
                        goal["attainment"] = json!(level(rng, 0.3 - 0.5 * z, -2, 2));
                    }
                }
                json!({ "goals": goals })
            }
            other => unreachable!("no answers for {other}"),
        }
    }

    /// Builds, validates and scores one record and queues it; returns its id.
    fn push(&mut self, draft: Draft<'_>) -> String {
        let id = self.id();
        let recorded_at = draft.at.format(&Rfc3339).expect("a time formats");
        let mut json = json!({
            "id": id,
            "instrument_id": draft.instrument,
            "instrument_version": 1,
            "recorded_at": recorded_at,
            "role": draft.role,
            "answers": draft.answers,
        });
        if let Some(patient) = draft.patient {
            json["patient"] = json!({ "pseudonym": patient.pseudonym });
        }
        if let Some(supersedes) = &draft.supersedes {
            json["supersedes"] = json!(supersedes);
        }
        if let Some(point) = draft.time_point {
            // The tablet's choice, sent once the wire carries it (ignored by servers before).
            json["time_point"] = json!(point);
        }
        let record = ResponseRecord::from_json_value(&json).expect("a generated record parses");
        let context = ValidationContext {
            catalog: &self.catalog,
            roles: &self.roles,
            now: VALIDATED_AT,
        };
        let valid = validate_response(&record, &context)
            .unwrap_or_else(|issues| panic!("a generated record is valid: {issues:?}\n{json}"));
        let scores = score(&valid);
        let snapshot = draft.patient.map_or_else(Snapshot::not_stated, |patient| {
            Snapshot::of(patient, draft.at)
        });
        let received_at = draft.at + Duration::minutes(self.rng.random_range(1..3 * 24 * 60));
        self.pending.push_back(Generated {
            json,
            record,
            scores,
            practice: draft.practice,
            time_point: draft.time_point,
            snapshot,
            received_at: received_at.min(VALIDATED_AT),
            new_patient: draft.new_patient,
        });
        id
    }
}

impl Iterator for Generator {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        while self.pending.is_empty() {
            self.next_patient();
        }
        let next = self.pending.pop_front()?;
        let tally = &mut self.tally;
        tally.responses += 1;
        tally.scores += next.scores.measures.len() as u64;
        tally.patients += u64::from(next.new_patient.is_some());
        tally.corrections += u64::from(next.record.supersedes.is_some());
        tally.anonymous += u64::from(next.record.patient.is_none());
        tally.with_time_point += u64::from(next.time_point.is_some());
        Some(next)
    }
}

/// A record before it is built.
struct Draft<'a> {
    instrument: &'static str,
    role: &'static str,
    practice: usize,
    at: OffsetDateTime,
    answers: Value,
    patient: Option<&'a Patient>,
    time_point: Option<TimePoint>,
    supersedes: Option<String>,
    new_patient: Option<Patient>,
}

fn fft_answers(rng: &mut ChaCha8Rng) -> Value {
    let experience = *pick(rng, &[(1, 70), (2, 18), (3, 5), (4, 3), (5, 2), (6, 2)]);
    if rng.random_bool(0.15) {
        let reason = *pick(
            rng,
            &[
                ("Listened to me and had time.", 1),
                ("Hard to get an appointment.", 1),
                ("Helpful and kind.", 2),
            ],
        );
        json!({ "experience": experience, "reason": reason })
    } else {
        json!({ "experience": experience })
    }
}

/// One to three goals, some weighted (importance and difficulty rated), baseline -1 or -2.
fn gas_goals(rng: &mut ChaCha8Rng) -> Value {
    let weighted = rng.random_bool(0.6);
    let goals: Vec<Value> = (1..=rng.random_range(1..=3))
        .map(|n| {
            let baseline = if rng.random_bool(0.7) { -1 } else { -2 };
            let mut goal = json!({
                "id": format!("g{n}"),
                "description": format!("Goal {n} in the patient's words"),
                "levels": {
                    "-2": "much less than expected", "-1": "less than expected",
                    "0": "as agreed", "1": "better than expected", "2": "much better than expected"
                },
                "baseline": baseline,
            });
            if weighted {
                goal["importance"] = json!(rng.random_range(1..=3));
                goal["difficulty"] = json!(rng.random_range(1..=3));
            }
            goal
        })
        .collect();
    Value::Array(goals)
}

/// Moves a time to a weekday between 08:00 and 18:00 UTC on the same day (or the Monday after).
fn working_hours(rng: &mut ChaCha8Rng, at: OffsetDateTime) -> OffsetDateTime {
    let mut date = at.date();
    while matches!(
        date.weekday(),
        time::Weekday::Saturday | time::Weekday::Sunday
    ) {
        date = date.next_day().expect("a next day");
    }
    let minute = rng.random_range(8 * 60..18 * 60);
    date.midnight().assume_utc() + Duration::minutes(minute)
}

/// An answer around `mean` (with noise), rounded and kept in `low..=high`.
fn level(rng: &mut ChaCha8Rng, mean: f64, low: i64, high: i64) -> i64 {
    ((mean + normal(rng) * 0.7).round() as i64).clamp(low, high)
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// A weighted choice.
fn pick<'a, T>(rng: &mut ChaCha8Rng, choices: &'a [(T, u32)]) -> &'a T {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut ticket = rng.random_range(0..total);
    for (choice, weight) in choices {
        if ticket < *weight {
            return choice;
        }
        ticket -= weight;
    }
    unreachable!("the ticket is below the total")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_records() {
        let first: Vec<Value> = Generator::new(7).take(300).map(|g| g.json).collect();
        let again: Vec<Value> = Generator::new(7).take(300).map(|g| g.json).collect();
        assert_eq!(first, again);
        let other: Vec<Value> = Generator::new(8).take(300).map(|g| g.json).collect();
        assert_ne!(first, other);
    }

    #[test]
    fn the_mix_is_realistic() {
        let mut generator = Generator::new(1);
        let generated = generator.take_chunk(5_000);
        let tally = generator.tally;
        assert_eq!(tally.responses, 5_000);
        assert!(tally.corrections > 0 && tally.anonymous > 0 && tally.with_time_point > 0);
        for instrument in ["phq9", "gad7", "ons4", "swemwbs", "fft", "gas"] {
            assert!(
                generated
                    .iter()
                    .any(|g| g.record.instrument_id == instrument),
                "{instrument} is generated"
            );
        }
        let reviewed_gas = generated
            .iter()
            .filter(|g| g.scores.get("attainment_t").is_some())
            .count();
        assert!(reviewed_gas > 0, "some GAS reviews are scored");
        let first = generated
            .iter()
            .map(|g| g.record.recorded_at)
            .min()
            .unwrap();
        assert!(END - first > Duration::days(2 * 365), "spread over years");
        assert!(
            generated
                .iter()
                .all(|g| g.record.recorded_at <= END + Duration::hours(2))
        );
        assert!(
            generated
                .iter()
                .any(|g| g.snapshot.imd.starts_with("2019-"))
        );
    }
}
