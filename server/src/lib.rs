//! The prom-collector server as a library, so tests can start the real thing on a random port.
//!
//! - [`config`]: command-line and environment configuration.
//! - [`db`]: the database pool, migrations and one module of queries per table.
//! - [`routes`]: the HTTP API, one module per resource, plus the app's static files.
//! - [`error`]: the one error type every handler returns.
//! - [`auth`]: who is calling; [`policy`]: which organisations they may see.
//! - [`lookups`]: importers of the public postcode -> LSOA -> IMD lookup files.
//! - [`views`]: what the API shows of database rows.
//! - [`clock`]: the time as stored, below everything else.

pub mod accounts;
pub mod auth;
pub mod clock;
pub mod config;
pub mod config_file;
pub mod db;
pub mod error;
pub mod exports;
pub mod lookups;
pub mod metrics;
pub mod policy;
pub mod rollups;
pub mod routes;
pub mod sealing;
pub mod state;
pub mod telemetry;
pub mod views;

use anyhow::Context;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// A built server: the database is migrated and the port is bound, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
}

impl Application {
    pub async fn build(config: &config::Config) -> anyhow::Result<Self> {
        let db = db::Db::connect(&config.database).await?;
        tracing::info!(backend = db.backend(), "database ready");
        if db::rollups::missing(&db).await? {
            // A migration changed the cells' shape (they are derived data): rebuild them once.
            tracing::info!("outcome rollups missing: rebuilding them from the stored responses");
            let catalog = db::instruments::catalog(&db).await?;
            let summary = rollups::rebuild(&db, &catalog).await?;
            tracing::info!(
                cells = summary.cells,
                responses = summary.responses,
                "outcome rollups rebuilt"
            );
        }
        let pseudonymiser = accounts::pseudonyms::Pseudonymiser::from_file(&config.secret_file)?;
        let state =
            state::AppState::load(db, config.session_hours.clamp(1, 24 * 30), pseudonymiser)
                .await?;
        state.fold_in_background();
        if !config.static_dir.join("index.html").is_file() {
            tracing::warn!(
                dir = %config.static_dir.display(),
                "no built app found: only the API is served (build it with `cargo xtask run`)"
            );
        }
        let router = routes::router(state, &config.static_dir);
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("could not listen on {}", config.addr))?;
        Ok(Self { listener, router })
    }

    /// The routes this server answers (tests read the route table from it).
    pub fn router(&self) -> &axum::Router {
        &self.router
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}
