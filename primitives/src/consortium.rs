//! The consortium's vocabulary: organisations and their kinds, staff roles and what an
//! active staff account acts as, and [`ConsortiumMembership`], the questions every domain
//! pallet asks `pallet-consortium` about an account.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// An organisation's id, assigned in order of admission and never reused.
pub type OrgId = u32;

/// The kinds of organisation that make up the consortium.
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
pub enum OrganisationKind {
	/// Treats patients; registers patients; orders, installs and uses devices.
	Hospital,
	/// Makes devices and answers for them (production, service, recalls).
	Manufacturer,
	/// Supplies materials and components to manufacturers.
	Supplier,
	/// Carries devices between organisations.
	Logistics,
	/// Approves devices, investigates adverse events, orders recalls.
	Regulator,
	/// Runs diagnostic tests.
	Laboratory,
	/// Dispenses medication.
	Pharmacy,
}

/// A role a staff account holds in its organisation. An account may hold several.
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
pub enum StaffRole {
	/// Administers its organisation's staff. Every organisation has at least one.
	Admin,
	/// A physician.
	Doctor,
	/// A nurse.
	Nurse,
	/// A laboratory technician.
	LabTechnician,
	/// A pharmacist.
	Pharmacist,
	/// Operates devices (working hours, operating cycles, logs).
	DeviceOperator,
	/// Installs, maintains and calibrates devices.
	FieldServiceEngineer,
	/// Acts for a regulator: approvals, investigations, recalls.
	RegulatoryOfficer,
	/// Registers (and, in error, deregisters) a hospital's patients: the front desk. Admins
	/// may too; no clinical role may.
	Registrar,
	/// A member's system account (a hospital's integration engine, a manufacturer's ERP). It
	/// grants nothing by itself; the transaction gate gives it the largest budget of work.
	Integration,
	/// The service account an organisation's record store runs under: it alone may put in
	/// the audit trail that a reader opened a record or a service-log file the store served,
	/// and only with the reader's signature over the request.
	RecordStore,
}

/// How many distinct [`StaffRole`]s exist: the bound of [`StaffRoles`].
pub const STAFF_ROLE_COUNT: u32 = 11;

/// The roles of one staff account: sorted, without duplicates, never empty once stored.
pub type StaffRoles = BoundedVec<StaffRole, ConstU32<STAFF_ROLE_COUNT>>;

impl OrganisationKind {
	/// Every kind, in declaration order.
	pub const ALL: [OrganisationKind; 7] = [
		OrganisationKind::Hospital,
		OrganisationKind::Manufacturer,
		OrganisationKind::Supplier,
		OrganisationKind::Logistics,
		OrganisationKind::Regulator,
		OrganisationKind::Laboratory,
		OrganisationKind::Pharmacy,
	];
}

impl StaffRole {
	/// Every role, in declaration order.
	pub const ALL: [StaffRole; STAFF_ROLE_COUNT as usize] = [
		StaffRole::Admin,
		StaffRole::Doctor,
		StaffRole::Nurse,
		StaffRole::LabTechnician,
		StaffRole::Pharmacist,
		StaffRole::DeviceOperator,
		StaffRole::FieldServiceEngineer,
		StaffRole::RegulatoryOfficer,
		StaffRole::Registrar,
		StaffRole::Integration,
		StaffRole::RecordStore,
	];

