//! Writing generated responses straight into the real schema, fast: multi-row INSERTs of exactly
//! the columns the server's ingest writes (`responses`, `response_scores`, and the patient's
//! `patient_demographics` row), inside large transactions, on either database.

use super::data::Generated;
use server::db::{Db, Tx};
use server::on_tx;
use shared::scoring::MeasureKey;
use time::format_description::well_known::Rfc3339;

/// Responses per INSERT statement (22 parameters each, under SQLite's 32,766 and PostgreSQL's
/// 65,535 bound parameters).
pub const RESPONSES_PER_STATEMENT: usize = 400;
/// Scores per INSERT statement (5 parameters each).
pub const SCORES_PER_STATEMENT: usize = 2_000;
/// Patients per INSERT statement (8 parameters each).
const PATIENTS_PER_STATEMENT: usize = 1_000;

/// The columns of `responses` that `server::db::responses::insert` writes, plus the time point
/// and demographic snapshot columns of migration 0007.
const RESPONSE_COLUMNS: &str = "INSERT INTO responses (id, instrument_id, instrument_version,
    recorded_at, received_at, role, answers, content_hash, scoring_version, organisation_id,
    device_id, patient_pseudonym, nhs_number_hash, supersedes, feed_seq, time_point, age_band,
    stated_sex, gender_identity, ethnic_category, imd, scores) ";

/// Where a generated response was uploaded from.
#[derive(Debug, Clone)]
pub struct Uploaders {
    /// Per practice: its organisation id and the id of its enrolled tablet.
    pub practices: Vec<(String, Option<String>)>,
}

/// One response row and its score rows, as text and numbers ready to bind.
struct ResponseRow {
    id: String,
    instrument_id: String,
    instrument_version: i64,
    recorded_at: String,
    received_at: String,
    role: String,
    answers: String,
    content_hash: String,
    scoring_version: i64,
    organisation_id: String,
    device_id: Option<String>,
    patient_pseudonym: Option<String>,
    supersedes: Option<String>,
    feed_seq: i64,
    time_point: Option<&'static str>,
    age_band: &'static str,
    stated_sex: &'static str,
    gender_identity: &'static str,
    ethnic_category: &'static str,
    imd: String,
    /// The response's copy of its scores (`server::db::responses::scores_copy`).
    scores: String,
}

struct ScoreRow {
    response_id: String,
    measure: String,
    domain: String,
    value: f64,
    band: Option<String>,
}

struct PatientRow {
    pseudonym: String,
    birth_year: Option<i64>,
    stated_sex: &'static str,
    gender_identity: &'static str,
    ethnic_category: &'static str,
    imd_edition: Option<i64>,
    imd_decile: Option<i64>,
    updated_at: String,
}

/// The rows of a chunk of generated responses, ready to insert.
pub struct Rows {
    responses: Vec<ResponseRow>,
    scores: Vec<ScoreRow>,
    patients: Vec<PatientRow>,
}

