//! Accounts and organisations over the API: signing in and out, expired and revoked tokens,
//! rate-limited sign-in, admins confined to their own organisation, the editable role list, the
//! audit log, and the documented `server create-admin` command.

use reqwest::Method;
use serde_json::{Value, json};
use tests::records::{ROLE, ons4};
use tests::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, sign_in};

async fn org(
    server: &TestServer,
    token: &str,
    name: &str,
    kind: &str,
    parent: &str,
) -> (u16, Value) {
    server
        .call(
            Method::POST,
            "/api/v1/organisations",
            Some(token),
            Some(&json!({ "name": name, "kind": kind, "parent_id": parent })),
        )
        .await
}

async fn my_organisation(server: &TestServer, token: &str) -> String {
    let (_, me) = server
        .call(Method::GET, "/api/v1/auth/me", Some(token), None)
        .await;
    me["organisation_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn signing_in_gives_a_token_that_signing_out_revokes() {
    let server = TestServer::start().await;
    let token = sign_in(
        server.client(),
        &server.base_url,
        "  Admin@Test-ICB.nhs.uk ",
        ADMIN_PASSWORD,
    )
    .await
    .expect("emails are matched case-insensitively");

    let (status, me) = server
        .call(Method::GET, "/api/v1/auth/me", Some(&token), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], ADMIN_EMAIL);
    assert_eq!(me["kind"], "admin");
    assert!(
        me.get("password_hash").is_none(),
        "the hash never leaves the server"
    );

    let (out, _) = server
        .call(Method::POST, "/api/v1/auth/sign-out", Some(&token), None)
        .await;
    let (after, body) = server
        .call(Method::GET, "/api/v1/auth/me", Some(&token), None)
        .await;
    assert_eq!((out, after), (204, 401));
    assert!(body["message"].as_str().unwrap().contains("ended"));
    let (none, body) = server
        .call(Method::GET, "/api/v1/auth/me", None, None)
        .await;
    assert_eq!(none, 401);
    assert!(body["message"].as_str().unwrap().contains("sign in first"));
    let (bogus, _) = server
        .call(Method::GET, "/api/v1/auth/me", Some("not-a-token"), None)
        .await;
    assert_eq!(bogus, 401);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let server = TestServer::start().await;
    let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
    let (token, hash) = server::accounts::tokens::new_token();
    server::db::sessions::insert(
        &server.db,
        &hash,
        me["id"].as_str().unwrap(),
        "2026-01-01T00:00:00Z",
        "2026-01-01T12:00:00Z",
    )
    .await
    .unwrap();

    let (status, body) = server
        .call(Method::GET, "/api/v1/auth/me", Some(&token), None)
        .await;

    assert_eq!(status, 401);
    assert!(
        body["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_passwords_are_refused_audited_and_rate_limited_per_account() {
    let server = TestServer::start().await;
    let wrong = sign_in(
        server.client(),
        &server.base_url,
        ADMIN_EMAIL,
        "not the password",
    )
    .await;
    let unknown = sign_in(
        server.client(),
        &server.base_url,
        "nobody@test-icb.nhs.uk",
        "whatever it is",
    )
    .await;
    let (wrong_status, wrong_body) = wrong.unwrap_err();
    let (unknown_status, unknown_body) = unknown.unwrap_err();
    assert_eq!((wrong_status, unknown_status), (401, 401));
    assert_eq!(
        wrong_body["message"], unknown_body["message"],
        "no hint whether the account exists"
    );

    for _ in 0..4 {
        let _ = sign_in(
            server.client(),
            &server.base_url,
            ADMIN_EMAIL,
            "still wrong",
        )
        .await;
    }
    let (status, body) = sign_in(
        server.client(),
        &server.base_url,
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
    )
    .await
    .unwrap_err();
    assert_eq!(status, 429, "locked even with the right password: {body}");
    assert_eq!(body["error"], "too_many_attempts");

    let (_, audit) = server.as_admin(Method::GET, "/api/v1/audit", None).await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "sign_in_failed").count(),
        5,
        "{actions:?}"
    );
    assert!(actions.contains(&"sign_in"));
    assert!(actions.contains(&"create_first_admin"));
}