	/// Whether an organisation of `kind` may give this role to its staff. Admin exists
	/// everywhere; clinical roles only where care is given; a RegulatoryOfficer only at a
	/// regulator; a Registrar only at a hospital (only hospitals register patients); a
	/// RecordStore where patients' records or devices' service-log files are kept (hospitals,
	/// laboratories, pharmacies; manufacturers and suppliers, whose engineers log service).
	pub fn is_allowed_for(self, kind: OrganisationKind) -> bool {
		use OrganisationKind::*;
		use StaffRole::*;
		match self {
			Admin => true,
			Doctor => matches!(kind, Hospital | Laboratory),
			Nurse => matches!(kind, Hospital),
			LabTechnician => matches!(kind, Hospital | Laboratory),
			Pharmacist => matches!(kind, Hospital | Pharmacy),
			DeviceOperator => matches!(kind, Hospital | Laboratory | Manufacturer),
			FieldServiceEngineer => matches!(kind, Hospital | Manufacturer | Supplier),
			RegulatoryOfficer => matches!(kind, Regulator),
			Registrar => matches!(kind, Hospital),
			Integration => true,
			RecordStore => {
				matches!(kind, Hospital | Laboratory | Pharmacy | Manufacturer | Supplier)
			},
		}
	}

	/// Whether the role gives care to patients (the roles a patient's grant to an
	/// organisation extends to).
	pub fn is_clinical(self) -> bool {
		matches!(
			self,
			StaffRole::Doctor | StaffRole::Nurse | StaffRole::LabTechnician | StaffRole::Pharmacist
		)
	}
}

/// Where an organisation stands in the consortium.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub enum OrganisationStatus {
	/// A member: its staff act on the chain.
	Active,
	/// Suspended by governance: its staff can do nothing until it is reinstated.
	Suspended,
}

/// What an active staff account acts as: its organisation, that organisation's kind, and its
/// roles there.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct StaffMembership {
	/// The organisation the account acts for.
	pub org: OrgId,
	/// That organisation's kind.
	pub kind: OrganisationKind,
	/// The account's roles there.
	pub roles: StaffRoles,
}

impl StaffMembership {
	/// Whether the account holds `role`.
	pub fn has_role(&self, role: StaffRole) -> bool {
		self.roles.contains(&role)
	}

	/// Whether the account holds a clinical role (see [`StaffRole::is_clinical`]).
	pub fn is_clinical(&self) -> bool {
		self.roles.iter().any(|role| role.is_clinical())
	}

	/// Whether the account acts for `org` holding any of `roles`.
	pub fn acts_for(&self, org: OrgId, roles: &[StaffRole]) -> bool {
		self.org == org && roles.iter().any(|role| self.has_role(*role))
	}
}

/// The consortium's answers about an account, for the domain pallets.
///
/// "Active" always means: the account is staff now *and* its organisation is admitted and not
/// suspended. It is decided when asked, so suspending or removing an organisation cuts all
/// its staff at once.
pub trait ConsortiumMembership<AccountId> {
	/// The organisation, kind and roles of `who` if it is active staff of an active
	/// organisation.
	fn active_staff(who: &AccountId) -> Option<StaffMembership>;

	/// Whether `who` is a registered patient's account (the account every grant, record and
	/// history of the patient names, whichever key signs for it now).
	fn is_patient(who: &AccountId) -> bool;

	/// The account `signer` acts as. After a patient key recovery the new key acts as the
	/// patient's account and the key it replaced acts as no one (`None`); every other account
	/// acts as itself. Ask this of a signer (or of a reader's signature) before looking it up.
	fn acting_as(signer: &AccountId) -> Option<AccountId>;

	/// The registered patient `signer` signs for, if any.
	fn acting_patient(signer: &AccountId) -> Option<AccountId> {
		Self::acting_as(signer).filter(|who| Self::is_patient(who))
	}

	/// The signer of `origin` and its standing as active staff, or `not_staff` (the asking
	/// pallet's own named error): how every staff-only call starts.
	fn ensure_staff<O>(
		origin: O,
		not_staff: impl Into<DispatchError>,
	) -> Result<(AccountId, StaffMembership), DispatchError>
	where
		O: Into<Result<frame_system::RawOrigin<AccountId>, O>>,
	{
		let who = frame_system::ensure_signed(origin)?;
		let staff = Self::active_staff(&who).ok_or_else(|| not_staff.into())?;
		Ok((who, staff))
	}

