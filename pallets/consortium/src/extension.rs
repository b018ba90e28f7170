//! The permissioned, feeless transaction gate.
//!
//! medchain charges no fees, so something else must keep strangers, forbidden calls and
//! floods out of the transaction pool and out of blocks. [`CheckMembership`] does, in
//! `validate` (which the pool runs before it accepts a transaction, and block building and
//! import run again before each transaction is applied):
//!
//! 1. A signed transaction whose signer is neither active staff, a registered patient, nor a
//!    `Config::GateExempt` governance key is invalid with [`NOT_A_MEMBER`].
//! 2. The runtime's call-permission table (`Config::CallPolicy`) decides whether this signer
//!    may make this call, looking into the calls of batches too; if not, [`CALL_NOT_ALLOWED`]
//!    (or [`CALL_OUT_OF_BOUNDS`] for arguments the runtime bounds). Governance calls signed
//!    by a governance key count against the governance budget (larger than any member's,
//!    and usable even when the key is not a member); every other call against the signer's
//!    member budget.
//! 3. Every other transaction counts against its signer's **budget** for the current window
//!    of `Config::RateLimitWindow` blocks: transactions, ref-time weight and encoded bytes,
//!    each bounded per kind of account (`Config::Budgets`: a patient's far below an
//!    integration account's). Batches count by their content (their weight is their calls',
//!    their length every byte). A transaction larger than the whole budget is
//!    [`EXCEEDS_BUDGET`]; one that does not fit what is left of the window is
//!    [`RATE_LIMITED`] until the next window starts.
//! 4. In the pool, a transaction whose signer already has transactions waiting (its nonce is
//!    ahead of the account's) counts those as if each were as large as itself; if they would
//!    not all fit the window, or [`MAX_PENDING`] are already waiting, it is
//!    [`TOO_MANY_PENDING`]. So the pool holds a bounded share of any account's transactions. The transaction's priority is the share of the budget
//!    left after it (and those ahead of it): an account that has used little is served
//!    before one that has used much, and governance before both.
//!
//! The gate reads the transaction's nonce from the extension that follows it, so it must
//! come immediately before `frame_system::CheckNonce` in the runtime's `TxExtension` (the
//! runtime's tests check that it does). It adds no signed data (its encoding and implicit data
//! are empty), so generic clients that do not know it can still sign medchain transactions.
//! Unsigned transactions and inherents pass through untouched (the runtime's base call filter
//! decides which calls they may carry).

use crate::{AccountKind, Config, Pallet, TransactionWindow, TransactionWindows, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::{fmt, marker::PhantomData};
use frame_support::{
	dispatch::DispatchInfo,
	pallet_prelude::TransactionSource,
	traits::{Contains, Get},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use medchain_primitives::{StaffMembership, StaffRole};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, Convert, DispatchInfoOf, DispatchOriginOf, Dispatchable, Implication,
		SaturatedConversion, TransactionExtension, ValidateResult, Zero,
	},
	transaction_validity::{
		InvalidTransaction, TransactionPriority, TransactionValidityError, ValidTransaction,
	},
};

/// `InvalidTransaction::Custom` code: the signer is not a registered member of the
/// consortium (neither active staff, a patient, nor a governance key).
pub const NOT_A_MEMBER: u8 = 1;

/// `InvalidTransaction::Custom` code: the signer's budget for the current rate-limit window
/// (transactions, weight or bytes) has no room for this transaction; it is valid again once
/// the next window starts.
pub const RATE_LIMITED: u8 = 2;

/// `InvalidTransaction::Custom` code: the call-permission table does not let this signer
/// make this call (or one of the calls in its batch). docs/consortium.md lists who may.
pub const CALL_NOT_ALLOWED: u8 = 3;

/// `InvalidTransaction::Custom` code: the transaction alone carries more weight or bytes
/// than the signer's whole budget of a window: it can never be included.
pub const EXCEEDS_BUDGET: u8 = 4;

/// `InvalidTransaction::Custom` code: the signer's transactions already waiting in the pool
/// fill its budget for the window; submit again once some are included.
pub const TOO_MANY_PENDING: u8 = 5;

/// `InvalidTransaction::Custom` code: an argument is beyond a bound the runtime sets for
/// the call (the peer allow-list's peer id length and connection counts).
pub const CALL_OUT_OF_BOUNDS: u8 = 6;

