//! Version 1 → 2: recalls scoped explicitly and approved by officers. A lot recall becomes
//! a recall of that one lot; a model recall, which reached every device of the model ever
//! registered, now reaches those registered up to the upgrade (what it reached then, and
//! nothing made later). An officer's recall counts the officer as its first approval, a
//! confirmed manufacturer's recall the confirming officer; a dismissed one keeps who
//! dismissed it.

use super::*;
use crate::{
	AdverseEventId, ReasonCode, Recall, RecallId, RecallScope, RecallStatus, RecalledModels,
	Recalls,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{storage_alias, traits::Get, weights::Weight, BoundedVec, Identity};
use medchain_primitives::devices::{ProductionId, UdiDi};
use medchain_primitives::{Moment, OrgId};

/// What version 1 stored.
pub mod old {
	use super::*;

	/// A version-1 recall's scope: one lot, or the whole model.
	#[derive(Encode, Decode, Clone)]
	pub enum RecallScope {
		/// One lot.
		Lot {
			/// The model.
			di: UdiDi,
			/// The lot.
			lot: ProductionId,
		},
		/// The model, whenever made.
		Model {
			/// The model.
			di: UdiDi,
		},
	}

	/// A version-1 recall.
	#[derive(Encode, Decode, Clone)]
	pub struct Recall<AccountId> {
		/// Its scope.
		pub scope: RecallScope,
		/// Its reason code.
		pub reason: ReasonCode,
		/// The adverse event behind it.
		pub event: Option<AdverseEventId>,
		/// Who issued it.
		pub issued_by: AccountId,
		/// Their organisation.
		pub issuer_org: OrgId,
		/// When.
		pub issued_at: Moment,
		/// Pending, Confirmed or Dismissed (the first three of today's statuses).
		pub status: RecallStatus,
		/// The officer who confirmed or dismissed a manufacturer's recall, and when.
		pub decided: Option<(AccountId, Moment)>,
	}

	/// Version 1's recalls.
	#[storage_alias]
	pub type Recalls<T: Config> = StorageMap<
		Pallet<T>,
		frame_support::Twox64Concat,
		RecallId,
		Recall<<T as frame_system::Config>::AccountId>,
	>;

	/// Version 1's model recalls in force: the recall alone.
	#[storage_alias]
	pub type RecalledModels<T: Config> = StorageMap<Pallet<T>, Identity, [u8; 32], RecallId>;
}

/// A version-1 recall as version 2 keeps it; a model recall reaches what was registered by
/// `now`.
pub fn migrated<AccountId: Clone>(old: old::Recall<AccountId>, now: Moment) -> Recall<AccountId> {
	let scope = match old.scope {
		old::RecallScope::Lot { di, lot } => {
			RecallScope::Lots { di, lots: BoundedVec::truncate_from(alloc::vec![lot]) }
		},
		old::RecallScope::Model { di } => RecallScope::Model { di, until: now },
	};
	let (mut approvals, mut dismissed) = (Vec::new(), None);
	match (old.status, old.decided) {
		// Confirmed when issued: a regulatory officer issued it.
		(RecallStatus::Confirmed, None) => approvals.push((old.issued_by.clone(), old.issued_at)),
		(RecallStatus::Confirmed, Some(decided)) => approvals.push(decided),
		(RecallStatus::Dismissed, decided) => dismissed = decided,
		_ => {},
	}
	Recall {
		scope,
		reason: old.reason,
		event: old.event,
		issued_by: old.issued_by,
		issuer_org: old.issuer_org,
		issued_at: old.issued_at,
		status: old.status,
		approvals: BoundedVec::truncate_from(approvals),
		dismissed,
		enforced_by_governance: None,
		supersedes: None,
		withdrawn: None,
	}
}

/// Moves every recall and every model recall in force to version 2's shape.
pub struct ScopeRecalls<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ScopeRecalls<T> {
	fn on_runtime_upgrade() -> Weight {
		let now = medchain_primitives::now_millis::<T::Time>();
		let (mut reads, mut writes) = (1u64, 0u64);
		let recalls: Vec<_> = old::Recalls::<T>::drain().collect();
		for (id, recall) in recalls {
			Recalls::<T>::insert(id, migrated(recall, now));
			reads += 1;
			writes += 2;
		}
		let models: Vec<_> = old::RecalledModels::<T>::drain().collect();
		for (key, id) in models {
			RecalledModels::<T>::insert(key, (id, now));
			reads += 1;
			writes += 2;
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}

	/// How many recalls there were.
	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok((old::Recalls::<T>::iter_keys().count() as u64).encode())
	}

	/// Every recall decodes in its new shape, none lost, and every one in force is indexed.
	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
		frame_support::ensure!(
			Recalls::<T>::iter_keys().count() as u64 == before
				&& Recalls::<T>::iter_values().count() as u64 == before,
			"a recall was lost or does not decode"
		);
		Pallet::<T>::try_recalls()
	}
}
