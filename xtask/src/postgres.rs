//! A throwaway PostgreSQL cluster for the server tests: created in a temporary directory, listening
//! on a free local port with trust authentication, and stopped and removed when dropped.

use crate::env::step;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The newest installed PostgreSQL server's `bin` directory.
pub fn bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("postgres").is_file().then_some((version, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, bin)| bin)
}

pub struct TestCluster {
    bin: PathBuf,
    dir: PathBuf,
    /// A database URL for creating the per-test databases.
    pub url: String,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a PostgreSQL tool as the `postgres` user when we are root (the server refuses root).
fn as_cluster_owner(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

impl TestCluster {
    pub fn start() -> Result<Self, String> {
        let bin =
            bin_dir().ok_or("PostgreSQL is not installed (run `cargo xtask setup --browser`)")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port for PostgreSQL: {e}"))?
            .port();
        let dir = std::env::temp_dir().join(format!("prom-collector-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() {
                return Err("could not hand the cluster directory to the postgres user".into());
            }
        }
        step(&format!(
            "starting a throwaway PostgreSQL cluster on port {port}"
        ));
        let data = dir.join("data");
        let initdb = as_cluster_owner(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"])
            .output()
            .map_err(|e| format!("could not run initdb: {e}"))?;
        if !initdb.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&initdb.stderr)
            ));
        }
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
            dir.display()
        );
        let started = as_cluster_owner(&bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(dir.join("server.log"))
            .args(["-w", "start"])
            .output()
            .map_err(|e| format!("could not run pg_ctl: {e}"))?;
        let cluster = Self {
            bin,
            dir,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        };
        if !started.status.success() {
            return Err(format!(
                "PostgreSQL did not start: {}",
                String::from_utf8_lossy(&started.stderr)
            ));
        }
        Ok(cluster)
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        let _ = as_cluster_owner(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
