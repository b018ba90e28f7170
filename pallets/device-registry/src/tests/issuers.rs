//! UDI-DIs belong to their manufacturer: governance binds company prefixes, nobody else
//! registers under them; and a carrier sets aside a device recalled on its way.

use super::*;

fn gs1(code: &str) -> CompanyPrefix {
	CompanyPrefix { agency: IssuingAgency::Gs1, code: bytes(code) }
}

fn udi_of(di: &str, serial: &str) -> Udi {
	Udi { di: bytes(di), ..udi(serial) }
}

#[test]
fn only_the_owner_of_a_udi_prefix_registers_under_it() {
	new_test_ext().execute_with(|| {
		// The rival cannot register (or squat serials of) the manufacturer's UDI-DI.
		assert_noop!(
			Registry::register_device(signed(RIVAL_MAKER), udi("SN-1"), profile()),
			Error::<Test>::NotUdiOwner
		);
		// A well-formed UDI-DI under no bound prefix waits for governance.
		assert_noop!(
			Registry::register_device(signed(MAKER), udi_of("00643169000001", "SN-1"), profile()),
			Error::<Test>::UnknownIssuer
		);
		// Each registers its own.
		register("SN-1");
		let rival = NextDeviceId::<Test>::get();
		assert_ok!(Registry::register_device(
			signed(RIVAL_MAKER),
			udi_of("00614141999996", "SN-1"),
			profile()
		));
		assert_eq!(Devices::<Test>::get(rival).unwrap().manufacturer, RIVAL);
		assert_eq!(Registry::owner_of(&bytes("00614141999996")).ok(), Some(RIVAL));
		assert!(matches!(Registry::owner_of(&bytes("00614141999997")), Err(Error::InvalidUdi)));
	});
}

