//! Grants, requests, break-glass accesses, and the audit and consent logs.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use medchain_primitives::{Moment, OrgId, RecordCategory, RecordId};
use scale_info::TypeInfo;

/// A grant's id, unique across patients.
pub type GrantId = u64;
/// An access request's id, unique across patients.
pub type RequestId = u64;
/// A break-glass access's id.
pub type BreakGlassId = u64;

/// Who a patient grants access to.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Grantee<AccountId> {
	/// One person's account: a clinician, or a relative registered as a patient.
	Person(AccountId),
	/// An organisation: the grant covers its active clinical staff, and only while they are.
	Organisation(OrgId),
}

/// The record categories a grant covers.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Scope {
	/// Every category.
	AllCategories,
	/// Only these (at least one).
	Categories(BoundedVec<RecordCategory, ConstU32<{ RecordCategory::COUNT }>>),
}

impl Scope {
	/// Whether the scope covers `category`.
	pub fn covers(&self, category: RecordCategory) -> bool {
		match self {
			Scope::AllCategories => true,
			Scope::Categories(list) => list.contains(&category),
		}
	}
}

/// What a grant allows.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum AccessLevel {
	/// Open the records.
	Read,
	/// Open them and add new ones (or new versions).
	ReadWrite,
}

/// Why access is given: the HL7 v3 purpose-of-use codes FHIR Consent uses
/// (`Consent.provision.purpose`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Purpose {
	/// `TREAT`: treatment.
	Treatment,
	/// `ETREAT`: emergency treatment.
	EmergencyTreatment,
	/// `CAREMGT`: care management.
	CareManagement,
	/// `HPAYMT`: payment.
	Payment,
	/// `HOPERAT`: healthcare operations.
	Operations,
	/// `HRESCH`: research.
	Research,
	/// `PUBHLTH`: public health.
	PublicHealth,
	/// `PATRQT`: at the patient's request.
	PatientRequest,
}

/// A patient's grant. Whether it is in force is decided when asked, from `valid_from` and
/// `valid_until`: nothing flips it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Grant<AccountId> {
	/// Who it is for.
	pub grantee: Grantee<AccountId>,
	/// Which categories.
	pub scope: Scope,
	/// Read, or read and write.
	pub access: AccessLevel,
	/// Why.
	pub purpose: Purpose,
	/// In force from this moment (ms since the Unix epoch)…
	pub valid_from: Moment,
	/// …until just before this one; `None`: until revoked.
	pub valid_until: Option<Moment>,
	/// When the patient gave it.
	pub granted_at: Moment,
	/// For a grant to a person: the grantee's registration epoch when it was given
	/// (`ConsortiumMembership::registration_epoch`). The grant applies only while the epoch is
	/// unchanged: removal, deregistration or losing every clinical role end it for good, and
	/// being registered again never revives it. 0 for a grant to an organisation.
	pub grantee_epoch: u32,
}

impl<AccountId> Grant<AccountId> {
	/// Whether the grant is in force at `now`: `valid_from <= now < valid_until`.
	pub fn in_force_at(&self, now: Moment) -> bool {
		self.valid_from <= now && self.valid_until.is_none_or(|until| now < until)
	}
}

/// A clinician's or organisation's request for access, awaiting the patient.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AccessRequest<AccountId> {
	/// The staff account that asked.
	pub requester: AccountId,
	/// Who would get the grant: the requester, or its organisation.
	pub grantee: Grantee<AccountId>,
	/// Which categories.
	pub scope: Scope,
	/// Read, or read and write.
	pub access: AccessLevel,
	/// Why.
	pub purpose: Purpose,
	/// How long the grant would last; `None`: until revoked.
	pub valid_until: Option<Moment>,
	/// When it was asked; it expires `RequestLifetime` later.
	pub requested_at: Moment,
	/// The requester's organisation: one request per organisation may wait for a patient.
	pub org: OrgId,
	/// The requester's registration epoch when asking: a request for a person whose standing
	/// has since ended cannot be approved.
	pub requester_epoch: u32,
}

impl<AccountId> AccessRequest<AccountId> {
	/// Whether the request has expired at `now`, given how long requests wait.
	pub fn expired_at(&self, now: Moment, lifetime: Moment) -> bool {
		now >= self.requested_at.saturating_add(lifetime)
	}
}

/// Why a clinician broke the glass.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum EmergencyReason {
	/// The patient cannot consent (unconscious, incapacitated).
	PatientUnableToConsent,
	/// Life-threatening condition.
	LifeThreatening,
	/// Urgent treatment that cannot wait for consent.
	UrgentTreatment,
	/// A public-health emergency.
	PublicHealthEmergency,
}

