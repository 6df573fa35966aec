//! Test support: the real server in-process on a random port with a fresh database, the real
//! server binary as a process that can be killed and restarted on the same port, a real headless
//! Chromium driven through chromedriver, and builders for sync records.

pub mod browser;
pub mod process;
pub mod records;

use server::Application;
use server::config::Config;
use shared::api::{AggregateResponse, AggregateRow};
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The admin token test servers are started with.
pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789";

/// The real server, in this process, on a random port, with its own fresh SQLite database.
pub struct TestServer {
    pub base_url: String,
    pub addr: SocketAddr,
    pub database: PathBuf,
    client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    _dir: TempDir,
}

impl TestServer {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let database = dir.path().join("test.db");
        let config = Config {
            addr: "127.0.0.1:0".parse().expect("a valid address"),
            database: database.to_string_lossy().into_owned(),
            static_dir: dir.path().join("no-static-files"),
            admin_token: Some(ADMIN_TOKEN.to_owned()),
        };
        let app = Application::build(&config)
            .await
            .expect("the server starts");
        let addr = app.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        Self {
            base_url: format!("http://{addr}"),
            addr,
            database,
            client: reqwest::Client::new(),
            stop: Some(stop),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Posts a sync batch of raw JSON records; returns the status and the JSON body.
    pub async fn sync(&self, records: Vec<serde_json::Value>) -> (u16, serde_json::Value) {
        let body = serde_json::json!({ "protocol_version": 1, "records": records });
        self.post_json("/api/v1/sync", &body).await
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let response = self
            .client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("the server answers");
        read(response).await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the server answers");
        read(response).await
    }

    /// Sends a request with the admin token; returns the status and the JSON body (or null).
    pub async fn as_admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(ADMIN_TOKEN);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a readable body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers");
        read(response).await
    }

    pub async fn aggregates(&self, group_by: &str) -> AggregateResponse {
        aggregates(&self.client, &self.base_url, group_by).await
    }

    /// Reads the stored rows straight from the database file.
    pub async fn stored(&self) -> StoredRows {
        StoredRows::read(&self.database).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn read(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("a readable body");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("status {status}: body is not JSON: {text:?}"));
    (status, body)
}

/// Fetches `GET /api/v1/aggregates?group_by=...` from any server.
pub async fn aggregates(
    client: &reqwest::Client,
    base_url: &str,
    group_by: &str,
) -> AggregateResponse {
    let response = client
        .get(format!("{base_url}/api/v1/aggregates?group_by={group_by}"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), 200, "aggregates answer 200");
    response.json().await.expect("an aggregate response")
}

/// Finds the aggregate row whose group matches every `(dimension, value)` given.
pub fn row<'a>(
    response: &'a AggregateResponse,
    group: &[(&str, &str)],
) -> Option<&'a AggregateRow> {
    response.rows.iter().find(|row| {
        group
            .iter()
            .all(|(k, v)| row.group.get(*k).map(String::as_str) == Some(*v))
    })
}

/// What the database holds, read directly (not through the API).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRows {
    /// (id, content_hash, answers JSON) sorted by id.
    pub responses: Vec<(String, String, String)>,
    pub scores: i64,
}

impl StoredRows {
    pub async fn read(database: &std::path::Path) -> Self {
        let url = format!("sqlite://{}?mode=ro", database.display());
        let pool = sqlx::SqlitePool::connect(&url)
            .await
            .expect("the test database opens");
        let responses = sqlx::query_as::<_, (String, String, String)>(
            "SELECT id, content_hash, answers FROM responses ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .expect("responses are readable");
        let scores: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM response_scores")
            .fetch_one(&pool)
            .await
            .expect("scores are readable");
        pool.close().await;
        Self { responses, scores }
    }

    pub fn ids(&self) -> Vec<String> {
        self.responses.iter().map(|(id, _, _)| id.clone()).collect()
    }
}

/// Every stored score as (response id, "instrument.measure", value), read from the database file.
pub async fn stored_scores(database: &std::path::Path) -> Vec<(String, String, f64)> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", database.display()))
        .await
        .expect("the test database opens");
    let rows = sqlx::query_as(
        "SELECT response_id, measure, value FROM response_scores ORDER BY response_id, measure",
    )
    .fetch_all(&pool)
    .await
    .expect("scores are readable");
    pool.close().await;
    rows
}

/// Asserts the tablet's scores equal the server's for the one stored response of `instrument`.
pub async fn assert_scored_identically(
    database: &std::path::Path,
    instrument: &str,
    device: &std::collections::BTreeMap<String, f64>,
) {
    let prefix = format!("{instrument}.");
    let server: std::collections::BTreeMap<String, f64> = stored_scores(database)
        .await
        .into_iter()
        .filter_map(|(_, measure, value)| Some((measure.strip_prefix(&prefix)?.to_owned(), value)))
        .collect();
    assert!(
        !device.is_empty(),
        "the tablet showed scores for {instrument}"
    );
    assert_eq!(&server, device, "{instrument}: tablet and server scores");
}

/// A port that was free a moment ago (for servers that must come back on the same port).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free local port")
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}