impl Rows {
    /// The rows the server would store for `generated`, uploaded by `uploaders` (each response
    /// by its practice's tablet), in sync batches numbered from `first_feed_seq`, `batch` per
    /// number.
    pub fn new(
        generated: &[Generated],
        uploaders: &Uploaders,
        first_feed_seq: i64,
        batch: usize,
    ) -> Self {
        let mut rows = Rows {
            responses: Vec::with_capacity(generated.len()),
            scores: Vec::with_capacity(generated.len() * 3),
            patients: Vec::new(),
        };
        for (index, g) in generated.iter().enumerate() {
            let record = &g.record;
            let id = record.id.to_string();
            let (organisation_id, device_id) = &uploaders.practices[g.practice];
            let received_at = g.received_at.format(&Rfc3339).expect("a time formats");
            for score in &g.scores.measures {
                rows.scores.push(ScoreRow {
                    response_id: id.clone(),
                    measure: MeasureKey::new(&record.instrument_id, &score.measure).to_string(),
                    domain: score.domain.clone(),
                    value: score.value,
                    band: score.band.clone(),
                });
            }
            if let Some(patient) = &g.new_patient {
                rows.patients.push(PatientRow {
                    pseudonym: patient.pseudonym.clone(),
                    birth_year: patient.birth_year.map(i64::from),
                    stated_sex: patient.stated_sex,
                    gender_identity: patient.gender_identity,
                    ethnic_category: patient.ethnic_category,
                    imd_edition: patient.imd.map(|(edition, _)| edition),
                    imd_decile: patient.imd.map(|(_, decile)| decile),
                    updated_at: received_at.clone(),
                });
            }
            rows.responses.push(ResponseRow {
                id,
                instrument_id: record.instrument_id.clone(),
                instrument_version: i64::from(record.instrument_version),
                recorded_at: record.recorded_at.format(&Rfc3339).expect("a time formats"),
                received_at,
                role: record.role.clone(),
                answers: serde_json::to_string(&record.answers).expect("answers serialise"),
                content_hash: record.content_hash(),
                scoring_version: i64::from(g.scores.scoring_version),
                organisation_id: organisation_id.clone(),
                device_id: device_id.clone(),
                patient_pseudonym: record.patient.as_ref().map(|p| p.pseudonym.clone()),
                supersedes: record.supersedes.map(|id| id.to_string()),
                feed_seq: first_feed_seq + (index / batch.max(1)) as i64,
                time_point: g.time_point_code(),
                age_band: g.snapshot.age_band,
                stated_sex: g.snapshot.stated_sex,
                gender_identity: g.snapshot.gender_identity,
                ethnic_category: g.snapshot.ethnic_category,
                imd: g.snapshot.imd.clone(),
                scores: server::db::responses::scores_copy(
                    &record.instrument_id,
                    &g.scores.measures,
                ),
            });
        }
        rows
    }

    pub fn responses(&self) -> usize {
        self.responses.len()
    }

    /// The highest feed sequence number used.
    pub fn last_feed_seq(&self) -> Option<i64> {
        self.responses.last().map(|row| row.feed_seq)
    }

    /// Inserts the response and score rows (and, with `patients`, the patients' demographics)
    /// inside `tx`, with multi-row INSERT statements.
    pub async fn insert(&self, tx: &mut Tx, patients: bool) -> Result<(), sqlx::Error> {
        for chunk in self.responses.chunks(RESPONSES_PER_STATEMENT) {
            on_tx!(tx, conn => {
                let mut query = sqlx::QueryBuilder::new(RESPONSE_COLUMNS);
                query.push_values(chunk, |mut values, row| {
                    values
                        .push_bind(&row.id)
                        .push_bind(&row.instrument_id)
                        .push_bind(row.instrument_version)
                        .push_bind(&row.recorded_at)
                        .push_bind(&row.received_at)
                        .push_bind(&row.role)
                        .push_bind(&row.answers)
                        .push_bind(&row.content_hash)
                        .push_bind(row.scoring_version)
                        .push_bind(&row.organisation_id)
                        .push_bind(&row.device_id)
                        .push_bind(&row.patient_pseudonym)
                        .push_bind(None::<String>)
                        .push_bind(&row.supersedes)
                        .push_bind(row.feed_seq)
                        .push_bind(row.time_point)
                        .push_bind(row.age_band)
                        .push_bind(row.stated_sex)
                        .push_bind(row.gender_identity)
                        .push_bind(row.ethnic_category)
                        .push_bind(&row.imd)
                        .push_bind(&row.scores);
                });
                query.build().execute(&mut *conn).await?;
            });
        }
        for chunk in self.scores.chunks(SCORES_PER_STATEMENT) {
            on_tx!(tx, conn => {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO response_scores (response_id, measure, domain, value, band) ",
                );
                query.push_values(chunk, |mut values, row| {
                    values
                        .push_bind(&row.response_id)
                        .push_bind(&row.measure)
                        .push_bind(&row.domain)
                        .push_bind(row.value)
                        .push_bind(&row.band);
                });
                query.build().execute(&mut *conn).await?;
            });
        }
        if patients {
            for chunk in self.patients.chunks(PATIENTS_PER_STATEMENT) {
                on_tx!(tx, conn => {
                    let mut query = sqlx::QueryBuilder::new(
                        "INSERT INTO patient_demographics (patient_pseudonym, birth_year,
                            stated_sex, gender_identity, ethnic_category, imd_edition,
                            imd_decile, updated_at) ",
                    );
                    query.push_values(chunk, |mut values, row| {
                        values
                            .push_bind(&row.pseudonym)
                            .push_bind(row.birth_year)
                            .push_bind(row.stated_sex)
                            .push_bind(row.gender_identity)
                            .push_bind(row.ethnic_category)
                            .push_bind(row.imd_edition)
                            .push_bind(row.imd_decile)
                            .push_bind(&row.updated_at);
                    });
                    query.push(" ON CONFLICT (patient_pseudonym) DO NOTHING");
                    query.build().execute(&mut *conn).await?;
                });
            }
        }
        Ok(())
    }
}

