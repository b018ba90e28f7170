//! The trails' hash chains: off-order transfers join a device's trail, a tampered link breaks it.

use super::*;

#[test]
fn off_order_transfers_between_hospitals_join_the_trail() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 1);
		let id = devices[0];
		let length = DeviceTrailHead::<Test>::get(id).length;
		assert_ok!(Registry::dispatch(signed(BIOMED), id, CARRIER, OTHER_HOSPITAL));
		assert_ok!(Registry::install(signed(OTHER_ADMIN), id, None));
		assert_eq!(device(id).custodian, OTHER_HOSPITAL);
		let trail: Vec<DeviceEvent> =
			Trace::trace(id, length, 10).into_iter().map(|(_, link)| link.entry).collect();
		assert_eq!(
			trail,
			vec![
				DeviceEvent::Lifecycle { from: Lifecycle::InService, to: Lifecycle::InTransit },
				DeviceEvent::Custody { from: HOSPITAL, to: CARRIER },
				DeviceEvent::Lifecycle { from: Lifecycle::InTransit, to: Lifecycle::Installed },
				DeviceEvent::Custody { from: CARRIER, to: OTHER_HOSPITAL },
			]
		);
		let links = Trace::trace(id, length, 10);
		assert_eq!(links[0].1.by, BIOMED);
		assert_eq!(links[3].1.org, Some(OTHER_HOSPITAL));
		assert!(Trace::device_trail_intact(id));
	});
}

#[test]
fn a_tampered_link_breaks_the_chain() {
	new_test_ext().execute_unchecked(|| {
		let (order, devices) = order_at(OrderStatus::Installed, 1);
		assert!(Trace::order_trail_intact(order));
		let links = Trace::order_trail(order, 0, 100);
		for window in links.windows(2) {
			assert_eq!(window[1].1.prev, window[0].1.hash);
		}
		let (_, first) = &links[0];
		assert_eq!(first.prev, [0; 32]);
		assert_eq!(
			first.hash,
			link_hash(&first.prev, &first.entry, &first.by, &first.org, first.at)
		);
		OrderTrail::<Test>::mutate(order, 2, |link| link.as_mut().unwrap().at += 1);
		assert!(!Trace::order_trail_intact(order));
		assert!(Trace::do_try_state().is_err());
		DeviceTrail::<Test>::mutate(devices[0], 0, |link| link.as_mut().unwrap().by = STRANGER);
		assert!(!Trace::device_trail_intact(devices[0]));
	});
}
