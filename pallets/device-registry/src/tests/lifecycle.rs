//! The lifecycle: factory to service and out, every pair of states, and the roles allowed.

use super::*;

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
