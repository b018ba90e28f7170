//! Unit tests: orders (every stage, table-driven over every status), the registry hooks,
//! adverse events and their investigation (table-driven), recalls and their scope, paging,
//! the trails' hash chains, and a property test over random call sequences; uses on
//! patients and what the pallet exposes of them in `tests/uses.rs`.

mod migration;
mod uses;

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::Get};
use pallet_device_registry::{Device, DeviceProfile, Udi};

type Trace = Pallet<Test>;
type Registry = pallet_device_registry::Pallet<Test>;
type RegistryError = pallet_device_registry::Error<Test>;

const MODEL: &str = "00643169007222";
const LOT: &str = "LOT-A17";

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn bytes<S: Get<u32>>(text: &str) -> BoundedVec<u8, S> {
	BoundedVec::try_from(text.as_bytes().to_vec()).unwrap()
}

fn cid() -> Cid {
	bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")
}

fn reason(code: &str) -> ReasonCode {
	bytes(code)
}

/// The manufacturer (`maker`) registers a device of `model` in `lot`; returns its id.
fn register_as(maker: u64, model: &str, serial: &str, lot: &str) -> DeviceId {
	let id = pallet_device_registry::NextDeviceId::<Test>::get();
	assert_ok!(Registry::register_device(
		signed(maker),
		Udi {
			di: bytes(model),
			serial: Some(bytes(serial)),
			lot: Some(bytes(lot)),
			manufactured_on: Some(20261101),
			expires_on: None,
		},
		DeviceProfile {
			device_type: bytes("GMDN:47266"),
			model: bytes("CapSure 5076"),
			version: bytes("1"),
			modality: None,
			profile_cid: cid(),
			profile_hash: [7; 32],
		},
	));
	id
}

fn register(serial: &str) -> DeviceId {
	register_as(MAKER, MODEL, serial, LOT)
}

fn device(id: DeviceId) -> Device {
	Registry::current(id).unwrap()
}

