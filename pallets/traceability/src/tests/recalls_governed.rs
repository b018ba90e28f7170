//! Recalls scoped and governed: a model recall needs two officers and reaches only the
//! production up to its time; a later one replaces it; governance puts a pending recall in
//! force or withdraws one (the recall keeps both, a replaced one comes back); several lots
//! in one recall, paged; a device recalled on its way is set aside and its order delivers
//! the rest.

use super::*;

fn at(moment: Moment) {
	pallet_timestamp::Now::<Test>::put(moment);
}

#[test]
fn a_model_recall_needs_two_officers_and_reaches_only_production_up_to_its_time() {
	new_test_ext().execute_with(|| {
		let early = register("SN-1");
		at(START + 10);
		let later = register("SN-2");
		at(START + 20);
		assert_ok!(Trace::issue_recall(signed(OFFICER), model_scope(START + 5), reason("R"), None));
		assert_last(Event::RecallIssued {
			recall: 0,
			scope: model_scope(START + 5),
			status: RecallStatus::Pending,
		});
		assert_eq!(device(early).lifecycle, Lifecycle::Manufactured);
		assert_noop!(Trace::confirm_recall(signed(OFFICER), 0), Error::<Test>::AlreadyApproved);
		for who in [MAKER, REGULATOR_ADMIN, SURGEON] {
			assert_noop!(Trace::confirm_recall(signed(who), 0), Error::<Test>::NotAuthorised);
		}
		assert_ok!(Trace::confirm_recall(signed(SECOND_OFFICER), 0));
		assert_last(Event::RecallConfirmed { recall: 0, superseded: None });
		assert_eq!(device(early).lifecycle, Lifecycle::Recalled);
		// Registered after the recall's time: not covered, nor is anything registered later.
		assert_eq!(device(later).lifecycle, Lifecycle::Manufactured);
		let fresh = register("SN-3");
		assert_eq!(device(fresh).lifecycle, Lifecycle::Manufactured);
		let scope: Vec<DeviceId> =
			Trace::recall_scope(0, None, 10).iter().map(|d| d.device).collect();
		assert_eq!(scope, vec![early]);
		let approvals = Recalls::<Test>::get(0).unwrap().approvals.into_inner();
		assert_eq!(approvals, vec![(OFFICER, START + 20), (SECOND_OFFICER, START + 20)]);

		// A recall to an earlier time is refused; one to a later time replaces it.
		assert_ok!(Trace::issue_recall(signed(OFFICER), model_scope(START + 1), reason("R"), None));
		assert_noop!(
			Trace::confirm_recall(signed(SECOND_OFFICER), 1),
			Error::<Test>::AlreadyRecalled
		);
		assert_ok!(Trace::issue_recall(
			signed(OFFICER),
			model_scope(START + 10),
			reason("R2"),
			None
		));
		assert_ok!(Trace::confirm_recall(signed(SECOND_OFFICER), 2));
		assert_last(Event::RecallConfirmed { recall: 2, superseded: Some(0) });
		assert_eq!(Recalls::<Test>::get(0).unwrap().status, RecallStatus::Superseded);
		assert_eq!(device(later).lifecycle, Lifecycle::Recalled);
		assert_eq!(Trace::recall_of(early), Some(2));
		assert_eq!(device(fresh).lifecycle, Lifecycle::Manufactured);
		assert_ok!(Trace::do_try_state());
	});
}

