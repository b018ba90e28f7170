//! Storage migrations of the access-control pallet, one module per storage version, listed by
//! the runtime in its `Migrations`; each runs once, guarded by the version it moves from.

use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

use crate::{Config, Pallet};

/// Version 0 → 1: grants to a person bound to the grantee's registration epoch, requests to
/// the requester's organisation and epoch.
pub mod v1 {
	use super::*;
	use crate::{
		AccessLevel, AccessRequest, Grant, Grantee, Purpose, RequestCount, Requests, Scope,
	};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use codec::{Decode, Encode};
	use frame_support::{traits::Get, weights::Weight};
	use medchain_primitives::{ConsortiumMembership, Moment};

	/// A grant as version 0 stored it: without the grantee's epoch.
	#[derive(Encode, Decode)]
	struct OldGrant<AccountId> {
		grantee: Grantee<AccountId>,
		scope: Scope,
		access: AccessLevel,
		purpose: Purpose,
		valid_from: Moment,
		valid_until: Option<Moment>,
		granted_at: Moment,
	}

	/// A request as version 0 stored it: without the requester's organisation and epoch.
	#[derive(Encode, Decode)]
	struct OldRequest<AccountId> {
		requester: AccountId,
		grantee: Grantee<AccountId>,
		scope: Scope,
		access: AccessLevel,
		purpose: Purpose,
		valid_until: Option<Moment>,
		requested_at: Moment,
	}

	/// Binds every grant to a person to the grantee's epoch now (grants to people no longer
	/// registered stop applying, as they already did), and every request to its requester's
	/// organisation now. A request whose requester is no longer staff is dropped, as it could
	/// no longer be approved into anything it asked for; so is a second request from one
	/// organisation to one patient (the first in storage order stays).
	pub struct BindToEpochs<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for BindToEpochs<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			crate::Grants::<T>::translate::<OldGrant<T::AccountId>, _>(|_, _, old| {
				reads += 2;
				writes += 1;
				let grantee_epoch = match &old.grantee {
					Grantee::Person(person) => T::Membership::registration_epoch(person),
					Grantee::Organisation(_) => 0,
				};
				Some(Grant {
					grantee: old.grantee,
					scope: old.scope,
					access: old.access,
					purpose: old.purpose,
					valid_from: old.valid_from,
					valid_until: old.valid_until,
					granted_at: old.granted_at,
					grantee_epoch,
				})
			});
			let mut dropped = alloc::vec::Vec::new();
			let mut seen = alloc::collections::BTreeSet::new();
			Requests::<T>::translate::<OldRequest<T::AccountId>, _>(|patient, _, old| {
				reads += 3;
				writes += 1;
				let org = T::Membership::organisation_of(&old.requester)
					.filter(|org| seen.insert((patient.clone(), *org)));
				let Some(org) = org else {
					dropped.push(patient);
					return None;
				};
				Some(AccessRequest {
					requester_epoch: T::Membership::registration_epoch(&old.requester),
					requester: old.requester,
					grantee: old.grantee,
					scope: old.scope,
					access: old.access,
					purpose: old.purpose,
					valid_until: old.valid_until,
					requested_at: old.requested_at,
					org,
				})
			});
			for patient in dropped {
				writes += 1;
				RequestCount::<T>::mutate(&patient, |count| *count = count.saturating_sub(1));
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		/// How many grants and requests there are before.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let grants = crate::Grants::<T>::iter_keys().count() as u64;
			Ok(grants.encode())
		}

		/// Every grant decodes in the new shape and none was lost. (The pallet's invariants
		/// hold once version 2 indexed the grants: its check runs them.)
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let grants = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
			frame_support::ensure!(
				crate::Grants::<T>::iter().count() as u64 == grants,
				"a grant was lost or does not decode"
			);
			frame_support::ensure!(
				Requests::<T>::iter().count() == Requests::<T>::iter_keys().count(),
				"a request does not decode"
			);
			Ok(())
		}
	}
}

/// The migration to version 1, run only on storage at version 0, which it then sets to 1.
pub type MigrateV0ToV1<T> =
	VersionedMigration<0, 1, v1::BindToEpochs<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// Version 1 → 2: the index of each patient's grants by grantee ([`crate::GrantsTo`]), that
/// the consent check reads instead of all of a patient's grants.
pub mod v2 {
	use super::*;
	use crate::{Event, GrantId, Grantee, Grants, GrantsTo};
	use alloc::{collections::BTreeMap, vec::Vec};
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, Encode};
	use frame_support::{traits::Get, weights::Weight, BoundedVec};

	/// A patient and one of their grantees.
	type PatientAndGrantee<T> =
		(<T as frame_system::Config>::AccountId, Grantee<<T as frame_system::Config>::AccountId>);

	/// Indexes every grant under its patient and grantee. Before version 2 nothing bounded
	/// the grants to one grantee; where a patient gave one more than `MaxGrantsPerGrantee`,
	/// the newest stay and the older ones are deleted, each with a `GrantRetired` event.
	/// Reads every grant in one block: fine for a consortium's thousands of grants, not for
	/// millions (those would need a multi-block migration).
	pub struct IndexGrantsByGrantee<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexGrantsByGrantee<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut by_grantee: BTreeMap<PatientAndGrantee<T>, Vec<GrantId>> = BTreeMap::new();
			let mut reads = 0u64;
			for (patient, id, grant) in Grants::<T>::iter() {
				reads += 1;
				by_grantee.entry((patient, grant.grantee)).or_default().push(id);
			}
			let mut writes = 0u64;
			let bound = T::MaxGrantsPerGrantee::get() as usize;
			for ((patient, grantee), mut ids) in by_grantee {
				ids.sort_unstable();
				let keep = ids.split_off(ids.len().saturating_sub(bound));
				for grant in ids {
					writes += 3;
					Pallet::<T>::remove_grant(&patient, grant, &grantee);
					Pallet::<T>::deposit_event(Event::GrantRetired {
						patient: patient.clone(),
						grant,
					});
				}
				writes += 1;
				// `keep` holds at most the bound: nothing is cut.
				let keep = BoundedVec::<_, T::MaxGrantsPerGrantee>::truncate_from(keep);
				GrantsTo::<T>::insert(&patient, &grantee, keep);
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		/// How many grants there are before.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((Grants::<T>::iter_keys().count() as u64).encode())
		}

		/// Every grant left is indexed, only grants beyond the bound went, and the invariants
		/// hold.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
			let indexed: u64 = GrantsTo::<T>::iter_values().map(|ids| ids.len() as u64).sum();
			frame_support::ensure!(indexed <= before, "an index entry without a grant");
			Pallet::<T>::do_try_state()
		}
	}
}

/// The migration to version 2, run only on storage at version 1, which it then sets to 2.
pub type MigrateV1ToV2<T> = VersionedMigration<
	1,
	2,
	v2::IndexGrantsByGrantee<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
