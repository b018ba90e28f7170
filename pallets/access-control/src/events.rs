//! What access control tells the world: its events and errors, a section of the pallet module
//! (`#[import_section]` in `lib.rs`), so that metadata and Polkadot.js Apps show them as
//! before.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events_and_errors {
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
		/// A request waited `RequestLifetime` unanswered and was deleted, making room for
		/// others.
		RequestExpired {
			/// The patient.
			patient: T::AccountId,
			/// The request.
			request: RequestId,
		},
		/// The patient blocked a person or an organisation from requesting access; its
		/// waiting requests were deleted.
		RequesterBlocked {
			/// The patient.
			patient: T::AccountId,
			/// Who may no longer ask.
			requester: Grantee<T::AccountId>,
		},
		/// The patient lifted a block.
		RequesterUnblocked {
			/// The patient.
			patient: T::AccountId,
			/// Who may ask again.
			requester: Grantee<T::AccountId>,
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
		/// The patient flagged a break-glass access for review by governance or by the
		/// hospital that registered them.
		EmergencyAccessFlagged {
			/// The break-glass access.
			id: BreakGlassId,
			/// The patient.
			patient: T::AccountId,
			/// The hospital whose admins may review it (as may governance).
			hospital: OrgId,
		},
		/// Governance closed the review of a flagged break-glass access.
		EmergencyAccessReviewedByGovernance {
			/// The break-glass access.
			id: BreakGlassId,
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
			/// Who submitted the entry: the reader, or the record store that served them.
			reported_by: T::AccountId,
		},
		/// The runtime upgrade to storage version 2 deleted a grant beyond the new bound of
		/// `MaxGrantsPerGrantee` grants to one grantee (the newest stayed); the patient may
		/// give one grant that covers what it did.
		GrantRetired {
			/// The patient.
			patient: T::AccountId,
			/// The grant.
			grant: GrantId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller (or the account named) is not a registered patient, or signs with a key
		/// a key recovery replaced.
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
		/// The caller is not a record-store account of the organisation whose store holds the
		/// record.
		NotStoreOperator,
		/// An id counter is exhausted.
		IdsExhausted,
		/// A grant to a staff member needs a clinical role (Doctor, Nurse, LabTechnician,
		/// Pharmacist).
		GranteeNotClinical,
		/// The request waited longer than `RequestLifetime`: it can only be denied.
		RequestExpired,
		/// The requester's standing ended after they asked (removed, deregistered, clinical
		/// roles taken away): the request can only be denied.
		RequesterGone,
		/// A request from the caller's organisation already waits for this patient.
		OrganisationRequestWaiting,
		/// The patient blocked the caller, or the caller's organisation, from asking.
		RequesterBlocked,
		/// The requester is already blocked.
		AlreadyBlocked,
		/// The requester is not blocked.
		NotBlocked,
		/// The patient already blocked `MaxBlockedPerPatient` requesters.
		TooManyBlocked,
		/// Break-glass is for a hospital's doctors and nurses.
		NotEmergencyStaff,
		/// The caller's break-glass access to this patient is still open.
		BreakGlassStillOpen,
		/// The patient has had `MaxBreakGlassPerPatientPerDay` break-glass accesses today.
		PatientBreakGlassLimit,
		/// The caller has started `MaxBreakGlassPerClinicianPerDay` break-glass accesses
		/// today.
		ClinicianBreakGlassLimit,
		/// The break-glass access is not to the caller's records.
		NotYourBreakGlass,
		/// The break-glass access is already flagged.
		AlreadyFlagged,
		/// The break-glass access is not flagged.
		NotFlagged,
		/// The reader's signature over the read request does not verify.
		BadSignature,
		/// The read request's `valid_until` has passed.
		ReadRequestExpired,
		/// The read request's `valid_until` is further ahead than `MaxReadRequestAge`.
		ReadRequestTooFarAhead,
		/// The read request's nonce is not larger than that of the reader's last audited
		/// request: it was audited already (or is older).
		StaleReadRequest,
		/// The read request names another store than the one holding the record.
		WrongStore,
		/// The patient already gave this grantee `MaxGrantsPerGrantee` grants: revoke one, or
		/// give one grant that covers more.
		TooManyGrantsToGrantee,
	}
}