#[tokio::test]
async fn admins_manage_their_own_organisation_only() {
    let server = TestServer::start().await;
    let icb = my_organisation(&server, &server.admin_token).await;
    let (created, pcn_a) = org(&server, &server.admin_token, "PCN A", "pcn", &icb).await;
    let (_, pcn_b) = org(&server, &server.admin_token, "PCN B", "pcn", &icb).await;
    assert_eq!(created, 201, "{pcn_a}");
    let (wrong_level, _) = org(
        &server,
        &server.admin_token,
        "Odd",
        "icb",
        pcn_a["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(wrong_level, 422, "icb -> pcn -> practice only");

    let pcn_a_admin_email = "admin@pcn-a.nhs.uk";
    let (status, _) = server
        .as_admin(
            Method::POST,
            "/api/v1/users",
            Some(
                &json!({ "email": pcn_a_admin_email, "display_name": "PCN A admin", "kind": "admin",
                          "organisation_id": pcn_a["id"], "password": "another long password" }),
            ),
        )
        .await;
    assert_eq!(status, 201);
    let pcn_a_admin = sign_in(
        server.client(),
        &server.base_url,
        pcn_a_admin_email,
        "another long password",
    )
    .await
    .unwrap();

    let (practice, _) = org(
        &server,
        &pcn_a_admin,
        "Practice A1",
        "practice",
        pcn_a["id"].as_str().unwrap(),
    )
    .await;
    let (foreign, body) = org(
        &server,
        &pcn_a_admin,
        "Practice B1",
        "practice",
        pcn_b["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!((practice, foreign), (201, 403), "{body}");
    let (_, visible) = server
        .call(
            Method::GET,
            "/api/v1/organisations",
            Some(&pcn_a_admin),
            None,
        )
        .await;
    let names: Vec<&str> = visible
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["PCN A", "Practice A1"]);
    let (_, users) = server
        .call(Method::GET, "/api/v1/users", Some(&pcn_a_admin), None)
        .await;
    assert_eq!(
        users.as_array().unwrap().len(),
        1,
        "only PCN A's accounts: {users}"
    );
    let (foreign_user, _) = server
        .call(
            Method::POST,
            "/api/v1/users",
            Some(&pcn_a_admin),
            Some(
                &json!({ "email": "x@pcn-b.nhs.uk", "display_name": "X", "kind": "evaluator",
                          "organisation_id": pcn_b["id"], "password": "another long password" }),
            ),
        )
        .await;
    assert_eq!(foreign_user, 403);
    let (_, audit) = server
        .call(Method::GET, "/api/v1/audit", Some(&pcn_a_admin), None)
        .await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "create_first_admin"),
        "the ICB's entries are not PCN A's"
    );
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "create_organisation")
    );
}

#[tokio::test]
async fn account_rules_are_enforced_and_disabling_ends_sessions() {
    let server = TestServer::start().await;
    let icb = my_organisation(&server, &server.admin_token).await;
    let server_ref = &server;
    let create = |body: Value| async move {
        server_ref
            .as_admin(Method::POST, "/api/v1/users", Some(&body))
            .await
    };
    let base = json!({ "email": "p@test-icb.nhs.uk", "display_name": "P", "kind": "practitioner",
                       "organisation_id": icb, "professional_role": "dietitian", "password": "a long enough password" });
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    assert_eq!(
        create(with("professional_role", Value::Null)).await.0,
        422,
        "practitioners need a role"
    );
    assert_eq!(
        create(with("professional_role", json!("astronaut")))
            .await
            .0,
        422
    );
    assert_eq!(create(with("password", json!("short"))).await.0, 422);
    assert_eq!(create(with("email", json!("not an email"))).await.0, 422);
    assert_eq!(create(with("kind", json!("superuser"))).await.0, 422);
    let (created, user) = create(base.clone()).await;
    assert_eq!(created, 201);
    assert_eq!(create(base.clone()).await.0, 409, "one account per email");

    let token = sign_in(
        server.client(),
        &server.base_url,
        "p@test-icb.nhs.uk",
        "a long enough password",
    )
    .await
    .unwrap();
    let path = format!("/api/v1/users/{}/disable", user["id"].as_str().unwrap());
    let (by_practitioner, _) = server.call(Method::POST, &path, Some(&token), None).await;
    assert_eq!(by_practitioner, 403);
    let (disabled, _) = server.as_admin(Method::POST, &path, None).await;
    assert_eq!(disabled, 204);
    let (after, _) = server
        .call(Method::GET, "/api/v1/auth/me", Some(&token), None)
        .await;
    assert_eq!(after, 401, "the disabled account's session ended");
    assert!(
        sign_in(
            server.client(),
            &server.base_url,
            "p@test-icb.nhs.uk",
            "a long enough password"
        )
        .await
        .is_err()
    );
}

#[tokio::test]
async fn the_role_list_is_data_that_top_level_admins_edit() {
    let server = TestServer::start().await;
    let (_, roles) = server.call(Method::GET, "/api/v1/roles", None, None).await;
    assert_eq!(
        roles.as_array().unwrap().len(),
        17,
        "the ARRS roles by default"
    );

    let gp = json!({ "name": "General practitioner", "active": true });
    let (added, _) = server
        .as_admin(Method::PUT, "/api/v1/roles/general-practitioner", Some(&gp))
        .await;
    assert_eq!(added, 204);
    let (status, body) = server
        .sync(vec![ons4("general-practitioner", [5, 5, 5, 5])])
        .await;
    assert_eq!(status, 200, "a new role is accepted at once: {body}");

    let retired = json!({ "name": "Social prescribing link worker", "active": false });
    server
        .as_admin(
            Method::PUT,
            &format!("/api/v1/roles/{ROLE}"),
            Some(&retired),
        )
        .await;
    let (_, roles) = server.call(Method::GET, "/api/v1/roles", None, None).await;
    let spl = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ROLE)
        .unwrap();
    assert_eq!(spl["active"], false);
    let (status, _) = server.sync(vec![ons4(ROLE, [5, 5, 5, 5])]).await;
    assert_eq!(
        status, 200,
        "responses collected under a retired role are still accepted"
    );

    let (bad, _) = server
        .as_admin(Method::PUT, "/api/v1/roles/Bad Id", Some(&gp))
        .await;
    assert_eq!(bad, 422);
    let practitioner = server
        .create_account("practitioner", Some("dietitian"))
        .await;
    let (not_admin, _) = server
        .call(
            Method::PUT,
            "/api/v1/roles/x",
            Some(&practitioner),
            Some(&gp),
        )
        .await;
    assert_eq!(not_admin, 403);
}

