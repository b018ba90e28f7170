//! # medchain primitives
//!
//! What every medchain pallet shares, so that no pallet copies another's types or reaches into
//! another's storage:
//!
//! - [`OrganisationKind`], [`StaffRole`] and [`OrganisationStatus`]: the consortium's roles
//!   (DESIGN.md, "Roles"), and which role an organisation of each kind may give its staff.
//! - [`ConsortiumMembership`]: the questions a domain pallet asks about an account ("is it
//!   active staff of organisation X with role R?", "is it a registered patient?", "which
//!   organisation does it act for?"). `pallet-consortium` answers them; the other pallets
//!   depend on this trait only.
//! - Origins built on that trait ([`EnsureStaff`], [`EnsureActiveStaff`], [`EnsurePatient`],
//!   [`EnsureRegistered`]), so that a call declares who may make it in its pallet's `Config`.
//!
//! - [`codes`]: the shapes of the codes the pallets keep (device types, modalities, adverse
//!   events and outcomes, locations, reasons, lots and serials), checked at every call.
//! - [`records`]: record categories, CIDs, and the traits that let `pallet-emr-pointers` and
//!   `pallet-access-control` ask each other without depending on each other.
//!
//! Nothing here is personal data: accounts, organisation ids, kinds, roles and states only.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod codes;
pub mod records;
pub mod weights;
pub use records::{
	is_cid_v1, now_millis, raw_cid_v1, ConsentCheck, Moment, RecordCategory, RecordId,
	RecordLookup, RecordSubject,
};

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::{ConstU32, Get},
	traits::{EnsureOrigin, OriginTrait},
	BoundedVec,
};
use frame_system::RawOrigin;
use scale_info::TypeInfo;

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
	/// the audit trail that a reader opened a record the store served, and only with the
	/// reader's signature over the request.
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
	/// RecordStore where patients' records are kept (hospitals, laboratories, pharmacies).
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
			RecordStore => matches!(kind, Hospital | Laboratory | Pharmacy),
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

/// Who an origin checked by [`EnsureStaff`] or [`EnsureActiveStaff`] is, and for whom it acts.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StaffOrigin<AccountId> {
	/// The signing account.
	pub who: AccountId,
	/// Its organisation, that organisation's kind, and its roles.
	pub membership: StaffMembership,
}

/// A benchmark account that origins produce in `try_successful_origin`.
#[cfg(feature = "runtime-benchmarks")]
fn benchmark_account<AccountId: Decode>() -> Result<AccountId, ()> {
	AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::new(b"medchain-benchmark"))
		.map_err(|_| ())
}

/// The signed origin of any active staff account of an active organisation.
pub struct EnsureActiveStaff<AccountId, M>(PhantomData<(AccountId, M)>);

impl<O, AccountId, M> EnsureOrigin<O> for EnsureActiveStaff<AccountId, M>
where
	O: OriginTrait<AccountId = AccountId>,
	AccountId: Clone + Decode,
	M: ConsortiumMembership<AccountId>,
{
	type Success = StaffOrigin<AccountId>;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		match o.as_system_ref() {
			Some(RawOrigin::Signed(who)) => match M::active_staff(who) {
				Some(membership) => Ok(StaffOrigin { who: who.clone(), membership }),
				None => Err(o),
			},
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = benchmark_account::<AccountId>()?;
		M::register_staff_for_benchmarks(&who, OrganisationKind::Hospital, &[StaffRole::Admin])
			.map_err(|_| ())?;
		Ok(O::signed(who))
	}
}

/// The signed origin of active staff holding the role `R` (a [`roles`] marker).
pub struct EnsureStaff<AccountId, M, R>(PhantomData<(AccountId, M, R)>);

