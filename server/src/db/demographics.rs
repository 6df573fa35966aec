//! Queries on `patient_demographics` (a patient's last known attributes) and the public lookup
//! tables `postcode_lsoa` and `lsoa_imd`, and the demographic snapshot of a response at ingest.
//!
//! Ingest loads the batch's [`Patients`], calls [`Patients::merge`] for each response it will
//! store (the snapshot goes on the response row) and [`Patients::save`] once they are stored,
//! all inside the ingest transaction. A postcode is only
//! ever used here, to look up its IMD decile; it is never written anywhere.

use super::Tx;
use crate::on_tx;
use shared::demographics::{
    AgeBand, EthnicCategory, GenderIdentity, Imd, ImdEdition, PatientDemographics, Postcode,
    Snapshot, StatedSex,
};
use shared::outcomes::pairing::TimePoint;
use std::collections::{BTreeSet, HashMap};

/// A patient's last known attributes (a row of `patient_demographics`, codes parsed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub birth_year: Option<i32>,
    pub stated_sex: Option<StatedSex>,
    pub gender_identity: Option<GenderIdentity>,
    pub ethnic_category: Option<EthnicCategory>,
    pub imd: Option<Imd>,
}

#[derive(sqlx::FromRow)]
struct KnownRow {
    birth_year: Option<i64>,
    stated_sex: Option<String>,
    gender_identity: Option<String>,
    ethnic_category: Option<String>,
    imd_edition: Option<i64>,
    imd_decile: Option<i64>,
}

impl From<KnownRow> for Known {
    fn from(row: KnownRow) -> Self {
        // A stored code that no longer parses counts as not stated rather than failing ingest.
        Self {
            birth_year: row.birth_year.and_then(|year| i32::try_from(year).ok()),
            stated_sex: row.stated_sex.as_deref().and_then(StatedSex::from_code),
            gender_identity: row
                .gender_identity
                .as_deref()
                .and_then(GenderIdentity::from_code),
            ethnic_category: row
                .ethnic_category
                .as_deref()
                .and_then(EthnicCategory::from_code),
            imd: row
                .imd_edition
                .and_then(ImdEdition::from_year)
                .zip(row.imd_decile.and_then(|d| u8::try_from(d).ok()))
                .and_then(|(edition, decile)| Imd::new(edition, decile)),
        }
    }
}

/// The last known attributes of the patients of one ingest batch, as the batch's records
/// change them, and which of them changed (to be written by [`Patients::save`]).
#[derive(Debug, Default)]
pub struct Patients {
    known: HashMap<String, Known>,
    changed: BTreeSet<String>,
}

/// Patients per lookup or upsert ([`super::bulk::chunks`]; 8 parameters a row).
const SAVES_PER_STATEMENT: &[usize] = &[256, 64, 16, 4, 1];

impl Patients {
    /// Reads the last known attributes of `pseudonyms` (not stated for a patient never seen).
    pub async fn load(tx: &mut Tx, pseudonyms: &[&str]) -> Result<Self, sqlx::Error> {
        let unique: BTreeSet<&str> = pseudonyms.iter().copied().collect();
        let unique: Vec<&str> = unique.into_iter().collect();
        let mut known = HashMap::new();
        for chunk in super::bulk::chunks(&unique, SAVES_PER_STATEMENT) {
            let rows: Vec<PatientRow> = on_tx!(&mut *tx, conn => {
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT patient_pseudonym, birth_year, stated_sex, gender_identity,
                            ethnic_category, imd_edition, imd_decile
                     FROM patient_demographics WHERE patient_pseudonym IN (",
                );
                let mut list = query.separated(", ");
                for pseudonym in chunk {
                    list.push_bind(*pseudonym);
                }
                query.push(")");
                query.build_query_as().fetch_all(&mut *conn).await?
            });
            known.extend(
                rows.into_iter()
                    .map(|row| (row.patient_pseudonym, Known::from(row.known))),
            );
        }
        Ok(Self {
            known,
            changed: BTreeSet::new(),
        })
    }

