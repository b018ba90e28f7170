//! Runtime API of the device registry: what the node's `medchain_device`,
//! `medchain_deviceByUdi`, `medchain_devicesOfLot` and `medchain_serviceLog` JSON-RPC methods
//! answer from (see docs/rpc.md).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_device_registry::{Device, DeviceId, LogEntry, ProductionId, Udi, UdiDi};

/// The most entries one page returns (the same for every medchain runtime API).
pub use medchain_primitives::MAX_PAGE;

sp_api::decl_runtime_apis! {
	/// Queries over registered devices.
	pub trait DeviceRegistryApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The device `device`, if registered.
		fn device(device: DeviceId) -> Option<Device>;

		/// The device registered with this UDI (UDI-DI, serial, lot), if any.
		fn device_by_udi(di: UdiDi, serial: Option<ProductionId>, lot: Option<ProductionId>) -> Option<DeviceId>;

		/// One page of a lot's devices: up to `limit` (at most [`MAX_PAGE`]) ids after
		/// `start_after`, in id order.
		fn devices_of_lot(di: UdiDi, lot: ProductionId, start_after: Option<DeviceId>, limit: u32) -> Vec<DeviceId>;

		/// Up to `limit` entries of a device's service log from index `start`.
		fn service_log(device: DeviceId, start: u32, limit: u32) -> Vec<(u32, LogEntry<AccountId>)>;
	}
}