#[test]
fn governance_puts_a_recall_in_force_and_withdraws_it_and_the_recall_keeps_both() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_ok!(Trace::issue_recall(signed(MAKER), model_scope(START), reason("R"), None));
		for who in [MAKER, OFFICER] {
			assert_noop!(
				Trace::enforce_recall(signed(who), 0),
				sp_runtime::DispatchError::BadOrigin
			);
			assert_noop!(
				Trace::withdraw_recall(signed(who), 0, reason("W")),
				sp_runtime::DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Trace::withdraw_recall(RuntimeOrigin::root(), 0, reason("W")),
			Error::<Test>::RecallNotInForce
		);
		assert_noop!(
			Trace::enforce_recall(RuntimeOrigin::root(), 5),
			Error::<Test>::RecallNotFound
		);
		assert_ok!(Trace::enforce_recall(RuntimeOrigin::root(), 0));
		assert_last(Event::RecallConfirmed { recall: 0, superseded: None });
		assert_eq!(Recalls::<Test>::get(0).unwrap().enforced_by_governance, Some(START));
		assert_eq!(device(id).lifecycle, Lifecycle::Recalled);
		assert_noop!(
			Trace::enforce_recall(RuntimeOrigin::root(), 0),
			Error::<Test>::RecallNotPending
		);

		// A wider recall replaces it; withdrawing that brings the first back.
		at(START + 10);
		let later = register("SN-2");
		assert_ok!(Trace::issue_recall(
			signed(OFFICER),
			model_scope(START + 10),
			reason("R"),
			None
		));
		assert_ok!(Trace::enforce_recall(RuntimeOrigin::root(), 1));
		assert_eq!(device(later).lifecycle, Lifecycle::Recalled);
		assert_noop!(
			Trace::withdraw_recall(RuntimeOrigin::root(), 1, BoundedVec::new()),
			Error::<Test>::InvalidCode
		);
		assert_noop!(
			Trace::withdraw_recall(RuntimeOrigin::root(), 0, reason("W")),
			Error::<Test>::RecallNotInForce
		);
		assert_ok!(Trace::withdraw_recall(RuntimeOrigin::root(), 1, reason("NO-DEFECT")));
		assert_last(Event::RecallWithdrawn {
			recall: 1,
			reason: reason("NO-DEFECT"),
			restored: Some(0),
		});
		let withdrawn = Recalls::<Test>::get(1).unwrap();
		assert_eq!(withdrawn.status, RecallStatus::Withdrawn);
		assert_eq!(withdrawn.issued_at, START + 10);
		assert_eq!(
			withdrawn.withdrawn,
			Some(Withdrawal { at: START + 10, reason: reason("NO-DEFECT") })
		);
		assert_eq!(Recalls::<Test>::get(0).unwrap().status, RecallStatus::Confirmed);
		assert_eq!(device(later).lifecycle, Lifecycle::Manufactured);
		assert_eq!(device(id).lifecycle, Lifecycle::Recalled);
		assert_ok!(Trace::do_try_state());

		// Withdrawing the last recall of a lot lets its devices move again.
		assert_ok!(Trace::withdraw_recall(RuntimeOrigin::root(), 0, reason("NO-DEFECT")));
		assert_ok!(Trace::issue_recall(signed(OFFICER), lot_scope(), reason("R"), None));
		assert_eq!(device(id).lifecycle, Lifecycle::Recalled);
		assert_ok!(Trace::withdraw_recall(RuntimeOrigin::root(), 2, reason("NO-DEFECT")));
		assert_eq!(device(id).lifecycle, Lifecycle::Manufactured);
		assert_ok!(Registry::release(signed(MAKER), id));
		assert_ok!(Trace::do_try_state());
	});
}

