//! Orders: every stage driving the registry, custom orders, who orders what, regulator approval.

use super::*;

#[test]
fn an_order_goes_through_every_stage_and_drives_the_registry() {
	new_test_ext().execute_with(|| {
		let order = place(2);
		assert_last(Event::OrderPlaced { order, hospital: HOSPITAL, manufacturer: MANUFACTURER });
		assert_ok!(Trace::record_materials(signed(MAKER), order, materials()));
		assert_ok!(Trace::record_materials(signed(MAKER), order, materials()));
		let devices = produce(order, 2);
		assert_eq!(OrderDevices::<Test>::get(order).to_vec(), devices);
		assert_eq!(DeviceOrder::<Test>::get(devices[0]), Some(order));
		assert_ok!(Trace::approve_order(signed(OFFICER), order, reason("CE-OK")));
		assert_last(Event::OrderAdvanced { order, status: OrderStatus::Approved, by: OFFICER });

		assert_ok!(Trace::ship_order(signed(MAKER), order, CARRIER));
		assert_eq!(status(order), OrderStatus::Shipped);
		for id in &devices {
			let d = device(*id);
			assert_eq!(
				(d.lifecycle, d.custodian, d.recipient),
				(Lifecycle::InTransit, CARRIER, Some(HOSPITAL))
			);
		}
		assert_ok!(Trace::deliver_order(signed(HOSPITAL_ADMIN), order, Some(bytes(THEATRE))));
		assert_eq!(device(devices[0]).custodian, HOSPITAL);
		assert_eq!(device(devices[0]).lifecycle, Lifecycle::Installed);
		assert_ok!(Trace::install_order(signed(BIOMED), order));
		assert_eq!(device(devices[1]).lifecycle, Lifecycle::InService);
		assert_last(Event::OrderAdvanced { order, status: OrderStatus::Installed, by: BIOMED });
		assert_ok!(Trace::record_after_sales(
			signed(MAKER),
			order,
			AfterSalesKind::Training,
			cid(),
			[1; 32]
		));
		assert_last(Event::AfterSalesRecorded { order, kind: AfterSalesKind::Training });
		assert_ok!(Trace::record_after_sales(
			signed(BIOMED),
			order,
			AfterSalesKind::ServiceVisit,
			cid(),
			[2; 32]
		));
		assert_eq!(status(order), OrderStatus::Installed);

		let stages: Vec<OrderStage> =
			Trace::order_trail(order, 0, 100).into_iter().map(|(_, link)| link.entry).collect();
		assert_eq!(stages.len(), 10);
		assert!(matches!(stages[0], OrderStage::Placed { quantity: 2, custom: false, .. }));
		assert!(matches!(stages[3], OrderStage::Produced { count: 2 }));
		assert!(matches!(stages[5], OrderStage::Shipped { carrier: CARRIER }));
		assert!(matches!(
			stages[9],
			OrderStage::AfterSales { kind: AfterSalesKind::ServiceVisit, .. }
		));
		assert!(Trace::order_trail_intact(order));

		// The device's own trail: registration, the order, the regulator, every registry move
		// and change of hands, the after-sales visits.
		let trail: Vec<DeviceEvent> =
			Trace::trace(devices[0], 0, 100).into_iter().map(|(_, link)| link.entry).collect();
		use Lifecycle::*;
		assert_eq!(
			trail,
			vec![
				DeviceEvent::Registered { manufacturer: MANUFACTURER },
				DeviceEvent::Produced { order },
				DeviceEvent::RegulatorDecision { order, approved: true },
				DeviceEvent::Lifecycle { from: Manufactured, to: Released },
				DeviceEvent::Lifecycle { from: Released, to: InTransit },
				DeviceEvent::Custody { from: MANUFACTURER, to: CARRIER },
				DeviceEvent::Lifecycle { from: InTransit, to: Installed },
				DeviceEvent::Custody { from: CARRIER, to: HOSPITAL },
				DeviceEvent::Lifecycle { from: Installed, to: InService },
				DeviceEvent::AfterSales { order, kind: AfterSalesKind::Training },
				DeviceEvent::AfterSales { order, kind: AfterSalesKind::ServiceVisit },
			]
		);
		assert!(Trace::device_trail_intact(devices[0]));
		assert_ok!(Trace::do_try_state());
	});
}

