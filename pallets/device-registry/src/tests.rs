//! Unit tests: registration, the lifecycle (table-driven over every pair of states), custody,
//! roles, usage and condition reports, operators, the service log and its audit, the codes'
//! shapes (tests/codes.rs), and a property test that no sequence of calls brings a device back from a final state.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

mod codes;
mod issuers;

type Registry = Pallet<Test>;

/// The hospital's intensive care unit and its workshop: its GLN, extended.
const ICU: &str = "GLN:0614141000012.ICU3";
const WORKSHOP: &str = "GLN:0614141000012.WORKSHOP";

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn bytes<S: frame_support::traits::Get<u32>>(text: &str) -> BoundedVec<u8, S> {
	BoundedVec::try_from(text.as_bytes().to_vec()).unwrap()
}

fn udi(serial: &str) -> Udi {
	Udi {
		di: bytes("00844588003288"),
		serial: Some(bytes(serial)),
		lot: Some(bytes("LOT-2026-11")),
		manufactured_on: Some(20261101),
		expires_on: Some(20311101),
	}
}

fn profile() -> DeviceProfile {
	DeviceProfile {
		device_type: bytes("GMDN:35852"),
		model: bytes("PACELEAD-5076"),
		version: bytes("2.1"),
		modality: None,
		profile_cid: bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
		profile_hash: [7; 32],
	}
}

/// The manufacturer registers a device; returns its id.
fn register(serial: &str) -> DeviceId {
	let id = NextDeviceId::<Test>::get();
	assert_ok!(Registry::register_device(signed(MAKER), udi(serial), profile()));
	id
}

/// A device registered, released, dispatched to the hospital and installed there.
fn installed() -> DeviceId {
	let id = register("SN-1");
	assert_ok!(Registry::release(signed(MAKER), id));
	assert_ok!(Registry::dispatch(signed(MAKER), id, CARRIER, HOSPITAL));
	assert_ok!(Registry::install(signed(BIOMED), id, Some(bytes(ICU))));
	id
}

fn state(id: DeviceId) -> Lifecycle {
	Devices::<Test>::get(id).unwrap().lifecycle
}

// ---- registration ----

#[test]
fn a_manufacturer_registers_a_device_by_its_udi() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		System::assert_last_event(
			Event::DeviceRegistered { device: id, manufacturer: MANUFACTURER, by: MAKER }.into(),
		);
		let device = Devices::<Test>::get(id).unwrap();
		assert_eq!((device.manufacturer, device.custodian), (MANUFACTURER, MANUFACTURER));
		assert_eq!(device.lifecycle, Lifecycle::Manufactured);
		assert_eq!(device.registered_at, START);
		assert_eq!(DeviceByUdi::<Test>::get(udi_key(&udi("SN-1"))), Some(id));
		let lot = lot_key(&udi("SN-1").di, &bytes("LOT-2026-11"));
		assert!(DevicesOfLot::<Test>::contains_key(lot, id));
		assert!(DevicesOfModel::<Test>::contains_key(model_key(&udi("SN-1").di), id));
		// The production line's DeviceOperator may register too.
		assert_ok!(Registry::register_device(signed(MAKER_LINE), udi("SN-2"), profile()));
	});
}

#[test]
fn registration_errors() {
	new_test_ext().execute_with(|| {
		for caller in [BIOMED, HOSPITAL_ADMIN, OFFICER, DRIVER, PATIENT] {
			assert_noop!(
				Registry::register_device(signed(caller), udi("SN-1"), profile()),
				Error::<Test>::NotAuthorised
			);
		}
		let mut no_di = udi("SN-1");
		no_di.di = bytes("");
		assert_noop!(
			Registry::register_device(signed(MAKER), no_di.clone(), profile()),
			Error::<Test>::InvalidUdi
		);
		// A GTIN-14 with a wrong check digit.
		no_di.di = bytes("00844588003289");
		assert_noop!(
			Registry::register_device(signed(MAKER), no_di, profile()),
			Error::<Test>::InvalidUdi
		);
		let mut no_pi = udi("SN-1");
		(no_pi.serial, no_pi.lot) = (None, None);
		assert_noop!(
			Registry::register_device(signed(MAKER), no_pi, profile()),
			Error::<Test>::MissingProductionId
		);
		let mut bad_cid = profile();
		bad_cid.profile_cid = bytes("QmNotACidV1");
		assert_noop!(
			Registry::register_device(signed(MAKER), udi("SN-1"), bad_cid),
			Error::<Test>::InvalidCid
		);
		register("SN-1");
		assert_noop!(
			Registry::register_device(signed(MAKER), udi("SN-1"), profile()),
			Error::<Test>::DuplicateUdi
		);
		NextDeviceId::<Test>::put(DeviceId::MAX);
		assert_noop!(
			Registry::register_device(signed(MAKER), udi("SN-9"), profile()),
			Error::<Test>::IdsExhausted
		);
		assert_noop!(
			Registry::register_device(RuntimeOrigin::none(), udi("SN-9"), profile()),
			DispatchError::BadOrigin
		);
	});
}

