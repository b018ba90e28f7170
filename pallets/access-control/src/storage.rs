//! What access control keeps: its storage items, a section of the pallet module
//! (`#[import_section]` in `lib.rs`), so that metadata and Polkadot.js Apps show them as
//! before.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod storage_items {
	/// Each patient's grants, by id.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		GrantId,
		Grant<T::AccountId>,
		OptionQuery,
	>;

	/// The ids of each patient's grants to each grantee: the consent check reads the
	/// caller's and their organisation's entries, never the patient's whole list. Kept with
	/// every grant given, revoked or swept; a pair without grants has no entry.
	#[pallet::storage]
	pub type GrantsTo<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		Grantee<T::AccountId>,
		BoundedVec<GrantId, T::MaxGrantsPerGrantee>,
		ValueQuery,
	>;

	/// How many grants each patient has in storage (bounded by `MaxGrantsPerPatient`).
	#[pallet::storage]
	pub type GrantCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The id the next grant gets.
	#[pallet::storage]
	pub type NextGrantId<T: Config> = StorageValue<_, GrantId, ValueQuery>;

	/// Requests waiting for each patient, by id.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		RequestId,
		AccessRequest<T::AccountId>,
		OptionQuery,
	>;

	/// How many requests wait for each patient (bounded by `MaxRequestsPerPatient`).
	#[pallet::storage]
	pub type RequestCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The id the next request gets.
	#[pallet::storage]
	pub type NextRequestId<T: Config> = StorageValue<_, RequestId, ValueQuery>;

	/// Every break-glass access, by id.
	#[pallet::storage]
	pub type BreakGlassAccesses<T: Config> =
		StorageMap<_, Twox64Concat, BreakGlassId, BreakGlassAccess<T::AccountId>, OptionQuery>;

	/// The id the next break-glass access gets.
	#[pallet::storage]
	pub type NextBreakGlassId<T: Config> = StorageValue<_, BreakGlassId, ValueQuery>;

	/// The latest break-glass access of each clinician to each patient: (patient, clinician).
	#[pallet::storage]
	pub type LatestBreakGlass<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BreakGlassId,
		OptionQuery,
	>;

	/// The break-glass accesses to each patient, for listing to the patient.
	#[pallet::storage]
	pub type PatientBreakGlass<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		BreakGlassId,
		(),
		OptionQuery,
	>;

	/// Break-glass accesses waiting for review, by the clinician's organisation.
	#[pallet::storage]
	pub type OpenReviews<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, BreakGlassId, (), OptionQuery>;

	/// Break-glass accesses the patient flagged, waiting for governance or an admin of the
	/// hospital that registered the patient: by that hospital.
	#[pallet::storage]
	pub type FlaggedReviews<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, BreakGlassId, (), OptionQuery>;

	/// Break-glass accesses to each patient today (bounded by
	/// `MaxBreakGlassPerPatientPerDay`).
	#[pallet::storage]
	pub type PatientBreakGlassToday<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, DailyCount, OptionQuery>;

	/// Break-glass accesses each clinician started today (bounded by
	/// `MaxBreakGlassPerClinicianPerDay`).
	#[pallet::storage]
	pub type ClinicianBreakGlassToday<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, DailyCount, OptionQuery>;

	/// The people and organisations each patient blocked from requesting access.
	#[pallet::storage]
	pub type BlockedRequesters<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		Grantee<T::AccountId>,
		(),
		OptionQuery,
	>;

	/// How many requesters each patient blocked (bounded by `MaxBlockedPerPatient`).
	#[pallet::storage]
	pub type BlockedCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The nonce of each reader's latest signed request a store had audited, for a record or
	/// a device-log file alike: a signed request is audited once, and only if its nonce is
	/// larger.
	#[pallet::storage]
	pub type ReadNonces<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Each patient's audit trail: every opening of their records, numbered from 0.
	#[pallet::storage]
	pub type AuditTrail<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u64,
		AuditEntry<T::AccountId>,
		OptionQuery,
	>;

	/// How many entries each patient's audit trail has.
	#[pallet::storage]
	pub type AuditLength<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Each patient's consent history: grants, revocations, requests, break-glass, numbered
	/// from 0.
	#[pallet::storage]
	pub type ConsentHistory<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u64,
		ConsentEvent<T::AccountId>,
		OptionQuery,
	>;

	/// How many entries each patient's consent history has.
	#[pallet::storage]
	pub type ConsentHistoryLength<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Where the idle-time sweep of expired grants resumes: the storage key of the last grant
	/// it looked at (none: from the start).
	#[pallet::storage]
	pub type ExpirySweepCursor<T: Config> =
		StorageValue<_, BoundedVec<u8, ConstU32<256>>, OptionQuery>;
}
