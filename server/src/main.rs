//! The server binary: serves (the default), creates the first admin with `server create-admin`,
//! recomputes the outcome rollups (`server rebuild-rollups`), or imports the public lookup files
//! (`server import-postcodes`, `server import-imd`). Stops on Ctrl-C or SIGTERM after in-flight
//! requests finish.

use anyhow::Context;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use server::accounts::{FirstAdmin, create_first_admin};
use server::{Application, config::Config, db::Db};
use shared::demographics::ImdEdition;
use std::io::BufRead;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    about = "prom-collector server: sync API, aggregates and the app"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    /// A TOML file with any of the settings above; flags and environment variables win over it.
    #[arg(long = "config", env = "PROM_CONFIG", global = true)]
    config_file: Option<std::path::PathBuf>,
    /// Log as readable text or as one JSON object per line.
    #[arg(long, env = "PROM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Creates the top organisation and its first admin account (only when no admin exists).
    /// The password is read from PROM_ADMIN_PASSWORD, or else from the first line of stdin.
    CreateAdmin {
        /// The organisation's name, e.g. "North Example ICB".
        #[arg(long)]
        organisation: String,
        /// icb, pcn or practice.
        #[arg(long, default_value = "icb")]
        organisation_kind: String,
        #[arg(long)]
        email: String,
        /// The admin's name as shown to others.
        #[arg(long)]
        name: String,
    },
    /// Recomputes the outcome rollups from the stored responses (after a restore, an import
    /// of rows, or a change of instrument thresholds). Ingest waits while it runs.
    RebuildRollups,
    /// Imports postcode -> LSOA codes from the ONS postcode directory CSV (NSPL or ONSPD; columns
    /// pcds and lsoa11 and/or lsoa21). Re-importing replaces each postcode's codes.
    ImportPostcodes {
        /// The CSV file, e.g. Data/NSPL_FEB_2025_UK.csv from the NSPL download.
        #[arg(long)]
        file: std::path::PathBuf,
    },
    /// Imports LSOA -> IMD decile from the English Indices of Deprivation File 1 saved as CSV
    /// (columns "LSOA code (2011)" or "(2021)" and "Index of Multiple Deprivation (IMD) Decile").
    /// Re-importing an edition replaces its deciles.
    ImportImd {
        /// 2019 (2011 LSOAs) or 2025 (2021 LSOAs).
        #[arg(long, value_parser = parse_edition)]
        edition: ImdEdition,
        /// The CSV file.
        #[arg(long)]
        file: std::path::PathBuf,
    },
}

fn parse_edition(text: &str) -> Result<ImdEdition, String> {
    text.parse::<i64>()
        .ok()
        .and_then(ImdEdition::from_year)
        .ok_or_else(|| format!("{text:?} is not an IMD edition: use 2019 or 2025"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Some(path) = &cli.config_file {
        server::config_file::FileConfig::read(path)?.apply(&mut cli.config, &matches);
    }
    server::telemetry::init(cli.log_format == LogFormat::Json);
    match cli.command {
        Some(Command::CreateAdmin {
            organisation,
            organisation_kind,
            email,
            name,
        }) => {
            let password = match std::env::var("PROM_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprintln!("password for {email} (at least 12 characters), then Enter:");
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("could not read the password")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let db = Db::connect(&cli.config.database).await?;
            let first = FirstAdmin {
                organisation_name: organisation,
                organisation_kind,
                email: email.clone(),
                display_name: name,
                password,
            };
            create_first_admin(&db, &first).await?;
            println!("created the admin account {email}: sign in at /api/v1/auth/sign-in");
            Ok(())
        }
        Some(Command::RebuildRollups) => {
            let db = Db::connect(&cli.config.database).await?;
            let catalog = server::db::instruments::catalog(&db).await?;
            let started = std::time::Instant::now();
            let summary = server::rollups::rebuild(&db, &catalog)
                .await
                .context("could not rebuild the rollups; nothing was changed")?;
            println!(
                "rebuilt {} rollup cells from {} responses in {:.1} s",
                summary.cells,
                summary.responses,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(Command::ImportPostcodes { file }) => {
            let db = Db::connect(&cli.config.database).await?;
            let summary = server::lookups::postcodes::import(&db, &file).await?;
            println!(
                "imported postcodes from {}: {} rows, {} written, {} skipped (no LSOA)",
                file.display(),
                summary.rows,
                summary.written,
                summary.skipped
            );
            Ok(())
        }
        Some(Command::ImportImd { edition, file }) => {
            let db = Db::connect(&cli.config.database).await?;
            let summary = server::lookups::imd::import(&db, edition, &file).await?;
            println!(
                "imported IMD {edition} deciles from {}: {} rows, {} written",
                file.display(),
                summary.rows,
                summary.written
            );
            Ok(())
        }
        None => serve(cli.config).await,
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(&config)
        .await
        .context("could not start the server")?;
    println!("prom-collector is serving on http://{}/", app.local_addr());
    app.run_until(shutdown_signal())
        .await
        .context("the server stopped with an error")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
