//! # EMR pointers pallet
//!
//! A patient's records are ciphertext kept off chain, in a hospital's IPFS-compatible store.
//! The chain keeps only each record's pointer ([`Record`]): who it is about, who wrote it,
//! its category, the CIDv1 of the ciphertext and its hash, when, and which store holds it.
//! That is enough to find a record, to check that a copy is genuine and current (the tamper
//! check, [`Pallet::verify_record`] / [`Pallet::verify_for_patient`]), and to erase it.
//!
//! ## Roles and permissions
//!
//! - **Adding a record** (or a new version): the patient, or active clinical staff whom the
//!   patient's consent lets write that category (`Config::Consent`, answered by the
//!   access-control pallet: a read-write grant to them or to their organisation).
//! - **Key envelopes**: a record's content key exists on chain only sealed to readers'
//!   X25519 keys (each account registers its own). Envelopes go only to the patient and to
//!   readers the consent lets read the record; the patient removes any, and anyone may
//!   remove one whose reader has lost access.
//! - **Erasure** (GDPR art. 17, by crypto-shredding): the patient, or an admin of an
//!   organisation that stores or wrote every version, erases a record with all its
//!   versions. Every envelope is deleted, each version is marked erased,
//!   and a `RecordErased` receipt names the content hash the store must delete.
//!
//! Versions: amending never overwrites: the new pointer supersedes the old one, which stays.
//!
//! ## Data privacy
//!
//! No content, no names, no identifiers: CIDs and hashes are of ciphertext, and envelopes
//! are sealed keys, useless without the reader's private key.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::*;
use medchain_primitives::{
	ConsentCheck, ConsortiumMembership, Moment, RecordCategory, RecordId, RecordLookup,
	RecordSubject, StaffRole,
};

/// A key envelope: a content key sealed to one reader's [`EncryptionKey`].
pub type Envelope<T> = BoundedVec<u8, <T as Config>::MaxEnvelopeLength>;

