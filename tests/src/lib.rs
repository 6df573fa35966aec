//! Test support: the real server in-process on a random port with a fresh database, the real
//! server binary as a process that can be killed and restarted on the same port, a real headless
//! Chromium driven through chromedriver, builders for sync records, and the outcomes benchmark's
//! data and queries.

pub mod browser;
pub mod console;
pub mod device;
pub mod layers;
pub mod openapi;
pub mod outcomes_bench;
pub mod process;
pub mod records;

use server::Application;
use server::config::Config;
use server::db::Db;
use server::on_db;
use shared::api::{AggregateResponse, AggregateRow};
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The first admin every test server is created with.
pub const ADMIN_EMAIL: &str = "admin@test-icb.nhs.uk";
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";

/// Creates the first admin of a fresh database (as `server create-admin` does).
pub async fn create_test_admin(db: &Db) {
    let first = server::accounts::FirstAdmin {
        organisation_name: "Test ICB".to_owned(),
        organisation_kind: "icb".to_owned(),
        email: ADMIN_EMAIL.to_owned(),
        display_name: "Ada Admin".to_owned(),
        password: ADMIN_PASSWORD.to_owned(),
    };
    server::accounts::create_first_admin(db, &first)
        .await
        .expect("the first admin is created");
}

/// Sends one request, checks the exchange against the OpenAPI document, and returns the status
/// and the JSON body (or null when the body is not JSON).
pub async fn exchange(
    client: &reqwest::Client,
    base_url: &str,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = client.request(method.clone(), format!("{base_url}{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    answer_checked(method.as_str(), path, body, request).await
}

/// Sends a built request, checks the exchange against the OpenAPI document, and returns the
/// status and the JSON body (or null when the body is not JSON).
async fn answer_checked(
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
    request: reqwest::RequestBuilder,
) -> (u16, serde_json::Value) {
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.expect("a readable body");
    openapi::check(openapi::Exchange {
        method,
        path,
        status,
        content_type: content_type.as_deref(),
        request: body,
        response: &text,
    });
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// Issues an enrolment code (as the admin) for `organisation` (default: the admin's own) and
/// enrols a tablet with it; returns (device id, device credential).
pub async fn enrol_device(
    client: &reqwest::Client,
    base_url: &str,
    admin_token: &str,
    organisation: Option<&str>,
) -> (String, String) {
    let code = enrolment_code(client, base_url, admin_token, organisation).await;
    let request = shared::api::EnrolRequest {
        code,
        name: "Test tablet".to_owned(),
    };
    let enrolled: shared::api::EnrolResponse = client
        .post(format!("{base_url}/api/v1/devices/enrol"))
        .json(&request)
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("an enrolment");
    (enrolled.device_id, enrolled.credential)
}

/// Issues an enrolment code as the admin (for their own organisation unless another is given).
pub async fn enrolment_code(
    client: &reqwest::Client,
    base_url: &str,
    admin_token: &str,
    organisation: Option<&str>,
) -> String {
    let organisation = match organisation {
        Some(organisation) => organisation.to_owned(),
        None => {
            let me: serde_json::Value = client
                .get(format!("{base_url}/api/v1/auth/me"))
                .bearer_auth(admin_token)
                .send()
                .await
                .expect("the server answers")
                .json()
                .await
                .expect("me");
            me["organisation_id"]
                .as_str()
                .expect("an organisation")
                .to_owned()
        }
    };
    let issued: serde_json::Value = client
        .post(format!("{base_url}/api/v1/devices/enrolment-codes"))
        .bearer_auth(admin_token)
        .json(&serde_json::json!({ "organisation_id": organisation }))
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("a code");
    issued["code"].as_str().expect("a code").to_owned()
}

/// Signs in and returns the bearer token, or the status and body of the refusal.
pub async fn sign_in(
    client: &reqwest::Client,
    base_url: &str,
    email: &str,
    password: &str,
) -> Result<String, (u16, serde_json::Value)> {
    let response = client
        .post(format!("{base_url}/api/v1/auth/sign-in"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap_or(serde_json::Value::Null);
    if status == 200 {
        Ok(body["token"].as_str().expect("a token").to_owned())
    } else {
        Err((status, body))
    }
}

/// The real server, in this process, on a random port, with its own fresh database: SQLite by
/// default, or a new PostgreSQL database when `PROM_TEST_POSTGRES` names a server (the URL of
/// a database to connect to for creating it, e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
pub struct TestServer {
    pub base_url: String,
    pub addr: SocketAddr,
    /// The database the server uses (a file path or a URL).
    pub database: String,
    /// A second handle on the same database, for reading what was stored.
    pub db: Db,
    /// The deployment secret file the server was started with (a restart on the same database
    /// must use it: it keys the NHS-number pseudonyms and the sealing keys).
    pub secret_file: std::path::PathBuf,
    /// The first admin's bearer token.
    pub admin_token: String,
    /// The credential of a tablet enrolled to the admin's organisation.
    pub device_token: String,
    client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    _dir: TempDir,
}

impl TestServer {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let database = match std::env::var("PROM_TEST_POSTGRES") {
            Ok(admin_url) => fresh_postgres_database(&admin_url).await,
            Err(_) => dir.path().join("test.db").to_string_lossy().into_owned(),
        };
        let config = Config {
            addr: "127.0.0.1:0".parse().expect("a valid address"),
            database: database.clone(),
            static_dir: dir.path().join("no-static-files"),
            secret_file: dir.path().join("deployment.secret"),
            session_hours: 12,
        };
        let secret_file = config.secret_file.clone();
        let app = Application::build(&config)
            .await
            .expect("the server starts");
        let addr = app.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        let db = Db::connect(&database)
            .await
            .expect("the test database opens");
        create_test_admin(&db).await;
        let client = reqwest::Client::new();
        let base_url = format!("http://{addr}");
        let admin_token = sign_in(&client, &base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("the first admin signs in");
        let device_token = enrol_device(&client, &base_url, &admin_token, None).await.1;
        Self {
            base_url,
            addr,
            database,
            db,
            secret_file,
            admin_token,
            device_token,
            client,
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
        exchange(
            &self.client,
            &self.base_url,
            reqwest::Method::POST,
            path,
            Some(&self.device_token),
            Some(body),
        )
        .await
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
            .bearer_auth(&self.device_token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let text = response.text().await.expect("a readable body");
        openapi::check(openapi::Exchange {
            method: "POST",
            path,
            status,
            content_type: content_type.as_deref(),
            request: None,
            response: &text,
        });
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("status {status}: body is not JSON: {text:?}"));
        (status, body)
    }

    /// Sends a request with the admin token, checks the exchange against the OpenAPI document,
    /// and returns the status and the JSON body (or null).
    pub async fn as_admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self
            .client
            .request(method.clone(), self.url(path))
            .bearer_auth(&self.admin_token);
        if let Some(body) = body {
            request = request.json(body);
        }
        answer_checked(method.as_str(), path, body, request).await
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        exchange(
            &self.client,
            &self.base_url,
            reqwest::Method::GET,
            path,
            None,
            None,
        )
        .await
    }

    pub async fn aggregates(&self, group_by: &str) -> AggregateResponse {
        aggregates(&self.client, &self.base_url, group_by, &self.admin_token).await
    }

    /// Creates an account of `kind` in the admin's organisation and returns its bearer token.
    pub async fn create_account(&self, kind: &str, role: Option<&str>) -> String {
        let (_, me) = self
            .as_admin(reqwest::Method::GET, "/api/v1/auth/me", None)
            .await;
        let organisation = me["organisation_id"].as_str().expect("an organisation");
        self.create_account_in(kind, role, organisation).await
    }

    /// Creates an organisation (as the first admin) under `parent` and returns its id.
    pub async fn create_organisation(&self, name: &str, kind: &str, parent: &str) -> String {
        let body = serde_json::json!({ "name": name, "kind": kind, "parent_id": parent });
        let (status, created) = self
            .as_admin(reqwest::Method::POST, "/api/v1/organisations", Some(&body))
            .await;
        assert_eq!(status, 201, "organisation created: {created}");
        created["id"].as_str().expect("an id").to_owned()
    }

    /// Creates an account of `kind` in `organisation` (as the first admin) and returns its
    /// bearer token.
    pub async fn create_account_in(
        &self,
        kind: &str,
        role: Option<&str>,
        organisation: &str,
    ) -> String {
        let email = format!("{kind}-{}@test-icb.nhs.uk", uuid::Uuid::new_v4().simple());
        let body = serde_json::json!({
            "email": email,
            "display_name": format!("Pat {kind}"),
            "kind": kind,
            "organisation_id": organisation,
            "professional_role": role,
            "password": "a long enough password",
        });
        let (status, created) = self
            .as_admin(reqwest::Method::POST, "/api/v1/users", Some(&body))
            .await;
        assert_eq!(status, 201, "account created: {created}");
        sign_in(
            &self.client,
            &self.base_url,
            &email,
            "a long enough password",
        )
        .await
        .expect("the new account signs in")
    }

    /// Sends a request with a given bearer token (or none), checks the exchange against the
    /// OpenAPI document, and returns the status and JSON body.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.request(method.clone(), self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        answer_checked(method.as_str(), path, body, request).await
    }

    /// Reads the stored rows straight from the database.
    pub async fn stored(&self) -> StoredRows {
        StoredRows::read(&self.db).await
    }

    /// Every stored score as (response id, "instrument.measure", value, band).
    pub async fn scores(&self) -> Vec<(String, String, f64, Option<String>)> {
        on_db!(&self.db, pool => sqlx::query_as(
            "SELECT response_id, measure, value, band FROM response_scores ORDER BY response_id, measure",
        )
        .fetch_all(pool)
        .await)
        .expect("scores are readable")
    }

    /// Instrument versions of the stored responses of one instrument, in order.
    pub async fn stored_versions(&self, instrument: &str) -> Vec<i64> {
        on_db!(&self.db, pool => sqlx::query_scalar(
            "SELECT instrument_version FROM responses WHERE instrument_id = $1 ORDER BY instrument_version",
        )
        .bind(instrument)
        .fetch_all(pool)
        .await)
        .expect("versions are readable")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Fetches `GET /api/v1/aggregates?group_by=...` from any server.
pub async fn aggregates(
    client: &reqwest::Client,
    base_url: &str,
    group_by: &str,
    token: &str,
) -> AggregateResponse {
    let response = client
        .get(format!("{base_url}/api/v1/aggregates?group_by={group_by}"))
        .bearer_auth(token)
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
    pub async fn read(db: &Db) -> Self {
        let (responses, scores) = on_db!(db, pool => {
            let responses = sqlx::query_as::<_, (String, String, String)>(
                "SELECT id, content_hash, answers FROM responses ORDER BY id",
            )
            .fetch_all(pool)
            .await
            .expect("responses are readable");
            let scores: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM response_scores")
                .fetch_one(pool)
                .await
                .expect("scores are readable");
            (responses, scores)
        });
        Self { responses, scores }
    }

    /// Reads a database by its path or URL.
    pub async fn read_database(database: &str) -> Self {
        let db = Db::connect(database).await.expect("the database opens");
        let rows = Self::read(&db).await;
        db.close().await;
        rows
    }

    pub fn ids(&self) -> Vec<String> {
        self.responses.iter().map(|(id, _, _)| id.clone()).collect()
    }
}

/// Every stored score as (response id, "instrument.measure", value), read from the database file.
pub async fn stored_scores(database: &std::path::Path) -> Vec<(String, String, f64)> {
    let db = Db::connect(&database.to_string_lossy())
        .await
        .expect("the database opens");
    let rows = on_db!(&db, pool => sqlx::query_as(
        "SELECT response_id, measure, value FROM response_scores ORDER BY response_id, measure",
    )
    .fetch_all(pool)
    .await)
    .expect("scores are readable");
    db.close().await;
    rows
}

/// Creates an empty PostgreSQL database for one test and returns its URL.
async fn fresh_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("PROM_TEST_POSTGRES must name a reachable PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a test database can be created");
    let _ = admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url, |(base, _)| base);
    format!("{base}/{name}")
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
