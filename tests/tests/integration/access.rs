//! The access rules as a matrix: every endpoint, called by every kind of caller, with each answer
//! checked. Callers: no token, an expired sign-in, a revoked tablet, an enrolled tablet (PCN A),
//! an evaluator (PCN A), a practitioner (at a practice in PCN A), the top (ICB) admin, and the
//! admin of another PCN (B). State-changing calls get a fresh target for every caller.

use reqwest::Method;
use serde_json::{Value, json};
use tests::records::{ROLE, foreign_questionnaire, ons4, phq9_answers, response};
use tests::{TestServer, enrolment_code};

const CALLERS: [&str; 8] = [
    "no token",
    "expired",
    "revoked tablet",
    "tablet",
    "evaluator",
    "practitioner",
    "admin",
    "foreign admin",
];
const PASSWORD: &str = "a long enough password";

struct World {
    server: TestServer,
    pcn_a: String,
    practice_a: String,
    /// Each caller's bearer token, in the order of [`CALLERS`].
    callers: Vec<Option<String>>,
    tablet_a: String,
}

impl World {
    async fn build() -> Self {
        let server = TestServer::start().await;
        let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
        let icb = me["organisation_id"].as_str().unwrap().to_owned();
        let organisation = |name: &str, kind: &str, parent: &str| {
            let body = json!({ "name": name, "kind": kind, "parent_id": parent });
            let server = &server;
            async move {
                server
                    .as_admin(Method::POST, "/api/v1/organisations", Some(&body))
                    .await
                    .1["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }
        };
        let pcn_a = organisation("PCN A", "pcn", &icb).await;
        let pcn_b = organisation("PCN B", "pcn", &icb).await;
        let practice_a = organisation("Practice A1", "practice", &pcn_a).await;
        let mut world = Self {
            server,
            pcn_a: pcn_a.clone(),
            practice_a: practice_a.clone(),
            callers: Vec::new(),
            tablet_a: String::new(),
        };

        let (_, admin_me) = world
            .server
            .as_admin(Method::GET, "/api/v1/auth/me", None)
            .await;
        let (expired, hash) = server::accounts::tokens::new_token();
        server::db::sessions::insert(
            &world.server.db,
            &hash,
            admin_me["id"].as_str().unwrap(),
            "2026-01-01T00:00:00Z",
            "2026-01-01T01:00:00Z",
        )
        .await
        .unwrap();
        let revoked = world.tablet(&pcn_a).await;
        let revoked_id = world.device_id(&revoked).await;
        assert_eq!(
            world
                .server
                .as_admin(
                    Method::POST,
                    &format!("/api/v1/devices/{revoked_id}/revoke"),
                    None
                )
                .await
                .0,
            204
        );
        world.tablet_a = world.tablet(&pcn_a).await;
        let evaluator = world.account("evaluator", &pcn_a).await;
        let practitioner = world.account("practitioner", &practice_a).await;
        let foreign_admin = world.account("admin", &pcn_b).await;
        world.callers = vec![
            None,
            Some(expired),
            Some(revoked),
            Some(world.tablet_a.clone()),
            Some(evaluator),
            Some(practitioner),
            Some(world.server.admin_token.clone()),
            Some(foreign_admin),
        ];
        world
    }

    async fn tablet(&self, organisation: &str) -> String {
        let code = enrolment_code(
            self.server.client(),
            &self.server.base_url,
            &self.server.admin_token,
            Some(organisation),
        )
        .await;
        let (_, enrolled) = self
            .server
            .call(
                Method::POST,
                "/api/v1/devices/enrol",
                None,
                Some(&json!({ "code": code, "name": "t" })),
            )
            .await;
        enrolled["credential"].as_str().unwrap().to_owned()
    }

    async fn device_id(&self, credential: &str) -> String {
        let hash = server::accounts::tokens::hash(credential);
        server::db::devices::by_credential(&self.server.db, &hash)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// Creates an account and signs it in; returns its token.
    async fn account(&self, kind: &str, organisation: &str) -> String {
        let role = (kind == "practitioner").then_some("dietitian");
        self.server
            .create_account_in(kind, role, organisation)
            .await
    }

    /// A PHQ-9 response with an item-9 alert, uploaded by the PCN A tablet; returns its id.
    async fn alert_in_pcn_a(&self) -> String {
        let risky = response("phq9", ROLE, phq9_answers([0; 8], 2));
        let body = json!({ "protocol_version": 1, "records": [risky] });
        assert_eq!(
            self.server
                .call(
                    Method::POST,
                    "/api/v1/sync",
                    Some(&self.tablet_a),
                    Some(&body)
                )
                .await
                .0,
            200
        );
        risky["id"].as_str().unwrap().to_owned()
    }

    async fn call(&self, caller: usize, method: Method, path: &str, body: Option<&Value>) -> u16 {
        self.server
            .call(method, path, self.callers[caller].as_deref(), body)
            .await
            .0
    }
}

/// Checks one endpoint for every caller; `request` builds (method, path, body) afresh per caller.
async fn check<F, Fut>(world: &World, name: &str, expected: [u16; 8], request: F) -> Vec<String>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = (Method, String, Option<Value>)>,
{
    let mut wrong = Vec::new();
    for (caller, want) in expected.iter().enumerate() {
        let (method, path, body) = request(caller).await;
        let got = world.call(caller, method, &path, body.as_ref()).await;
        if got != *want {
            wrong.push(format!(
                "{name} as {}: expected {want}, got {got}",
                CALLERS[caller]
            ));
        }
    }
    wrong
}

#[tokio::test]
async fn every_endpoint_answers_every_kind_of_caller_as_the_rules_say() {
    let world = World::build().await;
    let w = &world;
    let alert = w.alert_in_pcn_a().await;
    let fixed = |method: Method, path: String, body: Option<Value>| {
        move |_caller: usize| {
            let (method, path, body) = (method.clone(), path.clone(), body.clone());
            async move { (method, path, body) }
        }
    };
    let mut wrong = Vec::new();
    //                                           none  exp  rdev  dev  eval pract admin foreign
    wrong.extend(
        check(
            w,
            "GET /healthz",
            [200, 200, 200, 200, 200, 200, 200, 200],
            fixed(Method::GET, "/healthz".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET instruments",
            [200, 200, 200, 200, 200, 200, 200, 200],
            fixed(Method::GET, "/api/v1/instruments".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET instrument FHIR",
            [200, 200, 200, 200, 200, 200, 200, 200],
            fixed(Method::GET, "/api/v1/instruments/phq9/1/fhir".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET roles",
            [200, 200, 200, 200, 200, 200, 200, 200],
            fixed(Method::GET, "/api/v1/roles".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "POST sync",
            [401, 401, 403, 200, 403, 200, 200, 200],
            |_| async {
                (
                    Method::POST,
                    "/api/v1/sync".to_owned(),
                    Some(json!({ "protocol_version": 1, "records": [ons4(ROLE, [5, 5, 5, 5])] })),
                )
            },
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET aggregates",
            [401, 401, 401, 401, 200, 200, 200, 200],
            fixed(Method::GET, "/api/v1/aggregates".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET outcomes",
            [401, 401, 401, 401, 200, 200, 200, 200],
            fixed(Method::GET, "/api/v1/outcomes?group_by=role".into(), None),
        )
        .await,
    );
    for export in [
        "export.csv",
        "export.xlsx",
        "export.json",
        "export.fhir.json",
        "datapackage.json",
    ] {
        wrong.extend(
            check(
                w,
                &format!("GET outcomes {export}"),
                [401, 401, 401, 401, 200, 200, 200, 200],
                fixed(
                    Method::GET,
                    format!("/api/v1/outcomes/{export}?group_by=role"),
                    None,
                ),
            )
            .await,
        );
    }
    let research = "instrument=phq9&purpose=A%20service%20evaluation&approval=IRAS%201";
    for export in ["responses.csv", "responses.ndjson", "datapackage.json"] {
        wrong.extend(
            check(
                w,
                &format!("GET research {export}"),
                [401, 401, 401, 401, 403, 403, 200, 200],
                fixed(
                    Method::GET,
                    format!("/api/v1/admin/research/{export}?{research}"),
                    None,
                ),
            )
            .await,
        );
    }
    wrong.extend(
        check(
            w,
            "GET research rows of another PCN",
            [401, 401, 401, 401, 403, 403, 200, 400],
            fixed(
                Method::GET,
                format!(
                    "/api/v1/admin/research/responses.csv?{research}&organisation={}",
                    w.pcn_a
                ),
                None,
            ),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET alerts",
            [401, 401, 401, 401, 403, 200, 200, 200],
            fixed(Method::GET, "/api/v1/alerts".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "POST acknowledge alert",
            [401, 401, 401, 401, 403, 204, 204, 404],
            |_| async {
                let id = w.alert_in_pcn_a().await;
                (
                    Method::POST,
                    format!("/api/v1/alerts/{id}/self-harm/acknowledge"),
                    None,
                )
            },
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET response FHIR",
            [401, 401, 401, 401, 403, 200, 200, 404],
            fixed(Method::GET, format!("/api/v1/responses/{alert}/fhir"), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET me",
            [401, 401, 401, 401, 200, 200, 200, 200],
            fixed(Method::GET, "/api/v1/auth/me".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET organisations",
            [401, 401, 401, 401, 403, 403, 200, 200],
            fixed(Method::GET, "/api/v1/organisations".into(), None),
        )
        .await,
    );
    wrong.extend(check(w, "POST organisation in PCN A", [401, 401, 401, 401, 403, 403, 201, 403], |caller| async move {
        (Method::POST, "/api/v1/organisations".to_owned(), Some(json!({ "name": format!("Practice {caller}"), "kind": "practice", "parent_id": w.pcn_a })))
    }).await);
    wrong.extend(
        check(
            w,
            "GET users",
            [401, 401, 401, 401, 403, 403, 200, 200],
            fixed(Method::GET, "/api/v1/users".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "POST user in PCN A",
            [401, 401, 401, 401, 403, 403, 201, 403],
            |caller| async move {
                (
                    Method::POST,
                    "/api/v1/users".to_owned(),
                    Some(
                        json!({ "email": format!("new{caller}@test.nhs.uk"), "display_name": "N",
            "kind": "evaluator", "organisation_id": w.pcn_a, "password": PASSWORD }),
                    ),
                )
            },
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "POST disable user in PCN A",
            [401, 401, 401, 401, 403, 403, 204, 404],
            |_| async {
                let token = w.account("evaluator", &w.practice_a).await;
                let (_, me) = w
                    .server
                    .call(Method::GET, "/api/v1/auth/me", Some(&token), None)
                    .await;
                (
                    Method::POST,
                    format!("/api/v1/users/{}/disable", me["id"].as_str().unwrap()),
                    None,
                )
            },
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET devices",
            [401, 401, 401, 401, 403, 403, 200, 200],
            fixed(Method::GET, "/api/v1/devices".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "POST enrolment code for PCN A",
            [401, 401, 401, 401, 403, 403, 201, 403],
            |_| async {
                (
                    Method::POST,
                    "/api/v1/devices/enrolment-codes".to_owned(),
                    Some(json!({ "organisation_id": w.pcn_a })),
                )
            },
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "POST revoke a PCN A tablet",
            [401, 401, 401, 401, 403, 403, 204, 404],
            |_| async {
                let credential = w.tablet(&w.pcn_a).await;
                (
                    Method::POST,
                    format!("/api/v1/devices/{}/revoke", w.device_id(&credential).await),
                    None,
                )
            },
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "PUT role",
            [401, 401, 401, 401, 403, 403, 204, 403],
            fixed(
                Method::PUT,
                "/api/v1/roles/test-role".into(),
                Some(json!({ "name": "Test role", "active": true })),
            ),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET audit",
            [401, 401, 401, 401, 403, 403, 200, 200],
            fixed(Method::GET, "/api/v1/audit".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "PUT licence registration",
            [401, 401, 401, 401, 403, 403, 204, 403],
            fixed(
                Method::PUT,
                "/api/v1/admin/instruments/swemwbs/registration".into(),
                Some(json!({ "reference": "R", "recorded_by": "A" })),
            ),
        )
        .await,
    );
    wrong.extend(check(w, "POST FHIR import", [401, 401, 401, 401, 403, 403, 201, 403], |caller| async move {
        (Method::POST, "/api/v1/admin/instruments/fhir".to_owned(), Some(json!({ "questionnaire": foreign_questionnaire(), "id": format!("custom-{caller}") })))
    }).await);
    let file = tests::records::outbox_file(
        vec![tests::records::ons4(tests::records::ROLE, [1, 2, 3, 4])],
        "an outbox passphrase",
    );
    wrong.extend(
        check(
            w,
            "POST outbox import",
            [401, 401, 401, 401, 403, 403, 200, 200],
            |_| {
                let file = file.clone();
                async move {
                    (
                        Method::POST,
                        "/api/v1/admin/outbox-import".to_owned(),
                        Some(json!({ "passphrase": "an outbox passphrase", "file": file })),
                    )
                }
            },
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "GET changes",
            [401, 401, 403, 200, 403, 200, 200, 200],
            fixed(Method::GET, "/api/v1/sync/changes".into(), None),
        )
        .await,
    );
    wrong.extend(
        check(
            w,
            "POST patient keys",
            [401, 401, 403, 200, 403, 200, 200, 200],
            fixed(
                Method::POST,
                "/api/v1/patients/keys".into(),
                Some(json!({ "nhs_numbers": ["9434765919"] })),
            ),
        )
        .await,
    );
    // Last, because it ends the callers' own sign-ins.
    wrong.extend(
        check(
            w,
            "POST sign-out",
            [401, 401, 401, 401, 204, 204, 204, 204],
            fixed(Method::POST, "/api/v1/auth/sign-out".into(), None),
        )
        .await,
    );

    assert!(
        wrong.is_empty(),
        "{} answers broke the rules:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
