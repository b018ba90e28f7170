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
//! - **Adding a record**: the patient, or active clinical staff whom the patient's consent
//!   lets write that category (`Config::Consent`, answered by the access-control pallet: a
//!   read-write grant to them or to their organisation).
//! - **Amending a record** (a new version that supersedes the current one): the patient, or
//!   active clinical staff the consent lets write the category *and* who wrote the version
//!   being superseded or belong to its author's organisation. A version the patient wrote is
//!   amended only by the patient. A grant to write lets a clinician add records, not replace
//!   what another organisation wrote.
//! - **Key envelopes**: a record's content key exists on chain only sealed to readers'
//!   X25519 keys (each account registers its own). An envelope goes only to a reader with a
//!   key whom the consent lets read the record (or to the patient), and only the patient, the
//!   record's author or that reader themself may add it: no reader can take another's place
//!   or fill a record's envelope slots. The patient removes any envelope, and anyone may
//!   remove one whose reader has lost access.
//! - **Erasure** (GDPR art. 17, by crypto-shredding): the patient, or an admin of an
//!   organisation that stores or wrote every version, erases a record with all its
//!   versions. Every pointer, index entry and envelope is deleted; only a receipt (the
//!   record's id and the time, in [`ErasedRecords`]) stays, and the `RecordErased` event
//!   names the content hash the store must delete.
//!
//! ## Versions
//!
//! Amending never overwrites: the new pointer supersedes the old one, which stays. The chain
//! vouches only for a record's newest `MaxVersions` versions: amending a record that holds
//! that many retires the oldest one still on chain. Its pointer, index entries and envelopes
//! are deleted, and `VersionRetired` names its content hash so that the store archives or
//! deletes the ciphertext under its retention rules. The next version's `previous` then names
//! a pointer the chain no longer holds (where [`Pallet::versions`] stops), and the tamper
//! check answers `Unknown` for the retired version's hash.
//!
//! ## Data privacy
//!
//! No content, no names, no identifiers: CIDs and hashes are of ciphertext, and envelopes
//! are sealed keys, useless without the reader's private key. Of an erased record the state
//! keeps only its id and when it was erased.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
mod invariants;
pub mod migrations;
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
	ConsentCheck, ConsortiumMembership, Moment, OrgId, RecordCategory, RecordId, RecordLookup,
	RecordSubject, StaffRole,
};

/// A key envelope: a content key sealed to one reader's [`EncryptionKey`].
pub type Envelope<T> = BoundedVec<u8, <T as Config>::MaxEnvelopeLength>;

/// Records anchored in one call, as [`Pallet::add_records`] takes them.
pub type BatchRecords<T> =
	BoundedVec<BatchRecord<<T as frame_system::Config>::AccountId>, <T as Config>::MaxBatchRecords>;