fn status(order: OrderId) -> OrderStatus {
	Orders::<Test>::get(order).unwrap().status
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn assert_last(event: Event<Test>) {
	assert_eq!(last_event(), RuntimeEvent::Traceability(event));
}

/// Places a catalogue order for `quantity` devices; returns its id.
fn place(quantity: u32) -> OrderId {
	let id = NextOrderId::<Test>::get();
	assert_ok!(Trace::place_order(
		signed(HOSPITAL_ADMIN),
		MANUFACTURER,
		bytes(MODEL),
		quantity,
		false
	));
	id
}

fn materials() -> BoundedVec<Material, MaxMaterials> {
	BoundedVec::try_from(vec![Material { di: bytes("04035479112345"), lot: Some(bytes("SIL-9")) }])
		.unwrap()
}

/// Registers fresh devices and links them to `order`.
fn produce(order: OrderId, quantity: u32) -> Vec<DeviceId> {
	let devices: Vec<DeviceId> = (0..quantity)
		.map(|_| register(&format!("SN-{}", pallet_device_registry::NextDeviceId::<Test>::get())))
		.collect();
	assert_ok!(Trace::record_production(
		signed(MAKER),
		order,
		BoundedVec::try_from(devices.clone()).unwrap()
	));
	devices
}

/// An order of `quantity` devices taken to `to` (along the stages of a catalogue order).
fn order_at(to: OrderStatus, quantity: u32) -> (OrderId, Vec<DeviceId>) {
	use OrderStatus::*;
	let order = place(quantity);
	let mut devices = Vec::new();
	let path = [MaterialsRecorded, Produced, Approved, Shipped, Delivered, Installed];
	if to == Rejected {
		assert_ok!(Trace::record_materials(signed(MAKER), order, materials()));
		devices = produce(order, quantity);
		assert_ok!(Trace::reject_order(signed(OFFICER), order, reason("QMS-NC")));
		return (order, devices);
	}
	for step in path.iter().take_while(|_| status(order) != to) {
		let result = match step {
			MaterialsRecorded => Trace::record_materials(signed(MAKER), order, materials()),
			Produced => {
				devices = produce(order, quantity);
				Ok(())
			},
			Approved => Trace::approve_order(signed(OFFICER), order, reason("CE-OK")),
			Shipped => Trace::ship_order(signed(MAKER), order, CARRIER),
			Delivered => Trace::deliver_order(signed(HOSPITAL_ADMIN), order, Some(bytes("OR-3"))),
			Installed => Trace::install_order(signed(BIOMED), order),
			_ => unreachable!(),
		};
		assert_ok!(result);
	}
	assert_eq!(status(order), to);
	(order, devices)
}

fn report(learned_at: Moment, seriousness: Seriousness) -> AdverseEventReport {
	AdverseEventReport {
		event_code: bytes("IMDRF:A0502"),
		seriousness,
		outcome_code: bytes("IMDRF:E0123"),
		narrative_cid: cid(),
		learned_at,
	}
}

fn lot_scope() -> RecallScope {
	RecallScope::Lot { di: bytes(MODEL), lot: bytes(LOT) }
}

/// The hospital's pseudonym of `patient` for `device` (a keyed hash the hospital alone can
/// compute; here keyed by a constant).
fn pseudonym(patient: u64, device: DeviceId) -> UsePseudonym {
	sp_io::hashing::blake2_256(&(b"hospital pseudonym key", patient, device).encode())
}

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
		assert_ok!(Trace::deliver_order(signed(HOSPITAL_ADMIN), order, Some(bytes("OR-3"))));
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
		assert_noop!(place(HOSPITAL_ADMIN, MANUFACTURER, "", 1), Error::<Test>::EmptyCode);
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

/// Every stage call, made by a caller whose role allows it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
	Materials,
	Production,
	Approve,
	Reject,
	Ship,
	Deliver,
	Install,
	AfterSales,
}