#[test]
fn a_custom_order_takes_its_parameters_from_a_clinician_first() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Trace::place_order(signed(HOSPITAL_ADMIN), MANUFACTURER, bytes(MODEL), 2, true),
			Error::<Test>::InvalidQuantity
		);
		assert_ok!(Trace::place_order(signed(HOSPITAL_ADMIN), MANUFACTURER, bytes(MODEL), 1, true));
		assert_noop!(
			Trace::record_materials(signed(MAKER), 0, materials()),
			Error::<Test>::InvalidStage
		);
		assert_noop!(
			Trace::set_parameters(signed(HOSPITAL_ADMIN), 0, [9; 32]),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Trace::set_parameters(signed(OTHER_SURGEON), 0, [9; 32]),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Trace::set_parameters(signed(LAB_DOCTOR), 0, [9; 32]),
			Error::<Test>::NotAuthorised
		);
		assert_ok!(Trace::set_parameters(signed(SURGEON), 0, [9; 32]));
		assert_eq!(Orders::<Test>::get(0).unwrap().parameters, Some([9; 32]));
		assert_noop!(
			Trace::set_parameters(signed(SURGEON), 0, [8; 32]),
			Error::<Test>::InvalidStage
		);
		assert_ok!(Trace::record_materials(signed(MAKER), 0, materials()));
		assert_eq!(
			Trace::order_trail(0, 1, 1)[0].1.entry,
			OrderStage::ParametersSet { parameters: [9; 32] }
		);

		let catalogue = place(1);
		assert_noop!(
			Trace::set_parameters(signed(SURGEON), catalogue, [9; 32]),
			Error::<Test>::NotCustom
		);
	});
}

#[test]
fn placing_an_order_checks_who_whom_and_what() {
	new_test_ext().execute_with(|| {
		let place = |who, maker, model: &str, quantity| {
			Trace::place_order(signed(who), maker, bytes(model), quantity, false)
		};
		assert_noop!(place(MAKER, MANUFACTURER, MODEL, 1), Error::<Test>::NotAuthorised);
		assert_noop!(place(BIOMED, MANUFACTURER, MODEL, 1), Error::<Test>::NotAuthorised);
		assert_noop!(place(STRANGER, MANUFACTURER, MODEL, 1), Error::<Test>::NotAuthorised);
		assert_noop!(place(HOSPITAL_ADMIN, CARRIER, MODEL, 1), Error::<Test>::UnknownManufacturer);
		assert_noop!(place(HOSPITAL_ADMIN, 77, MODEL, 1), Error::<Test>::UnknownManufacturer);
		assert_noop!(place(HOSPITAL_ADMIN, MANUFACTURER, "", 1), Error::<Test>::InvalidCode);
		// Only from the manufacturer the model's UDI-DI belongs to, and only a real UDI-DI.
		assert_noop!(
			place(HOSPITAL_ADMIN, OTHER_MANUFACTURER, MODEL, 1),
			Error::<Test>::NotTheManufacturer
		);
		assert_noop!(
			place(HOSPITAL_ADMIN, MANUFACTURER, "00643169007223", 1),
			Error::<Test>::NotTheManufacturer
		);
		assert_noop!(place(HOSPITAL_ADMIN, MANUFACTURER, MODEL, 0), Error::<Test>::InvalidQuantity);
		assert_noop!(
			place(HOSPITAL_ADMIN, MANUFACTURER, MODEL, MAX_DEVICES + 1),
			Error::<Test>::InvalidQuantity
		);
		assert_noop!(
			Trace::record_materials(signed(MAKER), 5, materials()),
			Error::<Test>::OrderNotFound
		);
		assert_ok!(place(HOSPITAL_ADMIN, MANUFACTURER, MODEL, MAX_DEVICES));
	});
}

#[test]
fn devices_of_an_order_move_only_once_a_regulator_approved_it() {
	new_test_ext().execute_with(|| {
		let (order, devices) = order_at(OrderStatus::Produced, 1);
		assert_noop!(Registry::release(signed(MAKER), devices[0]), Error::<Test>::OrderNotApproved);
		let (rejected, refused) = order_at(OrderStatus::Rejected, 1);
		assert_noop!(Registry::release(signed(MAKER), refused[0]), Error::<Test>::OrderNotApproved);
		assert_eq!(status(rejected), OrderStatus::Rejected);
		assert!(matches!(
			Trace::trace(refused[0], 2, 1)[0].1.entry,
			DeviceEvent::RegulatorDecision { approved: false, .. }
		));
		// Devices in no order move as the registry alone allows.
		let free = register("SN-FREE");
		assert_ok!(Registry::release(signed(MAKER), free));
		assert_ok!(Trace::approve_order(signed(OFFICER), order, reason("OK")));
		assert_ok!(Registry::release(signed(MAKER), devices[0]));
		// Shipping releases only what is not released yet.
		assert_ok!(Trace::ship_order(signed(MAKER), order, CARRIER));
		assert_eq!(device(devices[0]).lifecycle, Lifecycle::InTransit);
	});
}
