//! Checks every exchange the tests make against the server's generated OpenAPI document: the
//! path and method must be documented (or the answer must be the JSON 404 or 405 of an unknown
//! path or method), the status must be a documented response, the content type one it documents,
//! and JSON bodies must match their schemas (requests only when the server accepted them;
//! deliberately bad requests are the point of some tests). A mismatch fails the test that made
//! the call.
//!
//! Schemas are checked with the `jsonschema` crate (JSON Schema 2020-12, which OpenAPI 3.1
//! uses): each one is compiled inside a root that carries the document's `components`, so its
//! `#/components/schemas/...` references resolve.

use jsonschema::{Draft, Validator};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The document the server serves, generated from its code.
pub fn document() -> &'static Value {
    server::routes::openapi::document()
}

/// The documented path template matching a concrete path, e.g. `/api/v1/devices/{id}/revoke`.
pub fn template_for(path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    document()["paths"]
        .as_object()?
        .keys()
        .map(String::as_str)
        .find(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts.iter().zip(&segments).all(|(t, s)| {
                    (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s
                })
        })
}

/// One request and its answer, as a test saw them.
#[derive(Debug, Clone, Copy)]
pub struct Exchange<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    /// The answer's `Content-Type`, when the caller has it.
    pub content_type: Option<&'a str>,
    /// The JSON request body, if one was sent.
    pub request: Option<&'a Value>,
    /// The answer's body as text.
    pub response: &'a str,
}

/// Panics (failing the calling test) when the exchange does not match the document.
pub fn check(exchange: Exchange<'_>) {
    let Exchange {
        method,
        path,
        status,
        content_type,
        request,
        response,
    } = exchange;
    let bare_path = path.split('?').next().unwrap_or(path);
    let documented_area =
        bare_path.starts_with("/api/") || ["/healthz", "/readyz", "/metrics"].contains(&bare_path);
    if !documented_area {
        return;
    }
    let error_body = json!({ "$ref": "#/components/schemas/ErrorBody" });
    let Some(template) = template_for(path) else {
        // An undocumented path must not exist: the only acceptable answer is the JSON 404.
        assert_eq!(
            status, 404,
            "OpenAPI: {path} is not documented but answered {status}"
        );
        expect_error_body(&error_body, method, path, content_type, response);
        return;
    };
    let operation = &document()["paths"][template][method.to_lowercase()];
    if !operation.is_object() {
        // A method the path does not have: the only acceptable answer is the JSON 405.
        assert_eq!(
            status, 405,
            "OpenAPI: {method} {template} is not documented but answered {status}"
        );
        expect_error_body(&error_body, method, path, content_type, response);
        return;
    }
    let answer = &operation["responses"][status.to_string()];
    assert!(
        answer.is_object(),
        "OpenAPI: {method} {template} does not document status {status}: {response}"
    );
    match answer.get("content").and_then(Value::as_object) {
        None => assert!(
            response.is_empty(),
            "OpenAPI: {method} {template} {status} documents no body but answered {response:?}"
        ),
        Some(contents) => {
            if let Some(content_type) = content_type {
                let essence = media_type(content_type);
                assert!(
                    contents
                        .keys()
                        .any(|documented| media_type(documented) == essence),
                    "OpenAPI: {method} {template} {status} answered {content_type}, the document says {:?}",
                    contents.keys().collect::<Vec<_>>()
                );
            }
        }
    }
    if let Some(schema) = answer["content"]["application/json"].get("schema") {
        let body: Value = serde_json::from_str(response).unwrap_or_else(|_| {
            panic!("OpenAPI: {method} {template} {status} should answer JSON, got {response:?}")
        });
        if let Err(problem) = validate(schema, &body, "response") {
            panic!("OpenAPI: {method} {template} {status}: {problem}\nbody: {body}");
        }
    }
    if status < 300
        && let (Some(request), Some(schema)) = (
            request,
            operation["requestBody"]["content"]["application/json"].get("schema"),
        )
        && let Err(problem) = validate(schema, request, "request")
    {
        panic!(
            "OpenAPI: {method} {template} accepted a request the document does not allow: {problem}\nbody: {request}"
        );
    }
}

fn expect_error_body(
    schema: &Value,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    response: &str,
) {
    if let Some(content_type) = content_type {
        assert_eq!(
            media_type(content_type),
            "application/json",
            "OpenAPI: {method} {path} refused with {content_type}, not the JSON error body"
        );
    }
    let body: Value = serde_json::from_str(response).unwrap_or_else(|_| {
        panic!("OpenAPI: {method} {path} should refuse with the JSON error body, got {response:?}")
    });
    if let Err(problem) = validate(schema, &body, "response") {
        panic!(
            "OpenAPI: {method} {path}: the refusal is not the error body: {problem}\nbody: {body}"
        );
    }
}

/// `type/subtype` of a media type, without parameters, in lower case.
fn media_type(text: &str) -> String {
    text.split(';')
        .next()
        .unwrap_or(text)
        .trim()
        .to_ascii_lowercase()
}

/// Validates `value` against `schema` (which may refer to the document's components); the
/// error names the failing location.
pub fn validate(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let validator = compiled(schema)?;
    let problems: Vec<String> = validator
        .iter_errors(value)
        .map(|error| {
            let location = error.instance_path().to_string();
            format!("{at}{location}: {error}")
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The compiled validator of one schema, kept for the rest of the test run.
fn compiled(schema: &Value) -> Result<Arc<Validator>, String> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Validator>>>> = OnceLock::new();
    let key = schema.to_string();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(validator) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(validator.clone());
    }
    let root = json!({
        "components": document()["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .build(&root)
        .map(Arc::new)
        .map_err(|e| format!("the schema {schema} does not compile: {e}"))?;
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, validator.clone());
    Ok(validator)
}
