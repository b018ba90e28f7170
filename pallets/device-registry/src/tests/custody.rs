//! Custody: dispatch to a carrier and a member recipient, the devices each organisation
//! holds, and try-state on the indexes.

use super::*;

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

/// The ids `org` holds, read page by page (two at a time), sorted.
fn held_by(org: OrgId) -> Vec<DeviceId> {
	let (mut ids, mut after) = (Vec::new(), None);
	loop {
		let page = Registry::devices_of_custodian(org, after, 2);
		let Some((last, _)) = page.last() else { break };
		after = Some(*last);
		assert!(page.iter().all(|(_, device)| device.custodian == org));
		ids.extend(page.iter().map(|(id, _)| *id));
	}
	ids.sort();
	ids
}

#[test]
fn the_devices_an_organisation_holds_follow_every_change_of_hands() {
	new_test_ext().execute_with(|| {
		let ids: Vec<_> = ["SN-1", "SN-2", "SN-3", "SN-4", "SN-5"].map(register).into();
		assert_eq!(held_by(MANUFACTURER), ids);
		assert!(held_by(HOSPITAL).is_empty());
		for id in &ids[..3] {
			assert_ok!(Registry::release(signed(MAKER), *id));
			assert_ok!(Registry::dispatch(signed(MAKER), *id, CARRIER, HOSPITAL));
		}
		assert_eq!(held_by(MANUFACTURER), ids[3..]);
		assert_eq!(held_by(CARRIER), ids[..3]);
		assert_ok!(Registry::install(signed(BIOMED), ids[0], None));
		assert_ok!(Registry::install(signed(BIOMED), ids[1], None));
		assert_eq!((held_by(HOSPITAL), held_by(CARRIER)), (ids[..2].to_vec(), ids[2..3].to_vec()));
		// A page reads a device as it stands; a failed move leaves the index as it was.
		assert_noop!(Registry::install(signed(BIOMED), ids[3], None), Error::<Test>::NotAuthorised);
		assert_eq!(Registry::devices_of_custodian(HOSPITAL, None, 0), vec![]);
		assert_eq!(Registry::devices_of_custodian(OTHER_HOSPITAL, None, 10), vec![]);
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
		DevicesOfCustodian::<Test>::remove(HOSPITAL, id);
		assert!(Registry::do_try_state().is_err());
		DevicesOfCustodian::<Test>::insert(HOSPITAL, id, ());
		DevicesOfCustodian::<Test>::insert(OTHER_HOSPITAL, id, ());
		assert!(Registry::do_try_state().is_err());
	});
	new_test_ext().execute_unchecked(|| {
		let id = installed();
		Devices::<Test>::mutate(id, |d| d.as_mut().unwrap().recipient = Some(HOSPITAL));
		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn the_upgrade_to_version_1_indexes_every_device_under_its_custodian() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let (at_hospital, at_maker) = (installed(), register("SN-2"));
		// Version 0 had no index.
		let _ = DevicesOfCustodian::<Test>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Registry>();

		<crate::migrations::MigrateV0ToV1<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();

		assert_eq!(Registry::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!((held_by(HOSPITAL), held_by(MANUFACTURER)), (vec![at_hospital], vec![at_maker]));
		// Run again, it does nothing: the version guards it.
		DevicesOfCustodian::<Test>::remove(HOSPITAL, at_hospital);
		<crate::migrations::MigrateV0ToV1<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert!(held_by(HOSPITAL).is_empty());
		DevicesOfCustodian::<Test>::insert(HOSPITAL, at_hospital, ());
	});
}
