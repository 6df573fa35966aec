//! Checks every exchange the tests make against the server's OpenAPI document: the path and
//! method must be documented, the status must be a documented response, and JSON bodies must
//! match their schemas (requests only when the server accepted them; deliberately bad requests
//! are the point of some tests). A mismatch fails the test that made the call.
//!
//! The schema check covers the subset of JSON Schema the document uses: `$ref`, `oneOf`, `anyOf`,
//! `type` (one or several), `enum`, `required`, `properties`, `additionalProperties`, `items`.

use serde_json::Value;
use std::sync::OnceLock;

fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        serde_json::from_str(server::routes::openapi::DOCUMENT).expect("openapi.json is JSON")
    })
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

/// Panics (failing the calling test) when the exchange does not match the document.
pub fn check(method: &str, path: &str, status: u16, request: Option<&Value>, response: &str) {
    let documented_area =
        path.starts_with("/api/") || ["/healthz", "/readyz", "/metrics"].contains(&path);
    if !documented_area {
        return;
    }
    let Some(template) = template_for(path) else {
        // An undocumented path must not exist: the only acceptable answer is 404.
        assert_eq!(
            status, 404,
            "OpenAPI: {path} is not documented but answered {status}"
        );
        return;
    };
    let operation = &document()["paths"][template][method.to_lowercase()];
    assert!(
        operation.is_object(),
        "OpenAPI: {method} {template} is not documented"
    );
    let answer = &operation["responses"][status.to_string()];
    assert!(
        answer.is_object(),
        "OpenAPI: {method} {template} does not document status {status}: {response}"
    );
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

/// Validates `value` against `schema`; the error names the failing location.
pub fn validate(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or(format!("unsupported $ref {reference}"))?;
        return validate(&document()["components"]["schemas"][name], value, at);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = options
            .iter()
            .filter(|o| validate(o, value, at).is_ok())
            .count();
        return if matching == 1 {
            Ok(())
        } else {
            Err(format!("{at}: matches {matching} of oneOf, not 1"))
        };
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array)
        && !options.iter().any(|o| validate(o, value, at).is_ok())
    {
        return Err(format!("{at}: matches none of anyOf"));
    }
    if let Some(kind) = schema.get("type") {
        let kinds: Vec<&str> = match kind {
            Value::String(k) => vec![k.as_str()],
            Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let fits = |k: &str| match k {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            _ => false,
        };
        if !kinds.iter().any(|k| fits(k)) {
            return Err(format!("{at}: expected {kinds:?}, got {value}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(key) {
                return Err(format!("{at}: required field {key:?} is missing"));
            }
        }
        for (key, field) in object {
            let location = format!("{at}.{key}");
            match properties.and_then(|p| p.get(key)) {
                Some(property) => validate(property, field, &location)?,
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        return Err(format!("{at}: field {key:?} is not documented"));
                    }
                    Some(extra @ Value::Object(_)) => validate(extra, field, &location)?,
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (index, item) in array.iter().enumerate() {
            validate(items, item, &format!("{at}[{index}]"))?;
        }
    }
    Ok(())
}
