//! `GET /api/v1/outcomes`: evaluator outcomes (cross-sectional, paired change, reliable change,
//! recovery, GAS, the follow-up funnel) by up to three dimensions, suppressed before they leave
//! the server, answered from the rollup cells only.

use crate::auth::{Principal, Reader};
use crate::db::audit::{self, Action, Entry};
use crate::db::rollups::{self as store, CellFilter};
use crate::error::ApiError;
use crate::policy::{Scope, Scoped};
use crate::rollups::Tree;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{ErrorBody, OutcomesQuery, OutcomesResponse};
use shared::catalog::default_domains;
use shared::outcomes::query::{Dimension, OutcomesSpec};
use shared::outcomes::table::{CatalogDefinitions, Grouping, assemble, remainder};
use std::collections::BTreeMap;

/// `GET /api/v1/outcomes`
#[utoipa::path(
    get,
    path = "/outcomes",
    operation_id = "outcomes_query",
    tag = "outcomes",
    summary = "Outcome figures by group, suppressed.",
    description = "Cross-sectional figures per measure (n, mean, SD, bands, FFT, GAS), paired \
change over matched baseline/follow-up pairs (mean change with a 95% t interval, SD of change, \
d_z with its 95% interval, reliable change, recovery, median days) and the follow-up funnel, \
grouped by up to three dimensions and filtered on any, over the caller's organisation and below \
(or one organisation inside it). Counts of 1-7 are withheld and larger ones rounded to 5; \
percentages come from the rounded counts; means, SDs, intervals and effect sizes resting on \
fewer than 8 values are withheld; secondary suppression protects every withheld count from the \
totals; each withheld figure says why. Computed from rollups, never from rows shown to anyone. \
Any signed-in account; the read is written to the audit log.",
    params(OutcomesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One row per group and a total row.", body = OutcomesResponse),
        (status = 400, description = "The query is not valid (an unknown dimension or value, more than three dimensions, two demographic attributes, an organisation outside the caller's scope).", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn query(
    Scoped(Reader(reader), scope): Scoped<Reader>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OutcomesQuery>,
) -> Result<Json<OutcomesResponse>, ApiError> {
    let read = read_table(&state, &reader, &scope, &params, Action::ReadOutcomes, None).await?;
    Ok(Json(read.table))
}

/// An outcomes table as read for one caller, with what an export names its file after.
pub struct OutcomesRead {
    pub table: OutcomesResponse,
    /// The organisation reported on (the caller's, or the one the query names).
    pub root: String,
    /// The name of [`Self::root`].
    pub root_name: String,
    /// The first and last month of the cells read (`YYYY-MM`), when any were read.
    pub months: Option<(String, String)>,
}

/// Parses `params`, checks the organisation against the caller's scope, reads the rollup cells
/// it needs, audits the read (`action`, with `format` when it is an export) in the same
/// transaction, and assembles the suppressed table: the one path of the outcomes endpoint and
/// of every aggregate export, so they cannot differ.
pub async fn read_table(
    state: &AppState,
    reader: &Principal,
    scope: &Scope,
    params: &OutcomesQuery,
    action: Action,
    format: Option<&str>,
) -> Result<OutcomesRead, ApiError> {
    let spec = OutcomesSpec::from_query(params)
        .map_err(|e| ApiError::client(StatusCode::BAD_REQUEST, e.code, e.message))?;
    state.catch_up_rollups().await?;
    let mut tx = state.db.begin().await?;
    let root = match spec.organisation() {
        Some(organisation) => {
            scope
                .require_within(&mut tx, organisation, || {
                    ApiError::client(
                        StatusCode::BAD_REQUEST,
                        "organisation_out_of_scope",
                        format!(
                            "organisation {organisation:?} is not yours to report on: choose your \
                             own organisation or one below it"
                        ),
                    )
                })
                .await?;
            organisation.to_owned()
        }
        None => scope.root().to_owned(),
    };
    let tree = Tree::load(&mut tx).await?;
    let children = if spec.groups_by_organisation() {
        tree.children(&root)
    } else {
        Vec::new()
    };
    let mut organisations = children.clone();
    // The root's cells are read for its own rows, or when they are the answer. When grouping
    // by organisation and nothing was uploaded at the root itself, its remainder is empty and
    // its cells need not be read.
    if !spec.groups_by_organisation() || store::uploads_at(&mut tx, &root).await? {
        organisations.push(root.clone());
    }
    let reads = spec.reads();
    let filter = CellFilter {
        organisations: &organisations,
        breakdown: spec.breakdown(),
        roles: spec.role_cells(),
        reads: &reads,
    };
    let names: BTreeMap<String, String> = crate::db::organisations::subtree(&mut tx, &root)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name.to_string()))
        .collect();
    let catalog = state.catalog();
    let roles = state.roles();
    let domains = default_domains();
    let definitions = CatalogDefinitions {
        catalog: &catalog,
        roles: &roles,
        domains: &domains,
        organisations: &names,
    };
    // Cells are merged into their groups as they stream in: the root's own and, when grouping
    // by organisation, each child's. The months they cover name an export's period.
    let mut root_grouping = Grouping::new(&spec, &definitions);
    let mut child_grouping = Grouping::new(&spec, &definitions);
    let mut months: Option<(String, String)> = None;
    store::select(&mut tx, &filter, |key, stats| {
        let last = key
            .grain
            .end(&key.month)
            .unwrap_or_else(|| key.month.clone());
        months = Some(match months.take() {
            None => (key.month.clone(), last),
            Some((low, high)) => (low.min(key.month.clone()), high.max(last)),
        });
        if key.organisation == root {
            root_grouping.add(&key, &stats);
        } else {
            child_grouping.add(&key, &stats);
        }
    })
    .await?;
    let detail = query_text(params, format);
    audit::record(
        &mut tx,
        &Entry::new(action, &reader.user.id, Some(scope.root()))
            .subject(root.as_str())
            .detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;

    let groups = match spec
        .group_by()
        .iter()
        .position(|d| *d == Dimension::Organisation)
    {
        Some(position) => {
            // Each child's rows, and the root's own remainder (what was uploaded at the root
            // itself: its cells minus its children's).
            let mut groups = child_grouping.finish();
            let (own, inconsistent) = remainder(root_grouping.finish(), &groups, position, &root);
            if !inconsistent.is_empty() {
                tracing::error!(
                    groups = ?inconsistent,
                    "rollup cells disagree: run `server rebuild-rollups`"
                );
            }
            groups.extend(own);
            groups
        }
        None => root_grouping.finish(),
    };
    let table = assemble(&spec, &groups, &definitions);
    let root_name = names.get(&root).cloned().unwrap_or_else(|| root.clone());
    Ok(OutcomesRead {
        table,
        root,
        root_name,
        months,
    })
}

/// The query as the audit log records it (with the export format, for an export).
fn query_text(params: &OutcomesQuery, format: Option<&str>) -> String {
    let query = serde_json::to_string(params).unwrap_or_default();
    match format {
        Some(format) => format!("{{\"format\":{format:?},\"query\":{query}}}"),
        None => query,
    }
}
