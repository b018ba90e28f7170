//! The lists clients page through: orders by organisation and stage, adverse events by
//! status and by time of filing, recalls by status; try-state on them, and the upgrade that
//! writes them.

use super::*;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

/// Every id a list gives, read two at a time, sorted.
fn all<Item>(read: impl Fn(Option<u64>, u32) -> Vec<(u64, Item)>) -> Vec<u64> {
	let (mut ids, mut after) = (Vec::new(), None);
	loop {
		let page = read(after, 2);
		let Some((last, _)) = page.last() else { break };
		after = Some(*last);
		ids.extend(page.iter().map(|(id, _)| *id));
	}
	ids.sort();
	ids
}

fn orders_in(status: OrderStatus) -> Vec<OrderId> {
	all(|after, limit| Trace::orders_in(status, after, limit))
}

fn events_in(status: InvestigationStatus) -> Vec<AdverseEventId> {
	all(|after, limit| Trace::adverse_events_in(status, after, limit))
}

fn recalls_in(status: RecallStatus) -> Vec<RecallId> {
	all(|after, limit| Trace::recalls_in(status, after, limit))
}

#[test]
fn orders_are_listed_under_both_parties_and_their_stage() {
	new_test_ext().execute_with(|| {
		let (shipped, _) = order_at(OrderStatus::Shipped, 1);
		let (produced, _) = order_at(OrderStatus::Produced, 1);
		let placed = place(2);
		assert_ok!(Trace::place_order(signed(OTHER_ADMIN), MANUFACTURER, bytes(MODEL), 1, false));
		let other = placed + 1;
		let orders_of = |org| all(|after, limit| Trace::orders_of(org, after, limit));
		assert_eq!(orders_of(HOSPITAL), vec![shipped, produced, placed]);
		assert_eq!(orders_of(OTHER_HOSPITAL), vec![other]);
		assert_eq!(orders_of(MANUFACTURER), vec![shipped, produced, placed, other]);
		assert!(orders_of(OTHER_MANUFACTURER).is_empty());
		assert_eq!(orders_in(OrderStatus::Placed), vec![placed, other]);
		assert_eq!(orders_in(OrderStatus::Produced), vec![produced]);
		assert_eq!(orders_in(OrderStatus::Shipped), vec![shipped]);
		// The regulator approves: the order leaves the queue for the next stage.
		assert_ok!(without_weight(Trace::approve_order(signed(OFFICER), produced, reason("CE"))));
		assert!(orders_in(OrderStatus::Produced).is_empty());
		assert_eq!(orders_in(OrderStatus::Approved), vec![produced]);
		// A refused stage moves nothing.
		assert_noop!(
			Trace::approve_order(signed(OFFICER), placed, reason("CE")),
			Error::<Test>::InvalidStage
		);
		assert_eq!(Trace::orders_of(HOSPITAL, None, 1).len(), 1);
		assert_eq!(Trace::orders_of(HOSPITAL, None, 0), vec![]);
	});
}

#[test]
fn adverse_events_are_listed_by_status_and_found_by_time_of_filing() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 1);
		// Five reports, at +1 s, +2 s, +2 s, +4 s and +5 s.
		for (i, second) in [1, 2, 2, 4, 5].into_iter().enumerate() {
			let now = START + second * 1_000;
			pallet_timestamp::Now::<Test>::put(now);
			let who = [SURGEON, OTHER_SURGEON, MAKER, BIOMED, OTHER_ADMIN][i];
			assert_ok!(Trace::report_adverse_event(
				signed(who),
				devices[0],
				report(now, Seriousness::NonSerious)
			));
		}
		assert_eq!(events_in(InvestigationStatus::Reported), vec![0, 1, 2, 3, 4]);
		assert_ok!(Trace::advance_investigation(
			signed(OFFICER),
			3,
			InvestigationStatus::UnderInvestigation,
			reason("TRIAGE")
		));
		assert_ok!(Trace::advance_investigation(
			signed(OFFICER),
			1,
			InvestigationStatus::Rejected,
			reason("DUPLICATE")
		));
		assert_eq!(events_in(InvestigationStatus::Reported), vec![0, 2, 4]);
		assert_eq!(events_in(InvestigationStatus::UnderInvestigation), vec![3]);
		assert_eq!(events_in(InvestigationStatus::Rejected), vec![1]);
		assert!(events_in(InvestigationStatus::Closed).is_empty());

		// By time of filing: in id order, from the first filed at or after the moment.
		let from = |moment, after, limit| -> Vec<AdverseEventId> {
			Trace::adverse_events_from(moment, after, limit).into_iter().map(|(id, _)| id).collect()
		};
		assert_eq!(from(0, None, 10), vec![0, 1, 2, 3, 4]);
		assert_eq!(from(START + 2_000, None, 10), vec![1, 2, 3, 4]);
		assert_eq!(from(START + 2_001, None, 10), vec![3, 4]);
		assert_eq!(from(START + 3_000, None, 1), vec![3]);
		assert_eq!(from(START + 5_001, None, 10), Vec::<u64>::new());
		// The next page starts after the last id seen, whichever is later.
		assert_eq!(from(START + 2_000, Some(2), 10), vec![3, 4]);
		assert_eq!(from(START + 4_000, Some(0), 10), vec![3, 4]);
		assert_eq!(from(0, Some(u64::MAX), 10), Vec::<u64>::new());
	});
}

