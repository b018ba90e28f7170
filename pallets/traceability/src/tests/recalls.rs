//! Recalls: a regulator's recall of lots in force at once, a model's needing two officers and
//! reaching only production up to its time, a manufacturer's waiting (and only of its own
//! UDI-DIs), governance putting one in force or withdrawing it, the carrier setting aside a
//! device recalled on its way, the wrong people and scopes refused, and the scope with its
//! custodians and pseudonyms.

use super::*;

#[test]
fn a_regulators_lot_recall_recalls_every_device_of_the_lot_at_once() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 2);
		let spare = register("SN-SPARE");
		let other_lot = register_as(MAKER, MODEL, "SN-OTHER", "LOT-B02");
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			devices[0],
			report(START, Seriousness::Death)
		));
		assert_ok!(Trace::issue_recall(
			signed(OFFICER),
			lot_scope(),
			reason("FSCA-2026-17"),
			Some(0)
		));
		assert_last(Event::RecallIssued {
			recall: 0,
			scope: lot_scope(),
			status: RecallStatus::Confirmed,
		});
		for id in [devices[0], devices[1], spare] {
			assert_eq!(device(id).lifecycle, Lifecycle::Recalled);
			assert_eq!(Trace::recall_of(id), Some(0));
		}
		assert_eq!(device(other_lot).lifecycle, Lifecycle::Manufactured);
		assert_eq!(Trace::recall_of(other_lot), None);
		// Recalled is final for every device in scope, whatever the registry stored.
		assert_noop!(
			Registry::start_maintenance(signed(BIOMED), devices[0]),
			RegistryError::InvalidTransition
		);
		assert_noop!(Registry::release(signed(MAKER), spare), RegistryError::InvalidTransition);
		assert_noop!(
			Registry::decommission(signed(BIOMED), devices[1]),
			RegistryError::InvalidTransition
		);
		assert_noop!(
			Trace::record_use(
				signed(SURGEON),
				devices[1],
				pseudonym(PATIENT, devices[1]),
				PatientUse::Procedure
			),
			Error::<Test>::DeviceNotUsable
		);
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), lot_scope(), reason("AGAIN"), None),
			Error::<Test>::AlreadyRecalled
		);
		// A device registered later into the recalled lot is recalled too.
		let late = register("SN-LATE");
		assert_eq!(device(late).lifecycle, Lifecycle::Recalled);
		assert_ok!(Trace::do_try_state());
	});
}

#[test]
fn a_manufacturers_recall_waits_for_a_regulator() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_ok!(Trace::issue_recall(signed(MAKER), lot_scope(), reason("FSCA-1"), None));
		assert_last(Event::RecallIssued {
			recall: 0,
			scope: lot_scope(),
			status: RecallStatus::Pending,
		});
		assert_eq!(device(id).lifecycle, Lifecycle::Manufactured);
		for who in [MAKER, REGULATOR_ADMIN, SURGEON] {
			assert_noop!(Trace::confirm_recall(signed(who), 0), Error::<Test>::NotAuthorised);
			assert_noop!(
				Trace::dismiss_recall(signed(who), 0, reason("NO")),
				Error::<Test>::NotAuthorised
			);
		}
		assert_noop!(Trace::confirm_recall(signed(OFFICER), 3), Error::<Test>::RecallNotFound);
		assert_noop!(
			Trace::dismiss_recall(signed(OFFICER), 0, BoundedVec::new()),
			Error::<Test>::InvalidCode
		);
		assert_ok!(Trace::confirm_recall(signed(OFFICER), 0));
		assert_last(Event::RecallConfirmed { recall: 0, superseded: None });
		assert_eq!(device(id).lifecycle, Lifecycle::Recalled);
		assert_eq!(Recalls::<Test>::get(0).unwrap().approvals.into_inner(), vec![(OFFICER, START)]);
		assert_noop!(Trace::confirm_recall(signed(OFFICER), 0), Error::<Test>::RecallNotPending);

		// A model recall, dismissed: nothing changes for the devices.
		let scope = RecallScope::Model { di: bytes(OTHER_MODEL), until: START };
		let other = register_as(MAKER, OTHER_MODEL, "SN-9", "LOT-9");
		assert_ok!(Trace::issue_recall(signed(MAKER), scope.clone(), reason("FSCA-2"), None));
		assert_ok!(Trace::dismiss_recall(signed(OFFICER), 1, reason("NOT-NEEDED")));
		assert_last(Event::RecallDismissed { recall: 1, reason: reason("NOT-NEEDED") });
		let dismissed = Recalls::<Test>::get(1).unwrap();
		assert_eq!(dismissed.status, RecallStatus::Dismissed);
		assert_eq!(dismissed.dismissed, Some((OFFICER, START)));
		assert_eq!(device(other).lifecycle, Lifecycle::Manufactured);
		assert_noop!(
			Trace::dismiss_recall(signed(OFFICER), 1, reason("X")),
			Error::<Test>::RecallNotPending
		);
		// A manufacturer's model recall takes two officers; one already recalling the
		// same production makes it refused.
		assert_ok!(Trace::issue_recall(signed(MAKER), scope.clone(), reason("FSCA-3"), None));
		assert_ok!(Trace::issue_recall(signed(OFFICER), scope, reason("FSCA-4"), None));
		assert_ok!(Trace::confirm_recall(signed(SECOND_OFFICER), 3));
		assert_eq!(device(other).lifecycle, Lifecycle::Recalled);
		assert_ok!(Trace::confirm_recall(signed(OFFICER), 2));
		assert_last(Event::RecallApproved { recall: 2, officer: OFFICER });
		assert_noop!(
			Trace::confirm_recall(signed(SECOND_OFFICER), 2),
			Error::<Test>::AlreadyRecalled
		);
		assert_ok!(Trace::do_try_state());
	});
}

