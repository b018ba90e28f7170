//! `medchain_*` JSON-RPC methods over the device registry's runtime API: a device by id or
//! by UDI, the devices of a lot, the devices an organisation holds, and a device's service
//! log. Codes and identifiers go in and
//! out as strings. Each takes an optional block hash (`at`). docs/rpc.md documents them.

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned},
};
use medchain_runtime::{opaque::Block, AccountId};
use pallet_device_registry_runtime_api::{Device, DeviceId, DeviceRegistryApi, LogEntry, OrgId};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::{traits::Block as BlockT, BoundedVec};

use super::{at_or_best, page_limit, runtime_error};

type Hash = <Block as BlockT>::Hash;

/// A string parameter as a bounded byte string; `-32602` if it is too long.
fn bounded<S: sp_core::Get<u32>>(
	name: &str,
	value: String,
) -> Result<BoundedVec<u8, S>, ErrorObjectOwned> {
	BoundedVec::try_from(value.into_bytes()).map_err(|_| {
		ErrorObjectOwned::owned(
			INVALID_PARAMS_CODE,
			format!("{name} is longer than {} bytes", S::get()),
			None::<()>,
		)
	})
}

/// A device with its id. The JSON shape is the runtime type's (`Device`: codes and
/// identifiers as text, its UDI and profile flattened in).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct DeviceView {
	/// The device's id.
	pub id: DeviceId,
	/// The device.
	#[serde(flatten)]
	pub device: Device,
}

/// A service-log entry with its index; the JSON shape is the runtime type's (`LogEntry`).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct LogEntryView {
	/// Its index in the log.
	pub index: u32,
	/// The entry.
	#[serde(flatten)]
	pub entry: LogEntry<AccountId>,
}

/// The device registry's `medchain_*` methods.
#[rpc(server, namespace = "medchain")]
pub trait DevicesRpc<BlockHash> {
	/// A device by id, or null.
	#[method(name = "device")]
	fn device(&self, device: DeviceId, at: Option<BlockHash>) -> RpcResult<Option<DeviceView>>;

