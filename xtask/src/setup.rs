//! Installs what the build and tests need, only when it is missing, so a second run installs
//! nothing. Debian packages come through apt-get; wasm-bindgen's CLI through cargo install;
//! axe-core (the accessibility checker the console's browser tests inject) through npm, pinned.

use crate::env::{self, run, step};
use std::path::Path;
use std::process::Command;

/// Must equal the `wasm-bindgen` crate version pinned in the workspace exactly.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// Each Debian package with a file whose presence shows it is installed.
const BUILD_PACKAGES: &[(&str, &str)] = &[
    ("rustc-web", "/usr/bin/rustc"),
    ("cargo-web", "/usr/bin/cargo"),
    (
        "rust-web-src",
        "/usr/lib/rustlib/src/rust/library/std/Cargo.toml",
    ),
    ("lld-22", "/usr/bin/lld-22"),
    ("rust-web-llvm", "/usr/bin/rust-lld"),
];
const TEST_PACKAGES: &[(&str, &str)] = &[
    ("rust-web-clippy", "/usr/bin/clippy-driver"),
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("npm", "/usr/bin/npm"),
];

/// The axe-core release the browser tests run, pinned (WCAG 2.2 rules, `wcag22aa` tags).
pub const AXE_CORE_VERSION: &str = "4.14.1";

pub fn ensure(browser: bool) -> Result<(), String> {
    let mut wanted: Vec<&(&str, &str)> = BUILD_PACKAGES.iter().collect();
    if browser {
        wanted.extend(TEST_PACKAGES.iter());
    }
    let mut missing: Vec<&str> = wanted
        .iter()
        .filter(|(_, marker)| !Path::new(marker).exists())
        .map(|(package, _)| *package)
        .collect();
    if browser && crate::postgres::bin_dir().is_none() {
        // The server suite also runs against PostgreSQL.
        missing.push("postgresql");
    }
    if !missing.is_empty() {
        step(&format!(
            "installing Debian packages: {}",
            missing.join(" ")
        ));
        apt_get(&["update"])?;
        let mut args = vec!["install", "-y", "--no-install-recommends"];
        args.extend(missing.iter().copied());
        apt_get(&args)?;
    }
    ensure_wasm_bindgen()?;
    if browser {
        ensure_axe_core()?;
    }
    Ok(())
}

/// Where axe-core is installed, under the tools directory.
fn axe_dir() -> std::path::PathBuf {
    env::cache_dir()
        .join("tools")
        .join(format!("axe-core-{AXE_CORE_VERSION}"))
}

/// The axe-core script the browser tests inject (`PROM_AXE_JS`).
pub fn axe_script() -> std::path::PathBuf {
    axe_dir().join("node_modules/axe-core/axe.min.js")
}

/// Installs the pinned axe-core with npm once; later runs (and offline machines that ran it
/// once) find it in place and touch no network.
fn ensure_axe_core() -> Result<(), String> {
    if axe_script().is_file() {
        return Ok(());
    }
    step(&format!(
        "installing axe-core {AXE_CORE_VERSION} (npm, once)"
    ));
    let dir = axe_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    run(
        Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                "--prefix",
            ])
            .arg(&dir)
            .arg(format!("axe-core@{AXE_CORE_VERSION}")),
        "npm install axe-core",
    )?;
    if axe_script().is_file() {
        Ok(())
    } else {
        Err(format!("npm did not install {}", axe_script().display()))
    }
}

fn apt_get(args: &[&str]) -> Result<(), String> {
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let mut command = if as_root {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("apt-get");
        sudo
    };
    command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run(&mut command, "apt-get")
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let bin = env::tools_bin().join("wasm-bindgen");
    let installed = Command::new(&bin)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(WASM_BINDGEN_VERSION))
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    step(&format!(
        "installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (a few minutes, once per machine)"
    ));
    let root = env::cache_dir().join("tools");
    let mut command = env::wasm_cargo();
    // Not --locked: its lockfile names a crate version the registry does not serve.
    command
        .args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
            "--root",
        ])
        .arg(&root)
        .env(
            "CARGO_TARGET_DIR",
            env::cache_dir().join("wasm-bindgen-build"),
        );
    run(&mut command, "cargo install wasm-bindgen-cli")
}