fn make(order: OrderId, stage: Stage) -> DispatchResult {
	match stage {
		Stage::Materials => Trace::record_materials(signed(MAKER), order, materials()),
		Stage::Production => {
			let id =
				register(&format!("SN-{}", pallet_device_registry::NextDeviceId::<Test>::get()));
			Trace::record_production(signed(MAKER), order, BoundedVec::try_from(vec![id]).unwrap())
		},
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
	}
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
			Error::<Test>::EmptyCode
		);
		assert_ok!(Trace::record_materials(signed(MAKER), order, materials()));

		let a = register("SN-A");
		let b = register("SN-B");
		let list = |ids: Vec<DeviceId>| BoundedVec::try_from(ids).unwrap();
		let produce = |ids| Trace::record_production(signed(MAKER), order, list(ids));
		assert_noop!(produce(vec![a]), Error::<Test>::WrongQuantity);
		assert_noop!(produce(vec![a, 99]), Error::<Test>::DeviceNotFound);
		assert_noop!(produce(vec![a, a]), Error::<Test>::DuplicateDevice);
		let other_model = register_as(MAKER, "00999999999999", "SN-C", LOT);
		assert_noop!(produce(vec![a, other_model]), Error::<Test>::WrongDevice);
		let other_maker = register_as(OTHER_MAKER, MODEL, "SN-D", "LOT-Z");
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
			Error::<Test>::EmptyCode
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
fn staff_report_adverse_events_and_late_reports_are_flagged() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 1);
		let id = devices[0];
		let now = START + 40 * 86_400_000;
		pallet_timestamp::Now::<Test>::put(now);
		// Exactly at the deadline: on time; one millisecond later: late. The first is a
		// patient's own report, which their clinician files for them.
		assert_ok!(Trace::report_for_patient(
			signed(OTHER_SURGEON),
			id,
			report(now - DEADLINE, Seriousness::Hospitalisation)
		));
		assert_last(Event::AdverseEventReported {
			event: 0,
			device: id,
			seriousness: Seriousness::Hospitalisation,
			late: false,
		});
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			id,
			report(now - DEADLINE - 1, Seriousness::Hospitalisation)
		));
		assert_last(Event::AdverseEventReported {
			event: 1,
			device: id,
			seriousness: Seriousness::Hospitalisation,
			late: true,
		});
		assert_ok!(Trace::report_adverse_event(
			signed(MAKER),
			id,
			report(now, Seriousness::NonSerious)
		));
		let first = AdverseEvents::<Test>::get(0).unwrap();
		assert_eq!(
			(first.source, first.reporter, first.year, first.late),
			(ReportSource::Patient, OTHER_SURGEON, 2027, false)
		);
		assert_eq!(first.status, InvestigationStatus::Reported);
		assert_eq!(
			AdverseEvents::<Test>::get(1).unwrap().source,
			ReportSource::Organisation(OrganisationKind::Hospital)
		);
		// The reports join the device's trail, each under its filer's organisation.
		let length = DeviceTrailHead::<Test>::get(id).length;
		let links = Trace::trace(id, length - 3, 3);
		assert_eq!(links[0].1.entry, DeviceEvent::AdverseEventReported { event: 0 });
		assert_eq!((links[0].1.by, links[0].1.org), (OTHER_SURGEON, Some(OTHER_HOSPITAL)));
		assert_eq!(links[1].1.org, Some(HOSPITAL));

		let stats = Trace::adverse_event_stats(2027, None, 100);
		assert_eq!(stats.len(), 3);
		let count = |source, seriousness| {
			stats.iter().find(|(key, _)| *key == (source, seriousness)).map(|(_, c)| *c)
		};
		assert_eq!(
			count(ReportSource::Patient, Seriousness::Hospitalisation),
			Some(ReportCounts { reported: 1, late: 0, rejected: 0 })
		);
		assert_eq!(
			count(
				ReportSource::Organisation(OrganisationKind::Hospital),
				Seriousness::Hospitalisation
			),
			Some(ReportCounts { reported: 1, late: 1, rejected: 0 })
		);
		assert!(Trace::adverse_event_stats(2026, None, 100).is_empty());
		// Paging through the year, one key at a time, reaches each key once.
		let mut seen = Vec::new();
		let mut after = None;
		while let Some((key, _)) = Trace::adverse_event_stats(2027, after, 1).pop() {
			seen.push(key);
			after = Some(key);
		}
		assert_eq!(seen.len(), 3);
	});
}

#[test]
fn adverse_event_reports_are_checked() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_noop!(
			Trace::report_adverse_event(signed(STRANGER), id, report(START, Seriousness::Death)),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), 99, report(START, Seriousness::Death)),
			Error::<Test>::DeviceNotFound
		);
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, report(START + 1, Seriousness::Death)),
			Error::<Test>::LearnedInFuture
		);
		let mut bad = report(START, Seriousness::Death);
		bad.narrative_cid = bytes("not-a-cid");
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, bad),
			Error::<Test>::InvalidCid
		);
		let mut bad = report(START, Seriousness::Death);
		bad.event_code = BoundedVec::new();
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, bad),
			Error::<Test>::EmptyCode
		);
		let mut bad = report(START, Seriousness::Death);
		bad.outcome_code = BoundedVec::new();
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, bad),
			Error::<Test>::EmptyCode
		);
	});
}

