//! The HTTP surface: the versioned API under `/api/v1`, health, and the app's static files.

pub mod aggregates;
pub mod alerts;
pub mod audit;
pub mod auth;
pub mod changes;
pub mod devices;
pub mod fhir;
pub mod health;
pub mod instruments;
pub mod json;
pub mod openapi;
pub mod organisations;
pub mod outbox_import;
pub mod roles;
pub mod static_files;
pub mod sync;
pub mod users;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::{any, get, post, put};
use shared::api::MAX_BODY_BYTES;
use shared::outbox_file::MAX_FILE_BYTES;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Content Security Policy for everything served: only this origin's scripts, styles and API,
/// plus compiling WebAssembly.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

pub fn router(state: AppState, static_dir: &Path) -> Router {
    let api = Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/sync", post(sync::push))
        .route("/sync/changes", get(changes::list))
        .route("/patients/keys", post(changes::keys))
        .route("/aggregates", get(aggregates::query))
        .route("/instruments", get(instruments::list))
        .route(
            "/admin/instruments/{id}/registration",
            put(instruments::register),
        )
        .route(
            "/instruments/{id}/{version}/fhir",
            get(fhir::export_questionnaire),
        )
        .route("/admin/instruments/fhir", post(fhir::import))
        .route(
            "/admin/outbox-import",
            post(outbox_import::import).layer(DefaultBodyLimit::max(MAX_FILE_BYTES)),
        )
        .route("/responses/{id}/fhir", get(fhir::export_response))
        .route("/auth/sign-in", post(auth::sign_in))
        .route("/auth/sign-out", post(auth::sign_out))
        .route("/auth/me", get(auth::me))
        .route(
            "/organisations",
            get(organisations::list).post(organisations::create),
        )
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}/disable", post(users::disable))
        .route("/devices", get(devices::list))
        .route("/devices/enrolment-codes", post(devices::create_code))
        .route("/devices/enrol", post(devices::enrol))
        .route("/devices/{id}/revoke", post(devices::revoke))
        .route("/roles", get(roles::list))
        .route("/roles/{id}", put(roles::put))
        .route("/audit", get(audit::list))
        .route("/alerts", get(alerts::list))
        .route(
            "/alerts/{response_id}/{rule}/acknowledge",
            post(alerts::acknowledge),
        )
        .route("/{*rest}", any(api_not_found))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .fallback_service(static_files::service(static_dir))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::metrics::track,
        ))
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

async fn api_not_found() -> ApiError {
    ApiError::client(
        StatusCode::NOT_FOUND,
        "not_found",
        "there is no such API endpoint",
    )
}
