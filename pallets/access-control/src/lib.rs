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
//!   expiry can never be missed. A grant to a **person** (a clinician, or a relative who is
//!   a registered patient) is bound to the grantee's registration epoch when it was given:
//!   removal, deregistration or losing every clinical role ends it in the same block, and
//!   being registered again never revives it.
//! - A grant to an **organisation** covers its *active clinical staff* (Doctor, Nurse,
//!   LabTechnician, Pharmacist) and only while they are: removing a staff member, suspending
//!   the organisation or revoking the grant cuts access in the same block.
//! - A **request** from a clinician (for themself) or for their organisation waits for the
//!   patient, who approves it (it becomes a grant) or denies it. It expires after
//!   `RequestLifetime`; one request per organisation waits at a time; a patient may block a
//!   person or an organisation from asking.
//! - **Break-glass**: a hospital's doctors and nurses may open a patient's records without a
//!   grant, giving an [`EmergencyReason`], within a daily bound per patient and per
//!   clinician. The access lasts `BreakGlassDuration`, is listed for the patient, and waits
//!   in a review queue until an admin of the clinician's organisation closes it; the patient
//!   may flag it for review by governance or the hospital that registered them instead.
//! - **Audit**: every opening of a record is a signed `record_access` by the reader, or a
//!   `record_access_for` by the record-store account of the store that served it, carrying
//!   the reader's signature over the request; either succeeds only if access is allowed, and
//!   appends an entry to the patient's audit trail. Consent changes append to the patient's
//!   consent history.
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
mod events;
mod features;
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
mod storage;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use features::requests::AskedTerms;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::*;
use medchain_primitives::{
	ConsentCheck, ConsortiumMembership, Moment, OrgId, RecordCategory, RecordId, RecordLookup,
	RecordSubject, RequestRefusal, SignedRequests, StaffMembership, StaffRole,
};
use sp_runtime::traits::{IdentifyAccount, Verify};

/// What the runtime provides the benchmarks with.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A new account, and its signature over `message`.
	fn sign(message: &[u8]) -> (AccountId, Signature);

	/// Sets the chain's time (ms since the Unix epoch), so that requests can expire.
	fn set_now(now: Moment);
}

