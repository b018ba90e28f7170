//! An order's stages: each allowed only from its status, refused to the wrong role or
//! organisation, and its inputs checked.

use super::*;

/// Every stage call, made by a caller whose role allows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Stage {
	Materials,
	Production,
	Approve,
	Reject,
	Ship,
	Deliver,
	Install,
	AfterSales,
}

pub(super) fn make(order: OrderId, stage: Stage) -> DispatchResult {
	match stage {
		Stage::Materials => Trace::record_materials(signed(MAKER), order, materials()),
		Stage::Production => {
			let id = register(&format!("SN-{}", Registry::next_device_id()));
			Trace::record_production(signed(MAKER), order, BoundedVec::try_from(vec![id]).unwrap())
		},
		_ => without_weight(charged(order, stage)),
	}
}

/// A stage that returns the weight it was charged: every one from approval on.
fn charged(order: OrderId, stage: Stage) -> DispatchResultWithPostInfo {
	match stage {
		Stage::Approve => Trace::approve_order(signed(OFFICER), order, reason("OK")),
		Stage::Reject => Trace::reject_order(signed(OFFICER), order, reason("NC")),
		Stage::Ship => Trace::ship_order(signed(MAKER), order, CARRIER),
		Stage::Deliver => Trace::deliver_order(signed(HOSPITAL_ADMIN), order, None),
		Stage::Install => Trace::install_order(signed(BIOMED), order),
		Stage::AfterSales => Trace::record_after_sales(
			signed(MAKER),
			order,
			AfterSalesKind::Complaint,
			cid(),
			[3; 32],
		),
		Stage::Materials | Stage::Production => unreachable!("{stage:?} returns no weight"),
	}
}

#[test]
fn an_order_stage_is_charged_for_the_orders_devices_not_the_most_an_order_may_have() {
	use crate::weights::WeightInfo;
	type Charged = ();
	// What a stage is charged for an order of n devices.
	type Charge = fn(u32) -> Weight;
	let max = <<Test as Config>::MaxDevicesPerOrder as Get<u32>>::get();
	new_test_ext().execute_with(|| {
		let (order, _) = order_at(OrderStatus::Produced, 2);
		let stages: [(Stage, Charge); 5] = [
			(Stage::Approve, Charged::decide_order),
			(Stage::Ship, Charged::ship_order),
			(Stage::Deliver, Charged::deliver_order),
			(Stage::Install, Charged::install_order),
			(Stage::AfterSales, Charged::record_after_sales),
		];
		for (stage, weight) in stages {
			let info = charged(order, stage).expect("the stage goes through");
			assert_eq!(info.actual_weight, Some(weight(2)), "{stage:?}");
			assert!(weight(2).ref_time() < weight(max).ref_time(), "{stage:?} refunds");
		}
		// A refused stage is charged in full: it returns no actual weight.
		let refused = Trace::ship_order(signed(MAKER), order, CARRIER).unwrap_err();
		assert_eq!(refused.post_info.actual_weight, None);
	});
}

#[test]
fn every_stage_is_allowed_only_from_its_status() {
	use OrderStatus::*;
	let statuses =
		[Placed, MaterialsRecorded, Produced, Approved, Rejected, Shipped, Delivered, Installed];
	let stages = [
		Stage::Materials,
		Stage::Production,
		Stage::Approve,
		Stage::Reject,
		Stage::Ship,
		Stage::Deliver,
		Stage::Install,
		Stage::AfterSales,
	];
	// The order's stages, written out: (status, stage) → the status it leads to.
	let next = |from: OrderStatus, stage: Stage| match (from, stage) {
		(Placed | MaterialsRecorded, Stage::Materials) => Some(MaterialsRecorded),
		(MaterialsRecorded, Stage::Production) => Some(Produced),
		(Produced, Stage::Approve) => Some(Approved),
		(Produced, Stage::Reject) => Some(Rejected),
		(Approved, Stage::Ship) => Some(Shipped),
		(Shipped, Stage::Deliver) => Some(Delivered),
		(Delivered, Stage::Install) => Some(Installed),
		(Installed, Stage::AfterSales) => Some(Installed),
		_ => None,
	};
	for from in statuses {
		for stage in stages {
			new_test_ext().execute_with(|| {
				let (order, _) = order_at(from, 1);
				let length = OrderTrailHead::<Test>::get(order).length;
				match next(from, stage) {
					Some(to) => {
						assert_eq!(make(order, stage), Ok(()), "{stage:?} from {from:?}");
						assert_eq!(status(order), to);
						assert_eq!(OrderTrailHead::<Test>::get(order).length, length + 1);
					},
					None => {
						assert_eq!(
							make(order, stage),
							Err(Error::<Test>::InvalidStage.into()),
							"{stage:?} from {from:?} must be refused"
						);
						assert_eq!(status(order), from);
						assert_eq!(OrderTrailHead::<Test>::get(order).length, length);
					},
				}
				assert!(Trace::order_trail_intact(order));
			});
		}
	}
}

