//! Storage migrations of the EMR pointers pallet, one module per storage version. The
//! runtime lists the ones to run in its `Migrations`; each runs once, guarded by the version
//! it moves from (`VersionedMigration`), and checks itself under `try-runtime`.

use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

use crate::{Config, Pallet};

/// Version 0 → 1: an erased record keeps only its receipt.
pub mod v1 {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{traits::Get, weights::Weight};
	use medchain_primitives::{Moment, RecordId};

	use crate::{ContentHash, ErasedRecords, PatientRecords, RecordByHash};

	/// Storage as version 0 kept it: a pointer stayed after erasure, marked erased.
	pub mod v0 {
		use super::*;
		use codec::{Decode, Encode};
		use medchain_primitives::{OrgId, RecordCategory};

		use crate::Cid;

		/// A record's state in version 0.
		#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
		pub enum RecordStatus {
			/// The latest version.
			Current,
			/// A newer version replaced it.
			Superseded {
				/// The version that replaced it.
				by: RecordId,
			},
			/// Crypto-shredded; the pointer stayed.
			Erased {
				/// When.
				at: Moment,
			},
		}

		/// A record's pointer in version 0 (version 1's [`crate::Record`] with the old
		/// status).
		#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
		pub struct Record<AccountId> {
			/// The patient it is about.
			pub patient: AccountId,
			/// Who anchored it.
			pub author: AccountId,
			/// The author's organisation.
			pub author_org: Option<OrgId>,
			/// Its category.
			pub category: RecordCategory,
			/// Where the ciphertext is.
			pub cid: Cid,
			/// The hash of the ciphertext.
			pub content_hash: ContentHash,
			/// When it was anchored.
			pub created_at: Moment,
			/// The organisation whose store holds the ciphertext.
			pub store: OrgId,
			/// Its version.
			pub version: u32,
			/// The version it replaced.
			pub previous: Option<RecordId>,
			/// Current, superseded or erased.
			pub status: RecordStatus,
		}

		/// [`crate::Records`] read as version 0 wrote it.
		#[frame_support::storage_alias]
		pub type Records<T: Config> = StorageMap<
			Pallet<T>,
			frame_support::Twox64Concat,
			RecordId,
			Record<<T as frame_system::Config>::AccountId>,
		>;
	}

	/// Turns every pointer version 0 marked erased into a receipt in [`ErasedRecords`] (with
	/// its erasure time) and deletes the pointer and its [`RecordByHash`] and
	/// [`PatientRecords`] entries; its envelopes were deleted at erasure. Reads every
	/// pointer once; four writes per erased one (and one read, to check the hash entry is
	/// its own).
	pub struct KeepOnlyErasureReceipts<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for KeepOnlyErasureReceipts<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut pointers = 0u64;
			let erased: Vec<(RecordId, T::AccountId, ContentHash, Moment)> =
				v0::Records::<T>::iter()
					.inspect(|_| pointers = pointers.saturating_add(1))
					.filter_map(|(id, pointer)| match pointer.status {
						v0::RecordStatus::Erased { at } => {
							Some((id, pointer.patient, pointer.content_hash, at))
						},
						_ => None,
					})
					.collect();
			let count = erased.len() as u64;
			for (id, patient, content_hash, at) in erased {
				v0::Records::<T>::remove(id);
				RecordByHash::<T>::mutate_exists(content_hash, |entry| {
					if *entry == Some(id) {
						*entry = None;
					}
				});
				PatientRecords::<T>::remove(&patient, id);
				ErasedRecords::<T>::insert(id, at);
			}
			T::DbWeight::get().reads_writes(pointers.saturating_add(count), count.saturating_mul(4))
		}

		/// The erased pointers and how many pointers there are, for `post_upgrade` to
		/// compare.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			frame_support::ensure!(
				ErasedRecords::<T>::iter_keys().next().is_none(),
				"version 0 has no erasure receipts"
			);
			let mut pointers = 0u64;
			let mut erased = Vec::<(RecordId, Moment)>::new();
			for (id, pointer) in v0::Records::<T>::iter() {
				pointers += 1;
				if let v0::RecordStatus::Erased { at } = pointer.status {
					erased.push((id, at));
				}
			}
			Ok((pointers, erased).encode())
		}

		/// Each erased pointer became its receipt, every other pointer stayed and decodes as
		/// version 1, and the invariants hold.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let (pointers, erased) = <(u64, Vec<(RecordId, Moment)>)>::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state does not decode")?;
			for (id, at) in &erased {
				frame_support::ensure!(
					ErasedRecords::<T>::get(id) == Some(*at),
					"an erased pointer without its receipt"
				);
				frame_support::ensure!(
					!crate::Records::<T>::contains_key(id),
					"an erased pointer stayed"
				);
			}
			frame_support::ensure!(
				ErasedRecords::<T>::iter_keys().count() == erased.len(),
				"a receipt for a record that was not erased"
			);
			let kept = crate::Records::<T>::iter_keys().count() as u64;
			frame_support::ensure!(
				kept == pointers.saturating_sub(erased.len() as u64),
				"a pointer was lost"
			);
			frame_support::ensure!(
				crate::Records::<T>::iter_values().count() as u64 == kept,
				"a pointer does not decode as version 1"
			);
			Pallet::<T>::do_try_state()
		}
	}
}

/// The migration to version 1, run only on storage at version 0, which it then sets to 1.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	v1::KeepOnlyErasureReceipts<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
