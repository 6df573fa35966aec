//! The five typical evaluator queries of the outcomes benchmark: each as the outcomes endpoint's
//! query string and as the naive full-scan SQL that computes the same figures from
//! `responses`/`response_scores` directly, and the timing of both.

use server::db::Db;
use server::db::organisations::SUBTREE;
use server::on_db;
use std::time::{Duration, Instant};

/// The outcomes endpoint. Its query parameters are those of `shared::api::OutcomesQuery`
/// (`group_by` up to three dimensions, one parameter per filter); every row carries both the
/// cross-sectional and the paired figures of each measure.
pub const OUTCOMES_PATH: &str = "/api/v1/outcomes";

/// One evaluator query, two ways.
#[derive(Debug, Clone)]
pub struct EvaluatorQuery {
    pub name: &'static str,
    /// Path and query string of the outcomes endpoint.
    pub endpoint: String,
    /// The same figures by a full scan: sums, sums of squares and counts per group, superseded
    /// responses left out, inside the caller's subtree (bound to `$1`).
    pub naive_sql: String,
    /// The values bound to `$1`, `$2`...
    pub binds: Vec<String>,
}

/// The financial year of query (e), April to March.
pub const FINANCIAL_YEAR: (&str, &str, &str) = ("2025-26", "2025-04-01", "2026-04-01");

/// The five queries, for an evaluator whose scope is `root`, with `practice` the one practice of
/// query (e). `backend` is `Db::backend()` (the date arithmetic of the pairing differs).
pub fn typical_queries(backend: &str, root: &str, practice: &str) -> Vec<EvaluatorQuery> {
    let (year, from, to) = FINANCIAL_YEAR;
    let scope = vec![root.to_owned()];
    vec![
        EvaluatorQuery {
            name: "(a) role x domain",
            endpoint: format!("{OUTCOMES_PATH}?group_by=role,domain"),
            naive_sql: format!(
                "{} SELECT role, domain, measure, COUNT(*), SUM(value), SUM(value * value)
                 FROM current_scores GROUP BY role, domain, measure",
                current_scores()
            ),
            binds: scope.clone(),
        },
        EvaluatorQuery {
            name: "(b) organisation x quarter",
            endpoint: format!("{OUTCOMES_PATH}?group_by=organisation,quarter"),
            naive_sql: format!(
                "{} SELECT o.parent_id AS pcn,
                        substr(cs.recorded_at, 1, 4) || '-Q' ||
                        CAST((CAST(substr(cs.recorded_at, 6, 2) AS INTEGER) + 2) / 3 AS TEXT)
                            AS quarter,
                        cs.measure, COUNT(*), SUM(cs.value), SUM(cs.value * cs.value)
                 FROM current_scores cs JOIN organisations o ON o.id = cs.organisation_id
                 GROUP BY o.parent_id, quarter, cs.measure",
                current_scores()
            ),
            binds: scope.clone(),
        },
        EvaluatorQuery {
            name: "(c) paired change by role",
            endpoint: format!("{OUTCOMES_PATH}?group_by=role"),
            naive_sql: paired_sql(backend, "base_role"),
            binds: scope.clone(),
        },
        EvaluatorQuery {
            name: "(d) paired change by IMD quintile",
            endpoint: format!("{OUTCOMES_PATH}?group_by=imd_quintile"),
            naive_sql: paired_sql(
                backend,
                "CASE WHEN base_imd = 'not_known' THEN 'not_known'
                      ELSE CAST((CAST(substr(base_imd, 6, 2) AS INTEGER) + 1) / 2 AS TEXT) END",
            ),
            binds: scope.clone(),
        },
        EvaluatorQuery {
            name: "(e) one practice, one financial year",
            endpoint: format!("{OUTCOMES_PATH}?organisation={practice}&financial_year={year}"),
            naive_sql: format!(
                "{} SELECT measure, band, COUNT(*), SUM(value), SUM(value * value)
                 FROM current_scores
                 WHERE organisation_id = $2 AND recorded_at >= '{from}' AND recorded_at < '{to}'
                 GROUP BY measure, band",
                current_scores()
            ),
            binds: vec![root.to_owned(), practice.to_owned()],
        },
    ]
}

