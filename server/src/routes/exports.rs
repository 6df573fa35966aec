//! `GET /api/v1/outcomes/export.{csv,xlsx,json,fhir.json}` and `/outcomes/datapackage.json`:
//! the outcomes view as files. Each takes exactly the outcomes query and goes through
//! [`outcomes::read_table`] (parsing, scope check, audit, suppressed table), so a file carries
//! the same figures and the same suppression as the JSON answer; withheld figures are never
//! written as numbers.

use crate::auth::Reader;
use crate::db::audit::Action;
use crate::error::ApiError;
use crate::exports::figures::{FigureRow, long_rows};
use crate::exports::{CSV, FHIR_JSON, XLSX, dictionary, measure_report, naming, tabular, workbook};
use crate::policy::Scoped;
use crate::routes::fhir::FhirResource;
use crate::routes::outcomes::{self, OutcomesRead};
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use shared::api::{CsvOptions, ErrorBody, OutcomesQuery, OutcomesResponse};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, Type};

/// A table read for an export, with what its files are named after.
struct Export {
    read: OutcomesRead,
    rows: Vec<FigureRow>,
    /// Inclusive months covered.
    period: Option<(String, String)>,
    created: String,
    date: String,
    query: Value,
}

impl Export {
    async fn read(
        state: &AppState,
        reader: Scoped<Reader>,
        params: &OutcomesQuery,
        format: &str,
    ) -> Result<Self, ApiError> {
        let Scoped(Reader(reader), scope) = reader;
        let read = outcomes::read_table(
            state,
            &reader,
            &scope,
            params,
            Action::ExportOutcomes,
            Some(format),
        )
        .await?;
        let rows = long_rows(&read.table);
        let period = naming::period(
            read.table.from.as_deref(),
            read.table.to.as_deref(),
            read.months.as_ref(),
        );
        let now = OffsetDateTime::now_utc();
        Ok(Self {
            rows,
            period,
            created: now.format(&Rfc3339).expect("formats"),
            date: now.date().to_string(),
            query: serde_json::to_value(params).unwrap_or_default(),
            read,
        })
    }

    fn file_name(&self, extension: &str) -> String {
        naming::file_name(
            "outcomes",
            &self.read.root_name,
            &naming::period_label(self.period.as_ref()),
            &self.date,
            extension,
        )
    }

    fn group_by(&self) -> &[String] {
        &self.read.table.group_by
    }
}

/// A download: the body with its media type and a file name.
pub fn download(content_type: &'static str, file_name: &str, body: impl Into<Body>) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body.into(),
    )
        .into_response()
}

/// The CSV export's query string: the outcomes query plus the CSV options, each refused with the
/// outcomes endpoint's own messages.
fn csv_query(raw: Option<&str>) -> Result<(OutcomesQuery, CsvOptions), ApiError> {
    let bad = |e: serde_urlencoded::de::Error| {
        ApiError::client(
            StatusCode::BAD_REQUEST,
            "bad_query",
            format!("the query string is not valid: {e}"),
        )
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or_default()).map_err(bad)?;
    let (options, rest): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| k == "bom");
    let encode =
        |pairs: &[(String, String)]| serde_urlencoded::to_string(pairs).unwrap_or_default();
    let query = serde_urlencoded::from_str(&encode(&rest)).map_err(bad)?;
    let options = serde_urlencoded::from_str(&encode(&options)).map_err(bad)?;
    Ok((query, options))
}

