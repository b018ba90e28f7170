//! Unit tests: orders (every stage, table-driven over every status), the registry hooks,
//! adverse events and their investigation (table-driven), recalls and their scope, paging,
//! the trails' hash chains, and a property test over random call sequences; uses on
//! patients and what the pallet exposes of them in `tests/uses.rs`, the codes' shapes in
//! `tests/codes.rs`, the stages table by table in `tests/stages.rs`.

mod adverse_events;
mod codes;
mod migration;
mod property;
mod recalls;
mod recalls_governed;
mod stages;
mod uses;

use crate::{features::orders::without_weight, mock::*, *};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::Get};
use pallet_device_registry::{Device, DeviceProfile, Disposition, Udi};

type Trace = Pallet<Test>;
type Registry = pallet_device_registry::Pallet<Test>;
type RegistryError = pallet_device_registry::Error<Test>;

const MODEL: &str = "00643169007222";
/// Another model of the same manufacturer.
const OTHER_MODEL: &str = "00643169000001";
const LOT: &str = "LOT-A17";
/// The hospital's operating theatre 3: its GLN, extended.
const THEATRE: &str = "GLN:0614141000012.OR3";

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
	let id = Registry::next_device_id();
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
			model: bytes("CAPSURE-5076"),
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
	let devices: Vec<DeviceId> =
		(0..quantity).map(|_| register(&format!("SN-{}", Registry::next_device_id()))).collect();
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
			Approved => {
				without_weight(Trace::approve_order(signed(OFFICER), order, reason("CE-OK")))
			},
			Shipped => without_weight(Trace::ship_order(signed(MAKER), order, CARRIER)),
			Delivered => without_weight(Trace::deliver_order(
				signed(HOSPITAL_ADMIN),
				order,
				Some(bytes(THEATRE)),
			)),
			Installed => without_weight(Trace::install_order(signed(BIOMED), order)),
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

fn lots_scope(lots: &[&str]) -> RecallScope {
	let lots = lots.iter().map(|lot| bytes(lot)).collect::<Vec<_>>();
	RecallScope::Lots { di: bytes(MODEL), lots: BoundedVec::try_from(lots).unwrap() }
}

fn lot_scope() -> RecallScope {
	lots_scope(&[LOT])
}

fn model_scope(until: Moment) -> RecallScope {
	RecallScope::Model { di: bytes(MODEL), until }
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
