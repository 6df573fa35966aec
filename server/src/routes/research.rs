//! `GET /api/v1/admin/research/responses.{csv,ndjson}` and `/admin/research/datapackage.json`:
//! pseudonymised responses for approved research (admins only). The request names its purpose
//! and approval reference; both are written to the audit log with the filter, and the audit row
//! is committed before the first row is read. Rows stream from the database to the body in
//! constant memory.

use crate::auth::Admin;
use crate::db::audit::{self, Action, Entry};
use crate::db::research::{self as store, ResearchFilter, ResearchPage, ResearchRow};
use crate::error::ApiError;
use crate::exports::research::{ExportPseudonyms, Layout, write_csv_record};
use crate::exports::{CSV, FHIR_NDJSON, dictionary, naming, research};
use crate::policy::Scoped;
use crate::routes::exports::download;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use futures_util::{StreamExt, stream};
use shared::api::{ErrorBody, ResearchExportQuery};
use shared::catalog::InstrumentCatalog;
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::mpsc;

/// Pages of rows (see `db::research::send_rows`) in flight between the database and the body
/// (the memory bound).
const PAGES_IN_FLIGHT: usize = 4;
/// The body is written in chunks of about this many bytes.
const CHUNK_BYTES: usize = 64 * 1024;

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::client(StatusCode::BAD_REQUEST, code, message)
}

fn month(value: Option<&str>, name: &str) -> Result<Option<String>, ApiError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let valid = value.len() == 7
        && value.as_bytes()[4] == b'-'
        && value[..4].bytes().all(|b| b.is_ascii_digit())
        && matches!(value[5..].parse::<u8>(), Ok(1..=12));
    if !valid {
        return Err(bad(
            "bad_month",
            format!("{name} must be a month as YYYY-MM, e.g. 2026-04, not {value:?}"),
        ));
    }
    Ok(Some(value.to_owned()))
}

