//! What the records pallets share: record categories, the consent question
//! (`ConsentCheck`, answered by `pallet-access-control`) and the record lookup
//! (`RecordLookup`, answered by `pallet-emr-pointers`). Each pallet depends on the other only
//! through these traits.

use crate::OrgId;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Whether `cid` is a CIDv1 in base32 string form: the multibase prefix `b` and then only
/// the lower-case base32 alphabet (`a`–`z`, `2`–`7`), at least 10 characters. Documents kept
/// off chain (records, device profiles, service logs) are named by such CIDs.
pub fn is_cid_v1(cid: &[u8]) -> bool {
	cid.len() >= 10
		&& cid.first() == Some(&b'b')
		&& cid.iter().all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(c))
}

/// The chain's time now from `Time` (pallet-timestamp), in milliseconds since the Unix
/// epoch: the [`Moment`] every medchain pallet dates things with.
pub fn now_millis<Time: frame_support::traits::UnixTime>() -> Moment {
	u64::try_from(Time::now().as_millis()).unwrap_or(Moment::MAX)
}

/// A record's id, assigned in order of anchoring and never reused.
pub type RecordId = u64;

/// Milliseconds since the Unix epoch, as `pallet-timestamp` keeps time.
pub type Moment = u64;

/// A record's category: the FHIR resource type of its content.
#[derive(
	Clone,
	Copy,
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
	serde::Serialize,
	serde::Deserialize,
)]
pub enum RecordCategory {
	/// A document: discharge summary, referral letter, scanned form.
	DocumentReference,
	/// A report of diagnostic results (laboratory, imaging, pathology).
	DiagnosticReport,
	/// A measurement or finding (vital signs, a lab value).
	Observation,
	/// A prescription.
	MedicationRequest,
	/// An imaging study (DICOM series).
	ImagingStudy,
	/// A diagnosis or problem.
	Condition,
	/// A procedure performed on the patient.
	Procedure,
	/// An allergy or intolerance.
	AllergyIntolerance,
	/// A vaccination.
	Immunization,
	/// A care plan.
	CarePlan,
}

impl RecordCategory {
	/// How many categories exist: the bound of a grant's category list.
	pub const COUNT: u32 = 10;
}

/// What a record is, for the consent check: whose it is and what kind.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RecordSubject<AccountId> {
	/// The patient the record is about.
	pub patient: AccountId,
	/// Its category.
	pub category: RecordCategory,
	/// The organisation whose off-chain store holds its ciphertext.
	pub store: OrgId,
}

/// The patient's consent, as `pallet-access-control` decides it at the moment of asking.
pub trait ConsentCheck<AccountId> {
	/// Whether `who` may read `patient`'s records of `category` now (the patient always may).
	fn may_read(who: &AccountId, patient: &AccountId, category: RecordCategory) -> bool;

	/// Whether `who` may add `patient`'s records of `category` now (the patient always may).
	fn may_write(who: &AccountId, patient: &AccountId, category: RecordCategory) -> bool;

	/// Makes `patient` grant `org` read-write access to everything, until revoked; for
	/// benchmarks, which need a clinician allowed to write.
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(
		patient: &AccountId,
		org: OrgId,
	) -> Result<(), sp_runtime::DispatchError>;
}

/// Looks up a record for the consent pallet, which needs only its subject.
pub trait RecordLookup<AccountId> {
	/// The record's patient, category and store, if it exists and is not erased.
	fn subject(record: RecordId) -> Option<RecordSubject<AccountId>>;

	/// Whether the record was erased (crypto-shredded): only its receipt is left, and nobody
	/// may open it any more.
	fn is_erased(record: RecordId) -> bool;

	/// Anchors a record of `patient` in `store`'s store; for benchmarks, which need one.
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(
		patient: &AccountId,
		category: RecordCategory,
		store: OrgId,
	) -> Option<RecordId>;
}
