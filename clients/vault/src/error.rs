//! What the vault answers when it refuses: an HTTP status and `{"error": code, "message":
//! words}` (docs/vault.md lists every code). Nothing is stored, served or queued when a
//! request ends in one of these.

use axum::{
	http::StatusCode,
	response::{IntoResponse, Response},
	Json,
};
use serde_json::json;

/// Every refusal, with the status it answers.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
	/// 400 `bad-request`: a header or the path is missing or malformed.
	#[error("{0}")]
	BadRequest(String),
	/// 401 `bad-signature`: the signature is not the named account's over the request.
	#[error("the signature is not {0}'s over this request")]
	BadSignature(String),
	/// 401 `expired`: the request's last valid block has passed, or is further ahead than
	/// the chain allows.
	#[error("{0}")]
	Expired(String),
	/// 401 `replayed`: the read request's nonce was used already.
	#[error("{0}")]
	Replayed(String),
	/// 403 `no-consent`: the chain does not let the reader open the record now.
	#[error("{0}")]
	NoConsent(String),
	/// 403 `not-a-writer`: the uploader may not write to this organisation's vault.
	#[error("{0}")]
	NotAWriter(String),
	/// 404 `not-found`: no such record, or it is not kept in this vault.
	#[error("{0}")]
	NotFound(String),
	/// 410 `erased`: the record was erased and its ciphertext deleted.
	#[error("{0}")]
	Erased(String),
	/// 413 `too-large`: the upload is larger than the vault accepts.
	#[error("{0}")]
	TooLarge(String),
	/// 422 `digest-mismatch`: the uploaded bytes are not those the CID names.
	#[error("{0}")]
	DigestMismatch(String),
	/// 503 `node-unavailable`: the chain did not answer; the vault never serves without it.
	#[error("the vault's node did not answer ({0}); nothing is served without the chain")]
	NodeUnavailable(String),
	/// 503 `storage`: the object store failed.
	#[error("the object store failed: {0}")]
	Storage(String),
	/// 503 `audit-queue`: the opening could not be queued for audit, so it is not served.
	#[error("the audit queue could not record the opening ({0}); nothing was served")]
	AuditQueue(String),
}

impl ApiError {
	/// The HTTP status it answers.
	pub fn status(&self) -> StatusCode {
		match self {
			ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
			ApiError::BadSignature(_) | ApiError::Expired(_) | ApiError::Replayed(_) => {
				StatusCode::UNAUTHORIZED
			},
			ApiError::NoConsent(_) | ApiError::NotAWriter(_) => StatusCode::FORBIDDEN,
			ApiError::NotFound(_) => StatusCode::NOT_FOUND,
			ApiError::Erased(_) => StatusCode::GONE,
			ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
			ApiError::DigestMismatch(_) => StatusCode::UNPROCESSABLE_ENTITY,
			ApiError::NodeUnavailable(_) | ApiError::Storage(_) | ApiError::AuditQueue(_) => {
				StatusCode::SERVICE_UNAVAILABLE
			},
		}
	}

	/// The error code of the JSON body (and of the `medchain_vault_refused_total` metric).
	pub fn code(&self) -> &'static str {
		match self {
			ApiError::BadRequest(_) => "bad-request",
			ApiError::BadSignature(_) => "bad-signature",
			ApiError::Expired(_) => "expired",
			ApiError::Replayed(_) => "replayed",
			ApiError::NoConsent(_) => "no-consent",
			ApiError::NotAWriter(_) => "not-a-writer",
			ApiError::NotFound(_) => "not-found",
			ApiError::Erased(_) => "erased",
			ApiError::TooLarge(_) => "too-large",
			ApiError::DigestMismatch(_) => "digest-mismatch",
			ApiError::NodeUnavailable(_) => "node-unavailable",
			ApiError::Storage(_) => "storage",
			ApiError::AuditQueue(_) => "audit-queue",
		}
	}
}

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		let body = json!({ "error": self.code(), "message": self.to_string() });
		(self.status(), Json(body)).into_response()
	}
}

impl From<object_store::Error> for ApiError {
	fn from(error: object_store::Error) -> Self {
		ApiError::Storage(error.to_string())
	}
}
