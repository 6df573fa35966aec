//! The HTTP surface: the versioned API under `/api/v1`, health, and the app's static files.
//!
//! Routing and the OpenAPI document come from one list ([`api`] and [`operations`]): a handler
//! is served only through `routes!`, which also adds its `#[utoipa::path]` to the document, so an
//! operation cannot be served without being documented. Every refusal, including an unknown
//! `/api/` path (404) and a method a path does not have (405, with `Allow`), is the API's JSON
//! error body.

pub mod aggregates;
pub mod alerts;
pub mod audit;
pub mod auth;
pub mod changes;
pub mod devices;
pub mod exports;
pub mod fhir;
pub mod health;
pub mod instruments;
pub mod json;
pub mod lookups;
pub mod openapi;
pub mod organisations;
pub mod outbox_import;
pub mod outcomes;
pub mod params;
pub mod research;
pub mod roles;
pub mod sealed_sync;
pub mod static_files;
pub mod sync;
pub mod users;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::routing::any;
use shared::api::{MAX_BODY_BYTES, MAX_LOOKUP_BYTES};
use shared::outbox_file::MAX_FILE_BYTES;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// Content Security Policy for everything served: only this origin's scripts, styles and API,
/// plus compiling WebAssembly.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// The route that answers every unknown path under `/api/` with a JSON 404. It is the one route
/// that is not an operation of the document.
pub const API_NOT_FOUND_ROUTE: &str = "/api/{*rest}";

/// Every operation under `/api/v1`, each routed and documented by the same `routes!` entry.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(openapi::serve))
        .routes(routes!(sync::push))
        .routes(routes!(sealed_sync::key))
        .routes(routes!(sealed_sync::push))
        .routes(routes!(changes::list))
        .routes(routes!(changes::keys))
        .routes(routes!(aggregates::query))
        .routes(routes!(outcomes::query))
        .routes(routes!(exports::csv))
        .routes(routes!(exports::xlsx))
        .routes(routes!(exports::json))
        .routes(routes!(exports::fhir))
        .routes(routes!(exports::datapackage))
        .routes(routes!(research::csv))
        .routes(routes!(research::ndjson))
        .routes(routes!(research::datapackage))
        .routes(routes!(instruments::list))
        .routes(routes!(instruments::register))
        .routes(routes!(fhir::export_questionnaire))
        .routes(routes!(fhir::import))
        .routes(routes!(outbox_import::import).layer(DefaultBodyLimit::max(MAX_FILE_BYTES)))
        .routes(routes!(fhir::export_response))
        .routes(routes!(auth::sign_in))
        .routes(routes!(auth::sign_out))
        .routes(routes!(auth::me))
        .routes(routes!(organisations::list, organisations::create))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::disable))
        .routes(routes!(devices::list))
        .routes(routes!(devices::create_code))
        .routes(routes!(devices::enrol))
        .routes(routes!(devices::revoke))
        .routes(routes!(roles::list))
        .routes(routes!(roles::put))
        .routes(routes!(audit::list))
        .routes(routes!(alerts::list))
        .routes(routes!(alerts::acknowledge))
        .routes(routes!(lookups::import_imd).layer(DefaultBodyLimit::max(MAX_LOOKUP_BYTES)))
}

/// Liveness, readiness and metrics, outside the versioned API.
fn probes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::metrics))
}

/// Every route this server answers apart from the app's static files, with the layers of the
/// API, and the OpenAPI document of exactly those routes.
pub fn operations() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, api_document) = api().split_for_parts();
    let (probes, probes_document) = probes().split_for_parts();
    let mut document = openapi::ApiDoc::openapi().nest("/api/v1", api_document);
    document.merge(probes_document);
    let no_store = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    let api = api
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(no_store.clone());
    let router = probes
        .method_not_allowed_fallback(method_not_allowed)
        .nest("/api/v1", api)
        .route(API_NOT_FOUND_ROUTE, any(api_not_found).layer(no_store));
    (router, document)
}

pub fn router(state: AppState, static_dir: &Path) -> Router {
    let (routes, _) = operations();
    routes
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

/// A path that exists, asked with a method it does not have; axum adds the `Allow` header.
async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::client(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!(
            "this endpoint does not answer {method}: the Allow header lists the methods it does"
        ),
    )
}