/// Moves the change-feed counter past `last` (so later syncs number their batches after the
/// bulk-written ones, as if those had arrived through sync), and the rollups' folded mark with
/// it: the benchmarks build the cells of the bulk-written rows with a rebuild
/// (`server::rollups::rebuild`), and the server's background fold must not fold them meanwhile.
pub async fn advance_feed_counter(db: &Db, last: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => sqlx::query(
        "UPDATE feed_counter SET last = $1 WHERE id = 1 AND last < $1",
    )
    .bind(last)
    .execute(conn)
    .await
    .map(|_| ())?);
    on_tx!(&mut tx, conn => sqlx::query(
        "UPDATE rollup_state SET folded_seq = $1, generation = generation + 1
         WHERE id = 1 AND folded_seq < $1",
    )
    .bind(last)
    .execute(conn)
    .await
    .map(|_| ())?);
    tx.commit().await
}

/// The tables the bulk write fills.
const LOADED_TABLES: &str = "'responses', 'response_scores', 'patient_demographics'";

/// The secondary indexes of the tables the bulk write fills, dropped while it writes and created
/// again from their own stored definitions afterwards, as a bulk load does: inserting millions
/// of rows into a dozen random-keyed indexes beyond the cache slows to a crawl, while building an
/// index from loaded rows is one sort. Primary keys stay (their indexes are not dropped), and the
/// final schema is the migrated one, index for index.
pub struct SecondaryIndexes(Vec<(String, String)>);

impl SecondaryIndexes {
    /// Drops them, keeping their definitions.
    pub async fn drop_all(db: &Db) -> Result<Self, sqlx::Error> {
        let found: Vec<(String, String)> = match db {
            // Indexes behind PRIMARY KEY or UNIQUE have no SQL of their own.
            Db::Sqlite(pool) => {
                sqlx::query_as(&format!(
                    "SELECT name, sql FROM sqlite_master
                     WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({LOADED_TABLES})
                     ORDER BY name"
                ))
                .fetch_all(pool)
                .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(&format!(
                    "SELECT indexname::text, indexdef FROM pg_indexes
                     WHERE schemaname = current_schema() AND tablename IN ({LOADED_TABLES})
                       AND indexname NOT IN (SELECT conname FROM pg_constraint)
                     ORDER BY indexname"
                ))
                .fetch_all(pool)
                .await?
            }
        };
        for (name, _) in &found {
            let drop = format!("DROP INDEX {name}");
            server::on_db!(db, pool => sqlx::query(&drop).execute(pool).await.map(|_| ())?);
        }
        Ok(Self(found))
    }

    /// How many were dropped.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Creates them again from their definitions.
    pub async fn create_all(self, db: &Db) -> Result<(), sqlx::Error> {
        for (_, definition) in &self.0 {
            server::on_db!(db, pool => sqlx::query(definition).execute(pool).await.map(|_| ())?);
        }
        Ok(())
    }
}
