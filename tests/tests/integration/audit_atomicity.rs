//! A change and its audit row commit together. With every insert into `audit_log` refused by a
//! trigger, each audited change answers 503 with the API's error body and leaves the database
//! exactly as it was, and each audited row-level read answers 503 without its rows. Once the
//! trigger is gone the same requests succeed, so the refusal was the audit row's and nothing
//! half-done was left behind (a code still enrols, a token still works).

use reqwest::Method;
use serde_json::{Value, json};
use server::db::Db;
use tests::TestServer;
use tests::records::{ROLE, foreign_questionnaire, ons4, outbox_file, phq9_answers, response};

/// Makes every insert into the audit log fail, on either backend.
async fn refuse_audit_rows(db: &Db) {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log
                 BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
            )
            .execute(pool)
            .await
            .expect("the trigger is created");
        }
        Db::Postgres(pool) => {
            sqlx::query(
                "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
                 $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$",
            )
            .execute(pool)
            .await
            .expect("the trigger function is created");
            sqlx::query(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log
                 FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
            )
            .execute(pool)
            .await
            .expect("the trigger is created");
        }
    }
}

async fn accept_audit_rows(db: &Db) {
    let sql = match db {
        Db::Sqlite(_) => "DROP TRIGGER refuse_audit",
        Db::Postgres(_) => "DROP TRIGGER refuse_audit ON audit_log",
    };
    server::on_db!(db, pool => sqlx::query(sql).execute(pool).await.map(|_| ()))
        .expect("the trigger is dropped");
}

/// Everything an audited change could touch, read straight from the database.
#[derive(Debug, PartialEq)]
struct Snapshot {
    /// (id, email, disabled)
    users: Vec<(String, String, i64)>,
    organisations: Vec<String>,
    /// (token hash, revoked at)
    sessions: Vec<(String, Option<String>)>,
    /// (code hash, used at)
    codes: Vec<(String, Option<String>)>,
    /// (id, revoked at)
    devices: Vec<(String, Option<String>)>,
    /// (response id, rule, acknowledged at)
    alerts: Vec<(String, String, Option<String>)>,
    /// (id, name, active)
    roles: Vec<(String, String, i64)>,
    registrations: Vec<String>,
    definitions: Vec<String>,
    responses: Vec<String>,
    audit_rows: i64,
}

impl Snapshot {
    async fn read(db: &Db) -> Self {
        server::on_db!(db, pool => {
            macro_rules! rows {
                ($sql:expr) => {
                    sqlx::query_as($sql).fetch_all(pool).await.expect($sql)
                };
            }
            macro_rules! column {
                ($sql:expr) => {
                    sqlx::query_scalar($sql).fetch_all(pool).await.expect($sql)
                };
            }
            Self {
                users: rows!("SELECT id, email, disabled FROM users ORDER BY id"),
                organisations: column!("SELECT id FROM organisations ORDER BY id"),
                sessions: rows!("SELECT token_hash, revoked_at FROM sessions ORDER BY token_hash"),
                codes: rows!("SELECT code_hash, used_at FROM enrolment_codes ORDER BY code_hash"),
                devices: rows!("SELECT id, revoked_at FROM devices ORDER BY id"),
                alerts: rows!(
                    "SELECT response_id, rule, acknowledged_at FROM response_alerts ORDER BY response_id, rule"
                ),
                roles: rows!("SELECT id, name, active FROM professional_roles ORDER BY id"),
                registrations: column!(
                    "SELECT instrument_id FROM instrument_registrations ORDER BY instrument_id"
                ),
                definitions: column!(
                    "SELECT instrument_id FROM instrument_definitions ORDER BY instrument_id"
                ),
                responses: column!("SELECT id FROM responses ORDER BY id"),
                audit_rows: sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
                    .fetch_one(pool)
                    .await
                    .expect("the audit log is readable"),
            }
        })
    }
}

/// One request: what it is, how it is sent, and with which token.
struct Request {
    name: &'static str,
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<Value>,
}

impl Request {
    fn new(name: &'static str, method: Method, path: impl Into<String>, token: &str) -> Self {
        Self {
            name,
            method,
            path: path.into(),
            token: Some(token.to_owned()),
            body: None,
        }
    }

    /// A request that carries no token.
    fn anonymous(name: &'static str, method: Method, path: &str) -> Self {
        Self {
            token: None,
            ..Self::new(name, method, path, "")
        }
    }