#[test]
fn recalls_are_listed_by_status_through_their_life() {
	new_test_ext().execute_with(|| {
		register("SN-1");
		// A manufacturer's recall waits; an officer's lot recall is in force at once.
		assert_ok!(Trace::issue_recall(signed(MAKER), model_scope(START), reason("R"), None));
		assert_ok!(Trace::issue_recall(signed(MAKER), model_scope(START), reason("R"), None));
		assert_ok!(Trace::issue_recall(signed(OFFICER), lot_scope(), reason("R"), None));
		assert_eq!(recalls_in(RecallStatus::Pending), vec![0, 1]);
		assert_eq!(recalls_in(RecallStatus::Confirmed), vec![2]);
		assert_ok!(Trace::dismiss_recall(signed(OFFICER), 0, reason("NO-DEFECT")));
		assert_ok!(Trace::withdraw_recall(RuntimeOrigin::root(), 2, reason("NO-DEFECT")));
		assert_eq!(recalls_in(RecallStatus::Pending), vec![1]);
		assert_eq!(recalls_in(RecallStatus::Dismissed), vec![0]);
		assert_eq!(recalls_in(RecallStatus::Withdrawn), vec![2]);
		assert!(recalls_in(RecallStatus::Confirmed).is_empty());
		assert_ok!(Trace::enforce_recall(RuntimeOrigin::root(), 1));
		assert_eq!(recalls_in(RecallStatus::Confirmed), vec![1]);
		assert!(recalls_in(RecallStatus::Pending).is_empty());
	});
}

#[test]
fn try_state_finds_a_list_out_of_step() {
	let broken = |spoil: fn(OrderId)| {
		new_test_ext().execute_unchecked(|| {
			let (order, devices) = order_at(OrderStatus::Installed, 1);
			assert_ok!(Trace::report_adverse_event(
				signed(SURGEON),
				devices[0],
				report(START, Seriousness::NonSerious)
			));
			assert_ok!(Trace::issue_recall(signed(OFFICER), lot_scope(), reason("R"), None));
			assert_ok!(Trace::try_lists());
			spoil(order);
			Trace::try_lists().is_err()
		})
	};
	assert!(broken(|order| OrdersOf::<Test>::remove(MANUFACTURER, order)));
	assert!(broken(|order| OrdersOf::<Test>::insert(OTHER_HOSPITAL, order, ())));
	assert!(broken(|order| OrdersByStatus::<Test>::insert(OrderStatus::Placed, order, ())));
	assert!(broken(|_| AdverseEventsByStatus::<Test>::remove(InvestigationStatus::Reported, 0)));
	assert!(broken(|_| RecallsByStatus::<Test>::insert(RecallStatus::Pending, 0, ())));
}

#[test]
fn the_upgrade_to_version_3_lists_what_was_stored() {
	new_test_ext().execute_with(|| {
		let (order, devices) = order_at(OrderStatus::Approved, 1);
		assert_ok!(Trace::report_adverse_event(
			signed(MAKER),
			devices[0],
			report(START, Seriousness::NonSerious)
		));
		assert_ok!(Trace::issue_recall(signed(MAKER), lot_scope(), reason("R"), None));
		// Version 2 had no lists.
		let _ = OrdersOf::<Test>::clear(u32::MAX, None);
		let _ = OrdersByStatus::<Test>::clear(u32::MAX, None);
		let _ = AdverseEventsByStatus::<Test>::clear(u32::MAX, None);
		let _ = RecallsByStatus::<Test>::clear(u32::MAX, None);
		StorageVersion::new(2).put::<Trace>();

		<crate::migrations::MigrateV2ToV3<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();

		assert_eq!(Trace::on_chain_storage_version(), StorageVersion::new(3));
		assert_eq!(Trace::orders_of(HOSPITAL, None, 10).len(), 1);
		assert_eq!(orders_in(OrderStatus::Approved), vec![order]);
		assert_eq!(events_in(InvestigationStatus::Reported), vec![0]);
		assert_eq!(recalls_in(RecallStatus::Pending), vec![0]);
		assert_ok!(Trace::try_lists());
	});
}
