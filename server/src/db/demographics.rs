//! Queries on `patient_demographics` (a patient's last known attributes) and the public lookup
//! tables `postcode_lsoa` and `lsoa_imd`, and the demographic snapshot of a response at ingest.
//!
//! Ingest calls [`merge`] before it stores a response (the snapshot goes on the response row) and
//! [`save`] once the response is stored, both inside the ingest transaction. A postcode is only
//! ever used here, to look up its IMD decile; it is never written anywhere.

use super::Tx;
use crate::on_tx;
use shared::demographics::{
    AgeBand, EthnicCategory, GenderIdentity, Imd, ImdEdition, PatientDemographics, Postcode,
    Snapshot, StatedSex,
};
use shared::outcomes::pairing::TimePoint;

/// A patient's last known attributes (a row of `patient_demographics`, codes parsed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub birth_year: Option<i32>,
    pub stated_sex: Option<StatedSex>,
    pub gender_identity: Option<GenderIdentity>,
    pub ethnic_category: Option<EthnicCategory>,
    pub imd: Option<Imd>,
}

/// What [`merge`] found: the patient's attributes with the record's laid over them, whether that
/// changed anything, and the snapshot for the response row.
#[derive(Debug, Clone)]
pub struct Merged {
    pseudonym: Option<String>,
    known: Known,
    changed: bool,
    pub snapshot: Snapshot,
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

/// The patient's last known attributes, or all not stated.
pub async fn known(tx: &mut Tx, pseudonym: &str) -> Result<Known, sqlx::Error> {
    let row: Option<KnownRow> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT birth_year, stated_sex, gender_identity, ethnic_category, imd_edition, imd_decile
         FROM patient_demographics WHERE patient_pseudonym = $1",
    )
    .bind(pseudonym)
    .fetch_optional(conn)
    .await?);
    Ok(row.map(Known::from).unwrap_or_default())
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

/// Lays what a record carries over the patient's last known attributes, field by field (a field
/// the record leaves out keeps its known value; a postcode becomes its IMD decile, and one the
/// lookup does not know leaves the known decile as it was), and computes the response's snapshot
/// with the age band at `recorded_year`. A response without a patient gets the all-not-stated
/// snapshot. Nothing is written: call [`save`] once the response is stored.
pub async fn merge(
    tx: &mut Tx,
    pseudonym: Option<&str>,
    carried: Option<&PatientDemographics>,
    recorded_year: i32,
) -> Result<Merged, sqlx::Error> {
    let Some(pseudonym) = pseudonym else {
        return Ok(Merged {
            pseudonym: None,
            known: Known::default(),
            changed: false,
            snapshot: Snapshot::default(),
        });
    };
    let before = known(tx, pseudonym).await?;
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
    Ok(Merged {
        pseudonym: Some(pseudonym.to_owned()),
        changed: known != before,
        known,
        snapshot,
    })
}

/// Writes the merged attributes as the patient's last known ones (when they changed), inside the
/// ingest transaction. `now` is the server's clock as RFC 3339.
pub async fn save(tx: &mut Tx, merged: &Merged, now: &str) -> Result<(), sqlx::Error> {
    let (Some(pseudonym), true) = (&merged.pseudonym, merged.changed) else {
        return Ok(());
    };
    let known = &merged.known;
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO patient_demographics (patient_pseudonym, birth_year, stated_sex,
                                           gender_identity, ethnic_category, imd_edition,
                                           imd_decile, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (patient_pseudonym) DO UPDATE SET
             birth_year = excluded.birth_year, stated_sex = excluded.stated_sex,
             gender_identity = excluded.gender_identity,
             ethnic_category = excluded.ethnic_category, imd_edition = excluded.imd_edition,
             imd_decile = excluded.imd_decile, updated_at = excluded.updated_at",
    )
    .bind(pseudonym)
    .bind(known.birth_year.map(i64::from))
    .bind(known.stated_sex.map(StatedSex::code))
    .bind(known.gender_identity.map(GenderIdentity::code))
    .bind(known.ethnic_category.map(EthnicCategory::code))
    .bind(known.imd.map(|imd| i64::from(imd.edition().year())))
    .bind(known.imd.map(|imd| i64::from(imd.decile())))
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

/// The `time_point` column's value.
pub fn time_point_code(time_point: TimePoint) -> &'static str {
    match time_point {
        TimePoint::Baseline => "baseline",
        TimePoint::Review => "review",
        TimePoint::Final => "final",
    }
}