    fn with(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    async fn send(&self, server: &TestServer) -> (u16, Value) {
        server
            .call(
                self.method.clone(),
                &self.path,
                self.token.as_deref(),
                self.body.as_ref(),
            )
            .await
    }
}

/// Asserts that `request` is refused as unavailable, with the API's error body and no rows.
async fn assert_unavailable(server: &TestServer, request: &Request) {
    let (status, body) = request.send(server).await;
    assert_eq!(status, 503, "{}: {body}", request.name);
    assert_eq!(body["error"], "unavailable", "{}: {body}", request.name);
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("nothing was changed")),
        "{}: {body}",
        request.name
    );
    let keys: Vec<&str> = body
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        ["error", "message"],
        "{}: only the error body",
        request.name
    );
}

async fn organisation_of(server: &TestServer) -> String {
    let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
    me["organisation_id"].as_str().unwrap().to_owned()
}

/// Uploads a PHQ-9 response with an item-9 alert about a patient; returns its id.
async fn risky_response(server: &TestServer) -> String {
    let mut risky = response("phq9", ROLE, phq9_answers([1; 8], 2));
    risky["patient"] = json!({ "pseudonym": uuid::Uuid::new_v4().to_string() });
    let (status, body) = server.sync(vec![risky.clone()]).await;
    assert_eq!(status, 200, "{body}");
    risky["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_audited_change_whose_audit_row_fails_changes_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin_token.clone();
    let icb = organisation_of(&server).await;
    let (_, pcn) = server
        .as_admin(
            Method::POST,
            "/api/v1/organisations",
            Some(&json!({ "name": "PCN A", "kind": "pcn", "parent_id": icb })),
        )
        .await;
    let pcn = pcn["id"].as_str().unwrap().to_owned();
    let practitioner = server
        .create_account_in("practitioner", Some("dietitian"), &pcn)
        .await;
    server.create_account_in("evaluator", None, &pcn).await;
    let (_, users) = server.as_admin(Method::GET, "/api/v1/users", None).await;
    let evaluator_id = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["kind"] == "evaluator")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (device_id, _) =
        tests::enrol_device(server.client(), &server.base_url, &admin, Some(&pcn)).await;
    let code = tests::enrolment_code(server.client(), &server.base_url, &admin, Some(&pcn)).await;
    let alert = risky_response(&server).await;
    let new_account = json!({
        "email": "new.practitioner@test-icb.nhs.uk",
        "display_name": "Nia New",
        "kind": "evaluator",
        "organisation_id": pcn,
        "password": "a long enough password",
    });

    let requests = [
        Request::new("create a user", Method::POST, "/api/v1/users", &admin)
            .with(new_account.clone()),
        Request::new(
            "disable a user",
            Method::POST,
            format!("/api/v1/users/{evaluator_id}/disable"),
            &admin,
        ),
        Request::new(
            "create an organisation",
            Method::POST,
            "/api/v1/organisations",
            &admin,
        )
        .with(json!({ "name": "Practice A1", "kind": "practice", "parent_id": pcn })),
        Request::new(
            "issue an enrolment code",
            Method::POST,
            "/api/v1/devices/enrolment-codes",
            &admin,
        )
        .with(json!({ "organisation_id": pcn })),
        Request::anonymous("enrol a tablet", Method::POST, "/api/v1/devices/enrol")
            .with(json!({ "code": code, "name": "Room 3 tablet" })),
        Request::new(
            "revoke a tablet",
            Method::POST,
            format!("/api/v1/devices/{device_id}/revoke"),
            &admin,
        ),
        Request::new(
            "acknowledge an alert",
            Method::POST,
            format!("/api/v1/alerts/{alert}/self-harm/acknowledge"),
            &admin,
        ),
        Request::new(
            "put a role",
            Method::PUT,
            "/api/v1/roles/art-therapist",
            &admin,
        )
        .with(json!({ "name": "Art therapist", "active": true })),
        Request::new(
            "register an instrument",
            Method::PUT,
            "/api/v1/admin/instruments/swemwbs/registration",
            &admin,
        )
        .with(json!({ "reference": "WEMWBS-REG-1234", "recorded_by": "Dr A Admin" })),
        Request::new(
            "import a FHIR Questionnaire",
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            &admin,
        )
        .with(json!({ "questionnaire": foreign_questionnaire(), "domain": "wellbeing" })),
        Request::new(
            "import an outbox file",
            Method::POST,
            "/api/v1/admin/outbox-import",
            &admin,
        )
        .with(json!({
            "passphrase": "an outbox passphrase",
            "file": outbox_file(vec![ons4(ROLE, [6, 6, 6, 3])], "an outbox passphrase"),
        })),
        Request::anonymous("sign in", Method::POST, "/api/v1/auth/sign-in").with(json!({
            "email": tests::ADMIN_EMAIL,
            "password": tests::ADMIN_PASSWORD,
        })),
        Request::new(
            "sign out",
            Method::POST,
            "/api/v1/auth/sign-out",
            &practitioner,
        ),
    ];

    refuse_audit_rows(&server.db).await;
    let before = Snapshot::read(&server.db).await;
    for request in &requests {
        assert_unavailable(&server, request).await;
        assert_eq!(
            Snapshot::read(&server.db).await,
            before,
            "{}: nothing changed",
            request.name
        );
    }

    accept_audit_rows(&server.db).await;
    let (status, _) = server
        .call(Method::GET, "/api/v1/auth/me", Some(&practitioner), None)
        .await;
    assert_eq!(status, 200, "the refused sign-out left the sign-in alive");
    let expected = [
        201, 204, 201, 201, 201, 204, 204, 204, 204, 201, 200, 200, 204,
    ];
    for (request, want) in requests.iter().zip(expected) {
        let (status, body) = request.send(&server).await;
        assert_eq!(
            status, want,
            "{} once audit rows are accepted: {body}",
            request.name
        );
    }
    let after = Snapshot::read(&server.db).await;
    assert_eq!(
        after.audit_rows,
        before.audit_rows + requests.len() as i64,
        "each change wrote its one audit row"
    );
    assert_eq!(after.users.len(), before.users.len() + 1);
    assert_eq!(after.organisations.len(), before.organisations.len() + 1);
    assert_eq!(after.devices.len(), before.devices.len() + 1);
    assert_eq!(after.responses.len(), before.responses.len() + 1);
}