// ---- lifecycle ----

#[test]
fn a_device_travels_from_factory_to_service_and_out() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_ok!(Registry::release(signed(MAKER), id));
		System::assert_last_event(
			Event::LifecycleChanged {
				device: id,
				from: Lifecycle::Manufactured,
				to: Lifecycle::Released,
				by: MAKER,
			}
			.into(),
		);
		assert_ok!(Registry::dispatch(signed(MAKER), id, CARRIER, HOSPITAL));
		System::assert_last_event(
			Event::CustodyChanged { device: id, from: MANUFACTURER, to: CARRIER }.into(),
		);
		let device = Devices::<Test>::get(id).unwrap();
		assert_eq!(
			(device.custodian, device.recipient, device.lifecycle),
			(CARRIER, Some(HOSPITAL), Lifecycle::InTransit)
		);
		// Only the recipient installs it.
		assert_noop!(
			Registry::install(signed(OTHER_ADMIN), id, None),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(Registry::install(signed(DRIVER), id, None), Error::<Test>::NotAuthorised);
		assert_ok!(Registry::install(signed(BIOMED), id, Some(bytes(ICU))));
		System::assert_last_event(
			Event::CustodyChanged { device: id, from: CARRIER, to: HOSPITAL }.into(),
		);
		let device = Devices::<Test>::get(id).unwrap();
		assert_eq!((device.custodian, device.recipient), (HOSPITAL, None));
		assert_eq!(device.location, Some(bytes(ICU)));
		assert_ok!(Registry::put_in_service(signed(OPERATOR), id));
		// The manufacturer's engineer services it.
		assert_ok!(Registry::start_maintenance(signed(MAKER), id));
		assert_ok!(Registry::put_in_service(signed(BIOMED), id));
		assert_ok!(Registry::start_maintenance(signed(BIOMED), id));
		assert_ok!(Registry::decommission(signed(HOSPITAL_ADMIN), id));
		assert_eq!(state(id), Lifecycle::Decommissioned);
	});
}

/// Sets `id` to `lifecycle`, with the custodian it would have there and a recipient, so that
/// the caller chosen by [`move_to`] passes the role checks and only the state decides. A
/// recipient at rest is a state no call leaves: the tests that use this skip the invariant
/// check (`execute_unchecked`).
fn put_in_state(id: DeviceId, lifecycle: Lifecycle) {
	Devices::<Test>::mutate(id, |device| {
		let device = device.as_mut().unwrap();
		device.lifecycle = lifecycle;
		device.recipient = Some(HOSPITAL);
		device.custodian = match lifecycle {
			Lifecycle::Manufactured | Lifecycle::Released => MANUFACTURER,
			Lifecycle::InTransit => CARRIER,
			_ => HOSPITAL,
		};
	});
}

/// Makes the call that moves `id` to `to`, by a caller whose role allows it.
fn move_to(id: DeviceId, to: Lifecycle) -> frame_support::dispatch::DispatchResult {
	let custodian_staff = match Devices::<Test>::get(id).unwrap().custodian {
		MANUFACTURER => MAKER,
		CARRIER => DRIVER,
		_ => BIOMED,
	};
	match to {
		Lifecycle::Released => Registry::release(signed(MAKER), id),
		Lifecycle::InTransit => Registry::dispatch(signed(custodian_staff), id, CARRIER, HOSPITAL),
		Lifecycle::Installed => Registry::install(signed(BIOMED), id, None),
		Lifecycle::InService => Registry::put_in_service(signed(custodian_staff), id),
		Lifecycle::Maintenance => Registry::start_maintenance(signed(MAKER), id),
		Lifecycle::Recalled => Registry::recall(signed(OFFICER), id),
		Lifecycle::Decommissioned => Registry::decommission(signed(custodian_staff), id),
		Lifecycle::Manufactured => unreachable!("no call returns a device to Manufactured"),
	}
}

