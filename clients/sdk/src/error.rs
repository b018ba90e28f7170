//! What can go wrong, in words a user can act on.

use subxt::error::{DispatchError, ModuleError};

/// Everything the client can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The node could not be reached, or the connection broke.
	#[error("cannot reach the node at {url}: {reason}")]
	Connect {
		/// The URL the client was given.
		url: String,
		/// What the transport said.
		reason: String,
	},
	/// The chain refused the transaction before it was included: the consortium's gate
	/// (membership, permissions, rate limits).
	#[error("the chain refused the transaction: {0}")]
	Gate(GateRefusal),
	/// The transaction was included and failed: the pallet's named error and its doc text.
	#[error("{0}")]
	Refused(Refusal),
	/// The transaction pool rejected or dropped the transaction for a reason of its own (a
	/// stale nonce, a bad signature, a full pool).
	#[error("the node did not accept the transaction: {0}")]
	Rejected(String),
	/// A block, storage item, runtime API or event could not be read or decoded; the
	/// committed metadata may not match the node's runtime (`scripts/metadata.sh`).
	#[error("cannot read from the chain: {0}")]
	Chain(String),
	/// An account key or keystore problem.
	#[error(transparent)]
	Keys(#[from] crate::keys::KeyError),
}

impl Error {
	pub(crate) fn chain(e: impl std::fmt::Display) -> Self {
		Error::Chain(e.to_string())
	}
}

/// A dispatch error, as the runtime's metadata names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
	/// The pallet (`DeviceRegistry`), or `System` for an error of the dispatch itself.
	pub pallet: String,
	/// The error's name (`UnknownDevice`, `BadOrigin`).
	pub error: String,
	/// The error's documentation in the pallet, as Polkadot.js Apps shows it.
	pub docs: String,
}

impl std::fmt::Display for Refusal {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{}.{}", self.pallet, self.error)?;
		if !self.docs.is_empty() {
			write!(f, ": {}", self.docs)?;
		}
		Ok(())
	}
}

impl Refusal {
	/// The named error of a failed dispatch.
	pub fn from_dispatch(error: &DispatchError) -> Self {
		match error {
			DispatchError::Module(module) => Self::from_module(module),
			other => Refusal {
				pallet: "System".into(),
				error: format!("{other:?}"),
				docs: other.to_string(),
			},
		}
	}

	fn from_module(module: &ModuleError) -> Self {
		match module.details() {
			Ok(details) => Refusal {
				pallet: details.pallet.name().to_string(),
				error: details.variant.name.clone(),
				docs: details.variant.docs.join(" ").trim().to_string(),
			},
			Err(_) => Refusal {
				pallet: format!("pallet #{}", module.pallet_index()),
				error: format!("error #{}", module.error_index()),
				docs: "an error this client's metadata does not know: update the client".into(),
			},
		}
	}
}

/// Why the consortium's gate (`pallet_consortium::CheckMembership`) refused a transaction:
/// its `InvalidTransaction::Custom` codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateRefusal {
	/// Code 1.
	NotAMember,
	/// Code 2.
	RateLimited,
	/// Code 3.
	CallNotAllowed,
	/// Code 4.
	ExceedsBudget,
	/// Code 5.
	TooManyPending,
	/// Code 6.
	CallOutOfBounds,
}

impl GateRefusal {
	/// Every refusal, in code order.
	pub const ALL: [GateRefusal; 6] = [
		Self::NotAMember,
		Self::RateLimited,
		Self::CallNotAllowed,
		Self::ExceedsBudget,
		Self::TooManyPending,
		Self::CallOutOfBounds,
	];

	/// The refusal a custom code stands for.
	pub fn from_code(code: u8) -> Option<Self> {
		Self::ALL.into_iter().find(|refusal| refusal.code() == code)
	}

	/// The `InvalidTransaction::Custom` code.
	pub fn code(self) -> u8 {
		match self {
			Self::NotAMember => 1,
			Self::RateLimited => 2,
			Self::CallNotAllowed => 3,
			Self::ExceedsBudget => 4,
			Self::TooManyPending => 5,
			Self::CallOutOfBounds => 6,
		}
	}

	/// What the code means and what to do, after the pallet's documentation of it.
	pub fn meaning(self) -> &'static str {
		match self {
			Self::NotAMember => {
				"the signer is not a registered member of the consortium (neither active staff, \
				 a patient, nor a governance key)"
			},
			Self::RateLimited => {
				"the signer's budget for the current rate-limit window has no room for this \
				 transaction; it is valid again once the next window starts"
			},
			Self::CallNotAllowed => {
				"the call-permission table does not let this signer make this call \
				 (docs/consortium.md lists who may)"
			},
			Self::ExceedsBudget => {
				"the transaction alone carries more weight or bytes than the signer's whole \
				 budget of a window: it can never be included"
			},
			Self::TooManyPending => {
				"the signer's transactions already waiting in the pool fill its budget for the \
				 window; submit again once some are included"
			},
			Self::CallOutOfBounds => "an argument is beyond a bound the runtime sets for the call",
		}
	}

	/// The gate's refusal in a node's answer to a submission ("… Custom error: 3 …").
	pub(crate) fn in_message(message: &str) -> Option<Self> {
		// Nodes word it "Custom error: 3" or "custom error: 3".
		let lower = message.to_ascii_lowercase();
		let (_, rest) = lower.split_once("custom error: ")?;
		let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
		Self::from_code(digits.parse().ok()?)
	}
}

impl std::fmt::Display for GateRefusal {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{} (gate code {})", self.meaning(), self.code())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_gate_code_is_found_in_the_nodes_answer() {
		let answer = "Transaction is invalid: 1010: Invalid Transaction: Custom error: 3";
		assert_eq!(GateRefusal::in_message(answer), Some(GateRefusal::CallNotAllowed));
		assert_eq!(GateRefusal::in_message("Custom error: 9"), None);
		let pool = "Invalid transaction with custom error: 1";
		assert_eq!(GateRefusal::in_message(pool), Some(GateRefusal::NotAMember));
		assert_eq!(GateRefusal::in_message("Transaction has a bad signature"), None);
		for refusal in GateRefusal::ALL {
			assert_eq!(GateRefusal::from_code(refusal.code()), Some(refusal));
		}
	}
}
