//! Medical devices: the device registry (UDI-keyed devices, lifecycle, custody, service
//! log) and traceability (orders, device trails, uses on patients, adverse events, recalls),
//! which the registry tells of every change and asks whether a recall covers a device.

use frame_support::traits::{ConstU32, ConstU64};

use crate::{AccessControl, Consortium, DeviceRegistry, Runtime, Traceability};

/// `pallet_device_registry`: devices by UDI.
impl pallet_device_registry::Config for Runtime {
	type Membership = Consortium;
	type Time = super::ChainTime;
	// Traceability keeps the recalls of lots and models and each device's trail.
	type RecallStatus = Traceability;
	type OnDeviceEvent = Traceability;
	// Binding UDI company prefixes is the consortium's decision, like admitting members.
	type GovernanceOrigin = super::governance::GovernanceOrigin;
	// A device's named operators on a ward.
	type MaxOperators = ConstU32<16>;
	// A reader's signed request for a log file spends a nonce from the same sequence as
	// their record requests (one replay check, one order, in the vault and on chain).
	type Requests = AccessControl;
	type WeightInfo = pallet_device_registry::weights::SubstrateWeight<Runtime>;
}

/// 30 days in milliseconds: the FDA's MDR deadline for user facilities and manufacturers
/// (21 CFR 803), and within the EU MDR's 15-day/30-day limits' longer bound.
const ADVERSE_EVENT_DEADLINE: u64 = 30 * 24 * 60 * 60 * 1_000;

/// `pallet_traceability`: orders, trails, uses on patients, adverse events, recalls.
impl pallet_traceability::Config for Runtime {
	type Membership = Consortium;
	// The registry, through its one seam (`medchain_primitives::devices::DeviceRegistry`).
	type Devices = DeviceRegistry;
	type Time = super::ChainTime;
	// Putting a pending recall in force, or withdrawing one, is the consortium's decision.
	type GovernanceOrigin = super::governance::GovernanceOrigin;
	// A production lot shipped in one order; shipping it is 2 registry moves per device.
	type MaxDevicesPerOrder = ConstU32<100>;
	type ReportingDeadline = ConstU64<ADVERSE_EVENT_DEADLINE>;
	// A recall page lists a device's uses up to this; more are paged with `deviceUses`.
	type MaxUsesListed = ConstU32<100>;
	// Follow-ups on one device by one reporter (initial, follow-up, final, a correction);
	// beyond that the narrative is amended off chain.
	type MaxReportsPerDevice = ConstU32<4>;
	type WeightInfo = pallet_traceability::weights::SubstrateWeight<Runtime>;
}