#[test]
fn every_transition_is_allowed_only_from_its_states() {
	use Lifecycle::*;
	let states = [
		Manufactured,
		Released,
		InTransit,
		Installed,
		InService,
		Maintenance,
		Recalled,
		Decommissioned,
	];
	// The lifecycle, written out: (from, to) pairs a call may make.
	let allowed = |from: Lifecycle, to: Lifecycle| {
		matches!(
			(from, to),
			(Manufactured, Released)
				| (Released | Installed | InService | Maintenance, InTransit)
				| (InTransit, Installed)
				| (Installed, InService)
				| (Maintenance, InService)
				| (InService, Maintenance)
		) || (to == Recalled && !matches!(from, Recalled | Decommissioned))
			|| (to == Decommissioned && !matches!(from, InTransit | Recalled | Decommissioned))
	};
	for from in states {
		for to in states.into_iter().filter(|to| *to != Manufactured) {
			new_test_ext().execute_unchecked(|| {
				let id = register("SN-1");
				put_in_state(id, from);
				let result = move_to(id, to);
				if allowed(from, to) {
					assert_eq!(result, Ok(()), "{from:?} → {to:?} must be allowed");
					assert_eq!(state(id), to);
				} else {
					assert_eq!(
						result,
						Err(Error::<Test>::InvalidTransition.into()),
						"{from:?} → {to:?} must be refused"
					);
					assert_eq!(state(id), from);
				}
			});
		}
	}
}

#[test]
fn the_wrong_role_or_organisation_is_refused() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_noop!(Registry::release(signed(BIOMED), id), Error::<Test>::NotAuthorised);
		assert_noop!(Registry::release(signed(NURSE), id), Error::<Test>::NotAuthorised);
		assert_ok!(Registry::release(signed(MAKER), id));
		assert_noop!(
			Registry::dispatch(signed(DRIVER), id, CARRIER, HOSPITAL),
			Error::<Test>::NotAuthorised
		);
		assert_ok!(Registry::dispatch(signed(MAKER), id, CARRIER, HOSPITAL));
		assert_ok!(Registry::install(signed(HOSPITAL_ADMIN), id, None));
		assert_noop!(Registry::put_in_service(signed(NURSE), id), Error::<Test>::NotAuthorised);
		assert_noop!(
			Registry::put_in_service(signed(OTHER_OPERATOR), id),
			Error::<Test>::NotAuthorised
		);
		assert_ok!(Registry::put_in_service(signed(OPERATOR), id));
		assert_noop!(
			Registry::start_maintenance(signed(OPERATOR), id),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(Registry::recall(signed(REGULATOR_ADMIN), id), Error::<Test>::NotAuthorised);
		assert_noop!(Registry::recall(signed(MAKER), id), Error::<Test>::NotAuthorised);
		assert_noop!(Registry::decommission(signed(OPERATOR), id), Error::<Test>::NotAuthorised);
		assert_noop!(Registry::decommission(signed(MAKER), id), Error::<Test>::NotAuthorised);
		assert_noop!(Registry::decommission(signed(PATIENT), id), Error::<Test>::NotAuthorised);
		assert_noop!(Registry::recall(signed(OFFICER), 99), Error::<Test>::DeviceNotFound);
		// Suspending the hospital cuts its staff at once.
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_noop!(
			Registry::decommission(signed(HOSPITAL_ADMIN), id),
			Error::<Test>::NotAuthorised
		);
		assert_ok!(Registry::recall(signed(OFFICER), id));
	});
}

#[test]
fn dispatch_needs_a_carrier_and_a_member_recipient() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_ok!(Registry::release(signed(MAKER), id));
		assert_noop!(
			Registry::dispatch(signed(MAKER), id, HOSPITAL, HOSPITAL),
			Error::<Test>::NotACarrier
		);
		assert_noop!(
			Registry::dispatch(signed(MAKER), id, CARRIER, 99),
			Error::<Test>::UnknownOrganisation
		);
		// Sent to the other hospital: only that hospital installs it.
		assert_ok!(Registry::dispatch(signed(MAKER), id, CARRIER, OTHER_HOSPITAL));
		// The carrier only carries it.
		let condition = Devices::<Test>::get(id).unwrap().condition;
		assert_noop!(
			Registry::report_condition(signed(DRIVER), id, condition, None),
			Error::<Test>::InTransit
		);
		assert_noop!(Registry::report_usage(signed(DRIVER), id, 1, 1), Error::<Test>::InTransit);
		assert_noop!(
			Registry::assign_operators(signed(DRIVER), id, BoundedVec::default()),
			Error::<Test>::InTransit
		);
		assert_noop!(Registry::install(signed(BIOMED), id, None), Error::<Test>::NotAuthorised);
		assert_ok!(Registry::install(signed(OTHER_ADMIN), id, None));
		assert_eq!(Devices::<Test>::get(id).unwrap().custodian, OTHER_HOSPITAL);
	});
}

