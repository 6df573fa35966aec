//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of this API (`server/openapi.json`).
//! The test helpers validate every request and response the tests exchange against it.

use axum::http::header;
use axum::response::IntoResponse;

/// The document, as shipped with this build.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