/// A valid request: the instrument's columns, the filter, and what the audit records.
struct Request {
    layout: Layout,
    instrument: String,
    purpose: String,
    approval: String,
    organisation: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn instrument_layout(
    catalog: &InstrumentCatalog,
    instrument: Option<&str>,
) -> Result<(String, Layout), ApiError> {
    let instrument = instrument
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .ok_or_else(|| {
            bad(
                "missing_instrument",
                "name the instrument to export, e.g. instrument=phq9 (one instrument per export)",
            )
        })?;
    let layout = Layout::of(catalog, instrument).ok_or_else(|| {
        bad(
            "unknown_instrument",
            format!("{instrument:?} is not an instrument published here"),
        )
    })?;
    Ok((instrument.to_owned(), layout))
}

fn validate(catalog: &InstrumentCatalog, query: &ResearchExportQuery) -> Result<Request, ApiError> {
    let purpose = query.purpose.as_deref().map(str::trim).unwrap_or_default();
    if purpose.is_empty() {
        return Err(bad(
            "missing_purpose",
            "say what the data are for: purpose=... (10 to 500 characters); it is written to the \
             audit log",
        ));
    }
    if !(10..=500).contains(&purpose.chars().count()) {
        return Err(bad(
            "invalid_purpose",
            "the purpose must be 10 to 500 characters",
        ));
    }
    let approval = query.approval.as_deref().map(str::trim).unwrap_or_default();
    if approval.is_empty() {
        return Err(bad(
            "missing_approval",
            "give the research approval reference: approval=... (e.g. an IRAS or REC number); \
             it is written to the audit log",
        ));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || " /.-_:".contains(c);
    if !(3..=100).contains(&approval.len()) || !approval.chars().all(allowed) {
        return Err(bad(
            "invalid_approval",
            "the approval reference must be 3 to 100 letters, digits, spaces or / . - _ :",
        ));
    }
    let (instrument, layout) = instrument_layout(catalog, query.instrument.as_deref())?;
    let from = month(query.from.as_deref(), "from")?;
    let to = month(query.to.as_deref(), "to")?;
    if let (Some(from), Some(to)) = (&from, &to)
        && from > to
    {
        return Err(bad(
            "bad_month",
            format!("from ({from}) is after to ({to})"),
        ));
    }
    Ok(Request {
        layout,
        instrument,
        purpose: purpose.to_owned(),
        approval: approval.to_owned(),
        organisation: query.organisation.clone(),
        from,
        to,
    })
}

/// The two file formats of the row export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

impl Format {
    fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
}

/// Checks the request, audits it (committed before any row is read), and streams the rows.
async fn export(
    admin: Scoped<Admin>,
    state: AppState,
    query: ResearchExportQuery,
    format: Format,
) -> Result<Response, ApiError> {
    let Scoped(Admin(admin), scope) = admin;
    let catalog = state.catalog();
    let request = validate(&catalog, &query)?;
    let mut tx = state.db.begin().await?;
    let root = match request.organisation.as_deref() {
        Some(organisation) => {
            scope
                .require_within(&mut tx, organisation, || {
                    bad(
                        "organisation_out_of_scope",
                        format!(
                            "organisation {organisation:?} is not yours to export: choose your own \
                             organisation or one below it"
                        ),
                    )
                })
                .await?;
            organisation.to_owned()
        }
        None => scope.root().to_owned(),
    };
    let root_name = crate::db::organisations::subtree(&mut tx, &root)
        .await?
        .into_iter()
        .find(|o| o.id == root)
        .map(|o| o.name.to_string())
        .unwrap_or_else(|| root.clone());
    let export_id = uuid::Uuid::new_v4().to_string();
    let filter = ResearchFilter {
        root: root.clone(),
        instrument: request.instrument.clone(),
        from: request.from.clone().unwrap_or_else(|| "0000-01".into()),
        to: request.to.clone().unwrap_or_else(|| "9999-12".into()),
    };
    let detail = serde_json::json!({
        "export_id": export_id,
        "format": format.code(),
        "purpose": request.purpose,
        "approval": request.approval,
        "filter": {
            "instrument": request.instrument,
            "organisation": root,
            "from": request.from,
            "to": request.to,
        },
    })
    .to_string();
    audit::record(
        &mut tx,
        &Entry::new(
            Action::ExportResearchRows,
            &admin.user.id,
            Some(scope.root()),
        )
        .subject(root.as_str())
        .detail(detail.as_str()),
    )
    .await?;
    // Committed before the first row is read: no row leaves without its audit row, even if the
    // client goes away or the read fails half way, and no write lock is held while the client
    // downloads (on SQLite that would stop every sync for as long as the download takes).
    tx.commit().await?;

    let period = naming::period(request.from.as_deref(), request.to.as_deref(), None);
    let period = match &period {
        Some(_) => naming::period_label(period.as_ref()),
        None => "all-months".to_owned(),
    };
    let date = OffsetDateTime::now_utc().date().to_string();
    let extension = match format {
        Format::Csv => "csv",
        Format::Ndjson => "ndjson",
    };
    let kind = format!("research_{}", request.instrument);
    let file_name = naming::file_name(&kind, &root_name, &period, &date, extension);

    let (sender, receiver) = mpsc::channel(PAGES_IN_FLIGHT);
    let db = state.db.clone();
    tokio::spawn(async move { store::send_rows(&db, &filter, &sender).await });
    let body = Body::from_stream(rows_body(Encoder {
        receiver,
        csv: csv_writer(),
        layout: request.layout,
        pseudonyms: ExportPseudonyms::random(),
        export_id,
        catalog,
        format,
        header: format == Format::Csv,
        done: false,
    }));
    let content_type = match format {
        Format::Csv => CSV,
        Format::Ndjson => FHIR_NDJSON,
    };
    Ok(download(content_type, &file_name, body))
}

/// What the body stream holds between chunks.
struct Encoder {
    receiver: mpsc::Receiver<Result<ResearchPage, sqlx::Error>>,
    /// The CSV writer of the chunk being written (into memory; replaced by a fresh one when
    /// the chunk is taken, see [`Encoder::take_chunk`]).
    csv: csv::Writer<Vec<u8>>,
    layout: Layout,
    pseudonyms: ExportPseudonyms,
    export_id: String,
    catalog: Arc<InstrumentCatalog>,
    format: Format,
    header: bool,
    done: bool,
}

impl Encoder {
    /// How many bytes the chunk being written holds so far (the CSV writer's buffer aside).
    fn written(&self, out: &[u8]) -> usize {
        out.len() + self.csv.get_ref().len()
    }

    /// The chunk: what was written directly to `out`, or the CSV writer's bytes.
    fn take_chunk(&mut self, mut out: Vec<u8>) -> Vec<u8> {
        self.csv.flush().expect("writes to memory");
        let csv = std::mem::replace(&mut self.csv, csv_writer())
            .into_inner()
            .expect("writes to memory");
        if out.is_empty() {
            return csv; // CSV: the writer's buffer is the chunk, not copied
        }
        out.extend_from_slice(&csv);
        out
    }

    /// Writes every response of `page`; an undecodable one ends the export.
    fn write_page(&mut self, out: &mut Vec<u8>, page: &ResearchPage) -> Result<(), sqlx::Error> {
        for response in page.rows() {
            self.write(out, &response?);
        }
        Ok(())
    }

    fn write(&mut self, out: &mut Vec<u8>, response: &ResearchRow<'_>) {
        match self.format {
            Format::Csv => {
                write_csv_record(&mut self.csv, response, &self.layout, &self.pseudonyms)
                    .expect("writes to memory");
            }
            Format::Ndjson => {
                if let Some(resource) = research::questionnaire_response_line(
                    response,
                    &self.catalog,
                    &self.pseudonyms,
                    &self.export_id,
                ) {
                    serde_json::to_writer(&mut *out, &resource).expect("writes to memory");
                    out.push(b'\n');
                } else {
                    // Ingest checks every response against a published definition, so this is
                    // a row the catalog no longer explains: say so rather than guess.
                    tracing::error!(
                        instrument = %response.instrument_id,
                        version = response.instrument_version,
                        "a stored response has no published definition; left out of the NDJSON"
                    );
                }
            }
        }
    }
}

/// A CSV writer (RFC 4180, CRLF) into memory.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        // Room for a chunk and the page that passes it, so the buffer never grows.
        .from_writer(Vec::with_capacity(2 * CHUNK_BYTES))
}

/// The body: the header, then each response as it is gathered, in chunks of about
/// [`CHUNK_BYTES`]; a database error ends the body with an error (the download fails visibly).
/// Fused: polling it after its end answers the end again.
fn rows_body(
    encoder: Encoder,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    stream::unfold(encoder, |mut encoder| async move {
        if encoder.done {
            return None;
        }
        // NDJSON lines go here; CSV records into the encoder's CSV writer.
        let mut out = Vec::new();
        if encoder.header {
            encoder.header = false;
            let names: Vec<String> = encoder
                .layout
                .columns()
                .into_iter()
                .map(|c| c.name)
                .collect();
            encoder.csv.write_record(&names).expect("writes to memory");
        }
        // Whole pages (at most 256 responses) go into a chunk: it may pass the size by one.
        while encoder.written(&out) < CHUNK_BYTES {
            let written = match encoder.receiver.recv().await {
                Some(Ok(page)) => encoder.write_page(&mut out, &page),
                Some(Err(error)) => Err(error),
                None => {
                    encoder.done = true;
                    break;
                }
            };
            match written {
                Ok(()) => {}
                Err(error) => {
                    tracing::error!(%error, "the research export could not read the rows");
                    encoder.done = true;
                    return Some((
                        Err(std::io::Error::other("the rows could not be read")),
                        encoder,
                    ));
                }
            }
        }
        let chunk = encoder.take_chunk(out);
        Some((Ok(Bytes::from(chunk)), encoder))
    })
    // A body layer (the gzip compression a browser asks for) may poll once more after the end;
    // an unfused `unfold` panics then.
    .fuse()
}

/// `GET /api/v1/admin/research/responses.csv`
#[utoipa::path(
    get,
    path = "/admin/research/responses.csv",
    operation_id = "research_export_csv",
    tag = "exports",
    summary = "Pseudonymised responses of one instrument for approved research, as CSV (admin).",
    description = "One row per current (not superseded) response in the caller's organisation \
and below (or one organisation inside it): numeric item answers, scores and bands, the time \
point, the demographic snapshot, and a patient pseudonym made for this export only (a keyed \
hash under a random key that is never stored), so two exports cannot be linked. Never an NHS \
number, its hash, a postcode or free text. `purpose` and `approval` are required and written to \
the audit log with the filter before the first row is read. Streamed: the download starts at \
once and runs in constant memory. The dictionary is `/admin/research/datapackage.json`.",
    params(ResearchExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The CSV file.", body = String, content_type = "text/csv"),
        (status = 400, description = "The purpose or approval is missing or not valid, the instrument is unknown, a month is not valid, or the organisation is outside the caller's scope.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn csv(
    admin: Scoped<Admin>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResearchExportQuery>,
) -> Result<Response, ApiError> {
    export(admin, state, query, Format::Csv).await
}

/// `GET /api/v1/admin/research/responses.ndjson`
#[utoipa::path(
    get,
    path = "/admin/research/responses.ndjson",
    operation_id = "research_export_ndjson",
    tag = "exports",
    summary = "The same responses as FHIR Bulk Data NDJSON of QuestionnaireResponse (admin).",
    description = "One FHIR R4 QuestionnaireResponse per line (`status`, `questionnaire`, \
`authored` as a date, numeric item answers), its `id` and `subject.identifier` the export's \
pseudonyms (system `urn:prom-collector:research-export:<export id>`), the time point as an \
extension. The same rules as the CSV: admin, purpose and approval, audited, streamed.",
    params(ResearchExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The NDJSON file.", body = String, content_type = "application/fhir+ndjson"),
        (status = 400, description = "The purpose or approval is missing or not valid, the instrument is unknown, a month is not valid, or the organisation is outside the caller's scope.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn ndjson(
    admin: Scoped<Admin>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResearchExportQuery>,
) -> Result<Response, ApiError> {
    export(admin, state, query, Format::Ndjson).await
}

/// `GET /api/v1/admin/research/datapackage.json`
#[utoipa::path(
    get,
    path = "/admin/research/datapackage.json",
    operation_id = "research_export_dictionary",
    tag = "exports",
    summary = "The data dictionary of an instrument's research CSV (admin).",
    description = "A Frictionless Data Package descriptor: every column of the CSV for \
`instrument` with its type and meaning. Holds no patient data (only `instrument` is read).",
    params(ResearchExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The `datapackage.json` descriptor.", body = crate::routes::exports::DataPackage),
        (status = 400, description = "The instrument is missing or unknown.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
    )
)]
pub async fn datapackage(
    _admin: Scoped<Admin>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResearchExportQuery>,
) -> Result<Response, ApiError> {
    let catalog = state.catalog();
    let (instrument, layout) = instrument_layout(&catalog, query.instrument.as_deref())?;
    let now = OffsetDateTime::now_utc();
    let created = now
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formats");
    let path = format!("research_{instrument}.csv");
    let package = dictionary::research_package(
        &format!("prom-collector-research-{instrument}"),
        &path,
        &layout.columns(),
        &created,
    );
    let body = serde_json::to_vec_pretty(&package).expect("serialises");
    Ok(download("application/json", "datapackage.json", body))
}
