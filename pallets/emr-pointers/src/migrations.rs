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

	use super::v2::v1::{PatientRecords, RecordByHash};
	use crate::{ContentHash, ErasedRecords};

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
	/// its erasure time) and deletes the pointer and its hash and patient index entries; its envelopes were deleted at erasure. Reads every
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
				super::v2::v1::Records::<T>::iter_values().count() as u64 == kept,
				"a pointer does not decode as version 1"
			);
			Ok(())
		}
	}
}

/// Version 1 → 2: the lean record. A pointer keeps its CID in binary form and the page of its
/// patient's index that lists it; the patient's index is kept in pages of
/// [`crate::RECORDS_PER_PAGE`] ids; the hash index is gone.
pub mod v2 {
	use super::*;
	use alloc::{collections::BTreeMap, vec::Vec};
	use frame_support::{traits::Get, weights::Weight};
	use medchain_primitives::RecordId;

	use crate::{cid_bytes, CidBytes, PatientPages, Record, RecordPage, Records, RECORDS_PER_PAGE};

	/// Storage as version 1 kept it.
	pub mod v1 {
		use super::*;
		use codec::{Decode, Encode};
		use medchain_primitives::{Moment, OrgId, RecordCategory};

		use crate::{Cid, ContentHash, RecordStatus};

		/// A record's pointer in version 1: the CID as text, no index page.
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
			/// Where the ciphertext is, as text.
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
			/// Current or superseded.
			pub status: RecordStatus,
		}

		/// [`crate::Records`] as version 1 wrote it.
		#[frame_support::storage_alias]
		pub type Records<T: Config> = StorageMap<
			Pallet<T>,
			frame_support::Twox64Concat,
			RecordId,
			Record<<T as frame_system::Config>::AccountId>,
		>;

		/// Version 1's patient index: one key per record.
		#[frame_support::storage_alias]
		pub type PatientRecords<T: Config> = StorageDoubleMap<
			Pallet<T>,
			frame_support::Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			frame_support::Twox64Concat,
			RecordId,
			(),
		>;

		/// Version 1's tamper-check index: the record of each content hash.
		#[frame_support::storage_alias]
		pub type RecordByHash<T: Config> =
			StorageMap<Pallet<T>, frame_support::Identity, ContentHash, RecordId>;
	}

	/// Rewrites every pointer (CID in binary form, its page), lists each patient's records in
	/// pages in id order, and deletes version 1's patient index and hash index. Reads every
	/// pointer and index entry once; writes every pointer, page and deleted key.
	pub struct LeanRecords<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for LeanRecords<T> {
		fn on_runtime_upgrade() -> Weight {
			// In id order, which is each patient's anchoring order.
			let old: BTreeMap<RecordId, v1::Record<T::AccountId>> =
				v1::Records::<T>::iter().collect();
			let pointers = old.len() as u64;
			let old_index = v1::PatientRecords::<T>::clear(u32::MAX, None).backend as u64;
			let old_hashes = v1::RecordByHash::<T>::clear(u32::MAX, None).backend as u64;
			let mut held = BTreeMap::<T::AccountId, u32>::new();
			let mut pages = BTreeMap::<(T::AccountId, u32), Vec<RecordId>>::new();
			for (id, pointer) in old {
				let count = held.entry(pointer.patient.clone()).or_default();
				let page = *count / RECORDS_PER_PAGE;
				*count = count.saturating_add(1);
				pages.entry((pointer.patient.clone(), page)).or_default().push(id);
				// Every CID passed `is_cid_v1` when it was anchored, so it converts.
				let cid = cid_bytes(&pointer.cid)
					.unwrap_or_else(|| CidBytes::truncate_from(pointer.cid.to_vec()));
				Records::<T>::insert(
					id,
					Record {
						patient: pointer.patient,
						author: pointer.author,
						author_org: pointer.author_org,
						category: pointer.category,
						cid,
						content_hash: pointer.content_hash,
						created_at: pointer.created_at,
						store: pointer.store,
						version: pointer.version,
						previous: pointer.previous,
						status: pointer.status,
						page,
					},
				);
			}
			let mut page_writes = pages.len() as u64;
			for ((patient, page), ids) in pages {
				crate::PatientRecords::<T>::insert(&patient, page, RecordPage::truncate_from(ids));
				if page > 0 {
					// Pages come in order, so the patient's last is written last.
					PatientPages::<T>::insert(&patient, page);
					page_writes = page_writes.saturating_add(1);
				}
			}
			T::DbWeight::get().reads_writes(
				pointers.saturating_add(old_index).saturating_add(old_hashes),
				pointers
					.saturating_add(old_index)
					.saturating_add(old_hashes)
					.saturating_add(page_writes),
			)
		}

		/// Every pointer's id, patient, CID and hash, for `post_upgrade` to compare.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let pointers: Vec<(RecordId, T::AccountId, Vec<u8>, crate::ContentHash)> =
				v1::Records::<T>::iter()
					.map(|(id, r)| (id, r.patient, r.cid.into_inner(), r.content_hash))
					.collect();
			Ok(pointers.encode())
		}

		/// Every pointer stayed with its patient, hash and the same CID (now in binary
		/// form), the old indexes are gone, and the invariants hold.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = <Vec<(RecordId, T::AccountId, Vec<u8>, crate::ContentHash)>>::decode(
				&mut &state[..],
			)
			.map_err(|_| "pre_upgrade state does not decode")?;
			for (id, patient, cid, hash) in &before {
				let pointer = Records::<T>::get(id).ok_or("a pointer was lost")?;
				frame_support::ensure!(
					&pointer.patient == patient && &pointer.content_hash == hash,
					"a pointer changed"
				);
				frame_support::ensure!(
					medchain_primitives::cid_v1_text(&pointer.cid).map(|t| t.into_bytes())
						== Some(cid.clone()),
					"a CID changed"
				);
			}
			frame_support::ensure!(
				Records::<T>::iter_keys().count() == before.len(),
				"a pointer appeared"
			);
			frame_support::ensure!(
				v1::RecordByHash::<T>::iter_keys().next().is_none(),
				"the hash index stayed"
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

/// The migration to version 2, run only on storage at version 1, which it then sets to 2.
pub type MigrateV1ToV2<T> =
	VersionedMigration<1, 2, v2::LeanRecords<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
