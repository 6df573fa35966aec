//! Serves the built browser bundles: the tablet app at `/`, and the staff console at `/console`
//! (from `<static dir>/console`). Unknown paths fall back to each bundle's own `index.html`, so
//! in-app links and deep links work, and no console path ever answers with the tablet's page;
//! every file is revalidated on each visit (the tablet's service worker keeps its offline copy).

use axum::Router;
use axum::http::{HeaderValue, header};
use std::path::Path;
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

/// Where the console is served, and its directory under the static dir.
pub const CONSOLE_PATH: &str = "/console";

pub fn service(static_dir: &Path) -> SetResponseHeader<Router, HeaderValue> {
    let console_dir = static_dir.join("console");
    let console = ServeDir::new(&console_dir)
        .precompressed_gzip()
        .fallback(ServeFile::new(console_dir.join("index.html")));
    let tablet = ServeDir::new(static_dir)
        .precompressed_gzip()
        .fallback(ServeFile::new(static_dir.join("index.html")));
    let files = Router::new()
        .nest_service(CONSOLE_PATH, console)
        .fallback_service(tablet);
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
        .layer(files)
}