	/// A device by its UDI (UDI-DI and its serial and/or lot), or null.
	#[method(name = "deviceByUdi")]
	fn device_by_udi(
		&self,
		udi_di: String,
		serial: Option<String>,
		lot: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<DeviceView>>;

	/// One page of a lot's devices, in id order, after `startAfter`.
	#[method(name = "devicesOfLot")]
	fn devices_of_lot(
		&self,
		udi_di: String,
		lot: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<DeviceView>>;

	/// One page of the devices organisation `custodian` holds now, after `startAfter`, in
	/// the index's order (not the ids').
	#[method(name = "devicesOfCustodian")]
	fn devices_of_custodian(
		&self,
		custodian: OrgId,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<DeviceView>>;

	/// One page of a device's service log from index `start` (default 0).
	#[method(name = "serviceLog")]
	fn service_log(
		&self,
		device: DeviceId,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<LogEntryView>>;
}

/// The server side of [`DevicesRpcServer`].
pub struct Devices<C, B> {
	client: Arc<C>,
	_block: PhantomData<B>,
}

impl<C, B> Devices<C, B> {
	/// The methods, answering from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C> Devices<C, Block>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: DeviceRegistryApi<Block, AccountId>,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at_or_best(&*self.client, at)
	}
}

impl<C> DevicesRpcServer<Hash> for Devices<C, Block>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DeviceRegistryApi<Block, AccountId>,
{
	fn device(&self, device: DeviceId, at: Option<Hash>) -> RpcResult<Option<DeviceView>> {
		let found = self.client.runtime_api().device(self.at(at), device).map_err(runtime_error)?;
		Ok(found.map(|found| DeviceView { id: device, device: found }))
	}

	fn device_by_udi(
		&self,
		udi_di: String,
		serial: Option<String>,
		lot: Option<String>,
		at: Option<Hash>,
	) -> RpcResult<Option<DeviceView>> {
		let at = self.at(at);
		let di = bounded("udiDi", udi_di)?;
		let serial = serial.map(|s| bounded("serial", s)).transpose()?;
		let lot = lot.map(|l| bounded("lot", l)).transpose()?;
		let found =
			self.client.runtime_api().device_by_udi(at, di, serial, lot).map_err(runtime_error)?;
		Ok(found.map(|(id, device)| DeviceView { id, device }))
	}

	fn devices_of_lot(
		&self,
		udi_di: String,
		lot: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<DeviceView>> {
		let at = self.at(at);
		let limit = page_limit(limit)?;
		let devices = self
			.client
			.runtime_api()
			.devices_of_lot(at, bounded("udiDi", udi_di)?, bounded("lot", lot)?, start_after, limit)
			.map_err(runtime_error)?;
		Ok(devices.into_iter().map(|(id, device)| DeviceView { id, device }).collect())
	}

	fn devices_of_custodian(
		&self,
		custodian: OrgId,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<DeviceView>> {
		let limit = page_limit(limit)?;
		let devices = self
			.client
			.runtime_api()
			.devices_of_custodian(self.at(at), custodian, start_after, limit)
			.map_err(runtime_error)?;
		Ok(devices.into_iter().map(|(id, device)| DeviceView { id, device }).collect())
	}

	fn service_log(
		&self,
		device: DeviceId,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<LogEntryView>> {
		let limit = page_limit(limit)?;
		let entries = self
			.client
			.runtime_api()
			.service_log(self.at(at), device, start.unwrap_or(0), limit)
			.map_err(runtime_error)?;
		Ok(entries.into_iter().map(|(index, entry)| LogEntryView { index, entry }).collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_device_registry::{
		Availability, Condition, DeviceProfile, Lifecycle, LogKind, OperatingMode, RecordStatus,
		StatusReason, Udi,
	};
	use serde_json::json;

	fn bytes<S: sp_core::Get<u32>>(text: &str) -> BoundedVec<u8, S> {
		BoundedVec::try_from(text.as_bytes().to_vec()).unwrap()
	}

	/// The JSON shape docs/rpc.md promises, now that it comes from the runtime types: the
	/// UDI and profile flattened into the device, codes as text, hashes as hex.
	#[test]
	fn a_device_and_a_log_entry_read_as_documented() {
		let device = Device {
			udi: Udi {
				di: bytes("00643169007222"),
				serial: Some(bytes("SN-1")),
				lot: None,
				manufactured_on: Some(20261101),
				expires_on: None,
			},
			profile: DeviceProfile {
				device_type: bytes("GMDN:47266"),
				model: bytes("CAPSUREFIX-5076"),
				version: bytes("2"),
				modality: None,
				profile_cid: bytes("bafkreib"),
				profile_hash: [0xab; 32],
			},
			manufacturer: 0,
			custodian: 2,
			recipient: None,
			location: Some(bytes("GLN:0614141000012.OR3")),
			lifecycle: Lifecycle::InService,
			condition: Condition {
				status: RecordStatus::Active,
				availability: Availability::Available,
				reason: StatusReason::Online,
				mode: OperatingMode::Normal,
			},
			working_hours: 5,
			operating_cycles: 7,
			registered_at: 9,
		};
		let hash = format!("0x{}", "ab".repeat(32));
		assert_eq!(
			serde_json::to_value(DeviceView { id: 3, device }).unwrap(),
			json!({
				"id": 3, "udiDi": "00643169007222", "serial": "SN-1", "lot": null,
				"manufacturedOn": 20261101, "expiresOn": null, "deviceType": "GMDN:47266",
				"model": "CAPSUREFIX-5076", "version": "2", "modality": null,
				"profileCid": "bafkreib", "profileHash": hash, "manufacturer": 0, "custodian": 2,
				"recipient": null, "location": "GLN:0614141000012.OR3", "lifecycle": "InService",
				"condition": {
					"status": "Active", "availability": "Available", "reason": "Online",
					"mode": "Normal"
				},
				"workingHours": 5, "operatingCycles": 7, "registeredAt": 9
			})
		);
		let author = AccountId::from([1u8; 32]);
		let entry = LogEntry {
			kind: LogKind::Calibration,
			cid: bytes("bafkreic"),
			hash: [0xab; 32],
			author: author.clone(),
			org: 2,
			at: 11,
		};
		assert_eq!(
			serde_json::to_value(LogEntryView { index: 4, entry }).unwrap(),
			json!({
				"index": 4, "kind": "Calibration", "cid": "bafkreic", "hash": hash,
				"author": author.to_string(), "org": 2, "at": 11
			})
		);
	}
}
