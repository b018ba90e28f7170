//! Medical devices: the device registry (UDI-keyed devices, lifecycle, custody, service
//! log). The traceability pallet (orders, adverse events, recalls) joins it here.

use frame_support::traits::ConstU32;

use crate::{Consortium, Runtime, RuntimeEvent, Timestamp};

/// `pallet_device_registry`: devices by UDI.
impl pallet_device_registry::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Membership = Consortium;
	type Time = Timestamp;
	// A device's named operators on a ward.
	type MaxOperators = ConstU32<16>;
	type WeightInfo = pallet_device_registry::weights::SubstrateWeight<Runtime>;
}