    /// Lays what a record carries over the patient's last known attributes, field by field (a
    /// field the record leaves out keeps its known value; a postcode becomes its IMD decile, and
    /// one the lookup does not know leaves the known decile as it was), keeps the result as the
    /// patient's attributes for the batch's later records, and returns the response's snapshot
    /// with the age band at `recorded_year`. A response without a patient gets the
    /// all-not-stated snapshot. Call it only for records that will be stored.
    pub async fn merge(
        &mut self,
        tx: &mut Tx,
        pseudonym: Option<&str>,
        carried: Option<&PatientDemographics>,
        recorded_year: i32,
    ) -> Result<Snapshot, sqlx::Error> {
        let Some(pseudonym) = pseudonym else {
            return Ok(Snapshot::default());
        };
        let before = self.known.get(pseudonym).cloned().unwrap_or_default();
        let mut known = before.clone();
        if let Some(carried) = carried {
            known.birth_year = carried.birth_year.or(known.birth_year);
            known.stated_sex = carried.stated_sex.or(known.stated_sex);
            known.gender_identity = carried.gender_identity.or(known.gender_identity);
            known.ethnic_category = carried.ethnic_category.or(known.ethnic_category);
            // Validation has checked the postcode's shape; one that fails here derives nothing.
            if let Some(postcode) = carried
                .postcode
                .as_deref()
                .and_then(|p| Postcode::parse(p).ok())
                && let Some(imd) = imd_of_postcode(tx, &postcode).await?
            {
                known.imd = Some(imd);
            }
        }
        let snapshot = Snapshot {
            age_band: known
                .birth_year
                .and_then(|born| AgeBand::at(born, recorded_year)),
            stated_sex: known.stated_sex,
            gender_identity: known.gender_identity,
            ethnic_category: known.ethnic_category,
            imd: known.imd,
        };
        if known != before {
            self.changed.insert(pseudonym.to_owned());
            self.known.insert(pseudonym.to_owned(), known);
        }
        Ok(snapshot)
    }

    /// Writes the attributes that the batch changed as the patients' last known ones, inside
    /// the ingest transaction. `now` is the server's clock as RFC 3339.
    pub async fn save(&self, tx: &mut Tx, now: &str) -> Result<(), sqlx::Error> {
        let changed: Vec<(&str, &Known)> = self
            .changed
            .iter()
            .map(|pseudonym| (pseudonym.as_str(), &self.known[pseudonym]))
            .collect();
        for chunk in super::bulk::chunks(&changed, SAVES_PER_STATEMENT) {
            on_tx!(&mut *tx, conn => {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO patient_demographics (patient_pseudonym, birth_year, stated_sex,
                        gender_identity, ethnic_category, imd_edition, imd_decile, updated_at) ",
                );
                query.push_values(chunk, |mut values, (pseudonym, known)| {
                    values
                        .push_bind(*pseudonym)
                        .push_bind(known.birth_year.map(i64::from))
                        .push_bind(known.stated_sex.map(StatedSex::code))
                        .push_bind(known.gender_identity.map(GenderIdentity::code))
                        .push_bind(known.ethnic_category.map(EthnicCategory::code))
                        .push_bind(known.imd.map(|imd| i64::from(imd.edition().year())))
                        .push_bind(known.imd.map(|imd| i64::from(imd.decile())))
                        .push_bind(now);
                });
                query.push(
                    " ON CONFLICT (patient_pseudonym) DO UPDATE SET
                         birth_year = excluded.birth_year, stated_sex = excluded.stated_sex,
                         gender_identity = excluded.gender_identity,
                         ethnic_category = excluded.ethnic_category,
                         imd_edition = excluded.imd_edition, imd_decile = excluded.imd_decile,
                         updated_at = excluded.updated_at",
                );
                query.build().execute(&mut *conn).await?;
            });
        }
        Ok(())
    }
}

/// A row of `patient_demographics` with its pseudonym.
#[derive(sqlx::FromRow)]
struct PatientRow {
    patient_pseudonym: String,
    #[sqlx(flatten)]
    known: KnownRow,
}

/// The IMD decile of a postcode through its LSOA: the 2025 edition (2021 LSOAs) when the lookup
/// has it for this postcode, else the 2019 edition (2011 LSOAs); `None` when neither is known.
pub async fn imd_of_postcode(tx: &mut Tx, postcode: &Postcode) -> Result<Option<Imd>, sqlx::Error> {
    let found: Option<(i64, i64)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT i.edition, i.decile FROM postcode_lsoa p
         JOIN lsoa_imd i ON (i.edition = 2025 AND i.lsoa_code = p.lsoa21)
                         OR (i.edition = 2019 AND i.lsoa_code = p.lsoa11)
         WHERE p.postcode = $1
         ORDER BY i.edition DESC
         LIMIT 1",
    )
    .bind(postcode.as_str())
    .fetch_optional(conn)
    .await?);
    Ok(found.and_then(|(edition, decile)| {
        Imd::new(ImdEdition::from_year(edition)?, u8::try_from(decile).ok()?)
    }))
}

/// The `time_point` column's value.
pub fn time_point_code(time_point: TimePoint) -> &'static str {
    match time_point {
        TimePoint::Baseline => "baseline",
        TimePoint::Review => "review",
        TimePoint::Final => "final",
    }
}