/// How the organisation's admin judged a break-glass access.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum ReviewOutcome {
	/// The emergency justified it.
	Justified,
	/// It was not justified: the organisation follows it up off chain.
	Unjustified,
}

/// Where a break-glass access's review stands.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Review<AccountId> {
	/// Waiting for an admin of the accessor's organisation.
	Open,
	/// Closed by `by` at `at`.
	Closed {
		/// The admin who closed it.
		by: AccountId,
		/// The judgement.
		outcome: ReviewOutcome,
		/// When.
		at: Moment,
	},
	/// The patient flagged it for review outside the accessor's organisation: it waits for
	/// governance or an admin of the hospital that registered the patient.
	Flagged {
		/// The hospital that registered the patient, whose admins may close the review.
		hospital: OrgId,
		/// When the patient flagged it.
		at: Moment,
	},
	/// Governance closed the review of a flagged access.
	ClosedByGovernance {
		/// The judgement.
		outcome: ReviewOutcome,
		/// When.
		at: Moment,
	},
}

/// How many break-glass accesses an account (a patient, or a clinician) has had in one UTC
/// day.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Default,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct DailyCount {
	/// The day: milliseconds since the Unix epoch divided by 86,400,000.
	pub day: u32,
	/// Break-glass accesses started that day.
	pub count: u32,
}

/// What a reader signs to have an organisation's record store serve them a record: the store
/// submits it with `record_access_for`, and the chain checks the signature, so that the audit
/// trail shows who really asked. The signed message is [`READ_REQUEST_CONTEXT`], the chain's
/// genesis hash and this request, SCALE-encoded one after the other; signed as it is or
/// wrapped in `<Bytes>…</Bytes>` (as browser extensions sign bytes).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ReadRequest<BlockNumber> {
	/// The record asked for.
	pub record: RecordId,
	/// The organisation whose store is asked to serve it.
	pub store: OrgId,
	/// Larger than the nonce of every request of this reader already audited (a
	/// millisecond clock will do): a request is audited once.
	pub nonce: u64,
	/// The last block at which the request may be audited.
	pub valid_until: BlockNumber,
}

/// The domain tag a reader's signed [`ReadRequest`] starts with (after `<Bytes>` if wrapped),
/// so that the signature can never be mistaken for one over anything else.
pub const READ_REQUEST_CONTEXT: &[u8] = b"medchain/read-request/v1";

/// An emergency access without consent (FHIR AuditEvent "Emergency Override Started").
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct BreakGlassAccess<AccountId> {
	/// The clinician.
	pub accessor: AccountId,
	/// The clinician's organisation, whose admin reviews the access.
	pub org: OrgId,
	/// The patient whose records were opened.
	pub patient: AccountId,
	/// Why.
	pub reason: EmergencyReason,
	/// When it started.
	pub started_at: Moment,
	/// When it ends by itself (`started_at` + the configured TTL).
	pub expires_at: Moment,
	/// The review.
	pub review: Review<AccountId>,
}

/// On what grounds a reader opened a record.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum AccessBasis {
	/// The patient opened their own record.
	Patient,
	/// A grant in force.
	Grant(GrantId),
	/// An open break-glass access.
	BreakGlass(BreakGlassId),
}

/// One opening of a record, in the patient's audit trail (FHIR AuditEvent).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AuditEntry<AccountId> {
	/// Who opened it.
	pub reader: AccountId,
	/// The reader's organisation, if staff.
	pub org: Option<OrgId>,
	/// The record.
	pub record: RecordId,
	/// On what grounds.
	pub basis: AccessBasis,
	/// When.
	pub at: Moment,
	/// The account that submitted the entry: the reader, or the record-store account that
	/// served the reader, which the chain let do so only with the reader's signature over the
	/// request.
	pub reported_by: AccountId,
}

/// A change to a patient's consent, in their consent history.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum ConsentChange {
	/// A grant was given.
	Granted(GrantId),
	/// A grant was revoked.
	Revoked(GrantId),
	/// Access was requested.
	Requested(RequestId),
	/// A request was approved, becoming a grant.
	Approved {
		/// The request.
		request: RequestId,
		/// The grant it became.
		grant: GrantId,
	},
	/// A request was denied.
	Denied(RequestId),
	/// A clinician broke the glass.
	BreakGlass(BreakGlassId),
	/// A break-glass access was reviewed.
	Reviewed(BreakGlassId),
	/// The patient flagged a break-glass access for review outside the accessor's
	/// organisation.
	Flagged(BreakGlassId),
	/// The patient blocked a requester.
	Blocked,
	/// The patient unblocked a requester.
	Unblocked,
}

/// One entry of a patient's consent history.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ConsentEvent<AccountId> {
	/// What changed.
	pub change: ConsentChange,
	/// Who changed it.
	pub by: AccountId,
	/// When.
	pub at: Moment,
}