// ---- reports and operators ----

#[test]
fn the_custodian_reports_usage_that_only_grows_and_condition() {
	new_test_ext().execute_with(|| {
		let id = installed();
		assert_ok!(Registry::report_usage(signed(OPERATOR), id, 10, 3));
		System::assert_last_event(
			Event::UsageReported { device: id, working_hours: 10, operating_cycles: 3 }.into(),
		);
		assert_noop!(
			Registry::report_usage(signed(OPERATOR), id, 9, 4),
			Error::<Test>::CounterDecreased
		);
		assert_noop!(
			Registry::report_usage(signed(OPERATOR), id, 11, 2),
			Error::<Test>::CounterDecreased
		);
		assert_noop!(
			Registry::report_usage(signed(NURSE), id, 12, 4),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Registry::report_usage(signed(MAKER), id, 12, 4),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Registry::report_usage(signed(OPERATOR), 99, 12, 4),
			Error::<Test>::DeviceNotFound
		);

		let condition = Condition {
			status: RecordStatus::Active,
			availability: Availability::Damaged,
			reason: StatusReason::HardwareDisconnected,
			mode: OperatingMode::Service,
		};
		assert_ok!(Registry::report_condition(
			signed(BIOMED),
			id,
			condition,
			Some(bytes(WORKSHOP))
		));
		System::assert_last_event(Event::ConditionReported { device: id, condition }.into());
		let device = Devices::<Test>::get(id).unwrap();
		assert_eq!((device.condition, device.location), (condition, Some(bytes(WORKSHOP))));
		assert_noop!(
			Registry::report_condition(signed(NURSE), id, condition, None),
			Error::<Test>::NotAuthorised
		);
	});
}

#[test]
fn the_custodians_admin_assigns_its_operators() {
	new_test_ext().execute_with(|| {
		let id = installed();
		let list = |accounts: &[u64]| BoundedVec::try_from(accounts.to_vec()).unwrap();
		assert_ok!(Registry::assign_operators(
			signed(HOSPITAL_ADMIN),
			id,
			list(&[OPERATOR, SECOND_OPERATOR])
		));
		System::assert_last_event(Event::OperatorsAssigned { device: id, count: 2 }.into());
		assert_eq!(Operators::<Test>::get(id).into_inner(), vec![OPERATOR, SECOND_OPERATOR]);
		assert_noop!(
			Registry::assign_operators(signed(BIOMED), id, list(&[OPERATOR])),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Registry::assign_operators(signed(HOSPITAL_ADMIN), id, list(&[NURSE])),
			Error::<Test>::NotAnOperator
		);
		assert_noop!(
			Registry::assign_operators(signed(HOSPITAL_ADMIN), id, list(&[OTHER_OPERATOR])),
			Error::<Test>::NotAnOperator
		);
		assert_noop!(
			Registry::assign_operators(signed(HOSPITAL_ADMIN), id, list(&[OPERATOR, OPERATOR])),
			Error::<Test>::DuplicateOperator
		);
	});
}

// ---- the service log ----

#[test]
fn service_staff_of_the_custodian_or_manufacturer_keep_the_log_and_every_opening_is_recorded() {
	new_test_ext().execute_with(|| {
		let id = installed();
		let cid = || bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
		assert_ok!(Registry::append_log(signed(BIOMED), id, LogKind::Calibration, cid(), [1; 32]));
		System::assert_last_event(
			Event::LogAppended { device: id, entry: 0, kind: LogKind::Calibration }.into(),
		);
		assert_ok!(Registry::append_log(signed(MAKER), id, LogKind::ErrorLog, cid(), [2; 32]));
		let entry = ServiceLog::<Test>::get(id, 1).unwrap();
		assert_eq!((entry.author, entry.org, entry.at), (MAKER, MANUFACTURER, START));
		for outsider in [NURSE, OTHER_ADMIN, DRIVER, OFFICER] {
			assert_noop!(
				Registry::append_log(signed(outsider), id, LogKind::Maintenance, cid(), [3; 32]),
				Error::<Test>::NotAuthorised
			);
			assert_noop!(Registry::open_log(signed(outsider), id, 0), Error::<Test>::NotAuthorised);
		}
		assert_noop!(
			Registry::append_log(
				signed(BIOMED),
				id,
				LogKind::Maintenance,
				bytes("not-a-cid"),
				[3; 32]
			),
			Error::<Test>::InvalidCid
		);
		assert_ok!(Registry::open_log(signed(OPERATOR), id, 1));
		System::assert_last_event(
			Event::LogOpened { device: id, entry: 1, reader: OPERATOR }.into(),
		);
		assert_eq!(LogAccesses::<Test>::get(id, 0), Some((OPERATOR, 1, START)));
		assert_eq!(LogAccessCount::<Test>::get(id), 1);
		assert_noop!(Registry::open_log(signed(OPERATOR), id, 7), Error::<Test>::LogEntryNotFound);
		assert_noop!(Registry::open_log(signed(OPERATOR), 99, 0), Error::<Test>::DeviceNotFound);
	});
}

