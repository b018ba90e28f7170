//! `medchain_*` JSON-RPC methods over the device registry's runtime API: a device by id or
//! by UDI, the devices of a lot, and a device's service log. Codes and identifiers go in and
//! out as strings. Each takes an optional block hash (`at`). docs/rpc.md documents them.

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned},
};
use medchain_runtime::{opaque::Block, AccountId};
use pallet_device_registry::{Condition, Lifecycle, LogKind};
use pallet_device_registry_runtime_api::{Device, DeviceId, DeviceRegistryApi, LogEntry, MAX_PAGE};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::{traits::Block as BlockT, BoundedVec};

use super::{at_or_best, page_limit, runtime_error};

type Hash = <Block as BlockT>::Hash;

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

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

/// A device as JSON: its codes and identifiers as strings.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
	/// The device's id.
	pub id: DeviceId,
	/// UDI-DI.
	pub udi_di: String,
	/// Serial number.
	pub serial: Option<String>,
	/// Lot number.
	pub lot: Option<String>,
	/// Manufacturing date, `YYYYMMDD`.
	pub manufactured_on: Option<u32>,
	/// Expiry date, `YYYYMMDD`.
	pub expires_on: Option<u32>,
	/// Device type code.
	pub device_type: String,
	/// Model.
	pub model: String,
	/// Version.
	pub version: String,
	/// Modality code.
	pub modality: Option<String>,
	/// CIDv1 of the full profile document.
	pub profile_cid: String,
	/// Hash of that document.
	pub profile_hash: H256,
	/// Manufacturer organisation.
	pub manufacturer: u32,
	/// Custodian organisation.
	pub custodian: u32,
	/// Recipient while in transit.
	pub recipient: Option<u32>,
	/// Location code at the custodian.
	pub location: Option<String>,
	/// Lifecycle state.
	pub lifecycle: Lifecycle,
	/// FHIR status, availability, status reason, operating mode.
	pub condition: Condition,
	/// Working hours.
	pub working_hours: u32,
	/// Operating cycles.
	pub operating_cycles: u32,
	/// Registration time (ms since the Unix epoch).
	pub registered_at: u64,
}

impl DeviceView {
	fn new(id: DeviceId, d: Device) -> Self {
		Self {
			id,
			udi_di: text(&d.udi.di),
			serial: d.udi.serial.as_ref().map(|b| text(b)),
			lot: d.udi.lot.as_ref().map(|b| text(b)),
			manufactured_on: d.udi.manufactured_on,
			expires_on: d.udi.expires_on,
			device_type: text(&d.profile.device_type),
			model: text(&d.profile.model),
			version: text(&d.profile.version),
			modality: d.profile.modality.as_ref().map(|b| text(b)),
			profile_cid: text(&d.profile.profile_cid),
			profile_hash: H256(d.profile.profile_hash),
			manufacturer: d.manufacturer,
			custodian: d.custodian,
			recipient: d.recipient,
			location: d.location.as_ref().map(|b| text(b)),
			lifecycle: d.lifecycle,
			condition: d.condition,
			working_hours: d.working_hours,
			operating_cycles: d.operating_cycles,
			registered_at: d.registered_at,
		}
	}
}

/// A service-log entry as JSON.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LogEntryView {
	/// Its index in the log.
	pub index: u32,
	/// What it is.
	pub kind: LogKind,
	/// CIDv1 of the document.
	pub cid: String,
	/// Hash of the document.
	pub hash: H256,
	/// Who added it.
	pub author: AccountId,
	/// The author's organisation.
	pub org: u32,
	/// When (ms since the Unix epoch).
	pub at: u64,
}

impl LogEntryView {
	fn new(index: u32, e: LogEntry<AccountId>) -> Self {
		Self {
			index,
			kind: e.kind,
			cid: text(&e.cid),
			hash: H256(e.hash),
			author: e.author,
			org: e.org,
			at: e.at,
		}
	}
}

/// How many entries a page has when no limit is given.
pub const DEFAULT_PAGE: u32 = 100;

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

	fn view(&self, at: Hash, id: DeviceId) -> RpcResult<Option<DeviceView>> {
		let device = self.client.runtime_api().device(at, id).map_err(runtime_error)?;
		Ok(device.map(|d| DeviceView::new(id, d)))
	}
}

impl<C> DevicesRpcServer<Hash> for Devices<C, Block>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DeviceRegistryApi<Block, AccountId>,
{
	fn device(&self, device: DeviceId, at: Option<Hash>) -> RpcResult<Option<DeviceView>> {
		self.view(self.at(at), device)
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
		let id =
			self.client.runtime_api().device_by_udi(at, di, serial, lot).map_err(runtime_error)?;
		match id {
			Some(id) => self.view(at, id),
			None => Ok(None),
		}
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
		let limit = page_limit(limit, DEFAULT_PAGE, MAX_PAGE)?;
		let ids = self
			.client
			.runtime_api()
			.devices_of_lot(at, bounded("udiDi", udi_di)?, bounded("lot", lot)?, start_after, limit)
			.map_err(runtime_error)?;
		let mut devices = Vec::with_capacity(ids.len());
		for id in ids {
			devices.extend(self.view(at, id)?);
		}
		Ok(devices)
	}

	fn service_log(
		&self,
		device: DeviceId,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<LogEntryView>> {
		let limit = page_limit(limit, DEFAULT_PAGE, MAX_PAGE)?;
		let entries = self
			.client
			.runtime_api()
			.service_log(self.at(at), device, start.unwrap_or(0), limit)
			.map_err(runtime_error)?;
		Ok(entries.into_iter().map(|(i, e)| LogEntryView::new(i, e)).collect())
	}
}
