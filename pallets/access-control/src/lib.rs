//! # Access-control pallet
//!
//! The patient's consent, decided on chain so that every hospital's record store enforces the
//! same answer: grants to a person or an organisation, requests that the patient approves or
//! denies, break-glass emergency access, and the audit trail of every record opening.
//!
//! ## The consent model
//!
//! - A **grant** from a patient covers a person or an organisation, a scope (all record
//!   categories or some), read or read-write access, a purpose of use, and a period
//!   (`valid_from` ≤ now < `valid_until`, or until revoked). Whether it is in force is
//!   decided **at the moment of every check** from the period: no scheduler flips it, so an
//!   expiry can never be missed.
//! - A grant to an **organisation** covers its *active clinical staff* (Doctor, Nurse,
//!   LabTechnician, Pharmacist) and only while they are: removing a staff member, suspending
//!   the organisation or revoking the grant cuts access in the same block.
//! - A **request** from a clinician (for themself) or for their organisation waits for the
//!   patient, who approves it (it becomes a grant) or denies it.
//! - **Break-glass**: active clinical staff may open a patient's records without a grant,
//!   giving an [`EmergencyReason`]. The access lasts `BreakGlassDuration`, is listed for the
//!   patient, and waits in a review queue until an admin of the clinician's organisation
//!   closes it.
//! - **Audit**: every opening of a record is a signed `record_access` (by the reader, or by
//!   the store holding the record on the reader's behalf) that succeeds only if access is
//!   allowed, and appends an entry to the patient's audit trail. Consent changes append to
//!   the patient's consent history.
//!
//! Other pallets ask this one through [`medchain_primitives::ConsentCheck`]; records are
//! looked up through [`medchain_primitives::RecordLookup`].
//!
//! ## Data privacy
//!
//! Only accounts, organisation ids, record ids, codes and times are stored.

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
	ConsentCheck, ConsortiumMembership, Moment, OrgId, RecordCategory, RecordId, RecordLookup,
	RecordSubject, StaffMembership, StaffRole,
};

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

		/// Which patient and category a record has (the EMR pointers pallet).
		type Records: RecordLookup<Self::AccountId>;

		/// The chain's time, against which grants and break-glass accesses are checked.
		type Time: UnixTime;

		/// The most grants one patient may have at once (in force or not yet expired from
		/// storage).
		#[pallet::constant]
		type MaxGrantsPerPatient: Get<u32>;

		/// The most requests that may wait for one patient at once.
		#[pallet::constant]
		type MaxRequestsPerPatient: Get<u32>;

		/// How long a break-glass access lasts, in milliseconds.
		#[pallet::constant]
		type BreakGlassDuration: Get<Moment>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

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

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Spends idle block weight deleting grants whose period has ended, so that they stop
		/// counting against `MaxGrantsPerPatient`. Access never depends on this: expiry is
		/// decided at every check.
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::sweep_expired_grants(remaining)
		}

		fn integrity_test() {
			medchain_primitives::weights::assert_calls_fit_a_block::<T>(
				"access_control",
				&[
					("grant_access", T::WeightInfo::grant_access()),
					("revoke_grant", T::WeightInfo::revoke_grant()),
					("request_access", T::WeightInfo::request_access()),
					("approve_request", T::WeightInfo::approve_request()),
					("deny_request", T::WeightInfo::deny_request()),
					("break_glass", T::WeightInfo::break_glass()),
					("close_review", T::WeightInfo::close_review()),
					("record_access", T::WeightInfo::record_access()),
					("on_idle sweep of one grant", T::WeightInfo::sweep_expired_grants(1)),
				],
			);
			medchain_primitives::weights::assert_calls_fit_block_length::<T>(
				"access_control",
				&[
					(
						"grant_access",
						<(Grantee<T::AccountId>, Scope, AccessLevel, Purpose, Option<Moment>, Option<Moment>)>::max_encoded_len(),
					),
					(
						"request_access",
						<(T::AccountId, bool, Scope, AccessLevel, Purpose, Option<Moment>)>::max_encoded_len(),
					),
				],
			);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The idle-time sweep deleted a grant whose period had ended.
		ExpiredGrantRemoved {
			/// The patient.
			patient: T::AccountId,
			/// The grant.
			grant: GrantId,
		},
		/// A patient granted access (FHIR Consent, status active).
		AccessGranted {
			/// The patient.
			patient: T::AccountId,
			/// The grant's id.
			grant: GrantId,
			/// Who it is for.
			grantee: Grantee<T::AccountId>,
			/// Read or read-write.
			access: AccessLevel,
			/// When it ends; `None`: until revoked.
			valid_until: Option<Moment>,
		},
		/// A patient revoked a grant (FHIR Consent, status inactive): access ends now.
		AccessRevoked {
			/// The patient.
			patient: T::AccountId,
			/// The grant.
			grant: GrantId,
		},
		/// A clinician or organisation asked a patient for access.
		AccessRequested {
			/// The patient.
			patient: T::AccountId,
			/// The request's id.
			request: RequestId,
			/// The staff account that asked.
			requester: T::AccountId,
			/// Who would get the grant.
			grantee: Grantee<T::AccountId>,
		},
		/// The patient approved a request; it became `grant`.
		RequestApproved {
			/// The patient.
			patient: T::AccountId,
			/// The request.
			request: RequestId,
			/// The grant it became.
			grant: GrantId,
		},
		/// The patient denied a request.
		RequestDenied {
			/// The patient.
			patient: T::AccountId,
			/// The request.
			request: RequestId,
		},
		/// A clinician opened a patient's records without consent, in an emergency: FHIR
		/// AuditEvent "Emergency Override Started" (DICOM 110127).
		EmergencyAccessStarted {
			/// The break-glass access's id.
			id: BreakGlassId,
			/// The patient.
			patient: T::AccountId,
			/// The clinician.
			accessor: T::AccountId,
			/// The clinician's organisation, whose admin must review it.
			org: OrgId,
			/// Why.
			reason: EmergencyReason,
			/// When the access ends by itself.
			expires_at: Moment,
		},
		/// An admin closed the review of a break-glass access.
		EmergencyAccessReviewed {
			/// The break-glass access.
			id: BreakGlassId,
			/// The admin.
			reviewer: T::AccountId,
			/// The judgement.
			outcome: ReviewOutcome,
		},
		/// A record was opened (FHIR AuditEvent, action R); the entry is in the patient's
		/// audit trail at `index`.
		RecordAccessed {
			/// The patient.
			patient: T::AccountId,
			/// The record.
			record: RecordId,
			/// Who opened it.
			reader: T::AccountId,
			/// On what grounds.
			basis: AccessBasis,
			/// The entry's index in the patient's audit trail.
			index: u64,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller (or the account named) is not a registered patient.
		NotPatient,
		/// The caller is not active staff of an active organisation.
		NotStaff,
		/// The caller holds no clinical role (Doctor, Nurse, LabTechnician, Pharmacist).
		NotClinicalStaff,
		/// The grantee is neither a registered account nor an active organisation.
		UnknownGrantee,
		/// A patient cannot grant access to themself.
		GrantToSelf,
		/// A category list must name at least one category.
		EmptyScope,
		/// The period ends before it starts, or has already ended.
		InvalidPeriod,
		/// The patient already has `MaxGrantsPerPatient` grants.
		TooManyGrants,
		/// `MaxRequestsPerPatient` requests already wait for the patient.
		TooManyRequests,
		/// The patient has no grant with this id.
		GrantNotFound,
		/// No request with this id waits for the patient.
		RequestNotFound,
		/// No break-glass access has this id.
		BreakGlassNotFound,
		/// The caller is not an admin of the clinician's organisation, or is the clinician.
		NotReviewer,
		/// The requester already has a request waiting for this patient.
		DuplicateRequest,
		/// The review is already closed.
		ReviewClosed,
		/// No record has this id.
		RecordNotFound,
		/// The record was erased: nobody may open it.
		RecordErased,
		/// The reader has no grant in force and no open break-glass access for this record.
		NotAuthorised,
		/// The caller is not staff of the organisation whose store holds the record.
		NotStoreOperator,
		/// An id counter is exhausted.
		IdsExhausted,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Grant access to your records.
		///
		/// Origin: a registered patient. `grantee`: a registered account or an active
		/// organisation (its active clinical staff). `valid_from` defaults to now;
		/// `valid_until` `None` means until revoked, otherwise it must be later than both
		/// `valid_from` and now.
		///
		/// Emits `AccessGranted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::grant_access())]
		pub fn grant_access(
			origin: OriginFor<T>,
			grantee: Grantee<T::AccountId>,
			scope: Scope,
			access: AccessLevel,
			purpose: Purpose,
			valid_from: Option<Moment>,
			valid_until: Option<Moment>,
		) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			let now = Self::now();
			let grant = Grant {
				grantee,
				scope,
				access,
				purpose,
				valid_from: valid_from.unwrap_or(now),
				valid_until,
				granted_at: now,
			};
			let id = Self::do_grant(&patient, grant)?;
			Self::log_consent(&patient, ConsentChange::Granted(id), patient.clone(), now);
			Ok(())
		}

		/// Revoke one of your grants: access it gave ends at once.
		///
		/// Origin: the patient who gave it. Emits `AccessRevoked`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_grant())]
		pub fn revoke_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			Self::do_revoke_grant(patient, grant)
		}

		/// Ask a patient for access, for yourself or for your organisation.
		///
		/// Origin: active clinical staff (for an organisation, also its admins), with no other
		/// request waiting for this patient. `patient` must be a registered patient. Emits
		/// `AccessRequested`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::request_access())]
		pub fn request_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			for_organisation: bool,
			scope: Scope,
			access: AccessLevel,
			purpose: Purpose,
			valid_until: Option<Moment>,
		) -> DispatchResult {
			let (requester, staff) = Self::ensure_staff(origin)?;
			Self::do_request_access(
				requester,
				staff,
				patient,
				for_organisation,
				scope,
				access,
				purpose,
				valid_until,
			)
		}

		/// Approve a request waiting for you: it becomes a grant on the requested terms,
		/// starting now.
		///
		/// Origin: the patient. Emits `RequestApproved` and `AccessGranted`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::approve_request())]
		pub fn approve_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			Self::do_answer_request(patient, request, true)
		}

		/// Deny a request waiting for you.
		///
		/// Origin: the patient. Emits `RequestDenied`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deny_request())]
		pub fn deny_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			Self::do_answer_request(patient, request, false)
		}

		/// Break the glass: open a patient's records without consent, in an emergency. The
		/// access lasts `BreakGlassDuration`, is shown to the patient, and waits for review
		/// by an admin of your organisation.
		///
		/// Origin: active clinical staff. Emits `EmergencyAccessStarted`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::break_glass())]
		pub fn break_glass(
			origin: OriginFor<T>,
			patient: T::AccountId,
			reason: EmergencyReason,
		) -> DispatchResult {
			let (accessor, staff) = Self::ensure_staff(origin)?;
			Self::do_break_glass(accessor, staff, patient, reason)
		}

		/// Close the review of a break-glass access by your organisation's clinician.
		///
		/// Origin: an admin of the clinician's organisation other than the clinician. Emits
		/// `EmergencyAccessReviewed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close_review())]
		pub fn close_review(
			origin: OriginFor<T>,
			id: BreakGlassId,
			outcome: ReviewOutcome,
		) -> DispatchResult {
			let (reviewer, staff) = Self::ensure_staff(origin)?;
			Self::do_close_review(reviewer, staff, id, outcome)
		}

		/// Record that you opened a record. It succeeds only if you may open it now (you are
		/// the patient, hold a grant in force, or have an open break-glass access), and
		/// appends an entry to the patient's audit trail.
		///
		/// Origin: the reader (any registered account). Emits `RecordAccessed`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::record_access())]
		pub fn record_access(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let reader = ensure_signed(origin)?;
			let subject = T::Records::subject(record).ok_or(Error::<T>::RecordNotFound)?;
			Self::do_record_access(reader.clone(), record, subject, reader)
		}

		/// Record, for `reader`, that they opened a record the caller's store served them:
		/// the same checks and audit entry as `record_access`.
		///
		/// Origin: active staff of the organisation whose store holds the record. Emits
		/// `RecordAccessed`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::record_access())]
		pub fn record_access_for(
			origin: OriginFor<T>,
			reader: T::AccountId,
			record: RecordId,
		) -> DispatchResult {
			let (store_operator, staff) = Self::ensure_staff(origin)?;
			let subject = T::Records::subject(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(staff.org == subject.store, Error::<T>::NotStoreOperator);
			Self::do_record_access(reader, record, subject, store_operator)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The chain's time now, in milliseconds since the Unix epoch.
	pub fn now() -> Moment {
		medchain_primitives::now_millis::<T::Time>()
	}

	fn ensure_patient(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(T::Membership::is_patient(&who), Error::<T>::NotPatient);
		Ok(who)
	}

	fn ensure_staff(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, StaffMembership), DispatchError> {
		let who = ensure_signed(origin)?;
		let staff = T::Membership::active_staff(&who).ok_or(Error::<T>::NotStaff)?;
		Ok((who, staff))
	}

	/// On what grounds `who` may open (`write`: also add) `patient`'s records of `category`
	/// now, if at all. Reads the patient's grants (at most `MaxGrantsPerPatient`).
	pub fn access_basis(
		who: &T::AccountId,
		patient: &T::AccountId,
		category: RecordCategory,
		write: bool,
	) -> Option<AccessBasis> {
		if who == patient {
			return Some(AccessBasis::Patient);
		}
		let now = Self::now();
		let staff = T::Membership::active_staff(who);
		let clinical_org = staff.as_ref().filter(|m| m.is_clinical()).map(|m| m.org);
		let registered = staff.is_some() || T::Membership::is_patient(who);
		let by_grant = Grants::<T>::iter_prefix(patient).find_map(|(id, grant)| {
			let applies = grant.in_force_at(now)
				&& grant.scope.covers(category)
				&& (!write || grant.access == AccessLevel::ReadWrite)
				&& match &grant.grantee {
					Grantee::Person(person) => person == who && registered,
					Grantee::Organisation(org) => clinical_org == Some(*org),
				};
			applies.then_some(AccessBasis::Grant(id))
		});
		if by_grant.is_some() || write {
			return by_grant;
		}
		let id = LatestBreakGlass::<T>::get(patient, who)?;
		let access = BreakGlassAccesses::<T>::get(id)?;
		(now < access.expires_at && clinical_org == Some(access.org))
			.then_some(AccessBasis::BreakGlass(id))
	}

	/// Whether `who` may open `record` now: the one answer the off-chain stores enforce.
	pub fn can_access(who: &T::AccountId, record: RecordId) -> bool {
		T::Records::subject(record).is_some_and(|subject| {
			!subject.erased
				&& Self::access_basis(who, &subject.patient, subject.category, false).is_some()
		})
	}

	/// Checks a grant's terms and stores it for `patient`; emits `AccessGranted`.
	fn do_grant(
		patient: &T::AccountId,
		grant: Grant<T::AccountId>,
	) -> Result<GrantId, DispatchError> {
		match &grant.grantee {
			Grantee::Person(person) => {
				ensure!(person != patient, Error::<T>::GrantToSelf);
				ensure!(
					T::Membership::active_staff(person).is_some()
						|| T::Membership::is_patient(person),
					Error::<T>::UnknownGrantee
				);
			},
			Grantee::Organisation(org) => ensure!(
				T::Membership::active_organisation(*org).is_some(),
				Error::<T>::UnknownGrantee
			),
		}
		Self::ensure_scope(&grant.scope)?;
		if let Some(until) = grant.valid_until {
			ensure!(until > grant.valid_from && until > Self::now(), Error::<T>::InvalidPeriod);
		}
		let count = GrantCount::<T>::get(patient);
		ensure!(count < T::MaxGrantsPerPatient::get(), Error::<T>::TooManyGrants);
		let id = NextGrantId::<T>::get();
		NextGrantId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		GrantCount::<T>::insert(patient, count.saturating_add(1));
		Self::deposit_event(Event::AccessGranted {
			patient: patient.clone(),
			grant: id,
			grantee: grant.grantee.clone(),
			access: grant.access,
			valid_until: grant.valid_until,
		});
		Grants::<T>::insert(patient, id, grant);
		Ok(id)
	}

	fn ensure_scope(scope: &Scope) -> Result<(), Error<T>> {
		if let Scope::Categories(list) = scope {
			ensure!(!list.is_empty(), Error::<T>::EmptyScope);
		}
		Ok(())
	}

	fn do_revoke_grant(patient: T::AccountId, grant: GrantId) -> DispatchResult {
		ensure!(Grants::<T>::contains_key(&patient, grant), Error::<T>::GrantNotFound);
		Grants::<T>::remove(&patient, grant);
		GrantCount::<T>::mutate(&patient, |count| *count = count.saturating_sub(1));
		Self::log_consent(&patient, ConsentChange::Revoked(grant), patient.clone(), Self::now());
		Self::deposit_event(Event::AccessRevoked { patient, grant });
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	fn do_request_access(
		requester: T::AccountId,
		staff: StaffMembership,
		patient: T::AccountId,
		for_organisation: bool,
		scope: Scope,
		access: AccessLevel,
		purpose: Purpose,
		valid_until: Option<Moment>,
	) -> DispatchResult {
		let may_ask = staff.is_clinical() || (for_organisation && staff.has_role(StaffRole::Admin));
		ensure!(may_ask, Error::<T>::NotClinicalStaff);
		ensure!(T::Membership::is_patient(&patient), Error::<T>::NotPatient);
		Self::ensure_scope(&scope)?;
		let now = Self::now();
		if let Some(until) = valid_until {
			ensure!(until > now, Error::<T>::InvalidPeriod);
		}
		// One waiting request per requester and patient: nobody can fill a patient's queue.
		ensure!(
			!Requests::<T>::iter_prefix_values(&patient).any(|r| r.requester == requester),
			Error::<T>::DuplicateRequest
		);
		let count = RequestCount::<T>::get(&patient);
		ensure!(count < T::MaxRequestsPerPatient::get(), Error::<T>::TooManyRequests);
		let id = NextRequestId::<T>::get();
		NextRequestId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		RequestCount::<T>::insert(&patient, count.saturating_add(1));
		let grantee = if for_organisation {
			Grantee::Organisation(staff.org)
		} else {
			Grantee::Person(requester.clone())
		};
		Requests::<T>::insert(
			&patient,
			id,
			AccessRequest {
				requester: requester.clone(),
				grantee: grantee.clone(),
				scope,
				access,
				purpose,
				valid_until,
				requested_at: now,
			},
		);
		Self::log_consent(&patient, ConsentChange::Requested(id), requester.clone(), now);
		Self::deposit_event(Event::AccessRequested { patient, request: id, requester, grantee });
		Ok(())
	}

	fn do_answer_request(
		patient: T::AccountId,
		request: RequestId,
		approve: bool,
	) -> DispatchResult {
		let asked = Requests::<T>::get(&patient, request).ok_or(Error::<T>::RequestNotFound)?;
		Requests::<T>::remove(&patient, request);
		RequestCount::<T>::mutate(&patient, |count| *count = count.saturating_sub(1));
		let now = Self::now();
		if approve {
			let grant = Self::do_grant(
				&patient,
				Grant {
					grantee: asked.grantee,
					scope: asked.scope,
					access: asked.access,
					purpose: asked.purpose,
					valid_from: now,
					valid_until: asked.valid_until,
					granted_at: now,
				},
			)?;
			Self::log_consent(
				&patient,
				ConsentChange::Approved { request, grant },
				patient.clone(),
				now,
			);
			Self::deposit_event(Event::RequestApproved { patient, request, grant });
		} else {
			Self::log_consent(&patient, ConsentChange::Denied(request), patient.clone(), now);
			Self::deposit_event(Event::RequestDenied { patient, request });
		}
		Ok(())
	}

	fn do_break_glass(
		accessor: T::AccountId,
		staff: StaffMembership,
		patient: T::AccountId,
		reason: EmergencyReason,
	) -> DispatchResult {
		ensure!(staff.is_clinical(), Error::<T>::NotClinicalStaff);
		ensure!(T::Membership::is_patient(&patient), Error::<T>::NotPatient);
		let now = Self::now();
		let expires_at = now.saturating_add(T::BreakGlassDuration::get());
		let id = NextBreakGlassId::<T>::get();
		NextBreakGlassId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		BreakGlassAccesses::<T>::insert(
			id,
			BreakGlassAccess {
				accessor: accessor.clone(),
				org: staff.org,
				patient: patient.clone(),
				reason,
				started_at: now,
				expires_at,
				review: Review::Open,
			},
		);
		LatestBreakGlass::<T>::insert(&patient, &accessor, id);
		PatientBreakGlass::<T>::insert(&patient, id, ());
		OpenReviews::<T>::insert(staff.org, id, ());
		Self::log_consent(&patient, ConsentChange::BreakGlass(id), accessor.clone(), now);
		Self::deposit_event(Event::EmergencyAccessStarted {
			id,
			patient,
			accessor,
			org: staff.org,
			reason,
			expires_at,
		});
		Ok(())
	}

	fn do_close_review(
		reviewer: T::AccountId,
		staff: StaffMembership,
		id: BreakGlassId,
		outcome: ReviewOutcome,
	) -> DispatchResult {
		let mut access = BreakGlassAccesses::<T>::get(id).ok_or(Error::<T>::BreakGlassNotFound)?;
		// Nobody reviews their own emergency access.
		ensure!(
			staff.org == access.org
				&& staff.has_role(StaffRole::Admin)
				&& reviewer != access.accessor,
			Error::<T>::NotReviewer
		);
		ensure!(access.review == Review::Open, Error::<T>::ReviewClosed);
		let now = Self::now();
		access.review = Review::Closed { by: reviewer.clone(), outcome, at: now };
		OpenReviews::<T>::remove(access.org, id);
		Self::log_consent(&access.patient, ConsentChange::Reviewed(id), reviewer.clone(), now);
		BreakGlassAccesses::<T>::insert(id, access);
		Self::deposit_event(Event::EmergencyAccessReviewed { id, reviewer, outcome });
		Ok(())
	}

	fn do_record_access(
		reader: T::AccountId,
		record: RecordId,
		subject: RecordSubject<T::AccountId>,
		reported_by: T::AccountId,
	) -> DispatchResult {
		ensure!(!subject.erased, Error::<T>::RecordErased);
		let basis = Self::access_basis(&reader, &subject.patient, subject.category, false)
			.ok_or(Error::<T>::NotAuthorised)?;
		let patient = subject.patient;
		let index = AuditLength::<T>::get(&patient);
		AuditLength::<T>::insert(&patient, index.saturating_add(1));
		AuditTrail::<T>::insert(
			&patient,
			index,
			AuditEntry {
				reader: reader.clone(),
				org: T::Membership::organisation_of(&reader),
				record,
				basis,
				at: Self::now(),
				reported_by,
			},
		);
		Self::deposit_event(Event::RecordAccessed { patient, record, reader, basis, index });
		Ok(())
	}

	/// Deletes expired grants, resuming where the last sweep stopped, within `limit`;
	/// returns the weight used.
	pub fn sweep_expired_grants(limit: Weight) -> Weight {
		let (base, per_grant) = Self::sweep_costs();
		let mut used = base;
		if !limit.all_gte(used.saturating_add(per_grant)) {
			return Weight::zero();
		}
		let now = Self::now();
		let mut grants = match ExpirySweepCursor::<T>::get() {
			Some(key) => Grants::<T>::iter_from(key.into_inner()),
			None => Grants::<T>::iter(),
		};
		let mut cursor = None;
		while limit.all_gte(used.saturating_add(per_grant)) {
			let Some((patient, grant, terms)) = grants.next() else {
				// A full pass: the next sweep starts from the beginning.
				cursor = None;
				break;
			};
			used = used.saturating_add(per_grant);
			cursor = Some(Grants::<T>::hashed_key_for(&patient, grant));
			if terms.valid_until.is_some_and(|until| until <= now) {
				Grants::<T>::remove(&patient, grant);
				GrantCount::<T>::mutate(&patient, |count| *count = count.saturating_sub(1));
				Self::deposit_event(Event::ExpiredGrantRemoved { patient, grant });
			}
		}
		match cursor.and_then(|key| BoundedVec::try_from(key).ok()) {
			Some(key) => ExpirySweepCursor::<T>::put(key),
			None => ExpirySweepCursor::<T>::kill(),
		}
		used
	}

	/// What a sweep of expired grants costs: its base, and each grant it looks at (the
	/// benchmark's intercept and slope).
	pub fn sweep_costs() -> (Weight, Weight) {
		let base = T::WeightInfo::sweep_expired_grants(0);
		(base, T::WeightInfo::sweep_expired_grants(1).saturating_sub(base))
	}

	/// Appends to `patient`'s consent history.
	fn log_consent(patient: &T::AccountId, change: ConsentChange, by: T::AccountId, at: Moment) {
		let index = ConsentHistoryLength::<T>::get(patient);
		ConsentHistoryLength::<T>::insert(patient, index.saturating_add(1));
		ConsentHistory::<T>::insert(patient, index, ConsentEvent { change, by, at });
	}

	/// The patient's grants with whether each is in force now.
	pub fn grants_of(patient: &T::AccountId) -> Vec<(GrantId, Grant<T::AccountId>, bool)> {
		let now = Self::now();
		let mut grants: Vec<_> = Grants::<T>::iter_prefix(patient)
			.map(|(id, grant)| {
				let in_force = grant.in_force_at(now);
				(id, grant, in_force)
			})
			.collect();
		grants.sort_by_key(|(id, _, _)| *id);
		grants
	}

	/// Requests waiting for the patient.
	pub fn requests_of(patient: &T::AccountId) -> Vec<(RequestId, AccessRequest<T::AccountId>)> {
		let mut requests: Vec<_> = Requests::<T>::iter_prefix(patient).collect();
		requests.sort_by_key(|(id, _)| *id);
		requests
	}

	/// Up to `limit` entries of the patient's audit trail from index `start`, oldest first.
	pub fn audit_page(
		patient: &T::AccountId,
		start: u64,
		limit: u32,
	) -> Vec<(u64, AuditEntry<T::AccountId>)> {
		let end = AuditLength::<T>::get(patient).min(start.saturating_add(limit.into()));
		(start..end)
			.filter_map(|i| AuditTrail::<T>::get(patient, i).map(|entry| (i, entry)))
			.collect()
	}

	/// Up to `limit` entries of the patient's consent history from index `start`.
	pub fn consent_page(
		patient: &T::AccountId,
		start: u64,
		limit: u32,
	) -> Vec<(u64, ConsentEvent<T::AccountId>)> {
		let end = ConsentHistoryLength::<T>::get(patient).min(start.saturating_add(limit.into()));
		(start..end)
			.filter_map(|i| ConsentHistory::<T>::get(patient, i).map(|event| (i, event)))
			.collect()
	}

	/// The break-glass accesses to the patient, with whether each is still open.
	pub fn break_glass_of(
		patient: &T::AccountId,
	) -> Vec<(BreakGlassId, BreakGlassAccess<T::AccountId>, bool)> {
		let now = Self::now();
		let mut accesses: Vec<_> = PatientBreakGlass::<T>::iter_key_prefix(patient)
			.filter_map(|id| BreakGlassAccesses::<T>::get(id).map(|a| (id, a)))
			.map(|(id, access)| {
				let open = now < access.expires_at;
				(id, access, open)
			})
			.collect();
		accesses.sort_by_key(|(id, _, _)| *id);
		accesses
	}

	/// Up to `limit` break-glass accesses by `org`'s clinicians awaiting review, each with
	/// whether it still gives access.
	pub fn open_reviews(
		org: OrgId,
		limit: u32,
	) -> Vec<(BreakGlassId, BreakGlassAccess<T::AccountId>, bool)> {
		let now = Self::now();
		OpenReviews::<T>::iter_key_prefix(org)
			.filter_map(|id| BreakGlassAccesses::<T>::get(id).map(|a| (id, a)))
			.take(limit as usize)
			.map(|(id, access)| {
				let open = now < access.expires_at;
				(id, access, open)
			})
			.collect()
	}
}

impl<T: Config> ConsentCheck<T::AccountId> for Pallet<T> {
	fn may_read(who: &T::AccountId, patient: &T::AccountId, category: RecordCategory) -> bool {
		Self::access_basis(who, patient, category, false).is_some()
	}

	fn may_write(who: &T::AccountId, patient: &T::AccountId, category: RecordCategory) -> bool {
		Self::access_basis(who, patient, category, true).is_some()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(patient: &T::AccountId, org: OrgId) -> Result<(), DispatchError> {
		let now = Self::now();
		let grant = Grant {
			grantee: Grantee::Organisation(org),
			scope: Scope::AllCategories,
			access: AccessLevel::ReadWrite,
			purpose: Purpose::Treatment,
			valid_from: now,
			valid_until: None,
			granted_at: now,
		};
		Self::do_grant(patient, grant).map(|_| ())
	}
}
