//! The top-level commands: run the product and run every test.

use crate::env::{self, WASM_TARGET_ARGS, run, step};
use crate::{dist, setup};
use std::process::Command;

/// `cargo xtask run`: install what is missing, build the app, migrate the database and serve.
pub fn run_product(args: &[String]) -> Result<(), String> {
    setup::ensure(false)?;
    let dist = dist::build()?;
    step("building and starting the server");
    let mut server = env::host_cargo();
    server
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "server",
            "--",
            "--static-dir",
        ])
        .arg(&dist)
        .args(args);
    run(&mut server, "the server")
}

/// `cargo xtask test`: formatting, lints for host and wasm32, unit tests, API integration tests
/// (on SQLite, then again on a throwaway PostgreSQL cluster), browser end-to-end tests, and wasm
/// tests in headless Chromium. Stops at the first failure.
pub fn test() -> Result<(), String> {
    setup::ensure(true)?;

    step("cargo fmt --check");
    run(
        env::host_cargo().args(["fmt", "--all", "--check"]),
        "cargo fmt --check",
    )?;

    step("clippy (host)");
    run(
        env::host_cargo().args([
            "clippy",
            "--workspace",
            "--exclude",
            "app",
            "--exclude",
            "console",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "clippy (host)",
    )?;

    step("clippy (wasm32)");
    run(
        env::wasm_cargo()
            .args([
                "clippy",
                "-p",
                "app",
                "-p",
                "console",
                "-p",
                "shared",
                "--all-targets",
            ])
            .args(WASM_TARGET_ARGS)
            .args(["--", "-D", "warnings"]),
        "clippy (wasm32)",
    )?;

    let dist = dist::build()?;

    step("building the server binary for the browser tests");
    run(
        env::host_cargo().args(["build", "-p", "server"]),
        "server build",
    )?;

    step("unit, golden, property and API tests, and the sync fault tests (host, SQLite)");
    let server_bin = env::host_target_dir().join("debug").join("server");
    run(
        env::host_cargo()
            .args([
                "test",
                "--workspace",
                "--exclude",
                "app",
                "--exclude",
                "console",
                "--",
                "--skip",
                "browser::",
            ])
            .env("PROM_DIST_DIR", &dist)
            .env("PROM_SERVER_BIN", &server_bin),
        "host tests",
    )?;

    step("the server suite again, on PostgreSQL");
    let cluster = crate::postgres::TestCluster::start()?;
    run(
        env::host_cargo()
            .args(integration_tests())
            .args(["--", "--skip", "browser::"])
            .env("PROM_SERVER_BIN", &server_bin)
            .env("PROM_TEST_POSTGRES", &cluster.url),
        "server tests on PostgreSQL",
    )?;
    drop(cluster);

    step(
        "end-to-end tests in headless Chromium (the same binary, browser tests only; the console's with axe-core)",
    );
    run(
        env::host_cargo()
            .args(integration_tests())
            .args(["--", "browser::"])
            .env("PROM_DIST_DIR", &dist)
            .env("PROM_SERVER_BIN", &server_bin)
            .env("PROM_AXE_JS", setup::axe_script())
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
        "browser tests",
    )?;

    step("wasm32 tests in headless Chromium (shared scoring, app storage, console figures)");
    run(&mut wasm_test_command(), "wasm32 tests")?;

    bench(false)?;

    println!("\nall checks and tests passed");
    Ok(())
}

/// The benchmarks, in a release build: figures printed, asserting only that nothing was lost.
/// The sync benchmark, then the outcomes and exports benchmarks at their small size (20,000
/// responses on SQLite); with `full`, the exports benchmark at 1M, and the outcomes benchmark
/// also at 1M and 10M responses on SQLite and at 1M on a throwaway PostgreSQL cluster.
pub fn bench(full: bool) -> Result<(), String> {
    step("sync benchmark (release build; figures, not a pass/fail timing)");
    run(
        env::host_cargo().args(["bench", "-p", "tests", "--bench", "sync"]),
        "sync benchmark",
    )?;
    outcomes_bench(OUTCOMES_SMALL, None)?;
    exports_bench(OUTCOMES_SMALL)?;
    if full {
        exports_bench(1_000_000)?;
        outcomes_bench(1_000_000, None)?;
        outcomes_bench(10_000_000, None)?;
        let cluster = crate::postgres::TestCluster::start()?;
        outcomes_bench(1_000_000, Some(&cluster.url))?;
        drop(cluster);
    }
    Ok(())
}

/// Responses in the outcomes benchmark of `cargo xtask test` and `cargo xtask bench`.
const OUTCOMES_SMALL: u64 = 20_000;

/// The outcomes benchmark with `responses` responses, on SQLite or on the PostgreSQL server at
/// `postgres`.
fn outcomes_bench(responses: u64, postgres: Option<&str>) -> Result<(), String> {
    let backend = if postgres.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    step(&format!(
        "outcomes benchmark, {responses} responses on {backend} (release build; figures only)"
    ));
    let mut command = env::host_cargo();
    command
        .args(["bench", "-p", "tests", "--bench", "outcomes"])
        .env("PROM_BENCH_RESPONSES", responses.to_string())
        // Each query runs K times each way; at 10M the naive scans take minutes, so fewer runs.
        .env(
            "PROM_BENCH_RUNS",
            if responses >= 10_000_000 { "5" } else { "20" },
        );
    match postgres {
        Some(url) => command.env("PROM_TEST_POSTGRES", url),
        None => command.env_remove("PROM_TEST_POSTGRES"),
    };
    run(&mut command, "outcomes benchmark")
}

/// The exports benchmark (research CSV rows, outcome files) with `responses` responses on SQLite.
fn exports_bench(responses: u64) -> Result<(), String> {
    step(&format!(
        "exports benchmark, {responses} responses on SQLite (release build; figures only)"
    ));
    run(
        env::host_cargo()
            .args(["bench", "-p", "tests", "--bench", "exports"])
            .env("PROM_BENCH_RESPONSES", responses.to_string())
            .env_remove("PROM_TEST_POSTGRES"),
        "exports benchmark",
    )
}

/// `cargo test` of the one integration-test binary (`tests/tests/integration/`).
fn integration_tests() -> [&'static str; 5] {
    ["test", "-p", "tests", "--test", "integration"]
}

fn wasm_test_command() -> Command {
    let mut command = env::wasm_cargo();
    command
        .args(["test", "-p", "shared", "-p", "app", "-p", "console"])
        .args(WASM_TARGET_ARGS)
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            env::tools_bin().join("wasm-bindgen-test-runner"),
        )
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    command
}
