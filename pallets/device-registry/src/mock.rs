//! A test runtime with the real consortium pallet and a consortium of a manufacturer, a
//! carrier, two hospitals and a regulator.

use crate as pallet_device_registry;
use codec::Encode;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use medchain_primitives::testing::{CheckedExternalities, Invariants};
use medchain_primitives::{Moment, OrganisationKind, RequestRefusal, SignedRequests, StaffRole};
use sp_runtime::{testing::TestSignature, traits::Verify, BuildStorage};

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
	type Requests = TestRequests;
	type WeightInfo = ();
}

/// How many blocks ahead a signed request may be valid.
pub const REQUEST_AGE: u64 = 5;

/// Signed requests as the access-control pallet spends them, with test signatures (a signer's
/// id and the message, `TestSignature` verifies both).
pub struct TestRequests;
impl SignedRequests<u64, u64> for TestRequests {
	type Signature = TestSignature;

	fn spend(
		signer: &u64,
		message: &[u8],
		nonce: u64,
		valid_until: u64,
		signature: &TestSignature,
	) -> Result<(), RequestRefusal> {
		if valid_until < System::block_number() {
			return Err(RequestRefusal::Expired);
		}
		if valid_until > Self::latest_valid_until() {
			return Err(RequestRefusal::TooFarAhead);
		}
		if nonce <= last_nonce(*signer) {
			return Err(RequestRefusal::Stale);
		}
		let wrapped = medchain_primitives::wrapped_bytes(message);
		if !signature.verify(message, signer) && !signature.verify(&wrapped[..], signer) {
			return Err(RequestRefusal::BadSignature);
		}
		frame_support::storage::unhashed::put(&nonce_key(*signer), &nonce);
		Ok(())
	}

	fn latest_valid_until() -> u64 {
		System::block_number() + REQUEST_AGE
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn sign_for_benchmarks(message: &[u8]) -> (u64, TestSignature) {
		(7_000, TestSignature(7_000, medchain_primitives::wrapped_bytes(message)))
	}
}

/// Where the test keeps `signer`'s nonce: in storage, so that a failed call leaves it.
fn nonce_key(signer: u64) -> Vec<u8> {
	(b"test/nonce", signer).encode()
}

/// The nonce of `signer`'s latest spent request.
pub fn last_nonce(signer: u64) -> u64 {
	frame_support::storage::unhashed::get_or_default(&nonce_key(signer))
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
/// The manufacturer's record store (it keeps its engineers' service-log files).
pub const MAKER_STORE: u64 = 3;
pub const DRIVER: u64 = 10;
pub const HOSPITAL_ADMIN: u64 = 20;
pub const BIOMED: u64 = 21;
pub const OPERATOR: u64 = 22;
pub const SECOND_OPERATOR: u64 = 23;
pub const THIRD_OPERATOR: u64 = 24;
pub const NURSE: u64 = 25;
/// The hospital's record store.
pub const HOSPITAL_STORE: u64 = 26;
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
						(MAKER_STORE, vec![RecordStore]),
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
						(HOSPITAL_STORE, vec![RecordStore]),
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
