//! Prometheus metrics, kept in memory and exposed as text at `/metrics`: HTTP requests by route
//! and status, sync records by outcome, and failed sign-ins.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Metrics {
    /// (method, route, status) -> count
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// record status -> count
    sync_records: Mutex<BTreeMap<&'static str, u64>>,
    sign_in_failures: AtomicU64,
}

impl Metrics {
    pub fn count_sync_record(&self, status: &'static str) {
        *self
            .sync_records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(status)
            .or_default() += 1;
    }

    pub fn count_sign_in_failure(&self) {
        self.sign_in_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP prom_http_requests_total HTTP requests answered, by route and status.\n",
        );
        out.push_str("# TYPE prom_http_requests_total counter\n");
        for ((method, route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            // Route templates are this server's own fixed patterns: no characters to escape.
            let _ = writeln!(
                out,
                "prom_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP prom_sync_records_total Records received by sync, by outcome.\n");
        out.push_str("# TYPE prom_sync_records_total counter\n");
        for (status, n) in self
            .sync_records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(out, "prom_sync_records_total{{status=\"{status}\"}} {n}");
        }
        out.push_str("# HELP prom_sign_in_failures_total Failed sign-in attempts.\n");
        out.push_str("# TYPE prom_sign_in_failures_total counter\n");
        let _ = writeln!(
            out,
            "prom_sign_in_failures_total {}",
            self.sign_in_failures.load(Ordering::Relaxed)
        );
        out
    }
}

/// Middleware counting every answered request by its route template (never the raw path, so
/// identifiers never reach the metrics).
pub async fn track(
    State(metrics): State<std::sync::Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    // Only the standard methods become labels, so callers cannot grow the metrics at will.
    let method = match request.method().as_str() {
        known @ ("GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS") => {
            known.to_owned()
        }
        _ => "OTHER".to_owned(),
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let key = (method, route, response.status().as_u16());
    *metrics
        .requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_default() += 1;
    response
}
