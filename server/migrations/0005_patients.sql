-- Pseudonymous patients. Applied once; never edited (add a new migration).
-- The NHS number itself is never stored: only an HMAC-SHA256 of it under the deployment's secret.
ALTER TABLE responses ADD COLUMN patient_pseudonym TEXT;
ALTER TABLE responses ADD COLUMN nhs_number_hash TEXT;

CREATE INDEX responses_patient ON responses (patient_pseudonym);