#[test]
fn recalls_are_refused_to_the_wrong_people_and_scopes() {
	new_test_ext().execute_with(|| {
		register("SN-1");
		for who in [OTHER_MAKER, LAB_DOCTOR, SURGEON, HOSPITAL_ADMIN, REGULATOR_ADMIN, STRANGER] {
			assert_noop!(
				Trace::issue_recall(signed(who), lot_scope(), reason("R"), None),
				Error::<Test>::NotAuthorised
			);
		}
		for nothing in [lots_scope(&[LOT, "LOT-NONE"]), lots_scope(&[])] {
			assert_noop!(
				Trace::issue_recall(signed(OFFICER), nothing, reason("R"), None),
				Error::<Test>::NothingToRecall
			);
		}
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), lots_scope(&[LOT, LOT]), reason("R"), None),
			Error::<Test>::DuplicateLot
		);
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), model_scope(START + 1), reason("R"), None),
			Error::<Test>::CutoffInFuture
		);
		let unregistered = RecallScope::Model { di: bytes(OTHER_MODEL), until: START };
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), unregistered, reason("R"), None),
			Error::<Test>::NothingToRecall
		);
		// A manufacturer whose prefix governance unbound recalls nothing of it any more.
		let prefix = pallet_device_registry::CompanyPrefix {
			agency: pallet_device_registry::IssuingAgency::Gs1,
			code: bytes("0643169"),
		};
		assert_ok!(Registry::unbind_prefix(RuntimeOrigin::root(), prefix));
		assert_noop!(
			Trace::issue_recall(signed(MAKER), lot_scope(), reason("R"), None),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), lot_scope(), BoundedVec::new(), None),
			Error::<Test>::InvalidCode
		);
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), lot_scope(), reason("R"), Some(4)),
			Error::<Test>::AdverseEventNotFound
		);
	});
}

#[test]
fn the_recall_scope_lists_devices_custodians_and_pseudonyms_page_by_page() {
	new_test_ext().execute_with(|| {
		let (_, at_hospital) = order_at(OrderStatus::Installed, 2);
		let (order, _) = order_at(OrderStatus::Approved, 1);
		assert_ok!(Trace::ship_order(signed(MAKER), order, CARRIER));
		let in_transit = OrderDevices::<Test>::get(order)[0];
		let use_on = |device, patient, usage| {
			assert_ok!(Trace::record_use(
				signed(SURGEON),
				device,
				pseudonym(patient, device),
				usage
			));
		};
		use_on(at_hospital[0], PATIENT, PatientUse::Implant);
		use_on(at_hospital[1], PATIENT, PatientUse::Procedure);
		use_on(at_hospital[1], OTHER_PATIENT, PatientUse::Procedure);
		assert_ok!(Trace::issue_recall(signed(OFFICER), lot_scope(), reason("FSCA"), None));

		let scope = Trace::recall_scope(0, None, 100);
		assert_eq!(scope.len(), 3);
		let find = |id| scope.iter().find(|d| d.device == id).unwrap().clone();
		let implanted = find(at_hospital[0]);
		assert_eq!((implanted.custodian, implanted.lifecycle), (HOSPITAL, Lifecycle::Recalled));
		assert_eq!(implanted.uses.len(), 1);
		assert!(!implanted.more_uses);
		let only = implanted.uses[0];
		assert_eq!(only.pseudonym, pseudonym(PATIENT, at_hospital[0]));
		assert_eq!((only.uses.hospital, only.uses.last), (HOSPITAL, PatientUse::Implant));
		// Two patients, one listed (the bound in the mock is 1): the cut is flagged.
		let used_twice = find(at_hospital[1]);
		assert_eq!((used_twice.uses.len(), used_twice.more_uses), (1, true));
		let moving = find(in_transit);
		assert_eq!((moving.custodian, moving.recipient), (CARRIER, Some(HOSPITAL)));
		assert_eq!(moving.lot, Some(bytes(LOT)));
		assert!(moving.uses.is_empty());

		let mut paged = Vec::new();
		let mut after = None;
		while let Some(device) = Trace::recall_scope(0, after, 1).pop() {
			after = Some(device.device);
			paged.push(device.device);
		}
		let mut all: Vec<DeviceId> = scope.iter().map(|d| d.device).collect();
		assert_eq!(paged, all);
		all.sort();
		assert_eq!(all, vec![at_hospital[0], at_hospital[1], in_transit]);
		assert!(Trace::recall_scope(7, None, 10).is_empty());
	});
}