impl<O, AccountId, M, R> EnsureOrigin<O> for EnsureStaff<AccountId, M, R>
where
	O: OriginTrait<AccountId = AccountId>,
	AccountId: Clone + Decode,
	M: ConsortiumMembership<AccountId>,
	R: Get<StaffRole>,
{
	type Success = StaffOrigin<AccountId>;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		match o.as_system_ref() {
			Some(RawOrigin::Signed(who)) => match M::active_staff(who) {
				Some(membership) if membership.has_role(R::get()) => {
					Ok(StaffOrigin { who: who.clone(), membership })
				},
				_ => Err(o),
			},
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = benchmark_account::<AccountId>()?;
		let role = R::get();
		let kind =
			OrganisationKind::ALL.into_iter().find(|kind| role.is_allowed_for(*kind)).ok_or(())?;
		M::register_staff_for_benchmarks(&who, kind, &[role]).map_err(|_| ())?;
		Ok(O::signed(who))
	}
}

/// The signed origin of a registered patient's current key; succeeds with the patient's
/// account.
pub struct EnsurePatient<AccountId, M>(PhantomData<(AccountId, M)>);

impl<O, AccountId, M> EnsureOrigin<O> for EnsurePatient<AccountId, M>
where
	O: OriginTrait<AccountId = AccountId>,
	AccountId: Clone + Decode,
	M: ConsortiumMembership<AccountId>,
{
	type Success = AccountId;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		match o.as_system_ref() {
			Some(RawOrigin::Signed(who)) => M::acting_patient(who).ok_or(o),
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = benchmark_account::<AccountId>()?;
		M::register_patient_for_benchmarks(&who).map_err(|_| ())?;
		Ok(O::signed(who))
	}
}

/// The signed origin of any registered party: active staff or a patient's current key.
/// Succeeds with the account (for a patient, the patient's account) and, for staff, its
/// membership.
pub struct EnsureRegistered<AccountId, M>(PhantomData<(AccountId, M)>);

