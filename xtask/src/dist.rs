//! Builds both browser bundles into `dist/`: the wasm32 release build of the tablet app and of
//! the staff console, wasm-bindgen, the files of `public/` (and of `console/public/` into
//! `dist/console/`), a service worker stamped with a hash of the tablet's shell, gzip copies, and
//! a size report. The build fails when the console is over its gzip budget.

use crate::env::{self, WASM_TARGET_ARGS, run, step};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds `dist/` and returns its path.
pub fn build() -> Result<PathBuf, String> {
    step("building the app and the staff console for wasm32 (release, size-optimised)");
    let mut cargo = env::wasm_cargo();
    cargo
        .args([
            "build",
            "--profile",
            "wasm-release",
            "-p",
            "app",
            "-p",
            "console",
        ])
        .args(WASM_TARGET_ARGS);
    run(&mut cargo, "the wasm32 build of the app and the console")?;
    let built = env::wasm_target_dir().join("wasm32-unknown-unknown/wasm-release");

    let dist = env::dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist)
            .map_err(|e| format!("could not clear {}: {e}", dist.display()))?;
    }
    copy_dir(&env::root().join("public"), &dist)?;
    bindgen(&built.join("app.wasm"), "app", &dist.join("pkg"))?;
    stamp_service_worker(&dist)?;

    let console = dist.join("console");
    copy_dir(&env::root().join("console").join("public"), &console)?;
    bindgen(&built.join("console.wasm"), "console", &console.join("pkg"))?;

    for file in [
        "pkg/app_bg.wasm",
        "pkg/app.js",
        "style.css",
        "boot.js",
        "index.html",
        "console/pkg/console_bg.wasm",
        "console/pkg/console.js",
        "console/console.css",
        "console/boot.js",
        "console/index.html",
    ] {
        write_gzip(&dist.join(file))?;
    }
    report_sizes(
        &dist,
        "app size (what a tablet downloads once)",
        &["pkg/app_bg.wasm", "pkg/app.js"],
    )?;
    report_sizes(
        &dist,
        "tablet fonts (separate files outside the wasm, precached for offline use)",
        &[
            "fonts/noto-naskh-arabic.woff2",
            "fonts/noto-sans-bengali.woff2",
            "fonts/noto-sans-gurmukhi.woff2",
        ],
    )?;
    let console_gzip = report_sizes(
        &dist,
        "staff console size (never loaded by the tablet)",
        &[
            "console/pkg/console_bg.wasm",
            "console/pkg/console.js",
            "console/console.css",
            "console/boot.js",
        ],
    )?;
    if console_gzip > CONSOLE_BUDGET_GZIP {
        return Err(format!(
            "the staff console is {:.1} KB gzip, over its budget of {:.0} KB",
            kb(console_gzip),
            kb(CONSOLE_BUDGET_GZIP)
        ));
    }
    println!(
        "  within the console budget of {:.0} KB gzip",
        kb(CONSOLE_BUDGET_GZIP)
    );
    Ok(dist)
}

/// The most the staff console's files (wasm, JS glue, its stylesheet and boot script) may weigh
/// gzipped; the build fails above it.
pub const CONSOLE_BUDGET_GZIP: usize = 350 * 1024;

/// Runs wasm-bindgen on `wasm`, writing `<name>.js` and `<name>_bg.wasm` into `out`.
fn bindgen(wasm: &Path, name: &str, out: &Path) -> Result<(), String> {
    let mut bindgen = Command::new(env::tools_bin().join("wasm-bindgen"));
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--out-name",
            name,
            "--out-dir",
        ])
        .arg(out)
        .arg(wasm);
    run(&mut bindgen, &format!("wasm-bindgen ({name})"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("could not create {}: {e}", to.display()))?;
    let entries =
        fs::read_dir(from).map_err(|e| format!("could not read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .map_err(|e| format!("could not copy {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Replaces the version placeholder in `sw.js` with a hash of every precached file, so a new
/// build installs a new cache and an unchanged build keeps the old one.
fn stamp_service_worker(dist: &Path) -> Result<(), String> {
    let mut hasher = Sha256::new();
    for file in [
        "index.html",
        "boot.js",
        "pkg/app.js",
        "pkg/app_bg.wasm",
        "style.css",
        "manifest.webmanifest",
        "icons/icon.svg",
        "icons/icon-192.png",
        "icons/icon-512.png",
        "fonts/noto-naskh-arabic.woff2",
        "fonts/noto-sans-bengali.woff2",
        "fonts/noto-sans-gurmukhi.woff2",
    ] {
        let bytes =
            fs::read(dist.join(file)).map_err(|e| format!("missing {file} in dist: {e}"))?;
        hasher.update(file.as_bytes());
        hasher.update(&bytes);
    }
    let version: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = dist.join("sw.js");
    let text = fs::read_to_string(&path).map_err(|e| format!("missing sw.js: {e}"))?;
    if !text.contains("__BUILD_VERSION__") {
        return Err("public/sw.js has no __BUILD_VERSION__ placeholder".into());
    }
    fs::write(&path, text.replace("__BUILD_VERSION__", &version))
        .map_err(|e| format!("could not write sw.js: {e}"))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

fn write_gzip(path: &Path) -> Result<(), String> {
    let bytes = fs::read(path).map_err(|e| format!("missing {}: {e}", path.display()))?;
    let mut gz_path = path.as_os_str().to_owned();
    gz_path.push(".gz");
    fs::write(PathBuf::from(gz_path), gzip(&bytes)).map_err(|e| e.to_string())
}

/// Prints the raw and gzip size of each file and the total; returns the total gzip bytes.
fn report_sizes(dist: &Path, title: &str, files: &[&str]) -> Result<usize, String> {
    println!("\n{title}:");
    println!("  {:<30} {:>10} {:>10}", "file", "raw", "gzip");
    let mut total = (0, 0);
    for file in files {
        let bytes = fs::read(dist.join(file)).map_err(|e| e.to_string())?;
        let gz = gzip(&bytes).len();
        total.0 += bytes.len();
        total.1 += gz;
        println!(
            "  {file:<30} {:>7.1} KB {:>7.1} KB",
            kb(bytes.len()),
            kb(gz)
        );
    }
    println!(
        "  {:<30} {:>7.1} KB {:>7.1} KB",
        "total",
        kb(total.0),
        kb(total.1)
    );
    Ok(total.1)
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}
