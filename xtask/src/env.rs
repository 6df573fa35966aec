//! Paths and the environments under which the two compilers run.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Where tools and build caches are kept, outside the clone.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("PROM_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/cache/prom-collector"))
}

pub fn tools_bin() -> PathBuf {
    cache_dir().join("tools").join("bin")
}

pub fn host_target_dir() -> PathBuf {
    cache_dir().join("target")
}

pub fn wasm_target_dir() -> PathBuf {
    cache_dir().join("target-wasm")
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// `cargo` from the machine's rustup toolchain, for the host build.
pub fn host_cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(root())
        .env("CARGO_TARGET_DIR", host_target_dir());
    command
}

/// Debian's Rust (which has the standard library source) for the wasm32 build, with std built
/// from source. See `../shared/reference/toolchain.md`.
pub fn wasm_cargo() -> Command {
    let mut command = Command::new("/usr/bin/cargo");
    let path = std::env::var("PATH").unwrap_or_default();
    command
        .current_dir(root())
        .env("PATH", format!("/usr/bin:{}:{path}", tools_bin().display()))
        .env("RUSTC", "/usr/bin/rustc")
        .env("RUSTDOC", "/usr/bin/rustdoc")
        .env("RUSTC_BOOTSTRAP", "1")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env("CARGO_TARGET_DIR", wasm_target_dir());
    command
}

/// Arguments selecting the wasm32 target with std rebuilt from source.
pub const WASM_TARGET_ARGS: [&str; 3] = [
    "--target",
    "wasm32-unknown-unknown",
    "-Zbuild-std=std,panic_abort",
];

/// Runs a command with inherited output, failing with a readable message.
pub fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("could not start {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Prints a step heading.
pub fn step(title: &str) {
    println!("\n==> {title}");
}
