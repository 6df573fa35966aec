//! `GET /api/v1/aggregates?group_by=role,domain`: counts and per-measure means by group, with
//! small-number suppression applied here, before any figure leaves the server.

use crate::auth::Reader;
use crate::db::aggregates::{self, Dimension};
use crate::db::audit::{self, Action, Entry};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{AggregateResponse, AggregateRow, AggregatesQuery, ErrorBody, MeasureSummary};
use shared::outcomes::cells::INSTRUMENT_CELL;
use shared::scoring::MeasureKey;
use shared::stats::{SUPPRESS_AT_MOST, disclosed_count, disclosed_mean};
use std::collections::BTreeMap;

/// `GET /api/v1/aggregates?group_by=role,domain`
#[utoipa::path(
    get,
    path = "/aggregates",
    operation_id = "aggregates_query",
    tag = "aggregates",
    summary = "Counts and per-measure means by group, with small numbers suppressed.",
    description = "Over the responses of the caller's organisation and below, superseded \
responses left out. Counts of 1-7 are withheld and larger ones rounded to 5; means over 7 or \
fewer values are withheld. Any signed-in account; the read is written to the audit log.",
    params(AggregatesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One row per group.", body = AggregateResponse),
        (status = 400, description = "The query string is not valid, or names a dimension that does not exist.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn query(
    Scoped(Reader(reader), scope): Scoped<Reader>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<AggregatesQuery>,
) -> Result<Json<AggregateResponse>, ApiError> {
    let dims = parse_dimensions(params.group_by.as_deref().unwrap_or("role,domain"))?;
    let catalog = state.catalog();
    let domains_of = |instrument: &str, measure: &str| -> Vec<String> {
        let Some(definition) = catalog.latest(instrument) else {
            return Vec::new();
        };
        let mut domains: Vec<String> = definition
            .measures
            .iter()
            .filter(|m| measure == INSTRUMENT_CELL || m.id == measure)
            .map(|m| m.domain.clone())
            .collect();
        domains.sort();
        domains.dedup();
        domains
    };
    state.catch_up_rollups().await?;
    let mut tx = state.db.begin().await?;
    let figures = aggregates::by_groups(&mut tx, &dims, scope.root(), domains_of).await?;
    audit::record(
        &mut tx,
        &Entry::new(Action::ReadAggregates, &reader.user.id, Some(scope.root()))
            .detail(params.group_by.as_deref()),
    )
    .await?;
    tx.commit().await?;
    // Category codes (e.g. the FFT answer) and unconverted totals have no meaningful mean.
    let has_mean = |key: &MeasureKey| {
        catalog
            .latest(key.instrument())
            .and_then(|d| d.measures.iter().find(|m| m.id == key.measure()))
            .is_none_or(|m| m.summarise_mean)
    };
    let rows = figures
        .into_iter()
        .map(|figures| AggregateRow {
            group: dims
                .iter()
                .map(|d| d.name().to_owned())
                .zip(figures.group)
                .collect(),
            responses: disclosed_count(figures.responses),
            measures: figures
                .measures
                .into_iter()
                .map(|measure| {
                    let summary = MeasureSummary {
                        n: disclosed_count(measure.n),
                        mean: if has_mean(&measure.measure) {
                            disclosed_mean(measure.n, measure.sum)
                        } else {
                            None
                        },
                    };
                    (measure.measure.to_string(), summary)
                })
                .collect::<BTreeMap<_, _>>(),
        })
        .collect();
    Ok(Json(AggregateResponse {
        group_by: dims.iter().map(|d| d.name().to_owned()).collect(),
        suppression: format!(
            "counts of 1-{SUPPRESS_AT_MOST} are withheld (null), larger counts are rounded to the nearest 5, \
             and means resting on {SUPPRESS_AT_MOST} or fewer values are withheld"
        ),
        rows,
    }))
}

fn parse_dimensions(text: &str) -> Result<Vec<Dimension>, ApiError> {
    let mut dims = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let Some(dim) = Dimension::parse(name) else {
            let allowed: Vec<&str> = Dimension::ALL.iter().map(|d| d.name()).collect();
            return Err(ApiError::client(
                StatusCode::BAD_REQUEST,
                "unknown_dimension",
                format!(
                    "cannot group by {name:?}; choose from: {}",
                    allowed.join(", ")
                ),
            ));
        };
        if !dims.contains(&dim) {
            dims.push(dim);
        }
    }
    Ok(dims)
}
