//! Server configuration: command-line flags, each with an environment variable fallback. The
//! flags are global, so they may come before or after a subcommand (`server create-admin
//! --database X ...`).

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "PROM_ADDR",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub addr: SocketAddr,

    /// The database: a SQLite file path (created if missing), a `sqlite:` URL, or a
    /// `postgres://` URL.
    #[arg(
        long,
        env = "PROM_DATABASE",
        default_value = "prom-collector.db",
        global = true
    )]
    pub database: String,

    /// Directory holding the built app (index.html, pkg/, sw.js...).
    #[arg(long, env = "PROM_STATIC_DIR", default_value = "dist", global = true)]
    pub static_dir: PathBuf,

    /// File holding the deployment's secret for pseudonymising NHS numbers (created on first
    /// start). Keep it outside the database and back it up separately.
    #[arg(
        long,
        env = "PROM_SECRET_FILE",
        default_value = "prom-collector.secret",
        global = true
    )]
    pub secret_file: PathBuf,

    /// How many hours a sign-in lasts before the account must sign in again.
    #[arg(long, env = "PROM_SESSION_HOURS", default_value_t = 12, global = true)]
    pub session_hours: i64,
}
