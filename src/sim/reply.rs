//! How the simulated tenant answers: JSON bodies and the `{"error_code", "error_message"}` error
//! shape of PROTOCOL.md. Owns no decisions about *which* error; handlers make those.

use crate::api::types::error_codes;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answer: a status and the documented error body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: Option<i64>,
    pub message: String,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: i64, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: Some(code),
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(code: i64, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(code: i64, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn not_found(code: i64, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn invalid_json(message: impl Into<String>) -> ApiError {
        ApiError::bad_request(error_codes::INVALID_JSON, message)
    }

    pub fn body(&self) -> Value {
        match self.code {
            Some(code) => json!({"error_code": code, "error_message": self.message}),
            None => json!({"error_message": self.message}),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// `{"events": [...]}`.
pub(crate) fn events(list: Vec<Value>) -> Response {
    Json(json!({ "events": list })).into_response()
}
