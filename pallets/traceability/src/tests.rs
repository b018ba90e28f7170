//! Unit tests. This file keeps the shared setup: models, lots, registering devices, placing
//! orders and taking them to a status, reports, recall scopes and pseudonyms. The tests live by
//! feature in `tests/`: orders (every stage driving the registry, custom orders, regulator
//! approval), trails (the hash chains), stages (table by table), adverse_events (reports and
//! their investigation, table-driven; the calendar years they count by), recalls and
//! recalls_governed (recalls and their scope), uses (uses on patients and what the pallet
//! exposes of them), lists (orders, reports and recalls by organisation, status and time),
//! codes (the codes' shapes), migration, and property (random call sequences).

mod adverse_events;
mod codes;
mod lists;
mod migration;
mod orders;
mod property;
mod recalls;
mod recalls_governed;
mod stages;
mod trails;
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