/// `GET /api/v1/outcomes/export.csv`
#[utoipa::path(
    get,
    path = "/outcomes/export.csv",
    operation_id = "outcomes_export_csv",
    tag = "exports",
    summary = "The outcomes view as CSV (tidy long form: one figure per row).",
    description = "The same query, figures and suppression as `GET /outcomes`. RFC 4180 CSV in \
UTF-8 (`bom=true` adds a byte order mark for Excel): one row per figure with the group's \
dimensions (code and label), the instrument or measure, the table and figure name, the unit, \
the value at full precision, and a status: `shown`, `withheld` (value empty, `withheld_reason` \
says why) or `not_applicable` (value empty). The dictionary is `/outcomes/datapackage.json`. \
Any signed-in account; the export is written to the audit log.",
    params(OutcomesQuery, CsvOptions),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The CSV file (`Content-Disposition` names scope, period and date).", body = String, content_type = "text/csv"),
        (status = 400, description = "The query is not valid (as for `GET /outcomes`).", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn csv(
    reader: Scoped<Reader>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (params, options) = csv_query(raw.as_deref())?;
    let export = Export::read(&state, reader, &params, "csv").await?;
    let body = tabular::csv(&export.rows, export.group_by(), options.bom == Some(true));
    Ok(download(CSV, &export.file_name("csv"), body))
}

/// `GET /api/v1/outcomes/export.xlsx`
#[utoipa::path(
    get,
    path = "/outcomes/export.xlsx",
    operation_id = "outcomes_export_xlsx",
    tag = "exports",
    summary = "The outcomes view as an Excel workbook.",
    description = "The same query, figures and suppression as `GET /outcomes`. One sheet per \
table (instruments, cross-sectional, bands, FFT, GAS, paired change; one row per group and \
measure, one column per figure, numbers at full precision; a withheld figure is the text \
`withheld: <reason>`, never a number), the long form as a sheet, and a Notes sheet with the \
query, the suppression rules and the data dictionary. Any signed-in account; audited.",
    params(OutcomesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The XLSX workbook.", body = BinaryFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "The query is not valid (as for `GET /outcomes`).", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn xlsx(
    reader: Scoped<Reader>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OutcomesQuery>,
) -> Result<Response, ApiError> {
    let export = Export::read(&state, reader, &params, "xlsx").await?;
    let columns = tabular::columns(export.group_by());
    let codes = dictionary::codes();
    let period = naming::period_label(export.period.as_ref());
    let notes = workbook::Notes {
        title: "Patient-reported outcomes, suppressed aggregate figures",
        scope: &export.read.root_name,
        period: &period,
        created: &export.created,
        query: &export.query,
        suppression: &export.read.table.suppression,
        columns: &columns,
        codes: &codes,
    };
    let bytes = workbook::workbook(&export.rows, export.group_by(), &notes).map_err(|error| {
        tracing::error!(%error, "the workbook could not be written");
        ApiError::client(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the workbook could not be written",
        )
    })?;
    Ok(download(XLSX, &export.file_name("xlsx"), bytes))
}

/// `GET /api/v1/outcomes/export.json`
#[utoipa::path(
    get,
    path = "/outcomes/export.json",
    operation_id = "outcomes_export_json",
    tag = "exports",
    summary = "The outcomes view as a JSON file.",
    description = "Exactly the answer of `GET /outcomes` for the same query, as a download. Any \
signed-in account; audited.",
    params(OutcomesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The JSON file.", body = OutcomesResponse),
        (status = 400, description = "The query is not valid (as for `GET /outcomes`).", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn json(
    reader: Scoped<Reader>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OutcomesQuery>,
) -> Result<Response, ApiError> {
    let export = Export::read(&state, reader, &params, "json").await?;
    let body = serde_json::to_vec_pretty(&export.read.table).expect("serialises");
    Ok(download(
        "application/json",
        &export.file_name("json"),
        body,
    ))
}

/// `GET /api/v1/outcomes/export.fhir.json`
#[utoipa::path(
    get,
    path = "/outcomes/export.fhir.json",
    operation_id = "outcomes_export_fhir",
    tag = "exports",
    summary = "The outcomes view as a FHIR R4 MeasureReport (summary).",
    description = "The same query, figures and suppression as `GET /outcomes`. One group per \
measure (or instrument) and figure, its `measureScore` the total's; one stratifier over the \
grouped dimensions, a stratum per group. A withheld figure has no score: only the extension \
data-absent-reason `masked` and the reason; a figure that does not exist has \
data-absent-reason `not-applicable`. Any signed-in account; audited.",
    params(OutcomesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The MeasureReport resource.", body = FhirResource, content_type = "application/fhir+json"),
        (status = 400, description = "The query is not valid (as for `GET /outcomes`).", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn fhir(
    reader: Scoped<Reader>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OutcomesQuery>,
) -> Result<Response, ApiError> {
    let export = Export::read(&state, reader, &params, "fhir").await?;
    let period = export
        .period
        .as_ref()
        .and_then(naming::period_dates)
        .unwrap_or_else(|| (export.date.clone(), export.date.clone()));
    let id = uuid::Uuid::new_v4().to_string();
    let report = measure_report::Report {
        id: &id,
        organisation: &export.read.root,
        organisation_name: &export.read.root_name,
        period: (&period.0, &period.1),
        created: &export.created,
        query: &export.query,
    };
    let resource = measure_report::measure_report(&export.read.table, &export.rows, &report);
    let body = serde_json::to_vec_pretty(&resource).expect("serialises");
    Ok(download(FHIR_JSON, &export.file_name("fhir.json"), body))
}

/// `GET /api/v1/outcomes/datapackage.json`
#[utoipa::path(
    get,
    path = "/outcomes/datapackage.json",
    operation_id = "outcomes_export_dictionary",
    tag = "exports",
    summary = "The data dictionary of the outcomes CSV (Frictionless Data Package).",
    description = "For the same query as the CSV: every column with its type and meaning, the \
unit of every figure, and the codes for withheld and not-applicable figures. Any signed-in \
account; audited like the export it describes.",
    params(OutcomesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The `datapackage.json` descriptor.", body = DataPackage),
        (status = 400, description = "The query is not valid (as for `GET /outcomes`).", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn datapackage(
    reader: Scoped<Reader>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OutcomesQuery>,
) -> Result<Response, ApiError> {
    let export = Export::read(&state, reader, &params, "datapackage").await?;
    let columns = tabular::columns(export.group_by());
    let package = dictionary::outcomes_package(
        "prom-collector-outcomes",
        &export.file_name("csv"),
        &columns,
        &export.query,
        &export.read.table.suppression,
        &export.created,
    );
    let body = serde_json::to_vec_pretty(&package).expect("serialises");
    Ok(download("application/json", "datapackage.json", body))
}

/// A file that is not text (documentation only).
pub struct BinaryFile;

impl utoipa::PartialSchema for BinaryFile {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("The file's bytes."))
            .into()
    }
}

impl utoipa::ToSchema for BinaryFile {}

/// A Frictionless Data Package descriptor (documentation only).
pub struct DataPackage;

impl utoipa::PartialSchema for DataPackage {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(
                "A Frictionless Data Package descriptor (`datapackage.json`): `resources`, each \
                 with a `schema` of `fields` (name, type, description, constraints), plus the \
                 status and withheld-reason codes.",
            ))
            .property("resources", ObjectBuilder::new().schema_type(Type::Array))
            .required("resources")
            .additional_properties(Some(AdditionalProperties::FreeForm(true)))
            .into()
    }
}

impl utoipa::ToSchema for DataPackage {}
