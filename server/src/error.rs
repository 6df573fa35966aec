//! The one error type handlers return. Client errors carry a message meant for the caller;
//! internal causes are logged here, once, and never sent to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::api::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is wrong as a whole; `code` is stable, `message` tells the caller what to fix.
    #[error("{message}")]
    Client {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl ApiError {
    pub fn client(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self::Client {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::Client {
                status,
                code,
                message,
            } => (
                status,
                ErrorBody {
                    error: code.to_owned(),
                    message,
                },
            ),
            ApiError::Database(cause) => {
                tracing::error!(error = %cause, "database error");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorBody {
                        error: "unavailable".to_owned(),
                        message: "the server could not complete the request; nothing was changed, please retry".to_owned(),
                    },
                )
            }
        };
        (status, Json(body)).into_response()
    }
}
