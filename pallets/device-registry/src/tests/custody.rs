//! Custody: dispatch to a carrier and a member recipient, and try-state on the indexes.

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
