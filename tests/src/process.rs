//! The real server binary run as a separate process, so a test can kill it (SIGKILL) and start
//! it again on the same port and database, as happens to a real deployment.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Path of the server binary: `PROM_SERVER_BIN`, else next to the test binary's directory.
pub fn server_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("PROM_SERVER_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the test binary has a path");
    let candidate = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("server"))
        .expect("target/<profile>/deps has a parent");
    assert!(
        candidate.is_file(),
        "the server binary was not found at {}: run `cargo xtask test` (or set PROM_SERVER_BIN)",
        candidate.display()
    );
    candidate
}

/// The built app: `PROM_DIST_DIR`, else `dist/` in the workspace.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("PROM_DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("dist"));
    assert!(
        dir.join("index.html").is_file() && dir.join("pkg").join("app_bg.wasm").is_file(),
        "the app is not built in {}: run `cargo xtask test` (or `cargo xtask build`)",
        dir.display()
    );
    dir
}

pub struct ServerProcess {
    child: Child,
    pub port: u16,
    pub base_url: String,
    /// The first admin's bearer token for this run of the server.
    pub admin_token: String,
}

impl ServerProcess {
    /// Starts the server (creating the first admin on a new database), waits until it answers
    /// `/healthz`, and signs the admin in.
    pub async fn start(port: u16, database: &Path, static_dir: &Path) -> Self {
        let db = crate::Db::connect(&database.to_string_lossy())
            .await
            .expect("the database opens");
        if !server::db::users::admin_exists(&db)
            .await
            .expect("users are readable")
        {
            crate::create_test_admin(&db).await;
        }
        db.close().await;
        let child = Command::new(server_binary())
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--database")
            .arg(database)
            .arg("--static-dir")
            .arg(static_dir)
            .arg("--secret-file")
            .arg(database.with_extension("secret"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let base_url = format!("http://127.0.0.1:{port}");
        let mut server = Self {
            child,
            port,
            base_url,
            admin_token: String::new(),
        };
        server.wait_until_healthy().await;
        server.admin_token = crate::sign_in(
            &reqwest::Client::new(),
            &server.base_url,
            crate::ADMIN_EMAIL,
            crate::ADMIN_PASSWORD,
        )
        .await
        .expect("the admin signs in");
        server
    }

    async fn wait_until_healthy(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = client
                .get(format!("{}/healthz", self.base_url))
                .send()
                .await
                .map(|r| r.status().is_success())
                .unwrap_or(false);
            if ok {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not become healthy"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Asks the process to stop (SIGTERM), as a service manager would.
    pub fn terminate(&self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
    }

    /// Waits up to `secs` for the process to exit; its exit status, if it did.
    pub async fn wait_for_exit(&mut self, secs: u64) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    /// Kills the process at once (SIGKILL), as a crash or power cut would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