/// The caller's subtree (`tree`, rooted at `$1`) and every score of a response in it that no
/// correction from the same organisation supersedes (`current_scores`; the rule of
/// `server::rollups`). The superseded ids are materialised once: written as a correlated
/// `NOT EXISTS` on both columns, SQLite (without ANALYZE) searches the correction by the
/// organisation index and the scan turns quadratic.
fn current_scores() -> String {
    format!(
        "{SUBTREE}, superseded AS MATERIALIZED (
            SELECT supersedes AS id, organisation_id FROM responses WHERE supersedes IS NOT NULL
        ), current_scores AS (
            SELECT r.id, r.organisation_id, r.role, r.recorded_at, r.patient_pseudonym, r.imd,
                   s.measure, s.domain, s.value, s.band
            FROM responses r JOIN response_scores s ON s.response_id = r.id
            WHERE r.organisation_id IN (SELECT id FROM tree)
              AND NOT EXISTS (SELECT 1 FROM superseded x
                              WHERE x.id = r.id AND x.organisation_id = r.organisation_id)
        )"
    )
}

/// Paired change by `group` (an expression over the baseline's columns): per patient and
/// measure, the first response is the baseline and the latest response at least 14 days and at
/// most 12 months after it is the follow-up (window functions); per group the number of pairs,
/// the sums of baseline and follow-up values, and the sum and sum of squares of the change.
fn paired_sql(backend: &str, group: &str) -> String {
    let (days, within_a_year) = if backend == "postgresql" {
        (
            "(CAST(substr(recorded_at, 1, 10) AS DATE) - CAST(substr(base_at, 1, 10) AS DATE))",
            "CAST(substr(recorded_at, 1, 10) AS DATE)
                 <= CAST(substr(base_at, 1, 10) AS DATE) + INTERVAL '12 months'",
        )
    } else {
        (
            "(julianday(substr(recorded_at, 1, 10)) - julianday(substr(base_at, 1, 10)))",
            "substr(recorded_at, 1, 10) <= date(substr(base_at, 1, 10), '+12 months')",
        )
    };
    format!(
        "{current}, with_baseline AS (
            SELECT cs.*,
                   FIRST_VALUE(cs.recorded_at) OVER w AS base_at,
                   FIRST_VALUE(cs.value) OVER w AS base_value,
                   FIRST_VALUE(cs.role) OVER w AS base_role,
                   FIRST_VALUE(cs.imd) OVER w AS base_imd
            FROM current_scores cs
            WHERE cs.patient_pseudonym IS NOT NULL
            WINDOW w AS (PARTITION BY cs.patient_pseudonym, cs.measure ORDER BY cs.recorded_at, cs.id)
        ), follow_ups AS (
            SELECT wb.*,
                   ROW_NUMBER() OVER (PARTITION BY wb.patient_pseudonym, wb.measure
                                      ORDER BY wb.recorded_at DESC, wb.id DESC) AS latest
            FROM with_baseline wb
            WHERE {days} >= 14 AND {within_a_year}
        )
        SELECT {group} AS grp, measure, COUNT(*), SUM(base_value), SUM(value),
               SUM(value - base_value), SUM((value - base_value) * (value - base_value))
        FROM follow_ups WHERE latest = 1
        GROUP BY grp, measure",
        current = current_scores()
    )
}

/// Runs a query's naive SQL once; returns the number of result rows.
pub async fn run_naive(db: &Db, query: &EvaluatorQuery) -> Result<usize, sqlx::Error> {
    on_db!(db, pool => {
        let mut statement = sqlx::query(&query.naive_sql);
        for value in &query.binds {
            statement = statement.bind(value);
        }
        statement.fetch_all(pool).await.map(|rows| rows.len())
    })
}

/// Calls the endpoint once; returns the status and the body's length.
pub async fn call_endpoint(
    client: &reqwest::Client,
    base_url: &str,
    token: &str,
    query: &EvaluatorQuery,
) -> (u16, String) {
    let response = client
        .get(format!("{base_url}{}", query.endpoint))
        .bearer_auth(token)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a readable body"))
}

/// Latency percentiles of repeated runs.
#[derive(Debug, Clone, Copy)]
pub struct Latency {
    pub p50: Duration,
    pub p95: Duration,
    pub runs: usize,
}

impl Latency {
    pub fn of(mut times: Vec<Duration>) -> Self {
        times.sort();
        let at = |p: f64| {
            let index = ((times.len() as f64 - 1.0) * p).round() as usize;
            times[index.min(times.len() - 1)]
        };
        Self {
            p50: at(0.5),
            p95: at(0.95),
            runs: times.len(),
        }
    }
}

/// Times `runs` runs of an async operation.
pub async fn time_runs<F, Fut>(runs: usize, mut operation: F) -> Latency
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        operation().await;
        times.push(started.elapsed());
    }
    Latency::of(times)
}