#[test]
fn each_stage_refuses_the_wrong_role_or_organisation() {
	new_test_ext().execute_with(|| {
		let (placed, _) = order_at(OrderStatus::Placed, 1);
		for who in [OTHER_MAKER, LAB_DOCTOR, HOSPITAL_ADMIN, STRANGER] {
			assert_noop!(
				Trace::record_materials(signed(who), placed, materials()),
				Error::<Test>::NotAuthorised
			);
		}
		let (recorded, _) = order_at(OrderStatus::MaterialsRecorded, 1);
		let id = register("SN-X");
		let one = BoundedVec::try_from(vec![id]).unwrap();
		assert_noop!(
			Trace::record_production(signed(BIOMED), recorded, one.clone()),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Trace::record_production(signed(OTHER_MAKER), recorded, one),
			Error::<Test>::NotAuthorised
		);
		let (produced, _) = order_at(OrderStatus::Produced, 1);
		for who in [REGULATOR_ADMIN, MAKER, HOSPITAL_ADMIN] {
			assert_noop!(
				Trace::approve_order(signed(who), produced, reason("OK")),
				Error::<Test>::NotAuthorised
			);
			assert_noop!(
				Trace::reject_order(signed(who), produced, reason("NC")),
				Error::<Test>::NotAuthorised
			);
		}
		let (approved, _) = order_at(OrderStatus::Approved, 1);
		for who in [BIOMED, DRIVER, LAB_DOCTOR] {
			assert_noop!(
				Trace::ship_order(signed(who), approved, CARRIER),
				Error::<Test>::NotAuthorised
			);
		}
		let (shipped, _) = order_at(OrderStatus::Shipped, 1);
		for who in [OTHER_ADMIN, SURGEON, OPERATOR, DRIVER] {
			assert_noop!(
				Trace::deliver_order(signed(who), shipped, None),
				Error::<Test>::NotAuthorised
			);
		}
		let (delivered, _) = order_at(OrderStatus::Delivered, 1);
		for who in [OTHER_ADMIN, SURGEON, MAKER] {
			assert_noop!(
				Trace::install_order(signed(who), delivered),
				Error::<Test>::NotAuthorised
			);
		}
		let (installed, _) = order_at(OrderStatus::Installed, 1);
		for who in [DRIVER, SURGEON, OTHER_ADMIN, OFFICER] {
			assert_noop!(
				Trace::record_after_sales(
					signed(who),
					installed,
					AfterSalesKind::Return,
					cid(),
					[0; 32]
				),
				Error::<Test>::NotAuthorised
			);
		}
	});
}

#[test]
fn stage_inputs_are_checked() {
	new_test_ext().execute_with(|| {
		let (order, _) = order_at(OrderStatus::Placed, 2);
		assert_noop!(
			Trace::record_materials(signed(MAKER), order, BoundedVec::new()),
			Error::<Test>::NoMaterials
		);
		let empty =
			BoundedVec::try_from(vec![Material { di: BoundedVec::new(), lot: None }]).unwrap();
		assert_noop!(
			Trace::record_materials(signed(MAKER), order, empty),
			Error::<Test>::InvalidCode
		);
		assert_ok!(Trace::record_materials(signed(MAKER), order, materials()));

		let a = register("SN-A");
		let b = register("SN-B");
		let list = |ids: Vec<DeviceId>| BoundedVec::try_from(ids).unwrap();
		let produce = |ids| Trace::record_production(signed(MAKER), order, list(ids));
		assert_noop!(produce(vec![a]), Error::<Test>::WrongQuantity);
		assert_noop!(produce(vec![a, 99]), Error::<Test>::DeviceNotFound);
		assert_noop!(produce(vec![a, a]), Error::<Test>::DuplicateDevice);
		let other_model = register_as(MAKER, OTHER_MODEL, "SN-C", LOT);
		assert_noop!(produce(vec![a, other_model]), Error::<Test>::WrongDevice);
		// Another manufacturer cannot even register the model: its UDI-DI is not theirs.
		let mut squatted = Registry::current(a).unwrap();
		squatted.udi.serial = Some(bytes("SN-D"));
		assert_noop!(
			Registry::register_device(signed(OTHER_MAKER), squatted.udi, squatted.profile),
			RegistryError::NotUdiOwner
		);
		let other_maker = register_as(OTHER_MAKER, "00614141999996", "SN-D", "LOT-Z");
		assert_noop!(produce(vec![a, other_maker]), Error::<Test>::WrongDevice);
		let released = register("SN-E");
		assert_ok!(Registry::release(signed(MAKER), released));
		assert_noop!(produce(vec![a, released]), Error::<Test>::WrongDevice);

		let (other, _) = order_at(OrderStatus::MaterialsRecorded, 1);
		assert_ok!(Trace::record_production(signed(MAKER), other, list(vec![b])));
		assert_noop!(produce(vec![a, b]), Error::<Test>::DeviceAlreadyOrdered);

		let (produced, _) = order_at(OrderStatus::Produced, 1);
		assert_noop!(
			Trace::approve_order(signed(OFFICER), produced, BoundedVec::new()),
			Error::<Test>::InvalidCode
		);
		let (installed, _) = order_at(OrderStatus::Installed, 1);
		assert_noop!(
			Trace::record_after_sales(
				signed(MAKER),
				installed,
				AfterSalesKind::Return,
				bytes("Qm123"),
				[0; 32]
			),
			Error::<Test>::InvalidCid
		);
		let (approved, _) = order_at(OrderStatus::Approved, 1);
		assert_noop!(
			Trace::ship_order(signed(MAKER), approved, HOSPITAL),
			RegistryError::NotACarrier
		);
	});
}