	/// The registered patient the signer of `origin` signs for, or `not_patient` (the asking
	/// pallet's own named error): how every patient-only call starts.
	fn ensure_patient<O>(
		origin: O,
		not_patient: impl Into<DispatchError>,
	) -> Result<AccountId, DispatchError>
	where
		O: Into<Result<frame_system::RawOrigin<AccountId>, O>>,
	{
		let signer = frame_system::ensure_signed(origin)?;
		Self::acting_patient(&signer).ok_or_else(|| not_patient.into())
	}

	/// The kind of `org` if it is an active member.
	fn active_organisation(org: OrgId) -> Option<OrganisationKind>;

	/// Whether `who` is active staff of `org` holding `role`.
	fn has_role(who: &AccountId, org: OrgId, role: StaffRole) -> bool {
		Self::active_staff(who).is_some_and(|m| m.org == org && m.has_role(role))
	}

	/// The organisation `who` acts for, if it is active staff.
	fn organisation_of(who: &AccountId) -> Option<OrgId> {
		Self::active_staff(who).map(|m| m.org)
	}

	/// How many times `who`'s standing has ended: removed (or reaped) as staff, clinical roles
	/// taken away, deregistered as a patient. A grant to a person keeps the number its
	/// grantee had when it was given, so that being registered again never revives it.
	fn registration_epoch(who: &AccountId) -> u32;

	/// The hospital that registered `patient`, if it is a registered patient.
	fn registering_hospital(patient: &AccountId) -> Option<OrgId>;

	/// Makes `who` active staff with `roles` of a new, active organisation of `kind`; for
	/// benchmarks, which need a caller that passes the origin checks.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_staff_for_benchmarks(
		who: &AccountId,
		kind: OrganisationKind,
		roles: &[StaffRole],
	) -> Result<OrgId, sp_runtime::DispatchError>;

	/// Makes `who` active staff of the existing organisation `org` with `roles`; for
	/// benchmarks that need several staff of one organisation.
	#[cfg(feature = "runtime-benchmarks")]
	fn add_staff_for_benchmarks(
		who: &AccountId,
		org: OrgId,
		roles: &[StaffRole],
	) -> Result<(), sp_runtime::DispatchError>;

	/// Makes `who` a registered patient; for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_patient_for_benchmarks(who: &AccountId) -> Result<(), sp_runtime::DispatchError>;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn admin_is_allowed_everywhere_and_regulatory_officer_only_at_a_regulator() {
		use OrganisationKind::*;
		for kind in [Hospital, Manufacturer, Supplier, Logistics, Regulator, Laboratory, Pharmacy] {
			assert!(StaffRole::Admin.is_allowed_for(kind));
			assert_eq!(StaffRole::RegulatoryOfficer.is_allowed_for(kind), kind == Regulator);
			assert_eq!(StaffRole::Registrar.is_allowed_for(kind), kind == Hospital);
			assert!(StaffRole::Integration.is_allowed_for(kind));
		}
		assert!(!StaffRole::Doctor.is_allowed_for(Pharmacy));
		assert!(StaffRole::Pharmacist.is_allowed_for(Pharmacy));
	}

	#[test]
	fn role_count_matches_the_enum() {
		// `ALL` lists every variant in order; the next index does not decode.
		for (index, role) in StaffRole::ALL.iter().enumerate() {
			assert_eq!(role.encode(), vec![index as u8]);
		}
		for (index, kind) in OrganisationKind::ALL.iter().enumerate() {
			assert_eq!(kind.encode(), vec![index as u8]);
		}
		assert!(OrganisationKind::decode(&mut &[7u8][..]).is_err());
		assert_eq!(StaffRole::RecordStore.encode(), vec![(STAFF_ROLE_COUNT - 1) as u8]);
		assert_eq!(StaffRole::RegulatoryOfficer.encode(), vec![7]);
		assert!(StaffRole::decode(&mut &[STAFF_ROLE_COUNT as u8][..]).is_err());
	}
}
