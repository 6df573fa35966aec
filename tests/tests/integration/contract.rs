//! The API contract: the served OpenAPI document is the generated one, every route the server
//! answers is documented (read from axum's own route table and its `Allow` headers, not from the
//! document), `security` is declared exactly where a token is needed, every refusal is the JSON
//! error body, and the exchange check itself catches what the document does not allow.

use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use tests::TestServer;
use tests::openapi::{Exchange, check, document, validate};

/// The methods probed on every path.
const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// The path templates in axum's route table of the real server, read from the router's debug
/// form (`RouteId(n): "/path"` in its `path_router`; the `fallback_router` after it holds only
/// the app's static files).
async fn served_route_templates() -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let config = server::config::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: dir.path().join("routes.db").to_string_lossy().into_owned(),
        static_dir: dir.path().join("no-app"),
        secret_file: dir.path().join("routes.secret"),
        session_hours: 12,
    };
    let app = server::Application::build(&config).await.unwrap();
    let table = format!("{:?}", app.router());
    let (routes, fallback) = table
        .split_once("fallback_router:")
        .expect("axum's router shows its path router before its fallback router");
    assert!(routes.contains("path_router"), "{table}");
    assert!(
        !fallback.contains("/api/"),
        "no API route hides in the fallback: {fallback}"
    );
    let mut templates = BTreeSet::new();
    let mut rest = routes;
    while let Some(start) = rest.find("RouteId(") {
        rest = &rest[start..];
        let Some(open) = rest.find("): \"") else {
            break;
        };
        let after = &rest[open + 4..];
        let close = after.find('"').unwrap();
        templates.insert(after[..close].to_owned());
        rest = &after[close..];
    }
    templates
}