#[tokio::test]
async fn the_create_admin_command_creates_the_first_admin_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("fresh.db");
    let admin_args = [
        "--organisation",
        "North Example ICB",
        "--email",
        "lead@example.nhs.uk",
        "--name",
        "Lee Lead",
    ];
    // As the README shows it: the global flags after the subcommand.
    let flags_after = || {
        std::process::Command::new(tests::process::server_binary())
            .arg("create-admin")
            .arg("--database")
            .arg(&database)
            .args(admin_args)
            .env("PROM_ADMIN_PASSWORD", "a very long admin password")
            .output()
            .expect("the server binary runs")
    };
    // And before it, which works as well, on the same database.
    let flags_before = || {
        std::process::Command::new(tests::process::server_binary())
            .arg("--database")
            .arg(&database)
            .arg("create-admin")
            .args(admin_args)
            .env("PROM_ADMIN_PASSWORD", "a very long admin password")
            .output()
            .expect("the server binary runs")
    };

    let first = flags_after();
    let second = flags_before();
    let third = flags_after();

    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        String::from_utf8_lossy(&first.stdout)
            .contains("created the admin account lead@example.nhs.uk")
    );
    assert!(
        database.exists(),
        "the database named after the subcommand is used"
    );
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("an admin already exists"));
    assert!(!third.status.success());
    assert!(String::from_utf8_lossy(&third.stderr).contains("an admin already exists"));
}

#[tokio::test]
async fn the_audit_log_is_filtered_by_action_actor_and_day_and_read_a_page_at_a_time() {
    let server = TestServer::start().await;
    // Three failed sign-ins of the admin's account (actor: the e-mail tried), and other records.
    for _ in 0..3 {
        let body = json!({ "email": ADMIN_EMAIL, "password": "wrong wrong wrong" });
        server
            .call(Method::POST, "/api/v1/auth/sign-in", None, Some(&body))
            .await;
    }
    let (status, failed) = server
        .as_admin(Method::GET, "/api/v1/audit?action=sign_in_failed", None)
        .await;
    assert_eq!(status, 200, "{failed}");
    let failed = failed.as_array().unwrap().clone();
    assert!(failed.len() >= 3, "{failed:?}");
    assert!(failed.iter().all(|r| r["action"] == "sign_in_failed"));

    let (_, first) = server
        .as_admin(
            Method::GET,
            "/api/v1/audit?action=sign_in_failed&limit=2",
            None,
        )
        .await;
    let (_, second) = server
        .as_admin(
            Method::GET,
            "/api/v1/audit?action=sign_in_failed&limit=2&offset=2",
            None,
        )
        .await;
    let ids = |page: &Value| -> Vec<String> {
        page.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut paged = ids(&first);
    paged.extend(ids(&second));
    assert_eq!(
        paged,
        ids(&Value::Array(failed.clone())),
        "two pages are the whole list, in order"
    );

    let actor = failed[0]["actor"].as_str().unwrap();
    let (_, by_actor) = server
        .as_admin(Method::GET, &format!("/api/v1/audit?actor={actor}"), None)
        .await;
    assert!(
        by_actor
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["actor"] == actor)
    );
    assert!(!by_actor.as_array().unwrap().is_empty());

    let today = failed[0]["occurred_at"].as_str().unwrap()[..10].to_owned();
    let (_, on_the_day) = server
        .as_admin(
            Method::GET,
            &format!("/api/v1/audit?action=sign_in_failed&from={today}&to={today}"),
            None,
        )
        .await;
    assert_eq!(on_the_day.as_array().unwrap().len(), failed.len());
    let (_, before) = server
        .as_admin(Method::GET, "/api/v1/audit?to=2000-01-01", None)
        .await;
    assert!(before.as_array().unwrap().is_empty());

    let (unknown, refusal) = server
        .as_admin(Method::GET, "/api/v1/audit?action=made_up", None)
        .await;
    assert_eq!(
        (unknown, refusal["error"].as_str()),
        (400, Some("unknown_action"))
    );
    let (bad_day, refusal) = server
        .as_admin(Method::GET, "/api/v1/audit?from=yesterday", None)
        .await;
    assert_eq!(
        (bad_day, refusal["error"].as_str()),
        (400, Some("bad_date"))
    );
}