#[test]
fn investigations_move_only_along_their_workflow() {
	use InvestigationStatus::*;
	let all = [Reported, UnderInvestigation, RootCauseFound, Closed, Rejected];
	let paths: [&[InvestigationStatus]; 5] = [
		&[],
		&[UnderInvestigation],
		&[UnderInvestigation, RootCauseFound],
		&[UnderInvestigation, RootCauseFound, Closed],
		&[Rejected],
	];
	let allowed = |from, to| {
		matches!(
			(from, to),
			(Reported, UnderInvestigation)
				| (UnderInvestigation, RootCauseFound)
				| (RootCauseFound, Closed)
				| (Reported | UnderInvestigation | RootCauseFound, Rejected)
		)
	};
	for (from, path) in all.into_iter().zip(paths) {
		for to in all {
			new_test_ext().execute_with(|| {
				let id = register("SN-1");
				assert_ok!(Trace::report_for_patient(
					signed(SURGEON),
					id,
					report(START, Seriousness::Disability)
				));
				for step in path {
					assert_ok!(Trace::advance_investigation(
						signed(OFFICER),
						0,
						*step,
						reason("R")
					));
				}
				assert_eq!(AdverseEvents::<Test>::get(0).unwrap().status, from);
				let result =
					Trace::advance_investigation(signed(OFFICER), 0, to, reason("IMDRF:C01"));
				if allowed(from, to) {
					assert_eq!(result, Ok(()), "{from:?} → {to:?}");
					assert_last(Event::InvestigationAdvanced {
						event: 0,
						status: to,
						reason: reason("IMDRF:C01"),
					});
					let event = AdverseEvents::<Test>::get(0).unwrap();
					assert_eq!(event.status, to);
					assert_eq!(event.history.last().unwrap().by, OFFICER);
					assert_eq!(event.history.len(), path.len() + 1);
				} else {
					assert_eq!(
						result,
						Err(Error::<Test>::InvalidStatusChange.into()),
						"{from:?} → {to:?}"
					);
				}
				let rejected = ReportStats::<Test>::get(
					2026,
					(ReportSource::Patient, Seriousness::Disability),
				)
				.rejected;
				assert_eq!(
					rejected,
					u32::from(AdverseEvents::<Test>::get(0).unwrap().status == Rejected)
				);
			});
		}
	}
}

