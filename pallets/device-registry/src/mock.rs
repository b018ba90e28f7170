//! A test runtime with the real consortium pallet and a consortium of a manufacturer, a
//! carrier, two hospitals and a regulator.

use crate as pallet_device_registry;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use medchain_primitives::testing::{CheckedExternalities, Invariants};
use medchain_primitives::{Moment, OrganisationKind, StaffRole};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Consortium: pallet_consortium,
		DeviceRegistry: pallet_device_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_consortium::config_preludes::TestDefaultConfig)]
impl pallet_consortium::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
}

/// Bound small enough to reach in tests.
pub const MAX_OPERATORS: u32 = 2;

impl pallet_device_registry::Config for Test {
	type Membership = Consortium;
	type Time = Timestamp;
	type RecallStatus = ();
	type OnDeviceEvent = ();
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxOperators = ConstU32<MAX_OPERATORS>;
	type WeightInfo = ();
}

pub const MANUFACTURER: u32 = 0;
pub const CARRIER: u32 = 1;
pub const HOSPITAL: u32 = 2;
pub const OTHER_HOSPITAL: u32 = 3;
// Organisation 4 is the regulator.
pub const RIVAL: u32 = 5;

/// The manufacturer's GS1 Company Prefix (its UDI-DIs are `0` + this + item + check digit).
pub const MAKER_PREFIX: &str = "0844588";
/// The rival manufacturer's GS1 Company Prefix (GS1's own example prefix).
pub const RIVAL_PREFIX: &str = "0614141";

/// The manufacturer's field service engineer (and its admin).
pub const MAKER: u64 = 1;
/// The manufacturer's DeviceOperator (a production-line account).
pub const MAKER_LINE: u64 = 2;
pub const DRIVER: u64 = 10;
pub const HOSPITAL_ADMIN: u64 = 20;
pub const BIOMED: u64 = 21;
pub const OPERATOR: u64 = 22;
pub const SECOND_OPERATOR: u64 = 23;
pub const THIRD_OPERATOR: u64 = 24;
pub const NURSE: u64 = 25;
pub const OTHER_ADMIN: u64 = 30;
pub const OTHER_OPERATOR: u64 = 31;
pub const OFFICER: u64 = 40;
pub const REGULATOR_ADMIN: u64 = 41;
/// The rival manufacturer's admin and field service engineer.
pub const RIVAL_MAKER: u64 = 50;
pub const PATIENT: u64 = 100;

/// 2026-11-23T00:00:00Z.
pub const START: Moment = 1_795_392_000_000;

/// The pallets whose invariants every test checks when it ends.
const INVARIANTS: &[(&str, Invariants)] =
	&[("consortium", Consortium::do_try_state), ("device_registry", DeviceRegistry::do_try_state)];

pub fn new_test_ext() -> CheckedExternalities {
	use StaffRole::*;
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		consortium: pallet_consortium::GenesisConfig {
			organisations: vec![
				(
					OrganisationKind::Manufacturer,
					vec![
						(MAKER, vec![Admin, FieldServiceEngineer]),
						(MAKER_LINE, vec![DeviceOperator]),
					],
				),
				(OrganisationKind::Logistics, vec![(DRIVER, vec![Admin])]),
				(
					OrganisationKind::Hospital,
					vec![
						(HOSPITAL_ADMIN, vec![Admin]),
						(BIOMED, vec![FieldServiceEngineer]),
						(OPERATOR, vec![DeviceOperator]),
						(SECOND_OPERATOR, vec![DeviceOperator]),
						(THIRD_OPERATOR, vec![DeviceOperator]),
						(NURSE, vec![Nurse]),
					],
				),
				(
					OrganisationKind::Hospital,
					vec![(OTHER_ADMIN, vec![Admin]), (OTHER_OPERATOR, vec![DeviceOperator])],
				),
				(
					OrganisationKind::Regulator,
					vec![(REGULATOR_ADMIN, vec![Admin]), (OFFICER, vec![RegulatoryOfficer])],
				),
				(
					OrganisationKind::Manufacturer,
					vec![(RIVAL_MAKER, vec![Admin, FieldServiceEngineer])],
				),
			],
			patients: vec![(PATIENT, HOSPITAL)],
		},
		device_registry: pallet_device_registry::GenesisConfig {
			issuer_prefixes: vec![
				(crate::IssuingAgency::Gs1, MAKER_PREFIX.into(), MANUFACTURER),
				(crate::IssuingAgency::Gs1, RIVAL_PREFIX.into(), RIVAL),
			],
			..Default::default()
		},
	}
	.build_storage()
	.unwrap();
	CheckedExternalities::at_block_one::<Test>(storage, INVARIANTS, || {
		pallet_timestamp::Now::<Test>::put(START);
	})
}