#[test]
fn governance_binds_and_unbinds_prefixes() {
	new_test_ext().execute_with(|| {
		let prefix = gs1("0643169");
		for who in [MAKER, OFFICER, REGULATOR_ADMIN] {
			assert_noop!(
				Registry::bind_prefix(signed(who), prefix.clone(), MANUFACTURER),
				DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Registry::bind_prefix(RuntimeOrigin::root(), gs1("064"), MANUFACTURER),
			Error::<Test>::InvalidPrefix
		);
		let hibcc = CompanyPrefix { agency: IssuingAgency::Hibcc, code: bytes("1ABC") };
		assert_noop!(
			Registry::bind_prefix(RuntimeOrigin::root(), hibcc, MANUFACTURER),
			Error::<Test>::InvalidPrefix
		);
		for org in [HOSPITAL, CARRIER, 9] {
			assert_noop!(
				Registry::bind_prefix(RuntimeOrigin::root(), prefix.clone(), org),
				Error::<Test>::NotAManufacturer
			);
		}
		assert_noop!(
			Registry::bind_prefix(RuntimeOrigin::root(), gs1(MAKER_PREFIX), RIVAL),
			Error::<Test>::PrefixTaken
		);
		assert_ok!(Registry::bind_prefix(RuntimeOrigin::root(), prefix.clone(), MANUFACTURER));
		System::assert_last_event(
			Event::PrefixBound { prefix: prefix.clone(), manufacturer: MANUFACTURER }.into(),
		);
		assert_eq!(Registry::owner_of(&bytes("00643169000001")).ok(), Some(MANUFACTURER));

		// Where prefixes nest, the longest bound one decides.
		assert_ok!(Registry::bind_prefix(RuntimeOrigin::root(), gs1("0643169000"), RIVAL));
		assert_eq!(Registry::owner_of(&bytes("00643169000001")).ok(), Some(RIVAL));
		assert_eq!(Registry::owner_of(&bytes("00643169007222")).ok(), Some(MANUFACTURER));

		assert_noop!(
			Registry::unbind_prefix(signed(MAKER), prefix.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Registry::unbind_prefix(RuntimeOrigin::root(), prefix.clone()));
		System::assert_last_event(
			Event::PrefixUnbound { prefix: prefix.clone(), manufacturer: MANUFACTURER }.into(),
		);
		assert!(matches!(Registry::owner_of(&bytes("00643169007222")), Err(Error::UnknownIssuer)));
		assert_noop!(
			Registry::unbind_prefix(RuntimeOrigin::root(), prefix),
			Error::<Test>::PrefixNotBound
		);
		// Devices registered under an unbound prefix keep their manufacturer.
		let id = register("SN-1");
		assert_ok!(Registry::unbind_prefix(RuntimeOrigin::root(), gs1(MAKER_PREFIX)));
		assert_eq!(Devices::<Test>::get(id).unwrap().manufacturer, MANUFACTURER);
		assert_noop!(
			Registry::register_device(signed(MAKER), udi("SN-2"), profile()),
			Error::<Test>::UnknownIssuer
		);
		assert_ok!(Registry::do_try_state());
	});
}

/// A device recalled one by one while on its way to the hospital.
fn recalled_on_its_way() -> DeviceId {
	let id = register("SN-1");
	assert_ok!(Registry::release(signed(MAKER), id));
	assert_ok!(Registry::dispatch(signed(MAKER), id, CARRIER, HOSPITAL));
	assert_ok!(Registry::recall(signed(OFFICER), id));
	id
}

#[test]
fn the_carrier_returns_a_device_recalled_on_its_way() {
	new_test_ext().execute_with(|| {
		let id = recalled_on_its_way();
		assert_noop!(Registry::install(signed(BIOMED), id, None), Error::<Test>::InvalidTransition);
		for who in [MAKER, BIOMED, HOSPITAL_ADMIN, OFFICER, PATIENT] {
			assert_noop!(
				Registry::set_aside(signed(who), id, Disposition::Returned),
				Error::<Test>::NotAuthorised
			);
		}
		assert_ok!(Registry::set_aside(signed(DRIVER), id, Disposition::Returned));
		System::assert_has_event(
			Event::CustodyChanged { device: id, from: CARRIER, to: MANUFACTURER }.into(),
		);
		System::assert_last_event(
			Event::SetAside { device: id, disposition: Disposition::Returned }.into(),
		);
		let device = Devices::<Test>::get(id).unwrap();
		assert_eq!((device.custodian, device.recipient), (MANUFACTURER, None));
		// Recalled one by one, it stays recalled.
		assert_eq!(device.lifecycle, Lifecycle::Recalled);
		assert_noop!(
			Registry::set_aside(signed(MAKER), id, Disposition::Quarantined),
			Error::<Test>::NotRecalledInTransit
		);
		assert_ok!(Registry::do_try_state());
	});
}

#[test]
fn the_carrier_quarantines_a_device_recalled_on_its_way_and_nothing_else() {
	new_test_ext().execute_with(|| {
		let moving = register("SN-2");
		assert_ok!(Registry::release(signed(MAKER), moving));
		assert_ok!(Registry::dispatch(signed(MAKER), moving, CARRIER, HOSPITAL));
		assert_noop!(
			Registry::set_aside(signed(DRIVER), moving, Disposition::Quarantined),
			Error::<Test>::NotRecalledInTransit
		);
		assert_noop!(
			Registry::set_aside(signed(DRIVER), 99, Disposition::Quarantined),
			Error::<Test>::DeviceNotFound
		);
		let id = recalled_on_its_way();
		assert_ok!(Registry::set_aside(signed(DRIVER), id, Disposition::Quarantined));
		System::assert_last_event(
			Event::SetAside { device: id, disposition: Disposition::Quarantined }.into(),
		);
		let device = Devices::<Test>::get(id).unwrap();
		assert_eq!((device.custodian, device.recipient), (CARRIER, None));
		assert_eq!(device.lifecycle, Lifecycle::Recalled);
		assert_ok!(Registry::do_try_state());
	});
}