/// A concrete path for a template, with a placeholder for every parameter.
fn instantiate(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "no-such-thing"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn documented_methods(template: &str) -> BTreeSet<String> {
    document()["paths"][template]
        .as_object()
        .unwrap()
        .keys()
        .map(|m| m.to_uppercase())
        .collect()
}

/// Sends a request without a token, checks it against the document, and returns the status,
/// the `Allow` header and the body.
async fn probe(server: &TestServer, method: &Method, path: &str) -> (u16, Option<String>, Value) {
    let response = server
        .client()
        .request(method.clone(), server.url(path))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let allow = header(reqwest::header::ALLOW);
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let text = response.text().await.unwrap();
    check(Exchange {
        method: method.as_str(),
        path,
        status,
        content_type: content_type.as_deref(),
        request: None,
        response: &text,
    });
    (
        status,
        allow,
        serde_json::from_str(&text).unwrap_or_default(),
    )
}

#[tokio::test]
async fn the_served_document_is_the_generated_openapi_3_1_document() {
    let server = TestServer::start().await;

    let response = server
        .client()
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let served: Value = response.json().await.unwrap();
    assert_eq!(&served, document());
    assert_eq!(served["openapi"], "3.1.0");
}

#[tokio::test]
async fn every_route_the_server_answers_is_documented_and_every_operation_is_served() {
    let served = served_route_templates().await;
    let documented: BTreeSet<String> = document()["paths"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut expected = documented.clone();
    expected.insert(server::routes::API_NOT_FOUND_ROUTE.to_owned());
    let undocumented: Vec<_> = served.difference(&expected).collect();
    let unserved: Vec<_> = expected.difference(&served).collect();
    assert!(
        undocumented.is_empty() && unserved.is_empty(),
        "routes served but not documented: {undocumented:?}; documented but not served: \
         {unserved:?} (route table read: {served:?})"
    );

    // On each path, exactly the documented methods are routed: axum's own `Allow` header on a
    // 405 lists what the path really answers.
    let server = TestServer::start().await;
    let mut operations = 0;
    for template in &documented {
        let path = instantiate(template);
        let methods = documented_methods(template);
        let mut allowed: BTreeSet<String> = methods.clone();
        if allowed.contains("GET") {
            allowed.insert("HEAD".to_owned());
        }
        for method in &METHODS {
            let (status, allow, body) = probe(&server, method, &path).await;
            if methods.contains(method.as_str()) {
                operations += 1;
                assert_ne!(
                    status, 405,
                    "{method} {template} is documented but not routed"
                );
                assert_ne!(
                    body["error"], "not_found",
                    "{method} {template} is documented but not routed"
                );
            } else {
                assert_eq!(
                    status, 405,
                    "{method} {template} is served but not documented"
                );
                assert_eq!(body["error"], "method_not_allowed", "{method} {template}");
                let allow: BTreeSet<String> = allow
                    .expect("a 405 names the allowed methods")
                    .split(',')
                    .map(|m| m.trim().to_owned())
                    .collect();
                assert_eq!(
                    allow, allowed,
                    "{template}: routed methods vs documented ones"
                );
            }
        }
    }
    assert_eq!(
        operations,
        document()["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum::<usize>(),
        "every documented operation was probed"
    );
}

#[tokio::test]
async fn security_is_declared_on_exactly_the_operations_that_need_a_token() {
    let server = TestServer::start().await;

    for (template, item) in document()["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let (status, _, body) = probe(&server, &method, &instantiate(template)).await;
            let refused_for_no_token = status == 401 && body["error"] == "unauthorized";
            let declared = operation["security"]
                .as_array()
                .is_some_and(|requirements| {
                    requirements
                        .iter()
                        .any(|r| r.get(server::routes::openapi::BEARER).is_some())
                });
            assert_eq!(
                refused_for_no_token,
                declared,
                "{method} {template}: without a token it answered {status} {body}, and the \
                 document {} a bearer token",
                if declared {
                    "requires"
                } else {
                    "does not require"
                }
            );
        }
    }
}

/// Asserts a refusal is the JSON error body with `code`.
fn assert_refusal(response: &reqwest::Response, status: u16) {
    assert_eq!(response.status().as_u16(), status, "{}", response.url());
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "{}",
        response.url()
    );
}

async fn refusal(
    server: &TestServer,
    method: Method,
    path: &str,
    token: Option<&str>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut request = server.client().request(method.clone(), server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    assert_refusal(&response, status);
    let text = response.text().await.unwrap();
    check(Exchange {
        method: method.as_str(),
        path,
        status,
        content_type: headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        request: None,
        response: &text,
    });
    (status, serde_json::from_str(&text).unwrap(), headers)
}

#[tokio::test]
async fn malformed_query_strings_are_refused_with_the_json_error_body() {
    let server = TestServer::start().await;

    let (empty_limit, empty_body, _) = refusal(
        &server,
        Method::GET,
        "/api/v1/audit?limit=",
        Some(&server.admin_token),
    )
    .await;
    let (text_limit, text_body, _) = refusal(
        &server,
        Method::GET,
        "/api/v1/sync/changes?limit=abc",
        Some(&server.device_token),
    )
    .await;

    assert_eq!(empty_limit, 400);
    assert_eq!(empty_body["error"], "bad_query");
    assert!(
        empty_body["message"]
            .as_str()
            .unwrap()
            .starts_with("the query string is not valid"),
        "{empty_body}"
    );
    assert_eq!(text_limit, 400);
    assert_eq!(text_body["error"], "bad_query");
    assert!(
        text_body["message"].as_str().unwrap().contains("limit"),
        "the message names the parameter: {text_body}"
    );
}

#[tokio::test]
async fn a_bad_path_parameter_is_refused_with_the_json_error_body() {
    let server = TestServer::start().await;

    let (status, body, _) = refusal(
        &server,
        Method::GET,
        "/api/v1/instruments/phq2/x/fhir",
        None,
    )
    .await;
    let (good, _) = server.get_json("/api/v1/instruments/phq2/1/fhir").await;

    assert_eq!(status, 400);
    assert_eq!(body["error"], "bad_path");
    assert_eq!(
        body["message"], "version must be a whole number, 0 or more, not \"x\"",
        "{body}"
    );
    assert_eq!(good, 200, "a good version is still answered");
}

#[tokio::test]
async fn unknown_api_paths_are_a_json_404_and_wrong_methods_a_json_405_with_allow() {
    let server = TestServer::start().await;

    let mut not_found = Vec::new();
    for path in [
        "/api/v1/nothing-here",
        "/api/v1/sync/nothing-here",
        "/api/v2/sync",
        "/api/v1",
    ] {
        not_found.push(refusal(&server, Method::GET, path, None).await);
    }
    let (wrong_method, wrong_body, wrong_headers) =
        refusal(&server, Method::DELETE, "/api/v1/sync", None).await;
    let (probe_method, probe_body, probe_headers) =
        refusal(&server, Method::POST, "/healthz", None).await;

    for (status, body, headers) in &not_found {
        assert_eq!(*status, 404);
        assert_eq!(body["error"], "not_found");
        assert_eq!(headers["cache-control"], "no-store");
    }
    assert_eq!(wrong_method, 405);
    assert_eq!(wrong_body["error"], "method_not_allowed");
    assert!(wrong_body["message"].as_str().unwrap().contains("DELETE"));
    assert_eq!(wrong_headers["allow"], "POST");
    assert_eq!(
        wrong_headers["cache-control"], "no-store",
        "the API's layers still apply"
    );
    assert_eq!(probe_method, 405);
    assert_eq!(probe_body["error"], "method_not_allowed");
    assert_eq!(probe_headers["allow"], "GET,HEAD");
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_the_json_error_body() {
    let server = TestServer::start().await;
    let huge = format!(
        "{{\"email\": \"a@b.c\", \"password\": \"{}\"}}",
        "x".repeat(shared::api::MAX_BODY_BYTES + 1)
    );

    let response = server
        .client()
        .post(server.url("/api/v1/auth/sign-in"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();

    assert_refusal(&response, 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "payload_too_large");
    assert!(body["message"].as_str().unwrap().contains("KiB"), "{body}");
}

#[tokio::test]
async fn the_outbox_import_keeps_its_larger_body_limit() {
    let server = TestServer::start().await;
    let file = |ciphertext: String| {
        json!({
            "passphrase": "an outbox passphrase",
            "file": {
                "format": "prom-collector-outbox", "version": 1,
                "created_at": "2026-01-01T00:00:00Z", "record_count": 1,
                "kdf": "PBKDF2-HMAC-SHA256", "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
                "iterations": 600000, "cipher": "AES-256-GCM", "iv": "AAAAAAAAAAAAAAAA",
                "ciphertext": ciphertext,
            }
        })
    };

    // Over the 2 MiB limit of other endpoints: read, and refused only for what it holds.
    let (read, read_body) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/outbox-import",
            Some(&file("A".repeat(shared::api::MAX_BODY_BYTES + 1024))),
        )
        .await;
    // Over the file limit: refused, as JSON.
    let over = file("A".repeat(shared::outbox_file::MAX_FILE_BYTES + 1)).to_string();
    let response = server
        .client()
        .post(server.url("/api/v1/admin/outbox-import"))
        .bearer_auth(&server.admin_token)
        .header("content-type", "application/json")
        .body(over)
        .send()
        .await
        .unwrap();

    assert_eq!(read, 422, "{read_body}");
    assert_eq!(read_body["error"], "bad_outbox_file");
    assert_refusal(&response, 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "payload_too_large");
}

#[test]
fn the_openapi_check_catches_bodies_statuses_and_refusals_the_document_does_not_allow() {
    let exchange = |method, path, status, content_type, response| Exchange {
        method,
        path,
        status,
        content_type,
        request: None,
        response,
    };
    let json = Some("application/json");
    let error_body = json!({ "$ref": "#/components/schemas/ErrorBody" });
    assert!(
        validate(
            &error_body,
            &json!({ "error": "x", "message": "y" }),
            "body"
        )
        .is_ok()
    );
    assert!(validate(&error_body, &json!({ "error": 1, "message": "y" }), "body").is_err());
    assert!(validate(&error_body, &json!({ "error": "x" }), "body").is_err());
    assert!(
        validate(
            &error_body,
            &json!({ "error": "x", "message": "y", "extra": 1 }),
            "body"
        )
        .is_err()
    );
    let undocumented_status = std::panic::catch_unwind(|| {
        check(exchange("GET", "/api/v1/roles", 418, json, "[]"));
    });
    assert!(undocumented_status.is_err());
    let wrong_shape = std::panic::catch_unwind(|| {
        check(exchange("GET", "/api/v1/roles", 200, json, "[{\"id\": 1}]"));
    });
    assert!(wrong_shape.is_err());
    let wrong_content_type = std::panic::catch_unwind(|| {
        check(exchange(
            "GET",
            "/api/v1/roles",
            200,
            Some("text/plain"),
            "[]",
        ));
    });
    assert!(wrong_content_type.is_err());
    let plain_text_refusal = std::panic::catch_unwind(|| {
        check(exchange(
            "DELETE",
            "/api/v1/roles",
            405,
            Some("text/plain"),
            "Method Not Allowed",
        ));
    });
    assert!(plain_text_refusal.is_err());
    let undocumented_method_served = std::panic::catch_unwind(|| {
        check(exchange("DELETE", "/api/v1/roles", 200, json, "[]"));
    });
    assert!(undocumented_method_served.is_err());
    let body_on_no_content = std::panic::catch_unwind(|| {
        check(exchange(
            "POST",
            "/api/v1/auth/sign-out",
            204,
            None,
            "{\"ok\": true}",
        ));
    });
    assert!(body_on_no_content.is_err());
    check(exchange(
        "GET",
        "/api/v1/roles",
        200,
        json,
        "[{\"id\": \"x\", \"name\": \"X\", \"active\": true}]",
    ));
    check(exchange(
        "DELETE",
        "/api/v1/roles",
        405,
        json,
        "{\"error\": \"method_not_allowed\", \"message\": \"no\"}",
    ));
}
