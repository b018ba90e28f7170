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
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
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
	/// When it was asked.
	pub requested_at: Moment,
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
}

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
	/// The account that submitted the entry: the reader, or the off-chain store for it.
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
