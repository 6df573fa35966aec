//! The demographics a response carries: those of the caseload patient with the NHS number typed
//! on the questionnaire, and marking the postcode sent once a response carrying it is queued
//! (it stays on the tablet, sealed in the caseload; the server turns it into an IMD decile and
//! keeps nothing of it).

use crate::store::StoreError;
use crate::store::caseload::{self, Patient};
use rexie::Rexie;
use shared::demographics::PatientDemographics;
use shared::nhs_number::NhsNumber;

/// The caseload patient whose NHS number was typed, with what a response about them carries.
pub async fn for_response(
    db: &Rexie,
    nhs_number: Option<&str>,
) -> Option<(Patient, PatientDemographics)> {
    let digits = NhsNumber::parse(nhs_number?).ok()?.digits().to_owned();
    let patient = caseload::all(db)
        .await
        .ok()?
        .into_iter()
        .find(|p| p.nhs_number == digits)?;
    let sent = patient.demographics_to_send()?;
    Some((patient, sent))
}

/// After a response carrying `sent` was queued for `patient`: its postcode is not sent again.
pub async fn queued(
    db: &Rexie,
    patient: &Patient,
    sent: &PatientDemographics,
) -> Result<(), StoreError> {
    if sent.postcode.is_none() || patient.postcode_sent {
        return Ok(());
    }
    let added = caseload::added_at(db, &patient.id)
        .await?
        .unwrap_or_default();
    let updated = Patient {
        postcode_sent: true,
        ..patient.clone()
    };
    caseload::put(db, &updated, &added).await
}