#[test]
fn the_carrier_never_reaches_the_service_log() {
	new_test_ext().execute_with(|| {
		let cid = || bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
		let id = installed();
		assert_ok!(Registry::append_log(signed(BIOMED), id, LogKind::Calibration, cid(), [1; 32]));
		// Back to the manufacturer for repair: the carrier holds it, and only carries it.
		assert_ok!(Registry::dispatch(signed(BIOMED), id, CARRIER, MANUFACTURER));
		assert_eq!(Devices::<Test>::get(id).unwrap().custodian, CARRIER);
		assert_noop!(
			Registry::append_log(signed(DRIVER), id, LogKind::Maintenance, cid(), [2; 32]),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(Registry::open_log(signed(DRIVER), id, 0), Error::<Test>::NotAuthorised);
		// The hospital let it go; its manufacturer still keeps the log on the way.
		assert_noop!(Registry::open_log(signed(BIOMED), id, 0), Error::<Test>::NotAuthorised);
		assert_ok!(Registry::open_log(signed(MAKER), id, 0));
		// Recalled on the way, the carrier still has no access.
		assert_ok!(Registry::recall(signed(OFFICER), id));
		assert_noop!(Registry::open_log(signed(DRIVER), id, 0), Error::<Test>::NotAuthorised);
		assert_ok!(Registry::do_try_state());
	});
}

#[test]
fn try_state_finds_a_broken_index() {
	new_test_ext().execute_unchecked(|| {
		let id = installed();
		assert_ok!(Registry::do_try_state());
		DevicesOfModel::<Test>::remove(model_key(&udi("SN-1").di), id);
		assert!(Registry::do_try_state().is_err());
	});
	new_test_ext().execute_unchecked(|| {
		let id = installed();
		Devices::<Test>::mutate(id, |d| d.as_mut().unwrap().recipient = Some(HOSPITAL));
		assert!(Registry::do_try_state().is_err());
	});
}

// ---- the property ----

mod properties {
	use super::*;
	use proptest::prelude::*;

	fn target() -> impl Strategy<Value = Lifecycle> {
		prop_oneof![
			Just(Lifecycle::Released),
			Just(Lifecycle::InTransit),
			Just(Lifecycle::Installed),
			Just(Lifecycle::InService),
			Just(Lifecycle::Maintenance),
			Just(Lifecycle::Recalled),
			Just(Lifecycle::Decommissioned),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(200))]

		/// Whatever calls are made, by whichever staff: once recalled or decommissioned, a
		/// device stays so; and every refused call leaves the state untouched.
		#[test]
		fn nothing_brings_a_device_back_from_a_final_state(
			steps in proptest::collection::vec((target(), 0usize..6), 1..25)
		) {
			new_test_ext().execute_with(|| {
				let id = register("SN-1");
				let callers = [MAKER, DRIVER, BIOMED, OPERATOR, HOSPITAL_ADMIN, OFFICER];
				let mut final_state = None;
				for (to, caller) in steps {
					let who = callers[caller];
					let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
					let result = match to {
						Lifecycle::Released => Registry::release(signed(who), id),
						Lifecycle::InTransit => Registry::dispatch(signed(who), id, CARRIER, HOSPITAL),
						Lifecycle::Installed => Registry::install(signed(who), id, None),
						Lifecycle::InService => Registry::put_in_service(signed(who), id),
						Lifecycle::Maintenance => Registry::start_maintenance(signed(who), id),
						Lifecycle::Recalled => Registry::recall(signed(who), id),
						_ => Registry::decommission(signed(who), id),
					};
					if result.is_err() {
						prop_assert_eq!(before, sp_io::storage::root(sp_runtime::StateVersion::V1));
					}
					prop_assert_eq!(Registry::do_try_state(), Ok(()));
					let now = state(id);
					if let Some(done) = final_state {
						prop_assert_eq!(now, done, "a device left {:?}", done);
					} else if now.is_final() {
						final_state = Some(now);
					}
				}
				Ok(())
			})?;
		}
	}
}