/// Envelopes for several readers, as calls take them.
pub type Envelopes<T> = BoundedVec<
	(<T as frame_system::Config>::AccountId, Envelope<T>),
	<T as Config>::MaxEnvelopesPerRecord,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version. 1: an erased record keeps only its receipt in
	/// [`ErasedRecords`] ([`crate::migrations::v1`]). 2: the lean record: its CID in binary
	/// form and its index page in the pointer, the patient's index in pages, no hash index
	/// ([`crate::migrations::v2`]). Each migration must run in the upgrade that brings its
	/// version: older pointers do not decode as the new [`Record`].
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
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

		/// The most versions of one record the chain holds (at least 1): amending a record
		/// that holds this many retires its oldest. Lowering it needs a migration that
		/// retires the versions beyond it.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// The most records one `add_records` call anchors.
		#[pallet::constant]
		type MaxBatchRecords: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every record's pointer, by id (erased records and retired versions have none).
	#[pallet::storage]
	pub type Records<T: Config> =
		StorageMap<_, Twox64Concat, RecordId, Record<T::AccountId>, OptionQuery>;

	/// The id the next record gets.
	#[pallet::storage]
	pub type NextRecordId<T: Config> = StorageValue<_, RecordId, ValueQuery>;

	/// Each patient's records (every version the chain holds), in pages of up to
	/// [`RECORDS_PER_PAGE`] ids in anchoring order: page 0 first, ids ascending. A listing
	/// reads the pages it shows, not the patient's whole index, and a record adds 8 bytes
	/// here. Erasure and retirement take ids out of their page (an emptied page has no entry);
	/// new ids go to the page [`PatientPages`] names.
	#[pallet::storage]
	pub type PatientRecords<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u32,
		RecordPage,
		ValueQuery,
	>;

	/// The page of each patient's index that new records go to (the last); a patient with no
	/// records has no entry.
	#[pallet::storage]
	pub type PatientPages<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

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

	/// How many envelopes each record has (bounded by `MaxEnvelopesPerRecord`; a record
	/// without envelopes has no entry).
	#[pallet::storage]
	pub type EnvelopeCount<T: Config> = StorageMap<_, Twox64Concat, RecordId, u32, ValueQuery>;

	/// Erasure receipts: when each erased record (each version) was erased. All the state
	/// keeps of an erased record: no patient, author, CID or hash. One entry per record id,
	/// so bounded by [`NextRecordId`].
	#[pallet::storage]
	pub type ErasedRecords<T: Config> = StorageMap<_, Twox64Concat, RecordId, Moment, OptionQuery>;

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
		/// ciphertext whose hash is `content_hash`; the state keeps only the record's id and
		/// `at`.
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
		/// An organisation's integration engine or record store anchored a batch of its
		/// clinicians' records: ids `first` to `first + count - 1`, each with its own
		/// `RecordAnchored`.
		BatchAnchored {
			/// The caller: an Integration or RecordStore account.
			by: T::AccountId,
			/// Its organisation, whose store holds every record of the batch.
			store: OrgId,
			/// The first record's id.
			first: RecordId,
			/// How many records.
			count: u32,
		},
		/// A record's oldest version was retired to make room for a new one (the chain holds
		/// at most `MaxVersions`): its pointer, index entries and envelopes are deleted. The
		/// store archives or deletes the ciphertext whose hash is `content_hash` under its
		/// retention rules.
		VersionRetired {
			/// The retired version.
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// The hash of its ciphertext.
			content_hash: ContentHash,
			/// How many key envelopes were deleted.
			envelopes_removed: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is neither active staff nor a patient (a key a patient key recovery
		/// replaced is neither).
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
		/// No record has this id (or it is a version retired after `MaxVersions` newer ones).
		RecordNotFound,
		/// The record is not the current version.
		NotCurrent,
		/// The record was erased: only its receipt is left.
		RecordErased,
		/// The record's version number cannot grow any more.
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
		/// The caller may not add this reader's envelope: only the patient, the record's
		/// author or the reader themself may, so that nobody takes a reader's place or fills
		/// the record's envelope slots.
		NotEnvelopeSealer,
		/// The caller may not supersede this version: only the patient may, or clinical staff
		/// who wrote it or belong to its author's organisation (a version the patient wrote,
		/// only the patient).
		NotAmender,
		/// The caller holds neither Integration nor RecordStore: only an organisation's
		/// systems anchor batches.
		NotRecordImporter,
		/// A batch holds no record.
		EmptyBatch,
		/// A batch record's author is not staff of the caller's organisation.
		AuthorNotOfStore,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxVersions::get() > 0, "MaxVersions must be at least 1");
			let envelopes = T::MaxEnvelopesPerRecord::get();
			medchain_primitives::weights::assert_calls_fit_a_block::<T>(
				"emr_pointers",
				&[
					("register_encryption_key", T::WeightInfo::register_encryption_key()),
					("add_record", T::WeightInfo::add_record(envelopes)),
					("amend_record", T::WeightInfo::amend_record(envelopes)),
					("add_envelopes", T::WeightInfo::add_envelopes(envelopes)),
					("remove_envelope", T::WeightInfo::remove_envelope()),
					("erase_record", T::WeightInfo::erase_record()),
					("add_records", T::WeightInfo::add_records(T::MaxBatchRecords::get())),
				],
			);
			medchain_primitives::weights::assert_calls_fit_block_length::<T>(
				"emr_pointers",
				&[
					(
						"add_record",
						<(
							T::AccountId,
							RecordCategory,
							Cid,
							ContentHash,
							OrgId,
							Envelopes<T>,
						)>::max_encoded_len(),
					),
					(
						"amend_record",
						<(RecordId, Cid, ContentHash, OrgId, Envelopes<T>)>::max_encoded_len(),
					),
					("add_envelopes", <(RecordId, Envelopes<T>)>::max_encoded_len()),
					("add_records", BatchRecords::<T>::max_encoded_len()),
				],
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
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
			let who = Self::signer(origin)?;
			Self::do_register_encryption_key(who, key)
		}

		/// Anchor a new record of `patient`: its ciphertext's CIDv1 and hash, the store that
		/// holds it, and its content key sealed to each reader.
		///
		/// Origin: the patient, or active clinical staff the patient's consent lets write
		/// `category`. Staff anchor in their own organisation's store. Every envelope's reader
		/// must have an encryption key and be allowed to read the record. Emits
		/// `RecordAnchored` (and `EnvelopesAdded`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_record(envelopes.len() as u32))]
		pub fn add_record(
			origin: OriginFor<T>,
			patient: T::AccountId,
			category: RecordCategory,
			cid: Cid,
			content_hash: ContentHash,
			store: OrgId,
			envelopes: Envelopes<T>,
		) -> DispatchResult {
			let author = Self::signer(origin)?;
			Self::do_add_record(author, patient, category, cid, content_hash, store, envelopes)
		}

		/// Amend a record: anchor a new version that supersedes `previous`, which stays as it
		/// was. The new version keeps the patient and category.
		///
		/// Origin: the patient, or active clinical staff the patient's consent lets write the
		/// category and who wrote `previous` or belong to its author's organisation (a
		/// version the patient wrote, only the patient amends). `previous` must be the current
		/// version. If the record already holds `MaxVersions` versions, its oldest is retired
		/// (`VersionRetired`). Envelopes as for `add_record`. Emits `RecordAnchored` with
		/// `previous` set (and `EnvelopesAdded`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::amend_record(envelopes.len() as u32))]
		pub fn amend_record(
			origin: OriginFor<T>,
			previous: RecordId,
			cid: Cid,
			content_hash: ContentHash,
			store: OrgId,
			envelopes: Envelopes<T>,
		) -> DispatchResult {
			let author = Self::signer(origin)?;
			Self::do_amend_record(author, previous, cid, content_hash, store, envelopes)
		}

		/// Seal a record's content key to more readers.
		///
		/// Origin: the patient, or anyone who may read the record (and so holds its key); a
		/// caller other than the patient and the record's author adds only their own
		/// envelope. Each reader must have an encryption key, may read the record, and has no
		/// envelope yet. Emits `EnvelopesAdded`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_envelopes(envelopes.len() as u32))]
		pub fn add_envelopes(
			origin: OriginFor<T>,
			record: RecordId,
			envelopes: Envelopes<T>,
		) -> DispatchResult {
			let who = Self::signer(origin)?;
			Self::do_add_envelopes(who, record, envelopes)
		}

		/// Remove a reader's key envelope from a record.
		///
		/// Origin: the patient (any envelope), or anyone when the reader may no longer read
		/// the record (after a revocation or expiry). An erased record has no envelopes left
		/// (`RecordErased`). Emits `EnvelopeRemoved`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_envelope())]
		pub fn remove_envelope(
			origin: OriginFor<T>,
			record: RecordId,
			reader: T::AccountId,
		) -> DispatchResult {
			let who = Self::signer(origin)?;
			Self::do_remove_envelope(who, record, reader)
		}

		/// Erase a record with all its versions (GDPR art. 17), by crypto-shredding: every
		/// version's pointer, index entries and key envelopes are deleted, and only a receipt
		/// ([`ErasedRecords`]) stays; the store deletes the ciphertext on seeing the
		/// `RecordErased` events.
		///
		/// Origin: the patient, or (at the patient's request) an admin of an organisation that
		/// stores or wrote every version. Emits one `RecordErased` per version.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::erase_record())]
		pub fn erase_record(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = Self::signer(origin)?;
			Self::do_erase_record(who, record)
		}

		/// Anchor many records at once for the caller's organisation's clinicians: what an
		/// integration engine or record store does with what its systems hold. Each record is
		/// checked as `add_record` checks one: its author is active clinical staff of the
		/// caller's organisation whom the patient's consent lets write the category, its CID
		/// a CIDv1. The ciphertext is in the organisation's store; no envelopes
		/// (the author, the patient or a reader adds them with `add_envelopes`).
		///
		/// Origin: active staff holding Integration or RecordStore. All or nothing: the first
		/// record that fails fails the call, and nothing is anchored. Emits `RecordAnchored`
		/// for each record, then `BatchAnchored`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::add_records(records.len() as u32))]
		pub fn add_records(origin: OriginFor<T>, records: BatchRecords<T>) -> DispatchResult {
			let importer = Self::signer(origin)?;
			Self::do_add_records(importer, records)
		}
	}
}
