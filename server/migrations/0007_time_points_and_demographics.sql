-- Time points and demographics for evaluator outcomes. Applied once; never edited (add a new
-- migration). Portable SQL: runs on SQLite and PostgreSQL.

-- Where in a piece of work a response was taken, as chosen on the tablet: 'baseline', 'review'
-- or 'final'; NULL when not chosen (pairing then decides, see shared::outcomes::pairing).
ALTER TABLE responses ADD COLUMN time_point TEXT;

-- The patient's demographics as known when the response was stored (a snapshot, so figures and
-- the rollups rebuilt from rows never move when a patient's record is updated later). Codes as
-- in shared::demographics; 'not_stated' when nothing was recorded.
ALTER TABLE responses ADD COLUMN age_band TEXT NOT NULL DEFAULT 'not_stated';
ALTER TABLE responses ADD COLUMN stated_sex TEXT NOT NULL DEFAULT 'not_stated';
ALTER TABLE responses ADD COLUMN gender_identity TEXT NOT NULL DEFAULT 'not_stated';
ALTER TABLE responses ADD COLUMN ethnic_category TEXT NOT NULL DEFAULT 'not_stated';
-- '<edition>-<decile>' (e.g. '2019-03'), or 'not_known'.
ALTER TABLE responses ADD COLUMN imd TEXT NOT NULL DEFAULT 'not_known';

-- Rollups read a patient's responses together, and a rebuild reads all of them in this order.
CREATE INDEX responses_patient_id ON responses (patient_pseudonym, id);

-- A patient's last known attributes, filled field by field from the records that carry them.
-- Never a postcode: only the IMD decile derived from it, with its edition.
CREATE TABLE patient_demographics (
    patient_pseudonym TEXT PRIMARY KEY NOT NULL,
    birth_year        BIGINT,
    stated_sex        TEXT,
    gender_identity   TEXT,
    ethnic_category   TEXT,
    imd_edition       BIGINT,
    imd_decile        BIGINT,
    updated_at        TEXT NOT NULL
);

-- Public lookup tables an admin imports from the official files (not patient data).
-- Postcode (upper case, single space: 'LS1 4AP') -> LSOA codes of the 2011 and 2021 boundaries.
CREATE TABLE postcode_lsoa (
    postcode TEXT PRIMARY KEY NOT NULL,
    lsoa11   TEXT,
    lsoa21   TEXT
);

-- LSOA -> IMD decile (1 = most deprived 10%) for one edition (2019: 2011 LSOAs; 2025: 2021 LSOAs).
CREATE TABLE lsoa_imd (
    edition   BIGINT NOT NULL,
    lsoa_code TEXT NOT NULL,
    decile    BIGINT NOT NULL,
    PRIMARY KEY (edition, lsoa_code)
);
