//! Errors as FHIR has them: an `OperationOutcome` with the HTTP status that goes with it,
//! its issue's code from FHIR's `issue-type` value set, and the element at fault.

use axum::{
	http::{header, StatusCode},
	response::{IntoResponse, Response},
};
use serde_json::{json, Value};

use crate::http::FHIR_JSON;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum FhirError {
	/// 404 `not-found`: no such resource.
	#[error("{0}")]
	NotFound(String),
	/// 400 `invalid`: a search parameter's value is malformed; the parameter is named.
	#[error("search parameter `{at}`: {message}")]
	Invalid {
		/// The parameter or element at fault.
		at: String,
		/// Why, in words.
		message: String,
	},
	/// 400 `not-supported`: a search parameter or combination this server does not serve.
	#[error("search parameter `{at}`: {message}")]
	NotSupported {
		/// The parameter at fault.
		at: String,
		/// Why, and what is served instead.
		message: String,
	},
	/// 404 `not-supported`: a resource type or interaction this server does not serve.
	#[error("{0}")]
	UnknownPath(String),
	/// 503 `transient`: the node did not answer; nothing was read.
	#[error("the node did not answer: {0}")]
	NodeUnavailable(String),
}

impl FhirError {
	/// A malformed value of search parameter `at`.
	pub fn invalid(at: &str, message: impl Into<String>) -> Self {
		FhirError::Invalid { at: at.into(), message: message.into() }
	}

	/// Search parameter `at` (or this use of it) is not served.
	pub fn not_supported(at: &str, message: impl Into<String>) -> Self {
		FhirError::NotSupported { at: at.into(), message: message.into() }
	}

	fn status(&self) -> StatusCode {
		match self {
			FhirError::NotFound(_) | FhirError::UnknownPath(_) => StatusCode::NOT_FOUND,
			FhirError::Invalid { .. } | FhirError::NotSupported { .. } => StatusCode::BAD_REQUEST,
			FhirError::NodeUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
		}
	}

	/// The issue's code (`http://hl7.org/fhir/issue-type`).
	fn code(&self) -> &'static str {
		match self {
			FhirError::NotFound(_) => "not-found",
			FhirError::Invalid { .. } => "invalid",
			FhirError::NotSupported { .. } | FhirError::UnknownPath(_) => "not-supported",
			FhirError::NodeUnavailable(_) => "transient",
		}
	}

	/// The `OperationOutcome` that says it. (A search parameter is no element of a resource,
	/// so it is named in the diagnostics, not in `expression`, which is FHIRPath.)
	pub fn outcome(&self) -> Value {
		let issue = json!({
			"severity": "error",
			"code": self.code(),
			"diagnostics": self.to_string(),
		});
		json!({ "resourceType": "OperationOutcome", "issue": [issue] })
	}
}

impl IntoResponse for FhirError {
	fn into_response(self) -> Response {
		tracing::info!(code = self.code(), message = %self, "refused");
		let body = self.outcome().to_string();
		(self.status(), [(header::CONTENT_TYPE, FHIR_JSON)], body).into_response()
	}
}

impl From<medchain_client::Error> for FhirError {
	fn from(error: medchain_client::Error) -> Self {
		FhirError::NodeUnavailable(error.to_string())
	}
}
