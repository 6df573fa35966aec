//! Serves the built app. Unknown paths fall back to `index.html` so in-app links work; every file
//! is revalidated on each visit (the service worker keeps the offline copy).

use axum::http::{HeaderValue, header};
use std::path::Path;
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

pub fn service(static_dir: &Path) -> SetResponseHeader<ServeDir<ServeFile>, HeaderValue> {
    let files = ServeDir::new(static_dir)
        .precompressed_gzip()
        .fallback(ServeFile::new(static_dir.join("index.html")));
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
        .layer(files)
}
