//! Adverse events: who reported, how serious, the regulator's investigation, the yearly counts.

use super::*;

/// Who reported an adverse event: the statistics' "source".
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
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum ReportSource {
	/// A patient.
	Patient,
	/// Staff of an organisation of this kind (a hospital: a user facility).
	Organisation(OrganisationKind),
}

code_enum! {
	/// How serious an adverse event was (FDA MedWatch outcome categories).
	pub enum Seriousness {
		/// Death.
		Death,
		/// Life-threatening.
		LifeThreatening,
		/// Hospitalisation, initial or prolonged.
		Hospitalisation,
		/// Disability or permanent damage.
		Disability,
		/// Intervention required to prevent permanent damage.
		InterventionRequired,
		/// None of the above.
		NonSerious,
	}
}

code_enum! {
	/// Where an adverse event's investigation is. `Closed` and `Rejected` are final.
	pub enum InvestigationStatus {
		/// Reported, not yet looked at.
		Reported,
		/// A regulator is investigating.
		UnderInvestigation,
		/// The root cause is known.
		RootCauseFound,
		/// Closed.
		Closed,
		/// Not an adverse event of this device (e.g. a duplicate or a misattribution).
		Rejected,
	}
}

impl InvestigationStatus {
	/// Whether a regulator may move a report from `self` to `to`.
	pub fn may_become(self, to: InvestigationStatus) -> bool {
		use InvestigationStatus::*;
		matches!(
			(self, to),
			(Reported, UnderInvestigation)
				| (UnderInvestigation, RootCauseFound)
				| (RootCauseFound, Closed)
				| (Reported | UnderInvestigation | RootCauseFound, Rejected)
		)
	}
}

/// What the reporter says happened.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AdverseEventReport {
	/// The IMDRF Annex A (device problem) or FDA event code.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub event_code: Code,
	/// How serious.
	pub seriousness: Seriousness,
	/// The IMDRF Annex E/F (health effect) outcome code.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub outcome_code: Code,
	/// The CIDv1 of the narrative, kept off chain.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub narrative_cid: Cid,
	/// When the reporter learned of the event (ms since the Unix epoch).
	pub learned_at: Moment,
}

/// One step of an adverse event's investigation.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct StatusChange<AccountId> {
	/// The status it moved to.
	pub to: InvestigationStatus,
	/// The regulator's reason code.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub reason: ReasonCode,
	/// The regulatory officer.
	pub by: AccountId,
	/// When.
	pub at: Moment,
}

/// A reported adverse event.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AdverseEvent<AccountId> {
	/// The device.
	pub device: DeviceId,
	/// The report.
	pub report: AdverseEventReport,
	/// Who reported it.
	pub reporter: AccountId,
	/// The reporter's kind.
	pub source: ReportSource,
	/// When it was filed.
	pub reported_at: Moment,
	/// The calendar year it was filed in (UTC): the annual report it counts in.
	pub year: u16,
	/// Whether it was filed later than the reporting deadline after `learned_at`.
	pub late: bool,
	/// Where its investigation is.
	pub status: InvestigationStatus,
	/// Every step of the investigation.
	#[cfg_attr(feature = "std", serde(bound = ""))]
	pub history: BoundedVec<StatusChange<AccountId>, MaxStatusChanges>,
}

/// Counts of adverse-event reports for one year, source and seriousness.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct ReportCounts {
	/// Reports filed.
	pub reported: u32,
	/// Of which filed past the deadline.
	pub late: u32,
	/// Of which a regulator rejected.
	pub rejected: u32,
}
