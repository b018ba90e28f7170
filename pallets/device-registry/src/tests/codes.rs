//! Nothing but codes of their code systems' shapes goes on chain: a profile's codes, the
//! UDI's lot and serial, a custodian's location (`medchain_primitives::codes`).

use super::*;

#[test]
fn a_profile_carries_codes_not_text() {
	new_test_ext().execute_with(|| {
		let with = |edit: fn(&mut DeviceProfile)| {
			let mut profile = profile();
			edit(&mut profile);
			profile
		};
		let wrong = [
			with(|p| p.device_type = bytes("pacemaker lead")),
			with(|p| p.device_type = bytes("GMDN:3585")),
			with(|p| p.device_type = bytes("SCT:14106008")),
			with(|p| p.model = bytes("Lead for Mrs J. Smith")),
			with(|p| p.model = BoundedVec::new()),
			with(|p| p.version = bytes("2.1 (implanted 01/02/1961)")),
			with(|p| p.modality = Some(bytes("ECG"))),
		];
		for profile in wrong {
			assert_noop!(
				Registry::register_device(signed(MAKER), udi("SN-1"), profile),
				Error::<Test>::InvalidCode
			);
		}
		let mut coded = profile();
		coded.device_type = bytes("SCT:14106009");
		coded.modality = Some(bytes("MDC:MDC_DEV_SYS_PT_VENT_MDS"));
		assert_ok!(Registry::register_device(signed(MAKER), udi("SN-1"), coded));
	});
}

#[test]
fn lots_and_serials_have_gs1s_shape() {
	new_test_ext().execute_with(|| {
		for (serial, lot) in [
			(Some("SN 1"), Some("LOT-2026-11")),
			(Some("SN-1"), Some("JOHN SMITH 1961-02-01")),
			(Some("SN-0123456789ABCDEFGH"), None),
			(None, Some("")),
		] {
			let udi = Udi { serial: serial.map(bytes), lot: lot.map(bytes), ..udi("SN-1") };
			assert_noop!(
				Registry::register_device(signed(MAKER), udi, profile()),
				Error::<Test>::InvalidProductionId
			);
		}
		// 20 characters of set 82 are the most a GS1 AI 10 or 21 carries.
		let udi = Udi { serial: Some(bytes("SN-0123456789ABCDEFG")), ..udi("SN-1") };
		assert_ok!(Registry::register_device(signed(MAKER), udi, profile()));
	});
}

#[test]
fn a_location_is_a_gln() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_ok!(Registry::release(signed(MAKER), id));
		assert_ok!(Registry::dispatch(signed(MAKER), id, CARRIER, HOSPITAL));
		for wrong in ["ICU-3", "Bed 4, Mr Jones", "GLN:0614141000013", "GLN:0614141000012.icu"] {
			assert_noop!(
				Registry::install(signed(BIOMED), id, Some(bytes(wrong))),
				Error::<Test>::InvalidLocation
			);
		}
		assert_ok!(Registry::install(signed(BIOMED), id, Some(bytes("GLN:0614141000012"))));
		let condition = Devices::<Test>::get(id).unwrap().condition;
		assert_noop!(
			Registry::report_condition(signed(BIOMED), id, condition, Some(bytes("ROOM 12"))),
			Error::<Test>::InvalidLocation
		);
		assert_ok!(Registry::report_condition(signed(BIOMED), id, condition, Some(bytes(ICU))));
		assert_eq!(Devices::<Test>::get(id).unwrap().location, Some(bytes(ICU)));
	});
}