/// The priority of a governance call signed by a governance key: above every budgeted
/// transaction (whose priority is at most [`FULL_BUDGET_PRIORITY`]).
pub const GOVERNANCE_PRIORITY: TransactionPriority = 2 * FULL_BUDGET_PRIORITY;

/// The priority of a transaction that leaves its signer's whole budget untouched; the
/// priority falls in proportion to the share of the budget used.
pub const FULL_BUDGET_PRIORITY: TransactionPriority = 1_000_000;

/// The most transactions of one account the pool takes ahead of another of its own.
pub const MAX_PENDING: u32 = 64;

/// What the gate knows of a registered signer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Member {
	/// Active staff of an active organisation.
	Staff(StaffMembership),
	/// A registered patient.
	Patient,
}

impl Member {
	/// The kind of account, which decides the budget.
	pub fn kind(&self) -> AccountKind {
		match self {
			Member::Patient => AccountKind::Patient,
			Member::Staff(m) if m.has_role(StaffRole::Integration) => AccountKind::Integration,
			Member::Staff(_) => AccountKind::Staff,
		}
	}
}

/// The runtime's answer on whether a signer may make a call.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
	/// Allowed, and counted against the signer's budget (the signer must be a member).
	Counted,
	/// A governance call signed by a governance key: allowed, counted against the governance
	/// budget (`AccountKind::Governance`), whether or not the key is a member.
	Governance,
}

/// The runtime's call-permission table, as the gate asks it. The runtime implements it
/// (with its `BaseCallFilter`, from one table); `()` allows every call, counted.
pub trait CallPolicy<AccountId, Call> {
	/// Whether `who` (`member` if it is a registered member) may sign `call`, looking into
	/// the calls of batches; a refusal is the `InvalidTransaction::Custom` code to return.
	fn check(who: &AccountId, member: Option<&Member>, call: &Call) -> Result<Verdict, u8>;

	/// The weight of [`Self::check`] on `call` (it may walk a batch and read storage).
	fn weight(call: &Call) -> Weight;
}

impl<AccountId, Call> CallPolicy<AccountId, Call> for () {
	fn check(_: &AccountId, _: Option<&Member>, _: &Call) -> Result<Verdict, u8> {
		Ok(Verdict::Counted)
	}

	fn weight(_: &Call) -> Weight {
		Weight::zero()
	}
}

/// One budget for every kind of account, for test runtimes.
pub struct UniformBudget<B>(PhantomData<B>);

impl<B: Get<crate::Budget>> Convert<AccountKind, crate::Budget> for UniformBudget<B> {
	fn convert(_: AccountKind) -> crate::Budget {
		B::get()
	}
}

/// The transaction gate: only registered members transact, each the calls its kind may make
/// and within its budget. See the [module docs](self).
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

/// What `validate` found, for `prepare` to record.
pub enum Counted<T: Config> {
	/// Not counted: the transaction is not signed.
	Exempt,
	/// The signer's window including this transaction.
	Signer(T::AccountId, TransactionWindow<BlockNumberFor<T>>),
}

/// One transaction as the budget sees it.
#[derive(Clone, Copy, Debug)]
pub struct Load {
	/// Its ref-time weight (call and extensions), in picoseconds.
	pub weight: u64,
	/// Its encoded length, in bytes.
	pub length: u32,
	/// The signer's transactions in the pool ahead of it (0 when it is next, and always in a
	/// block).
	pub pending: u32,
}

