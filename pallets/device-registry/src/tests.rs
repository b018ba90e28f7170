//! Unit tests. This file keeps the shared setup: the accounts' origins, a UDI, a profile, a
//! registered and an installed device. The tests live by feature in `tests/`: registration,
//! lifecycle (table-driven over every pair of states, and the roles), custody (dispatch, and
//! try-state), service (usage and condition reports, operators, the service log and its audit),
//! codes (the codes' shapes), issuers (UDI prefixes, and a device recalled on its way), and
//! properties (no sequence of calls brings a device back from a final state).

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

mod codes;
mod custody;
mod issuers;
mod lifecycle;
mod properties;
mod registration;
mod service;

type Registry = Pallet<Test>;

/// The hospital's intensive care unit: its GLN, extended.
const ICU: &str = "GLN:0614141000012.ICU3";

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn bytes<S: frame_support::traits::Get<u32>>(text: &str) -> BoundedVec<u8, S> {
	BoundedVec::try_from(text.as_bytes().to_vec()).unwrap()
}

fn udi(serial: &str) -> Udi {
	Udi {
		di: bytes("00844588003288"),
		serial: Some(bytes(serial)),
		lot: Some(bytes("LOT-2026-11")),
		manufactured_on: Some(20261101),
		expires_on: Some(20311101),
	}
}

fn profile() -> DeviceProfile {
	DeviceProfile {
		device_type: bytes("GMDN:35852"),
		model: bytes("PACELEAD-5076"),
		version: bytes("2.1"),
		modality: None,
		profile_cid: bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
		profile_hash: [7; 32],
	}
}

/// The manufacturer registers a device; returns its id.
fn register(serial: &str) -> DeviceId {
	let id = NextDeviceId::<Test>::get();
	assert_ok!(Registry::register_device(signed(MAKER), udi(serial), profile()));
	id
}

/// A device registered, released, dispatched to the hospital and installed there.
fn installed() -> DeviceId {
	let id = register("SN-1");
	assert_ok!(Registry::release(signed(MAKER), id));
	assert_ok!(Registry::dispatch(signed(MAKER), id, CARRIER, HOSPITAL));
	assert_ok!(Registry::install(signed(BIOMED), id, Some(bytes(ICU))));
	id
}

fn state(id: DeviceId) -> Lifecycle {
	Devices::<Test>::get(id).unwrap().lifecycle
}
