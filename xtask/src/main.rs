//! `cargo xtask <command>`: everything a newcomer or CI needs, with nothing but cargo installed.
//!
//! - `run [--addr HOST:PORT] [--database PATH]`: install what is missing, build the app, serve.
//! - `test`: install what is missing (including Chromium), then every check and test.
//! - `bench [--full]`: the sync and outcomes benchmarks (release build, figures printed); with
//!   `--full` the outcomes benchmark also at 1M and 10M responses on SQLite and 1M on PostgreSQL.
//! - `build`: build the app into `dist/` and print its sizes.
//! - `setup [--browser]`: only install what is missing.
//!
//! Tools and build caches live outside the clone (default `/var/cache/prom-collector`, or
//! `PROM_CACHE_DIR`), so a fresh clone on a machine that already built once starts fast.

mod dist;
mod env;
mod postgres;
mod setup;
mod steps;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => steps::run_product(&args[1..]),
        Some("test") => steps::test(),
        Some("bench") => {
            // The full run needs PostgreSQL, which the test setup installs.
            let full = args.iter().any(|a| a == "--full");
            setup::ensure(full).and_then(|()| steps::bench(full))
        }
        Some("build") => setup::ensure(false).and_then(|()| dist::build().map(|_| ())),
        Some("setup") => setup::ensure(args.iter().any(|a| a == "--browser")),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [--addr HOST:PORT] [--database PATH] | test | bench [--full] | build | setup [--browser]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