/// Envelopes for several readers, as calls take them.
pub type Envelopes<T> = BoundedVec<
	(<T as frame_system::Config>::AccountId, Envelope<T>),
	<T as Config>::MaxEnvelopesPerRecord,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Who is staff, a patient, an active organisation (the consortium pallet).
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// The patient's consent (the access-control pallet).
		type Consent: ConsentCheck<Self::AccountId>;

		/// The chain's time, for creation and erasure times.
		type Time: UnixTime;

		/// The most key envelopes one record may have.
		#[pallet::constant]
		type MaxEnvelopesPerRecord: Get<u32>;

		/// The longest envelope, in bytes (a sealed 32-byte key is about 100).
		#[pallet::constant]
		type MaxEnvelopeLength: Get<u32>;

		/// The most versions one record may have.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every record's pointer, by id.
	#[pallet::storage]
	pub type Records<T: Config> =
		StorageMap<_, Twox64Concat, RecordId, Record<T::AccountId>, OptionQuery>;

	/// The id the next record gets.
	#[pallet::storage]
	pub type NextRecordId<T: Config> = StorageValue<_, RecordId, ValueQuery>;

	/// Each patient's records (every version), for listing them.
	#[pallet::storage]
	pub type PatientRecords<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		RecordId,
		(),
		OptionQuery,
	>;

	/// Which record each content hash belongs to: the tamper check's index.
	#[pallet::storage]
	pub type RecordByHash<T: Config> = StorageMap<_, Identity, ContentHash, RecordId, OptionQuery>;

	/// Each account's X25519 public key, that content keys are sealed to.
	#[pallet::storage]
	pub type EncryptionKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, EncryptionKey, OptionQuery>;

	/// Each record's key envelopes, by reader.
	#[pallet::storage]
	pub type KeyEnvelopes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		RecordId,
		Blake2_128Concat,
		T::AccountId,
		Envelope<T>,
		OptionQuery,
	>;

	/// How many envelopes each record has (bounded by `MaxEnvelopesPerRecord`).
	#[pallet::storage]
	pub type EnvelopeCount<T: Config> = StorageMap<_, Twox64Concat, RecordId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account registered (or replaced) its encryption key.
		EncryptionKeyRegistered {
			/// The account.
			who: T::AccountId,
		},
		/// A record was anchored: its ciphertext is at `cid` in `store`'s store.
		RecordAnchored {
			/// The record's id.
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// Who anchored it.
			author: T::AccountId,
			/// Its category.
			category: RecordCategory,
			/// The hash of the ciphertext.
			content_hash: ContentHash,
			/// Its version (1 for a new record).
			version: u32,
			/// The version it supersedes, if any.
			previous: Option<RecordId>,
		},
		/// Key envelopes were added to a record.
		EnvelopesAdded {
			/// The record.
			record: RecordId,
			/// The readers who can now decrypt it.
			readers: Vec<T::AccountId>,
		},
		/// A reader's key envelope was removed from a record.
		EnvelopeRemoved {
			/// The record.
			record: RecordId,
			/// The reader.
			reader: T::AccountId,
		},
		/// Erasure receipt: the record is crypto-shredded. The store holding it deletes the
		/// ciphertext whose hash is `content_hash`.
		RecordErased {
			/// The record (one version).
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// The hash of the ciphertext to delete.
			content_hash: ContentHash,
			/// How many key envelopes were deleted.
			envelopes_removed: u32,
			/// Who erased it.
			erased_by: T::AccountId,
			/// When.
			at: Moment,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is neither active staff nor a patient.
		NotRegistered,
		/// The account named as the patient is not a registered patient.
		NotPatient,
		/// The caller holds no clinical role (Doctor, Nurse, LabTechnician, Pharmacist).
		NotClinicalStaff,
		/// The patient's consent does not let the caller do this.
		NotAuthorised,
		/// The store's organisation is not an active member, or (for staff) not the author's
		/// own organisation.
		UnknownStore,
		/// The CID is not a CIDv1 in base32 string form.
		InvalidCid,
		/// A record with this content hash is already anchored.
		DuplicateContent,
		/// No record has this id.
		RecordNotFound,
		/// The record is not the current version.
		NotCurrent,
		/// The record was erased.
		RecordErased,
		/// The record already has `MaxVersions` versions.
		TooManyVersions,
		/// The record already has `MaxEnvelopesPerRecord` envelopes.
		TooManyEnvelopes,
		/// An envelope's reader has registered no encryption key.
		NoEncryptionKey,
		/// An envelope's reader may not read the record.
		ReaderNotAuthorised,
		/// Two envelopes, or an envelope and an existing one, are for the same reader.
		DuplicateReader,
		/// An envelope is empty.
		EmptyEnvelope,
		/// The record has no envelope for this reader.
		EnvelopeNotFound,
		/// The reader still may read the record: only the patient may remove their envelope.
		ReaderStillAuthorised,
		/// The record ids are exhausted.
		IdsExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let envelopes = T::MaxEnvelopesPerRecord::get();
			medchain_primitives::weights::assert_calls_fit_a_block::<T>(
				"emr_pointers",
				&[
					("register_encryption_key", T::WeightInfo::register_encryption_key()),
					("add_record / amend_record", T::WeightInfo::add_record(envelopes)),
					("add_envelopes", T::WeightInfo::add_envelopes(envelopes)),
					("remove_envelope", T::WeightInfo::remove_envelope()),
					("erase_record", T::WeightInfo::erase_record()),
				],
			);
			medchain_primitives::weights::assert_calls_fit_block_length::<T>(
				"emr_pointers",
				&[
					(
						"add_record / amend_record",
						<(
							T::AccountId,
							RecordCategory,
							Cid,
							ContentHash,
							medchain_primitives::OrgId,
							Envelopes<T>,
						)>::max_encoded_len(),
					),
					("add_envelopes", <(RecordId, Envelopes<T>)>::max_encoded_len()),
				],
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register (or replace) your X25519 public key, that content keys are sealed to.
		///
		/// Origin: active staff or a registered patient. Emits `EncryptionKeyRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_encryption_key())]
		pub fn register_encryption_key(origin: OriginFor<T>, key: EncryptionKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(
				T::Membership::active_staff(&who).is_some() || T::Membership::is_patient(&who),
				Error::<T>::NotRegistered
			);
			EncryptionKeys::<T>::insert(&who, key);
			Self::deposit_event(Event::EncryptionKeyRegistered { who });
			Ok(())
		}

		/// Anchor a new record of `patient`: its ciphertext's CIDv1 and hash, the store that
		/// holds it, and its content key sealed to each reader.
		///
		/// Origin: the patient, or active clinical staff the patient's consent lets write
		/// `category`. Staff anchor in their own organisation's store. Every envelope's reader must have an encryption key and be allowed to
		/// read the record. Emits `RecordAnchored` (and `EnvelopesAdded`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_record(envelopes.len() as u32))]
		pub fn add_record(
			origin: OriginFor<T>,
			patient: T::AccountId,
			category: RecordCategory,
			cid: Cid,
			content_hash: ContentHash,
			store: medchain_primitives::OrgId,
			envelopes: Envelopes<T>,
		) -> DispatchResult {
			let author = ensure_signed(origin)?;
			Self::do_add_record(
				author,
				patient,
				category,
				cid,
				content_hash,
				store,
				envelopes,
				None,
			)
		}

		/// Amend a record: anchor a new version that supersedes `previous`, which stays as it
		/// was. The new version keeps the patient and category.
		///
		/// Origin: as for `add_record`. `previous` must be the current version. Emits
		/// `RecordAnchored` with `previous` set.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_record(envelopes.len() as u32))]
		pub fn amend_record(
			origin: OriginFor<T>,
			previous: RecordId,
			cid: Cid,
			content_hash: ContentHash,
			store: medchain_primitives::OrgId,
			envelopes: Envelopes<T>,
		) -> DispatchResult {
			let author = ensure_signed(origin)?;
			let old = Records::<T>::get(previous).ok_or(Error::<T>::RecordNotFound)?;
			Self::do_add_record(
				author,
				old.patient,
				old.category,
				cid,
				content_hash,
				store,
				envelopes,
				Some(previous),
			)
		}

		/// Seal a record's content key to more readers.
		///
		/// Origin: the patient, or anyone who may read the record (and so holds its key).
		/// Each reader must have an encryption key, may read the record, and has no envelope
		/// yet. Emits `EnvelopesAdded`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_envelopes(envelopes.len() as u32))]
		pub fn add_envelopes(
			origin: OriginFor<T>,
			record: RecordId,
			envelopes: Envelopes<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let pointer = Self::live_record(record)?;
			ensure!(
				who == pointer.patient
					|| T::Consent::may_read(&who, &pointer.patient, pointer.category),
				Error::<T>::NotAuthorised
			);
			Self::store_envelopes(record, &pointer, envelopes)
		}

		/// Remove a reader's key envelope from a record.
		///
		/// Origin: the patient (any envelope), or anyone when the reader may no longer read
		/// the record (after a revocation or expiry). Emits `EnvelopeRemoved`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_envelope())]
		pub fn remove_envelope(
			origin: OriginFor<T>,
			record: RecordId,
			reader: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let pointer = Records::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(KeyEnvelopes::<T>::contains_key(record, &reader), Error::<T>::EnvelopeNotFound);
			let reader_may_read = reader == pointer.patient
				|| T::Consent::may_read(&reader, &pointer.patient, pointer.category);
			ensure!(who == pointer.patient || !reader_may_read, Error::<T>::ReaderStillAuthorised);
			KeyEnvelopes::<T>::remove(record, &reader);
			EnvelopeCount::<T>::mutate(record, |count| *count = count.saturating_sub(1));
			Self::deposit_event(Event::EnvelopeRemoved { record, reader });
			Ok(())
		}

		/// Erase a record with all its versions (GDPR art. 17), by crypto-shredding: every key
		/// envelope is deleted and each version marked erased; the store deletes the
		/// ciphertext on seeing the receipts.
		///
		/// Origin: the patient, or (at the patient's request) an admin of an organisation that
		/// stores or wrote every version. Emits one `RecordErased` receipt per version.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::erase_record())]
		pub fn erase_record(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_erase_record(who, record)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The chain's time now, in milliseconds since the Unix epoch.
	fn now() -> Moment {
		medchain_primitives::now_millis::<T::Time>()
	}

	/// The record, if it exists and is not erased.
	fn live_record(record: RecordId) -> Result<Record<T::AccountId>, Error<T>> {
		let pointer = Records::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
		ensure!(!matches!(pointer.status, RecordStatus::Erased { .. }), Error::<T>::RecordErased);
		Ok(pointer)
	}

	#[allow(clippy::too_many_arguments)]
	fn do_add_record(
		author: T::AccountId,
		patient: T::AccountId,
		category: RecordCategory,
		cid: Cid,
		content_hash: ContentHash,
		store: medchain_primitives::OrgId,
		envelopes: Envelopes<T>,
		previous: Option<RecordId>,
	) -> DispatchResult {
		ensure!(T::Membership::is_patient(&patient), Error::<T>::NotPatient);
		// The author's organisation: none when the patient writes, else that of the active
		// clinical staff the consent lets write.
		let author_org = if author == patient {
			None
		} else {
			let staff = T::Membership::active_staff(&author)
				.filter(|m| m.is_clinical())
				.ok_or(Error::<T>::NotClinicalStaff)?;
			ensure!(T::Consent::may_write(&author, &patient, category), Error::<T>::NotAuthorised);
			Some(staff.org)
		};
		ensure!(T::Membership::active_organisation(store).is_some(), Error::<T>::UnknownStore);
		// Staff anchor in their own organisation's store; the patient chooses any member's.
		ensure!(author_org.is_none_or(|org| org == store), Error::<T>::UnknownStore);
		ensure!(is_cid_v1(&cid), Error::<T>::InvalidCid);
		ensure!(!RecordByHash::<T>::contains_key(content_hash), Error::<T>::DuplicateContent);
		let version = match previous {
			None => 1,
			Some(old_id) => {
				let old = Self::live_record(old_id)?;
				ensure!(old.status == RecordStatus::Current, Error::<T>::NotCurrent);
				let version = old.version.saturating_add(1);
				ensure!(version <= T::MaxVersions::get(), Error::<T>::TooManyVersions);
				version
			},
		};
		let record = NextRecordId::<T>::get();
		NextRecordId::<T>::put(record.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		if let Some(old_id) = previous {
			Records::<T>::mutate(old_id, |old| {
				if let Some(old) = old {
					old.status = RecordStatus::Superseded { by: record };
				}
			});
		}
		let pointer = Record {
			patient: patient.clone(),
			author: author.clone(),
			author_org,
			category,
			cid,
			content_hash,
			created_at: Self::now(),
			store,
			version,
			previous,
			status: RecordStatus::Current,
		};
		Records::<T>::insert(record, &pointer);
		PatientRecords::<T>::insert(&patient, record, ());
		RecordByHash::<T>::insert(content_hash, record);
		Self::deposit_event(Event::RecordAnchored {
			record,
			patient,
			author,
			category,
			content_hash,
			version,
			previous,
		});
		if !envelopes.is_empty() {
			Self::store_envelopes(record, &pointer, envelopes)?;
		}
		Ok(())
	}

	/// Checks and stores envelopes for `record`; emits `EnvelopesAdded`.
	fn store_envelopes(
		record: RecordId,
		pointer: &Record<T::AccountId>,
		envelopes: Envelopes<T>,
	) -> DispatchResult {
		let count = EnvelopeCount::<T>::get(record);
		let total = count.saturating_add(envelopes.len() as u32);
		ensure!(total <= T::MaxEnvelopesPerRecord::get(), Error::<T>::TooManyEnvelopes);
		let mut readers = Vec::with_capacity(envelopes.len());
		for (reader, envelope) in envelopes {
			ensure!(!envelope.is_empty(), Error::<T>::EmptyEnvelope);
			ensure!(EncryptionKeys::<T>::contains_key(&reader), Error::<T>::NoEncryptionKey);
			ensure!(
				reader == pointer.patient
					|| T::Consent::may_read(&reader, &pointer.patient, pointer.category),
				Error::<T>::ReaderNotAuthorised
			);
			ensure!(!KeyEnvelopes::<T>::contains_key(record, &reader), Error::<T>::DuplicateReader);
			KeyEnvelopes::<T>::insert(record, &reader, envelope);
			readers.push(reader);
		}
		EnvelopeCount::<T>::insert(record, total);
		Self::deposit_event(Event::EnvelopesAdded { record, readers });
		Ok(())
	}

	fn do_erase_record(who: T::AccountId, record: RecordId) -> DispatchResult {
		let target = Self::live_record(record)?;
		let chain = Self::versions(record);
		let is_admin_of = |org| {
			T::Membership::active_staff(&who)
				.is_some_and(|m| m.org == org && m.has_role(StaffRole::Admin))
		};
		// The patient erases any record; an organisation's admin only a record every version
		// of which its organisation stores or wrote.
		let allowed = who == target.patient
			|| chain.iter().all(|(_, version)| {
				is_admin_of(version.store) || version.author_org.is_some_and(is_admin_of)
			});
		ensure!(allowed, Error::<T>::NotAuthorised);

		let now = Self::now();
		for (id, mut version) in chain.into_iter().rev() {
			if matches!(version.status, RecordStatus::Erased { .. }) {
				continue;
			}
			// The count is exact (kept with every insert and removal), and bounds the clear.
			let removed = EnvelopeCount::<T>::take(id);
			let _ = KeyEnvelopes::<T>::clear_prefix(id, T::MaxEnvelopesPerRecord::get(), None);
			version.status = RecordStatus::Erased { at: now };
			Self::deposit_event(Event::RecordErased {
				record: id,
				patient: version.patient.clone(),
				content_hash: version.content_hash,
				envelopes_removed: removed,
				erased_by: who.clone(),
				at: now,
			});
			Records::<T>::insert(id, version);
		}
		Ok(())
	}

	/// The version chain `record` belongs to, oldest first (at most `MaxVersions`).
	pub fn versions(record: RecordId) -> Vec<(RecordId, Record<T::AccountId>)> {
		let Some(mut current) = Records::<T>::get(record).map(|_| record) else {
			return Vec::new();
		};
		while let Some(RecordStatus::Superseded { by }) =
			Records::<T>::get(current).map(|r| r.status)
		{
			current = by;
		}
		let mut chain = Vec::new();
		let mut next = Some(current);
		while let Some(id) = next {
			if chain.len() as u32 >= T::MaxVersions::get() {
				break;
			}
			let Some(version) = Records::<T>::get(id) else { break };
			next = version.previous;
			chain.push((id, version));
		}
		chain.reverse();
		chain
	}

	/// Whether `content_hash` is the current version of `record`.
	pub fn verify_record(record: RecordId, content_hash: ContentHash) -> Verification {
		match RecordByHash::<T>::get(content_hash) {
			Some(found) if Self::chain_of(found).contains(&record) => Self::verification(found),
			_ => Verification::Unknown,
		}
	}

	/// Whether `content_hash` is a version of any record of `patient`.
	pub fn verify_for_patient(patient: &T::AccountId, content_hash: ContentHash) -> Verification {
		match RecordByHash::<T>::get(content_hash) {
			Some(found) if Records::<T>::get(found).is_some_and(|r| &r.patient == patient) => {
				Self::verification(found)
			},
			_ => Verification::Unknown,
		}
	}

	fn chain_of(record: RecordId) -> Vec<RecordId> {
		Self::versions(record).into_iter().map(|(id, _)| id).collect()
	}

	fn verification(record: RecordId) -> Verification {
		match Records::<T>::get(record).map(|r| r.status) {
			Some(RecordStatus::Current) => Verification::Current { record },
			Some(RecordStatus::Superseded { .. }) => Verification::Superseded {
				record,
				current: Self::chain_of(record).last().copied().unwrap_or(record),
			},
			Some(RecordStatus::Erased { .. }) => Verification::Erased { record },
			None => Verification::Unknown,
		}
	}

	/// Up to `limit` current records of `patient` (of `category`, if given) that `viewer`
	/// may read, with ids after `start_after`, in id order.
	pub fn records_of(
		viewer: &T::AccountId,
		patient: &T::AccountId,
		category: Option<RecordCategory>,
		start_after: Option<RecordId>,
		limit: u32,
	) -> Vec<(RecordId, Record<T::AccountId>)> {
		let mut ids: Vec<RecordId> = PatientRecords::<T>::iter_key_prefix(patient)
			.filter(|id| start_after.is_none_or(|after| *id > after))
			.collect();
		ids.sort();
		ids.into_iter()
			.filter_map(|id| Records::<T>::get(id).map(|r| (id, r)))
			.filter(|(_, r)| r.status == RecordStatus::Current)
			.filter(|(_, r)| category.is_none_or(|c| r.category == c))
			.filter(|(_, r)| viewer == patient || T::Consent::may_read(viewer, patient, r.category))
			.take(limit as usize)
			.collect()
	}
}

impl<T: Config> RecordLookup<T::AccountId> for Pallet<T> {
	fn subject(record: RecordId) -> Option<RecordSubject<T::AccountId>> {
		Records::<T>::get(record).map(|r| RecordSubject {
			patient: r.patient,
			category: r.category,
			store: r.store,
			erased: matches!(r.status, RecordStatus::Erased { .. }),
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(
		patient: &T::AccountId,
		category: RecordCategory,
		store: medchain_primitives::OrgId,
	) -> Option<RecordId> {
		let record = NextRecordId::<T>::get();
		let n = record.to_le_bytes();
		let mut content_hash = [0u8; 32];
		content_hash[..8].copy_from_slice(&n);
		let cid =
			Cid::try_from(b"bafkreibenchmarkrecordaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_vec())
				.ok()?;
		Self::do_add_record(
			patient.clone(),
			patient.clone(),
			category,
			cid,
			content_hash,
			store,
			Default::default(),
			None,
		)
		.ok()?;
		Some(record)
	}
}
