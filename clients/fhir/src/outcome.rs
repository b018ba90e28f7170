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
	/// A resource sent to be written that cannot be: 400 if it is not a resource of the type
	/// (`structure`, `invalid`, `required`), 422 if a value has no place on chain
	/// (`code-invalid`, `value`). Nothing was written.
	#[error("{at}: {message}")]
	Unmappable {
		/// FHIR's `issue-type` code.
		code: &'static str,
		/// The element at fault, as a FHIRPath expression (`Device.udiCarrier[0]`).
		at: String,
		/// Why, in words.
		message: String,
	},
	/// 403 `forbidden`: the facade writes for no such organisation, or the chain does not let
	/// the organisation's account do it. Nothing was written.
	#[error("{0}")]
	Forbidden(String),
	/// 422 `business-rule`: the chain refused the write with the pallet's named error.
	/// Nothing was written.
	#[error("the chain refused it: {0}")]
	Refused(String),
	/// 503 `transient`: a write the node did not confirm: it took no transaction, or stopped
	/// reporting on the one it took, which may yet be written. Search before sending again.
	#[error("the node did not confirm the write ({0}); search for it before sending it again")]
	Unconfirmed(String),
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

	/// An element of a resource sent to be written that cannot be: `code` is FHIR's
	/// `issue-type`, `at` the element's FHIRPath.
	pub fn unmappable(
		code: &'static str,
		at: impl Into<String>,
		message: impl Into<String>,
	) -> Self {
		FhirError::Unmappable { code, at: at.into(), message: message.into() }
	}

	fn status(&self) -> StatusCode {
		match self {
			FhirError::NotFound(_) | FhirError::UnknownPath(_) => StatusCode::NOT_FOUND,
			FhirError::Invalid { .. } | FhirError::NotSupported { .. } => StatusCode::BAD_REQUEST,
			FhirError::NodeUnavailable(_) | FhirError::Unconfirmed(_) => {
				StatusCode::SERVICE_UNAVAILABLE
			},
			FhirError::Unmappable { code: "code-invalid" | "value", .. }
			| FhirError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
			FhirError::Unmappable { .. } => StatusCode::BAD_REQUEST,
			FhirError::Forbidden(_) => StatusCode::FORBIDDEN,
		}
	}

	/// The issue's code (`http://hl7.org/fhir/issue-type`).
	fn code(&self) -> &'static str {
		match self {
			FhirError::NotFound(_) => "not-found",
			FhirError::Invalid { .. } => "invalid",
			FhirError::NotSupported { .. } | FhirError::UnknownPath(_) => "not-supported",
			FhirError::NodeUnavailable(_) | FhirError::Unconfirmed(_) => "transient",
			FhirError::Unmappable { code, .. } => code,
			FhirError::Forbidden(_) => "forbidden",
			FhirError::Refused(_) => "business-rule",
		}
	}

	/// The `OperationOutcome` that says it. (A search parameter is no element of a resource,
	/// so it is named in the diagnostics; an element of a resource sent is also named in
	/// `expression`, which is FHIRPath.)
	pub fn outcome(&self) -> Value {
		let mut issue = json!({
			"severity": "error",
			"code": self.code(),
			"diagnostics": self.to_string(),
		});
		if let FhirError::Unmappable { at, .. } = self {
			issue["expression"] = json!([at]);
		}
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
		use medchain_client::Error;
		match error {
			// A write the chain refused: by its permissions, or by the pallet's rules.
			Error::Gate(refusal) => {
				FhirError::Forbidden(format!("the chain refused it: {refusal}"))
			},
			Error::Refused(refusal)
				if refusal.error == "NotAuthorised" || refusal.error == "BadOrigin" =>
			{
				FhirError::Forbidden(format!("the chain refused it: {refusal}"))
			},
			Error::Refused(refusal) => FhirError::Refused(refusal.to_string()),
			other => FhirError::NodeUnavailable(other.to_string()),
		}
	}
}
