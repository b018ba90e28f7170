//! A test runtime with the real consortium and device-registry pallets and a consortium of
//! two manufacturers, a carrier, two hospitals, a regulator and a laboratory.

use crate as pallet_traceability;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use medchain_primitives::testing::{CheckedExternalities, Invariants};
use medchain_primitives::{Moment, OrganisationKind, StaffRole};
use pallet_device_registry::IssuingAgency;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Consortium: pallet_consortium,
		DeviceRegistry: pallet_device_registry,
		Traceability: pallet_traceability,
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
	// The demo organisations here plus the ones each benchmark admits.
	type MaxOrganisations = ConstU32<20>;
}

impl pallet_device_registry::Config for Test {
	type Membership = Consortium;
	type Time = Timestamp;
	type RecallStatus = Traceability;
	type OnDeviceEvent = Traceability;
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxOperators = ConstU32<2>;
	// No store serves service-log files here.
	type Requests = ();
	type WeightInfo = ();
}

/// Bounds small enough to reach in tests.
pub const MAX_DEVICES: u32 = 3;
pub const MAX_USES_LISTED: u32 = 1;
pub const MAX_REPORTS_PER_DEVICE: u32 = 2;
/// 30 days.
pub const DEADLINE: Moment = 30 * 86_400_000;

impl pallet_traceability::Config for Test {
	type Membership = Consortium;
	type Devices = DeviceRegistry;
	type Time = Timestamp;
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxDevicesPerOrder = ConstU32<MAX_DEVICES>;
	type ReportingDeadline = ConstU64<DEADLINE>;
	type MaxUsesListed = ConstU32<MAX_USES_LISTED>;
	type MaxReportsPerDevice = ConstU32<MAX_REPORTS_PER_DEVICE>;
	type WeightInfo = ();
}

pub const MANUFACTURER: u32 = 0;
pub const CARRIER: u32 = 1;
pub const HOSPITAL: u32 = 2;
pub const OTHER_HOSPITAL: u32 = 3;
pub const REGULATOR: u32 = 4;
pub const OTHER_MANUFACTURER: u32 = 5;
// Organisation 6 is a laboratory.

/// The manufacturer's admin and field service engineer.
pub const MAKER: u64 = 1;
/// A laboratory's doctor: clinical, but not at a hospital.
pub const LAB_DOCTOR: u64 = 60;
pub const DRIVER: u64 = 10;
pub const HOSPITAL_ADMIN: u64 = 20;
pub const BIOMED: u64 = 21;
pub const SURGEON: u64 = 22;
pub const OPERATOR: u64 = 23;
pub const OTHER_ADMIN: u64 = 30;
pub const OTHER_SURGEON: u64 = 31;
pub const OFFICER: u64 = 40;
pub const REGULATOR_ADMIN: u64 = 41;
/// A second regulatory officer: model recalls need two.
pub const SECOND_OFFICER: u64 = 42;
pub const OTHER_MAKER: u64 = 50;
pub const PATIENT: u64 = 100;
pub const OTHER_PATIENT: u64 = 101;
pub const STRANGER: u64 = 999;

/// 2026-11-23T00:00:00Z.
pub const START: Moment = 1_795_392_000_000;

/// The pallets whose invariants every test checks when it ends.
const INVARIANTS: &[(&str, Invariants)] = &[
	("consortium", Consortium::do_try_state),
	("device_registry", DeviceRegistry::do_try_state),
	("traceability", Traceability::do_try_state),
];

pub fn new_test_ext() -> CheckedExternalities {
	use StaffRole::*;
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		consortium: pallet_consortium::GenesisConfig {
			organisations: vec![
				(OrganisationKind::Manufacturer, vec![(MAKER, vec![Admin, FieldServiceEngineer])]),
				(OrganisationKind::Logistics, vec![(DRIVER, vec![Admin])]),
				(
					OrganisationKind::Hospital,
					vec![
						(HOSPITAL_ADMIN, vec![Admin]),
						(BIOMED, vec![FieldServiceEngineer]),
						(SURGEON, vec![Doctor]),
						(OPERATOR, vec![DeviceOperator]),
					],
				),
				(
					OrganisationKind::Hospital,
					vec![
						(OTHER_ADMIN, vec![Admin, FieldServiceEngineer]),
						(OTHER_SURGEON, vec![Doctor]),
					],
				),
				(
					OrganisationKind::Regulator,
					vec![
						(REGULATOR_ADMIN, vec![Admin]),
						(OFFICER, vec![RegulatoryOfficer]),
						(SECOND_OFFICER, vec![RegulatoryOfficer]),
					],
				),
				(OrganisationKind::Manufacturer, vec![(OTHER_MAKER, vec![Admin])]),
				(OrganisationKind::Laboratory, vec![(LAB_DOCTOR, vec![Admin, Doctor])]),
			],
			patients: vec![(PATIENT, HOSPITAL), (OTHER_PATIENT, OTHER_HOSPITAL)],
		},
		device_registry: pallet_device_registry::GenesisConfig {
			issuer_prefixes: vec![
				(IssuingAgency::Gs1, "0643169".into(), MANUFACTURER),
				(IssuingAgency::Gs1, "0614141".into(), OTHER_MANUFACTURER),
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