#[frame_support::pallet_macros::import_section(events::events_and_errors)]
#[frame_support::pallet_macros::import_section(storage::storage_items)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// 1: grants bound to the grantee's registration epoch, requests to the requester's
	/// organisation and epoch. 2: grants indexed by grantee ([`GrantsTo`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
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

		/// The most grants one patient may give one grantee (a person or an organisation):
		/// what a consent check reads, whatever the patient's other grants.
		#[pallet::constant]
		type MaxGrantsPerGrantee: Get<u32>;

		/// The most requests that may wait for one patient at once.
		#[pallet::constant]
		type MaxRequestsPerPatient: Get<u32>;

		/// How long a request waits for the patient before it expires, in milliseconds.
		#[pallet::constant]
		type RequestLifetime: Get<Moment>;

		/// The most requesters (people or organisations) one patient may block.
		#[pallet::constant]
		type MaxBlockedPerPatient: Get<u32>;

		/// How long a break-glass access lasts, in milliseconds.
		#[pallet::constant]
		type BreakGlassDuration: Get<Moment>;

		/// The most break-glass accesses to one patient in one UTC day.
		#[pallet::constant]
		type MaxBreakGlassPerPatientPerDay: Get<u32>;

		/// The most break-glass accesses one clinician may start in one UTC day.
		#[pallet::constant]
		type MaxBreakGlassPerClinicianPerDay: Get<u32>;

		/// Who reviews break-glass accesses a patient flagged (besides admins of the hospital
		/// that registered the patient): the consortium's governance.
		type ReviewOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// A reader's signature over a [`ReadRequest`] (the runtime's `MultiSignature`).
		type Signature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter
			+ DecodeWithMemTracking;

		/// How many blocks ahead a signed read request may be valid: a store must audit it
		/// soon after the reader asked.
		#[pallet::constant]
		type MaxReadRequestAge: Get<BlockNumberFor<Self>>;

		/// Makes accounts and signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::Signature>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Spends idle block weight deleting grants whose period has ended, so that they stop
		/// counting against `MaxGrantsPerPatient`. Access never depends on this: expiry is
		/// decided at every check.
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::sweep_expired_grants(remaining)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
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
					("record_access_for", T::WeightInfo::record_access_for()),
					("block_requester", T::WeightInfo::block_requester()),
					("unblock_requester", T::WeightInfo::unblock_requester()),
					("flag_break_glass", T::WeightInfo::flag_break_glass()),
					("review_flagged", T::WeightInfo::review_flagged()),
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
					(
						"record_access_for",
						<(T::AccountId, ReadRequest<BlockNumberFor<T>>)>::max_encoded_len()
							// A signature is at most 65 bytes (ECDSA) plus its variant.
							.saturating_add(66),
					),
				],
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Grant access to your records.
		///
		/// Origin: a registered patient. `grantee`: a registered patient, active clinical
		/// staff (bound to their registration as it is now), or an active organisation (its
		/// active clinical staff). `valid_from` defaults to now; `valid_until` `None` means
		/// until revoked, otherwise it must be later than both `valid_from` and now.
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
				grantee_epoch: 0,
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
		/// Origin: active clinical staff (for an organisation, also its admins), not blocked
		/// by the patient, with no other request from their organisation waiting for this
		/// patient. `patient` must be a registered patient. Requests that waited
		/// `RequestLifetime` are deleted first (`RequestExpired`). Emits `AccessRequested`.
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
				AskedTerms { scope, access, purpose, valid_until },
			)
		}

		/// Approve a request waiting for you: it becomes a grant on the requested terms,
		/// starting now.
		///
		/// Origin: the patient. The request must not have expired, and a request for a person
		/// only while their standing is what it was when they asked. Emits `RequestApproved`
		/// and `AccessGranted`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::approve_request())]
		pub fn approve_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			Self::do_answer_request(patient, request, true)
		}

		/// Deny a request waiting for you (expired or not).
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
		/// Origin: a Doctor or Nurse of an active hospital, without an open break-glass access
		/// to this patient, within today's bounds for the patient and for the clinician.
		/// Emits `EmergencyAccessStarted`.
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

		/// Close the review of a break-glass access.
		///
		/// Origin: for an open review, an admin of the clinician's organisation; for one the
		/// patient flagged, an admin of the hospital that registered the patient. Never the
		/// clinician. Emits `EmergencyAccessReviewed`.
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
			let subject = Self::live_subject(record)?;
			Self::do_record_access(reader.clone(), record, subject, reader)
		}

		/// Record, for `reader`, that your store served them a record they asked for: the
		/// same checks and audit entry as `record_access`, and the reader's signature over
		/// `request` ([`ReadRequest`]), raw or wrapped in `<Bytes>…</Bytes>` as browser
		/// extensions sign, proves they asked.
		///
		/// Origin: a RecordStore account of the organisation whose store holds the record.
		/// `request` must name the record and this store, be valid now and for at most
		/// `MaxReadRequestAge` blocks, and carry a nonce larger than any of the reader's
		/// already audited. Emits `RecordAccessed`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::record_access_for())]
		pub fn record_access_for(
			origin: OriginFor<T>,
			reader: T::AccountId,
			request: ReadRequest<BlockNumberFor<T>>,
			signature: T::Signature,
		) -> DispatchResult {
			let (store_operator, staff) = Self::ensure_staff(origin)?;
			Self::do_record_access_for(store_operator, staff, reader, request, signature)
		}

		/// Block a person or an organisation from requesting access to your records; their
		/// waiting requests are deleted.
		///
		/// Origin: a registered patient, with fewer than `MaxBlockedPerPatient` blocks.
		/// Emits `RequesterBlocked`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::block_requester())]
		pub fn block_requester(
			origin: OriginFor<T>,
			requester: Grantee<T::AccountId>,
		) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			Self::do_block_requester(patient, requester)
		}

		/// Lift a block: the person or organisation may ask again.
		///
		/// Origin: the patient who blocked them. Emits `RequesterUnblocked`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::unblock_requester())]
		pub fn unblock_requester(
			origin: OriginFor<T>,
			requester: Grantee<T::AccountId>,
		) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			Self::do_unblock_requester(patient, requester)
		}

		/// Flag a break-glass access to your records for review outside the clinician's
		/// organisation: governance, or an admin of the hospital that registered you, then
		/// judges it (again, if the clinician's organisation already closed its review).
		///
		/// Origin: the patient whose records were opened. Emits `EmergencyAccessFlagged`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::flag_break_glass())]
		pub fn flag_break_glass(origin: OriginFor<T>, id: BreakGlassId) -> DispatchResult {
			let patient = Self::ensure_patient(origin)?;
			Self::do_flag_break_glass(patient, id)
		}

		/// Close the review of a break-glass access the patient flagged, for governance.
		///
		/// Origin: `ReviewOrigin` (the council). Emits `EmergencyAccessReviewedByGovernance`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::review_flagged())]
		pub fn review_flagged(
			origin: OriginFor<T>,
			id: BreakGlassId,
			outcome: ReviewOutcome,
		) -> DispatchResult {
			T::ReviewOrigin::ensure_origin(origin)?;
			Self::do_review_flagged(id, outcome)
		}
	}
}
