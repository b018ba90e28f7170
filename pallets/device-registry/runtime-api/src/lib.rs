//! Runtime API of the device registry: what the node's `medchain_device`,
//! `medchain_deviceByUdi`, `medchain_devicesOfLot`, `medchain_devicesOfCustodian` and
//! `medchain_serviceLog` JSON-RPC methods answer from (see docs/rpc.md).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use medchain_primitives::OrgId;
pub use pallet_device_registry::{Device, DeviceId, LogEntry, ProductionId, Udi, UdiDi};

/// The most entries one page returns (the same for every medchain runtime API).
pub use medchain_primitives::MAX_PAGE;

sp_api::decl_runtime_apis! {
	/// Queries over registered devices.
	///
	/// Version 2 (spec 113) answers a UDI lookup and a lot's page with the devices
	/// themselves, so that each JSON-RPC method is one runtime call. Version 3 (spec 116)
	/// tells a record store whether a reader may open a device's service log. Version 4
	/// (spec 117) pages through the devices an organisation holds.
	#[api_version(4)]
	pub trait DeviceRegistryApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The device `device`, if registered.
		fn device(device: DeviceId) -> Option<Device>;

		/// The id of the device registered with this UDI (UDI-DI, serial, lot), if any.
		#[changed_in(2)]
		fn device_by_udi(di: UdiDi, serial: Option<ProductionId>, lot: Option<ProductionId>) -> Option<DeviceId>;

		/// The device registered with this UDI (UDI-DI, serial, lot), with its id, if any.
		fn device_by_udi(di: UdiDi, serial: Option<ProductionId>, lot: Option<ProductionId>) -> Option<(DeviceId, Device)>;

		/// One page of a lot's device ids: up to `limit` (at most [`MAX_PAGE`]) after
		/// `start_after`, in id order.
		#[changed_in(2)]
		fn devices_of_lot(di: UdiDi, lot: ProductionId, start_after: Option<DeviceId>, limit: u32) -> Vec<DeviceId>;

		/// One page of a lot's devices with their ids: up to `limit` (at most [`MAX_PAGE`])
		/// after `start_after`, in id order.
		fn devices_of_lot(di: UdiDi, lot: ProductionId, start_after: Option<DeviceId>, limit: u32) -> Vec<(DeviceId, Device)>;

		/// Up to `limit` entries of a device's service log from index `start`.
		fn service_log(device: DeviceId, start: u32, limit: u32) -> Vec<(u32, LogEntry<AccountId>)>;
		/// Whether `who` may open `device`'s service log now, as `open_log` decides it: the
		/// manufacturer's service staff, and the custodian's unless the device is on its way.
		fn can_open_log(who: AccountId, device: DeviceId) -> bool;

		/// One page of the devices `custodian` holds now, with their ids: up to `limit` (at
		/// most [`MAX_PAGE`]) after `start_after`, in the index's order (not the ids').
		#[api_version(4)]
		fn devices_of_custodian(custodian: OrgId, start_after: Option<DeviceId>, limit: u32) -> Vec<(DeviceId, Device)>;
	}
}