#[test]
fn a_recall_of_several_lots_reaches_each_and_pages_across_them() {
	new_test_ext().execute_with(|| {
		let a: Vec<DeviceId> =
			(0..2).map(|i| register_as(MAKER, MODEL, &format!("A{i}"), "LOT-A")).collect();
		let b: Vec<DeviceId> =
			(0..2).map(|i| register_as(MAKER, MODEL, &format!("B{i}"), "LOT-B")).collect();
		let c = register_as(MAKER, MODEL, "C0", "LOT-C");
		assert_ok!(Trace::issue_recall(
			signed(OFFICER),
			lots_scope(&["LOT-A", "LOT-B"]),
			reason("R"),
			None
		));
		for id in a.iter().chain(b.iter()) {
			assert_eq!(device(*id).lifecycle, Lifecycle::Recalled);
		}
		assert_eq!(device(c).lifecycle, Lifecycle::Manufactured);
		let mut paged = Vec::new();
		let mut after = None;
		while let Some(device) = Trace::recall_scope(0, after, 1).pop() {
			after = Some(device.device);
			paged.push(device.device);
		}
		paged.sort();
		assert_eq!(paged, vec![a[0], a[1], b[0], b[1]]);
		// One of the lots recalled already: the whole recall is refused.
		assert_noop!(
			Trace::issue_recall(
				signed(OFFICER),
				lots_scope(&["LOT-C", "LOT-B"]),
				reason("R"),
				None
			),
			Error::<Test>::AlreadyRecalled
		);
		assert_ok!(Trace::do_try_state());
	});
}

#[test]
fn a_device_recalled_on_its_way_is_set_aside_and_its_order_delivers_the_rest() {
	new_test_ext().execute_with(|| {
		// An order of two devices from two lots.
		let order = place(2);
		assert_ok!(Trace::record_materials(signed(MAKER), order, materials()));
		let in_lot = register("SN-G");
		let other_lot = register_as(MAKER, MODEL, "SN-B", "LOT-OTHER");
		let devices = BoundedVec::try_from(vec![in_lot, other_lot]).unwrap();
		assert_ok!(Trace::record_production(signed(MAKER), order, devices));
		assert_ok!(Trace::approve_order(signed(OFFICER), order, reason("CE-OK")));
		assert_ok!(Trace::ship_order(signed(MAKER), order, CARRIER));
		assert_ok!(Trace::issue_recall(signed(OFFICER), model_scope(START), reason("R"), None));
		assert_ok!(Trace::confirm_recall(signed(SECOND_OFFICER), 0));
		// Both are of the model: nothing can be delivered, and nothing is stuck for good.
		assert_noop!(
			Trace::deliver_order(signed(HOSPITAL_ADMIN), order, None),
			Error::<Test>::NoDeviceReady
		);
		assert_ok!(Trace::withdraw_recall(RuntimeOrigin::root(), 0, reason("SCOPE")));
		assert_ok!(Trace::issue_recall(signed(OFFICER), lot_scope(), reason("R"), None));
		// One lot is recalled: the carrier returns its device, and only that one.
		assert_noop!(
			Registry::set_aside(signed(DRIVER), other_lot, Disposition::Returned),
			RegistryError::NotRecalledInTransit
		);
		assert_noop!(
			Registry::set_aside(signed(HOSPITAL_ADMIN), in_lot, Disposition::Returned),
			RegistryError::NotAuthorised
		);
		assert_ok!(Registry::set_aside(signed(DRIVER), in_lot, Disposition::Returned));
		let returned =
			<Registry as medchain_primitives::devices::DeviceRegistry<u64>>::registered_device(
				in_lot,
			)
			.unwrap();
		assert_eq!((returned.custodian, returned.recipient), (MANUFACTURER, None));
		assert_eq!(returned.lifecycle, Lifecycle::Released);
		assert_eq!(device(in_lot).lifecycle, Lifecycle::Recalled);
		let trail = Trace::trace(in_lot, 0, 100);
		assert!(trail.iter().any(
			|(_, link)| link.entry == DeviceEvent::Custody { from: CARRIER, to: MANUFACTURER }
		));
		// The order delivers and installs what is left.
		assert_ok!(Trace::deliver_order(signed(HOSPITAL_ADMIN), order, None));
		assert_eq!(device(other_lot).custodian, HOSPITAL);
		assert_ok!(Trace::install_order(signed(BIOMED), order));
		assert_eq!(device(other_lot).lifecycle, Lifecycle::InService);
		assert_eq!(status(order), OrderStatus::Installed);
		assert_ok!(Trace::do_try_state());
	});
}