impl<O, AccountId, M> EnsureOrigin<O> for EnsureRegistered<AccountId, M>
where
	O: OriginTrait<AccountId = AccountId>,
	AccountId: Clone + Decode,
	M: ConsortiumMembership<AccountId>,
{
	type Success = (AccountId, Option<StaffMembership>);

	fn try_origin(o: O) -> Result<Self::Success, O> {
		match o.as_system_ref() {
			Some(RawOrigin::Signed(who)) => match M::active_staff(who) {
				Some(membership) => Ok((who.clone(), Some(membership))),
				None => match M::acting_patient(who) {
					Some(patient) => Ok((patient, None)),
					None => Err(o),
				},
			},
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = benchmark_account::<AccountId>()?;
		M::register_patient_for_benchmarks(&who).map_err(|_| ())?;
		Ok(O::signed(who))
	}
}

/// Role markers for [`EnsureStaff`]: `EnsureStaff<AccountId, Consortium, roles::Doctor>`.
pub mod roles {
	use super::{Get, StaffRole};

	macro_rules! role_markers {
		($($role:ident),* $(,)?) => {$(
			#[doc = concat!("Marker for [`StaffRole::", stringify!($role), "`].")]
			pub struct $role;
			impl Get<StaffRole> for $role {
				fn get() -> StaffRole {
					StaffRole::$role
				}
			}
		)*};
	}

	role_markers!(
		Admin,
		Doctor,
		Nurse,
		LabTechnician,
		Pharmacist,
		DeviceOperator,
		FieldServiceEngineer,
		RegulatoryOfficer,
	);
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

/// Serde helpers for JSON-RPC: byte strings that hold codes, identifiers and CIDs read as
/// text, and 32-byte hashes as `0x`-prefixed hex (SCALE encoding is unaffected).
pub mod json {
	use alloc::{format, string::String, vec::Vec};
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	/// A byte string as UTF-8 text (`#[serde(with = "medchain_primitives::json::text")]`).
	pub mod text {
		use super::*;

		/// Writes the bytes as text (invalid UTF-8 is replaced, never refused).
		pub fn serialize<B: AsRef<[u8]>, S: Serializer>(
			bytes: &B,
			s: S,
		) -> Result<S::Ok, S::Error> {
			s.serialize_str(&String::from_utf8_lossy(bytes.as_ref()))
		}

		/// Reads text into a (bounded) byte string; too long is an error.
		pub fn deserialize<'de, B: TryFrom<Vec<u8>>, D: Deserializer<'de>>(
			d: D,
		) -> Result<B, D::Error> {
			let text = String::deserialize(d)?;
			B::try_from(text.into_bytes()).map_err(|_| D::Error::custom("text is too long"))
		}
	}

	/// An optional byte string as text or null.
	pub mod text_opt {
		use super::*;

		/// Writes the bytes as text, or null.
		pub fn serialize<B: AsRef<[u8]>, S: Serializer>(
			bytes: &Option<B>,
			s: S,
		) -> Result<S::Ok, S::Error> {
			match bytes {
				Some(bytes) => s.serialize_some(&String::from_utf8_lossy(bytes.as_ref())),
				None => s.serialize_none(),
			}
		}

		/// Reads text (or null) into an optional (bounded) byte string.
		pub fn deserialize<'de, B: TryFrom<Vec<u8>>, D: Deserializer<'de>>(
			d: D,
		) -> Result<Option<B>, D::Error> {
			Option::<String>::deserialize(d)?
				.map(|text| {
					B::try_from(text.into_bytes()).map_err(|_| D::Error::custom("text is too long"))
				})
				.transpose()
		}
	}

	/// A list of byte strings as a list of texts.
	pub mod text_list {
		use super::*;

		/// Writes each byte string as text.
		pub fn serialize<B, L, S>(list: &L, s: S) -> Result<S::Ok, S::Error>
		where
			B: AsRef<[u8]>,
			L: core::ops::Deref<Target = Vec<B>>,
			S: Serializer,
		{
			s.collect_seq(list.iter().map(|bytes| String::from_utf8_lossy(bytes.as_ref())))
		}

		/// Reads texts into a (bounded) list of (bounded) byte strings; too long is an error.
		pub fn deserialize<'de, B, L, D>(d: D) -> Result<L, D::Error>
		where
			B: TryFrom<Vec<u8>>,
			L: TryFrom<Vec<B>> + core::ops::Deref<Target = Vec<B>>,
			D: Deserializer<'de>,
		{
			let items = Vec::<String>::deserialize(d)?
				.into_iter()
				.map(|text| {
					B::try_from(text.into_bytes()).map_err(|_| D::Error::custom("text is too long"))
				})
				.collect::<Result<Vec<B>, _>>()?;
			L::try_from(items).map_err(|_| D::Error::custom("the list is too long"))
		}
	}

	/// A 32-byte hash as `0x`-prefixed hex.
	pub mod hash {
		use super::*;

		/// Writes the hash as hex.
		pub fn serialize<S: Serializer>(hash: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
			let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
			s.serialize_str(&format!("0x{hex}"))
		}

		/// Reads `0x`-prefixed (or bare) hex of 32 bytes.
		pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
			let text = String::deserialize(d)?;
			let hex = text.strip_prefix("0x").unwrap_or(&text);
			let mut hash = [0u8; 32];
			if hex.len() != 64 || !hex.is_ascii() {
				return Err(D::Error::custom("a hash is 32 bytes of hex"));
			}
			for (i, byte) in hash.iter_mut().enumerate() {
				*byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
					.map_err(|_| D::Error::custom("a hash is 32 bytes of hex"))?;
			}
			Ok(hash)
		}
	}

	/// An optional 32-byte hash as hex or null.
	pub mod hash_opt {
		use super::*;

		/// Writes the hash as hex, or null.
		pub fn serialize<S: Serializer>(hash: &Option<[u8; 32]>, s: S) -> Result<S::Ok, S::Error> {
			match hash {
				Some(hash) => super::hash::serialize(hash, s),
				None => s.serialize_none(),
			}
		}

		/// Reads hex (or null).
		pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<[u8; 32]>, D::Error> {
			#[derive(Deserialize)]
			struct Hash(#[serde(with = "super::hash")] [u8; 32]);
			Ok(Option::<Hash>::deserialize(d)?.map(|Hash(h)| h))
		}
	}
}
