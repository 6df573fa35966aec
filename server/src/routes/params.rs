//! Query-string and path-parameter extractors whose rejections use the API's own error body, so
//! `?limit=abc` or `/instruments/phq2/x/fhir` gets a 400 with a clear, machine-readable reason
//! instead of axum's plain-text answer.

use crate::error::ApiError;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, MatchedPath, Path, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// The query string, parsed into `T`.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(explain_query(&rejection)),
        }
    }
}

fn explain_query(rejection: &QueryRejection) -> ApiError {
    let detail = std::error::Error::source(rejection)
        .map(ToString::to_string)
        .unwrap_or_else(|| rejection.body_text());
    ApiError::client(
        StatusCode::BAD_REQUEST,
        "bad_query",
        format!("the query string is not valid: {detail}"),
    )
}

/// The path parameters, parsed into `T` (a value or a tuple, in path order).
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(rejection) => {
                let template = parts
                    .extensions
                    .get::<MatchedPath>()
                    .map(MatchedPath::as_str);
                Err(explain_path(rejection, template))
            }
        }
    }
}

fn explain_path(rejection: PathRejection, template: Option<&str>) -> ApiError {
    let PathRejection::FailedToDeserializePathParams(failed) = rejection else {
        // Only a handler extracting parameters its route does not have: a programming error.
        tracing::error!(rejection = %rejection.body_text(), "path parameters missing");
        return ApiError::client(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the server could not read this address; nothing was changed",
        );
    };
    if failed.status() != StatusCode::BAD_REQUEST {
        tracing::error!(rejection = %failed.body_text(), "path parameters cannot be read");
        return ApiError::client(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the server could not read this address; nothing was changed",
        );
    }
    let message = match failed.into_kind() {
        ErrorKind::ParseErrorAtIndex {
            index,
            value,
            expected_type,
        } => {
            let name = template
                .and_then(|t| parameter_names(t).nth(index))
                .unwrap_or("a path parameter");
            format!("{name} must be {}, not {value:?}", describe(expected_type))
        }
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => format!("{key} must be {}, not {value:?}", describe(expected_type)),
        ErrorKind::ParseError {
            value,
            expected_type,
        } => {
            let name = template
                .and_then(|t| parameter_names(t).next())
                .unwrap_or("the path parameter");
            format!("{name} must be {}, not {value:?}", describe(expected_type))
        }
        other => format!("the address is not valid: {other}"),
    };
    ApiError::client(StatusCode::BAD_REQUEST, "bad_path", message)
}

/// The `{name}` parameters of a route template, in order.
fn parameter_names(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
}

/// A Rust type name as a person would say it.
fn describe(expected_type: &str) -> String {
    let name = expected_type.rsplit("::").next().unwrap_or(expected_type);
    match name {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "bool" => "true or false".to_owned(),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_named_in_path_order() {
        let names: Vec<&str> = parameter_names("/api/v1/instruments/{id}/{version}/fhir").collect();
        assert_eq!(names, ["id", "version"]);
    }

    #[test]
    fn rust_types_are_described_for_people() {
        assert_eq!(describe("u32"), "a whole number, 0 or more");
        assert_eq!(describe("i64"), "a whole number");
        assert_eq!(describe("alloc::string::String"), "a String");
    }
}