#[tokio::test]
async fn an_audited_read_whose_audit_row_fails_returns_no_rows() {
    let server = TestServer::start().await;
    let admin = server.admin_token.clone();
    let tablet = server.device_token.clone();
    let alert = risky_response(&server).await;
    let reads = [
        Request::new("list alerts", Method::GET, "/api/v1/alerts", &admin),
        Request::new(
            "export a response",
            Method::GET,
            format!("/api/v1/responses/{alert}/fhir"),
            &admin,
        ),
        Request::new("pull changes", Method::GET, "/api/v1/sync/changes", &tablet),
        Request::new(
            "look up patient keys",
            Method::POST,
            "/api/v1/patients/keys",
            &tablet,
        )
        .with(json!({ "nhs_numbers": ["943 476 5919"] })),
        Request::new("read aggregates", Method::GET, "/api/v1/aggregates", &admin),
        Request::new(
            "export outcomes as CSV",
            Method::GET,
            "/api/v1/outcomes/export.csv?group_by=role",
            &admin,
        ),
        Request::new(
            "export outcomes as XLSX",
            Method::GET,
            "/api/v1/outcomes/export.xlsx?group_by=role",
            &admin,
        ),
        Request::new(
            "export outcomes as FHIR",
            Method::GET,
            "/api/v1/outcomes/export.fhir.json",
            &admin,
        ),
        Request::new(
            "export research rows",
            Method::GET,
            "/api/v1/admin/research/responses.csv?instrument=phq9&purpose=A%20service%20evaluation&approval=IRAS%201",
            &admin,
        ),
        Request::new(
            "export research rows as FHIR",
            Method::GET,
            "/api/v1/admin/research/responses.ndjson?instrument=phq9&purpose=A%20service%20evaluation&approval=IRAS%201",
            &admin,
        ),
    ];

    refuse_audit_rows(&server.db).await;
    let before = Snapshot::read(&server.db).await;
    for read in &reads {
        assert_unavailable(&server, read).await;
    }
    assert_eq!(Snapshot::read(&server.db).await, before);

    accept_audit_rows(&server.db).await;
    for read in &reads {
        let (status, body) = read.send(&server).await;
        assert_eq!(
            status, 200,
            "{} once audit rows are accepted: {body}",
            read.name
        );
    }
    let (_, listed) = reads[0].send(&server).await;
    assert_eq!(listed[0]["response_id"], alert.as_str());
    assert_eq!(
        Snapshot::read(&server.db).await.audit_rows,
        before.audit_rows + reads.len() as i64 + 1,
        "each read wrote its one audit row"
    );
}