impl<T: Config> Counted<T> {
	/// The signer's window including this transaction and its priority, or the reason to
	/// refuse it.
	pub(crate) fn for_transaction(
		who: &T::AccountId,
		call: &T::RuntimeCall,
		load: Load,
	) -> Result<(Counted<T>, TransactionPriority), TransactionValidityError> {
		let member = Pallet::<T>::member(who);
		if member.is_none() && !T::GateExempt::contains(who) {
			return Err(InvalidTransaction::Custom(NOT_A_MEMBER).into());
		}
		let verdict =
			T::CallPolicy::check(who, member.as_ref(), call).map_err(InvalidTransaction::Custom)?;
		let kind = match verdict {
			Verdict::Governance => AccountKind::Governance,
			// A governance key that is not a member makes governance calls only.
			Verdict::Counted => member.ok_or(InvalidTransaction::Custom(NOT_A_MEMBER))?.kind(),
		};
		let budget = T::Budgets::convert(kind);
		if load.weight > budget.weight || u64::from(load.length) > u64::from(budget.length) {
			return Err(InvalidTransaction::Custom(EXCEEDS_BUDGET).into());
		}

		let now = frame_system::Pallet::<T>::block_number();
		let window = T::RateLimitWindow::get();
		// `integrity_test` guarantees a non-zero window; a zero one would mean "one block".
		let start = if window.is_zero() { now } else { now - now % window };
		let used = match TransactionWindows::<T>::get(who) {
			Some(used) if used.start == start => used,
			_ => TransactionWindow { start, ..Default::default() },
		};
		let with = |transactions: u32| Usage::of(&used, load, transactions);
		let after = with(1);
		if !after.within(&budget) {
			return Err(InvalidTransaction::Custom(RATE_LIMITED).into());
		}
		let with_pending = with(load.pending.saturating_add(1));
		if load.pending >= MAX_PENDING || !with_pending.within(&budget) {
			return Err(InvalidTransaction::Custom(TOO_MANY_PENDING).into());
		}
		let window = TransactionWindow {
			start,
			count: after.transactions.saturated_into(),
			weight: after.weight.saturated_into(),
			length: after.length.saturated_into(),
		};
		let priority = match verdict {
			Verdict::Governance => GOVERNANCE_PRIORITY,
			Verdict::Counted => with_pending.priority(&budget),
		};
		Ok((Counted::Signer(who.clone(), window), priority))
	}
}

/// A window's figures after some transactions, in wide integers (they cannot overflow).
struct Usage {
	transactions: u128,
	weight: u128,
	length: u128,
}

impl Usage {
	/// `used`, plus `transactions` transactions each as large as `load`.
	fn of<B>(used: &TransactionWindow<B>, load: Load, transactions: u32) -> Self {
		let n = u128::from(transactions);
		Usage {
			transactions: u128::from(used.count) + n,
			weight: u128::from(used.weight) + n * u128::from(load.weight),
			length: u128::from(used.length) + n * u128::from(load.length),
		}
	}

	fn within(&self, budget: &crate::Budget) -> bool {
		self.transactions <= u128::from(budget.transactions)
			&& self.weight <= u128::from(budget.weight)
			&& self.length <= u128::from(budget.length)
	}

	/// The share of the budget left, the least of the three, scaled to
	/// [`FULL_BUDGET_PRIORITY`].
	fn priority(&self, budget: &crate::Budget) -> TransactionPriority {
		let left = |used: u128, bound: u128| {
			if bound == 0 {
				return 0;
			}
			bound.saturating_sub(used) * u128::from(FULL_BUDGET_PRIORITY) / bound
		};
		let share = left(self.transactions, budget.transactions.into())
			.min(left(self.weight, budget.weight.into()))
			.min(left(self.length, budget.length.into()));
		share.saturated_into()
	}
}

/// How many of `who`'s transactions the pool holds ahead of the one whose remaining
/// extensions' explicit data is `implication` (the gate sits right before `CheckNonce`, so
/// that data starts with the transaction's nonce). Zero if it cannot be read.
fn pending_ahead<T: Config>(who: &T::AccountId, implication: &impl Implication) -> u32 {
	let explicit = implication.parts().explicit.encode();
	let Ok(frame_system::CheckNonce::<T>(nonce)) =
		frame_system::CheckNonce::<T>::decode(&mut &explicit[..])
	else {
		return 0;
	};
	let next = frame_system::Pallet::<T>::account_nonce(who);
	sp_runtime::traits::Saturating::saturating_sub(nonce, next).saturated_into()
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

	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		T::WeightInfo::check_membership().saturating_add(T::CallPolicy::weight(call))
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		len: usize,
		_self_implicit: Self::Implicit,
		inherited_implication: &impl Implication,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let Some(who) = origin.as_system_origin_signer() else {
			return Ok((ValidTransaction::default(), Counted::Exempt, origin));
		};
		let load = Load {
			weight: info.total_weight().ref_time(),
			length: len.saturated_into(),
			pending: pending_ahead::<T>(who, inherited_implication),
		};
		let (counted, priority) = Counted::for_transaction(who, call, load)?;
		Ok((ValidTransaction { priority, ..Default::default() }, counted, origin))
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
