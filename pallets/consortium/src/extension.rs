//! The permissioned, feeless transaction gate.
//!
//! medchain charges no fees, so something else must keep strangers and floods out of the
//! transaction pool. [`CheckMembership`] does, in `validate` (which the pool runs before it
//! accepts a transaction, and block import runs again):
//!
//! 1. A signed transaction whose signer is neither active staff, a registered patient, nor a
//!    `Config::GateExempt` governance key is invalid with
//!    `InvalidTransaction::Custom(`[`NOT_A_MEMBER`]`)`.
//! 2. A registered account may have at most `Config::MaxTransactionsPerWindow` transactions
//!    included per window of `Config::RateLimitWindow` blocks; the next one is invalid with
//!    `InvalidTransaction::Custom(`[`RATE_LIMITED`]`)` until the next window starts. Exempt
//!    keys are not limited.
//!
//! The extension adds no signed data (its encoding and implicit data are empty), so generic
//! clients that do not know it can still sign medchain transactions. Unsigned transactions
//! and inherents pass through untouched.

use crate::{Config, Pallet, TransactionWindow, TransactionWindows, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::{fmt, marker::PhantomData};
use frame_support::{
	dispatch::DispatchInfo,
	pallet_prelude::TransactionSource,
	traits::{Contains, Get},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, DispatchOriginOf, Dispatchable, TransactionExtension,
		ValidateResult, Zero,
	},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
};

/// `InvalidTransaction::Custom` code: the signer is not a registered member of the
/// consortium (neither active staff, a patient, nor a governance key).
pub const NOT_A_MEMBER: u8 = 1;

/// `InvalidTransaction::Custom` code: the signer has used up its transactions for the
/// current rate-limit window.
pub const RATE_LIMITED: u8 = 2;

/// The transaction gate: only registered members transact, each at a bounded rate. See the
/// [module docs](self).
#[derive(Clone, Eq, PartialEq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckMembership<T: Config + Send + Sync>(PhantomData<T>);

impl<T: Config + Send + Sync> CheckMembership<T> {
	/// The gate (it carries no data).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T: Config + Send + Sync> Default for CheckMembership<T> {
	fn default() -> Self {
		Self::new()
	}
}

impl<T: Config + Send + Sync> fmt::Debug for CheckMembership<T> {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		write!(f, "CheckMembership")
	}
}

/// What `validate` found for a rate-limited signer, for `prepare` to record.
pub enum Counted<T: Config> {
	/// The signer is exempt (or the transaction is not signed): nothing to record.
	Exempt,
	/// The signer's window after this transaction.
	Signer(T::AccountId, TransactionWindow<BlockNumberFor<T>>),
}

impl<T: Config> Counted<T> {
	/// The signer's window including this transaction, or the reason to refuse it.
	pub(crate) fn for_signer(who: &T::AccountId) -> Result<Counted<T>, TransactionValidityError> {
		if T::GateExempt::contains(who) {
			return Ok(Counted::Exempt);
		}
		if !Pallet::<T>::may_transact(who) {
			return Err(InvalidTransaction::Custom(NOT_A_MEMBER).into());
		}
		let now = frame_system::Pallet::<T>::block_number();
		let length = T::RateLimitWindow::get();
		// `integrity_test` guarantees a non-zero window; a zero one would mean "one block".
		let start = if length.is_zero() { now } else { now - now % length };
		let count = match TransactionWindows::<T>::get(who) {
			Some(window) if window.start == start => window.count,
			_ => 0,
		};
		if count >= T::MaxTransactionsPerWindow::get() {
			return Err(InvalidTransaction::Custom(RATE_LIMITED).into());
		}
		Ok(Counted::Signer(
			who.clone(),
			TransactionWindow { start, count: count.saturating_add(1) },
		))
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for CheckMembership<T>
where
	T::RuntimeCall: Dispatchable<Info = DispatchInfo>,
	DispatchOriginOf<T::RuntimeCall>: AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckMembership";
	type Implicit = ();
	type Val = Counted<T>;
	type Pre = ();

	fn weight(&self, _call: &T::RuntimeCall) -> Weight {
		T::WeightInfo::check_membership()
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<T::RuntimeCall>,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let counted = match origin.as_system_origin_signer() {
			Some(who) => Counted::for_signer(who)?,
			None => Counted::Exempt,
		};
		Ok((ValidTransaction::default(), counted, origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &DispatchOriginOf<T::RuntimeCall>,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		if let Counted::Signer(who, window) = val {
			TransactionWindows::<T>::insert(who, window);
		}
		Ok(())
	}
}
