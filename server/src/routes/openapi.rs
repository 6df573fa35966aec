//! The OpenAPI 3.1 document of this API, generated from the handlers' `#[utoipa::path]`
//! attributes and the `shared::api` schemas as the routes are built ([`super::operations`]),
//! and served at `GET /api/v1/openapi.json`. `server/openapi.json` is a committed snapshot of
//! it; a test fails when the two differ (`UPDATE_OPENAPI_SNAPSHOT=1 cargo test -p server
//! openapi_snapshot` rewrites it).

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;
use utoipa::Modify;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

/// The name of the bearer-token security scheme operations refer to.
pub const BEARER: &str = "bearer";

/// The document's fixed parts: information, tags and the security scheme. The operations and
/// schemas come from the routes.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "prom-collector API",
        version = "1",
        description = "Patient-reported outcomes for NHS primary care: tablet sync, aggregates, \
instruments, accounts, devices and audit.\n\nEvery refusal is the JSON error body \
`{\"error\", \"message\"}` (`ErrorBody`), including a malformed query string or path parameter \
(400), an unknown path under `/api/` (404) and a method a path does not have (405, with an \
`Allow` header listing the methods it has).",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "sync", description = "Tablets push completed questionnaires and pull what they need offline."),
        (name = "aggregates", description = "Suppressed figures for evaluators."),
        (name = "outcomes", description = "Evaluator outcomes: cross-sectional and paired change figures by group, suppressed, from rollups."),
        (name = "instruments", description = "The instruments on offer and their licences."),
        (name = "fhir", description = "FHIR R4 Questionnaire and QuestionnaireResponse exchange."),
        (name = "alerts", description = "Risk alerts raised by stored responses."),
        (name = "accounts", description = "Signing in, accounts and organisations."),
        (name = "devices", description = "Enrolling and revoking tablets."),
        (name = "roles", description = "The professional role list."),
        (name = "audit", description = "The audit log."),
        (name = "lookups", description = "Public lookup tables admins import (IMD deciles per LSOA)."),
        (name = "operations", description = "Health, readiness, metrics and this document.")
    )
)]
pub struct ApiDoc;

/// Adds the bearer scheme that every protected operation names in its `security`.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some(
            "A sign-in token from `POST /api/v1/auth/sign-in`, or an enrolled tablet's \
             credential (accepted for sync, the change feed and patient keys)."
                .to_owned(),
        );
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(BEARER, SecurityScheme::Http(scheme));
    }
}

/// The document as JSON, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let (_, generated) = super::operations();
        let mut document = serde_json::to_value(&generated).expect("the document serialises");
        close_answer_schemas(&mut document);
        document
    })
}

/// The document as pretty-printed text, exactly as in the committed snapshot.
pub fn document_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = serde_json::to_string_pretty(document()).expect("the document serialises");
        text.push('\n');
        text
    })
}

/// `GET /api/v1/openapi.json`
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi_document",
    tag = "operations",
    summary = "This OpenAPI 3.1 document.",
    responses(
        (status = 200, description = "The document.", body = Object, content_type = "application/json")
    )
)]
pub async fn serve() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_text(),
    )
}

/// Closes (`additionalProperties: false`) every schema that only answers carry, so a field the
/// server sends without documenting it fails the document. Schemas a request can carry stay
/// open: the server ignores request fields it does not know, so the document must allow them.
fn close_answer_schemas(document: &mut Value) {
    let mut in_requests = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    for item in document["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for operation in item.as_object().into_iter().flat_map(|i| i.values()) {
            collect_refs(&operation["requestBody"], &mut pending);
            collect_refs(&operation["parameters"], &mut pending);
        }
    }
    // A schema composed with others (a multi-member `allOf`) is left open too: closing one part
    // would refuse the fields of the others.
    collect_composed(document, &mut pending);
    while let Some(name) = pending.pop() {
        if in_requests.insert(name.clone()) {
            collect_refs(&document["components"]["schemas"][&name], &mut pending);
        }
    }
    if let Some(schemas) = document["components"]["schemas"].as_object_mut() {
        for (name, schema) in schemas.iter_mut() {
            if !in_requests.contains(name) {
                close(schema);
            }
        }
    }
}

/// The component names `value` refers to.
fn collect_refs(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                names.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, names)),
        _ => {}
    }
}

/// The component names referred to from an `allOf` of more than one member.
fn collect_composed(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(parts) = map.get("allOf").and_then(Value::as_array)
                && parts.len() > 1
            {
                collect_refs(&Value::Array(parts.clone()), names);
            }
            map.values().for_each(|v| collect_composed(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_composed(v, names)),
        _ => {}
    }
}

/// Closes an object schema with named properties, and the inline object schemas inside it.
fn close(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if map.contains_key("properties") && !map.contains_key("additionalProperties") {
        map.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) {
        properties.values_mut().for_each(close);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = map.get_mut(key) {
            close(inner);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = map.get_mut(key).and_then(Value::as_array_mut) {
            options.iter_mut().for_each(close);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");

    /// The committed `server/openapi.json` is the generated document, byte for byte.
    #[test]
    fn openapi_snapshot_matches_the_generated_document() {
        let generated = document_text();
        if std::env::var_os("UPDATE_OPENAPI_SNAPSHOT").is_some() {
            std::fs::write(SNAPSHOT, generated).expect("the snapshot is writable");
            return;
        }
        let committed = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
        if committed == generated {
            return;
        }
        let first_difference = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        let around = |text: &str| {
            text.lines()
                .enumerate()
                .skip(first_difference.saturating_sub(3))
                .take(7)
                .map(|(n, line)| format!("{:>6} {line}", n + 1))
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "server/openapi.json is not the document the code generates; they first differ at \
             line {}.\n--- committed:\n{}\n--- generated:\n{}\n\nIf the API change is intended, \
             regenerate the snapshot and commit it:\n    UPDATE_OPENAPI_SNAPSHOT=1 cargo test -p \
             server openapi_snapshot",
            first_difference + 1,
            around(&committed),
            around(generated),
        );
    }

    #[test]
    fn answer_only_schemas_are_closed_and_request_schemas_open() {
        let schemas = &document()["components"]["schemas"];
        assert_eq!(schemas["ErrorBody"]["additionalProperties"], false);
        assert_eq!(schemas["UserView"]["additionalProperties"], false);
        assert!(
            schemas["SignInRequest"]
                .get("additionalProperties")
                .is_none()
        );
        assert!(schemas["OutboxFile"].get("additionalProperties").is_none());
    }

    #[test]
    fn every_operation_has_a_unique_id_and_names_only_the_bearer_scheme() {
        let mut ids = BTreeSet::new();
        for (path, item) in document()["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let id = operation["operationId"].as_str().unwrap();
                assert!(
                    ids.insert(id.to_owned()),
                    "{method} {path}: {id} is used twice"
                );
                for requirement in operation["security"].as_array().into_iter().flatten() {
                    assert_eq!(
                        requirement,
                        &serde_json::json!({ BEARER: [] }),
                        "{method} {path}"
                    );
                }
            }
        }
        assert!(document()["components"]["securitySchemes"][BEARER].is_object());
    }
}
