//! Server configuration: command-line flags, each with an environment variable fallback.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "server",
    about = "prom-collector server: sync API, aggregates and the app"
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "PROM_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// The database: a SQLite file path (created if missing), a `sqlite:` URL, or a
    /// `postgres://` URL.
    #[arg(long, env = "PROM_DATABASE", default_value = "prom-collector.db")]
    pub database: String,

    /// Directory holding the built app (index.html, pkg/, sw.js...).
    #[arg(long, env = "PROM_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Bearer token for admin and staff endpoints (registrations, alerts). Unset: switched off.
    #[arg(long, env = "PROM_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
}
