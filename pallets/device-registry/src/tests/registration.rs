//! Registration: a device registered by its UDI, and every way registration is refused.

use super::*;

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