#[test]
fn only_regulatory_officers_investigate() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			id,
			report(START, Seriousness::Death)
		));
		for who in [REGULATOR_ADMIN, MAKER, SURGEON, PATIENT] {
			assert_noop!(
				Trace::advance_investigation(
					signed(who),
					0,
					InvestigationStatus::UnderInvestigation,
					reason("R")
				),
				Error::<Test>::NotAuthorised
			);
		}
		assert_noop!(
			Trace::advance_investigation(
				signed(OFFICER),
				5,
				InvestigationStatus::UnderInvestigation,
				reason("R")
			),
			Error::<Test>::AdverseEventNotFound
		);
		assert_noop!(
			Trace::advance_investigation(
				signed(OFFICER),
				0,
				InvestigationStatus::UnderInvestigation,
				BoundedVec::new()
			),
			Error::<Test>::EmptyCode
		);
	});
}

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
			Error::<Test>::EmptyCode
		);
		assert_ok!(Trace::confirm_recall(signed(OFFICER), 0));
		assert_last(Event::RecallConfirmed { recall: 0 });
		assert_eq!(device(id).lifecycle, Lifecycle::Recalled);
		assert_eq!(Recalls::<Test>::get(0).unwrap().decided, Some((OFFICER, START)));
		assert_noop!(Trace::confirm_recall(signed(OFFICER), 0), Error::<Test>::RecallNotPending);

		// A model recall, dismissed: nothing changes for the devices.
		let scope = RecallScope::Model { di: bytes("00999999999999") };
		let other = register_as(MAKER, "00999999999999", "SN-9", "LOT-9");
		assert_ok!(Trace::issue_recall(signed(MAKER), scope.clone(), reason("FSCA-2"), None));
		assert_ok!(Trace::dismiss_recall(signed(OFFICER), 1, reason("NOT-NEEDED")));
		assert_last(Event::RecallDismissed { recall: 1, reason: reason("NOT-NEEDED") });
		assert_eq!(Recalls::<Test>::get(1).unwrap().status, RecallStatus::Dismissed);
		assert_eq!(device(other).lifecycle, Lifecycle::Manufactured);
		assert_noop!(
			Trace::dismiss_recall(signed(OFFICER), 1, reason("X")),
			Error::<Test>::RecallNotPending
		);
		// Confirming a pending recall of something already recalled is refused.
		assert_ok!(Trace::issue_recall(signed(MAKER), scope.clone(), reason("FSCA-3"), None));
		assert_ok!(Trace::issue_recall(signed(OFFICER), scope, reason("FSCA-4"), None));
		assert_eq!(device(other).lifecycle, Lifecycle::Recalled);
		assert_noop!(Trace::confirm_recall(signed(OFFICER), 2), Error::<Test>::AlreadyRecalled);
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
		let nothing = RecallScope::Lot { di: bytes(MODEL), lot: bytes("LOT-NONE") };
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), nothing, reason("R"), None),
			Error::<Test>::NothingToRecall
		);
		assert_noop!(
			Trace::issue_recall(signed(OFFICER), lot_scope(), BoundedVec::new(), None),
			Error::<Test>::EmptyCode
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

#[test]
fn a_tampered_link_breaks_the_chain() {
	new_test_ext().execute_with(|| {
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

#[test]
fn years_follow_the_gregorian_calendar() {
	assert_eq!(year_of(0), 1970);
	assert_eq!(year_of(START), 2026);
	// 2026-12-31T23:59:59.999Z and 2027-01-01T00:00:00Z.
	assert_eq!(year_of(1_798_761_599_999), 2026);
	assert_eq!(year_of(1_798_761_600_000), 2027);
	// 2024-02-29 (a leap day) and 2000-03-01.
	assert_eq!(year_of(1_709_164_800_000), 2024);
	assert_eq!(year_of(951_868_800_000), 2000);
}

mod property {
	use super::*;
	use proptest::prelude::*;

	/// One call, by an index into a small cast, on an index into the devices and orders.
	#[derive(Clone, Debug)]
	enum Op {
		Stage(u8, Stage),
		Produce(u8, u8),
		Place(u8, u32),
		Use(u8, u8, u8, PatientUse),
		Report(u8, u8),
		ReportForPatient(u8, u8),
		Recall(u8, bool),
		Decide(u8, u8),
		Registry(u8, u8, u8),
	}

	const CAST: [u64; 10] = [
		MAKER,
		HOSPITAL_ADMIN,
		BIOMED,
		SURGEON,
		OTHER_ADMIN,
		OFFICER,
		PATIENT,
		DRIVER,
		OTHER_MAKER,
		STRANGER,
	];

	fn stage() -> impl Strategy<Value = Stage> {
		prop_oneof![
			Just(Stage::Materials),
			Just(Stage::Production),
			Just(Stage::Approve),
			Just(Stage::Reject),
			Just(Stage::Ship),
			Just(Stage::Deliver),
			Just(Stage::Install),
			Just(Stage::AfterSales),
		]
	}

	fn usage() -> impl Strategy<Value = PatientUse> {
		prop_oneof![
			Just(PatientUse::Implant),
			Just(PatientUse::Explant),
			Just(PatientUse::Procedure)
		]
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0u8..4, stage()).prop_map(|(o, s)| Op::Stage(o, s)),
			(0u8..4, 0u8..4).prop_map(|(o, d)| Op::Produce(o, d)),
			(0u8..10, 1u32..3).prop_map(|(w, q)| Op::Place(w, q)),
			(0u8..10, 0u8..6, 0u8..2, usage()).prop_map(|(w, d, p, u)| Op::Use(w, d, p, u)),
			(0u8..10, 0u8..6).prop_map(|(w, d)| Op::Report(w, d)),
			(0u8..10, 0u8..6).prop_map(|(w, d)| Op::ReportForPatient(w, d)),
			(0u8..10, any::<bool>()).prop_map(|(w, m)| Op::Recall(w, m)),
			(0u8..10, 0u8..3).prop_map(|(w, r)| Op::Decide(w, r)),
			(0u8..10, 0u8..6, 0u8..6).prop_map(|(w, d, t)| Op::Registry(w, d, t)),
		]
	}

	fn apply(op: &Op) -> DispatchResult {
		let who = |w: &u8| signed(CAST[*w as usize % CAST.len()]);
		match op {
			// Production links an existing device (a fresh one would change state even when
			// the stage is refused).
			Op::Stage(_, Stage::Production) => Ok(()),
			// Other stages are made with the right role: the order's own rules decide.
			Op::Stage(order, stage) => make(u64::from(*order), *stage),
			Op::Produce(order, d) => Trace::record_production(
				signed(MAKER),
				u64::from(*order),
				BoundedVec::try_from(vec![u64::from(*d)]).unwrap(),
			),
			Op::Place(w, quantity) => {
				Trace::place_order(who(w), MANUFACTURER, bytes(MODEL), *quantity, false)
			},
			Op::Use(w, d, p, usage) => {
				let patient = [PATIENT, OTHER_PATIENT][*p as usize];
				let device = u64::from(*d);
				Trace::record_use(who(w), device, pseudonym(patient, device), *usage)
			},
			Op::Report(w, d) => Trace::report_adverse_event(
				who(w),
				u64::from(*d),
				report(START, Seriousness::Death),
			),
			Op::ReportForPatient(w, d) => Trace::report_for_patient(
				who(w),
				u64::from(*d),
				report(START, Seriousness::LifeThreatening),
			),
			Op::Recall(w, model) => {
				let scope =
					if *model { RecallScope::Model { di: bytes(MODEL) } } else { lot_scope() };
				Trace::issue_recall(who(w), scope, reason("R"), None)
			},
			Op::Decide(w, recall) => Trace::confirm_recall(who(w), u64::from(*recall)),
			Op::Registry(w, d, t) => {
				let id = u64::from(*d);
				match t {
					0 => Registry::release(who(w), id),
					1 => Registry::dispatch(who(w), id, CARRIER, OTHER_HOSPITAL),
					2 => Registry::install(who(w), id, None),
					3 => Registry::put_in_service(who(w), id),
					4 => Registry::decommission(who(w), id),
					_ => Registry::recall(who(w), id),
				}
			},
		}
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(48))]

		/// No sequence of calls breaks a trail's hash chain, lets a device leave `Recalled`
		/// or `Decommissioned`, lets a refused call change any state, or puts a patient
		/// account where docs/privacy.md says none may be (`uses::exposure`).
		#[test]
		fn trails_hold_and_final_states_stay_final(ops in proptest::collection::vec(op(), 1..40)) {
			new_test_ext().execute_with(|| {
				for serial in 0..3 {
					register(&format!("SN-P{serial}"));
				}
				let mut finished: Vec<DeviceId> = Vec::new();
				for op in &ops {
					let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
					let events = System::events().len();
					if apply(op).is_err() {
						prop_assert_eq!(root, sp_io::storage::root(sp_runtime::StateVersion::V1), "{:?}", op);
						prop_assert_eq!(events, System::events().len());
					}
					for id in 0..pallet_device_registry::NextDeviceId::<Test>::get() {
						let lifecycle = device(id).lifecycle;
						if finished.contains(&id) {
							prop_assert!(lifecycle.is_final(), "device {} left a final state by {:?}", id, op);
						} else if lifecycle.is_final() {
							finished.push(id);
						}
					}
					prop_assert!(Trace::do_try_state().is_ok());
					prop_assert_eq!(uses::exposure(), Ok(()), "after {:?}", op);
				}
				Ok(())
			})?;
		}
	}
}
