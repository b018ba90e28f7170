//! `medchain_*` JSON-RPC methods over the EMR pointers and access-control runtime APIs:
//! the access decision every record store enforces, records and their versions, the tamper
//! check, grants, requests, break-glass accesses and the audit trail. Each takes an optional
//! block hash (`at`); without one it answers at the best block. docs/rpc.md documents them.

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medchain_runtime::{opaque::Block, AccountId};
use pallet_access_control_runtime_api::{
	AccessControlApi, AccessRequest, AuditEntry, BreakGlassAccess, BreakGlassId, ConsentEvent,
	Grant, GrantId, OrgId, RequestId,
};
use pallet_emr_pointers_runtime_api::{EmrApi, Record, RecordCategory, RecordId, Verification};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

use super::{at_or_best, page_limit, runtime_error};

type Hash = <Block as BlockT>::Hash;

/// A record's pointer with its id. The JSON shape is the runtime type's (`Record`: the CID
/// as its string, the hash as hex).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct RecordView {
	/// The record's id.
	pub id: RecordId,
	/// The pointer.
	#[serde(flatten)]
	pub record: Record<AccountId>,
}

/// A grant with its id and whether it is in force now.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GrantView {
	/// The grant's id.
	pub id: GrantId,
	/// Whether it is in force at the block's time.
	pub in_force: bool,
	/// Its terms.
	#[serde(flatten)]
	pub grant: Grant<AccountId>,
}

/// A request with its id.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct RequestView {
	/// The request's id.
	pub id: RequestId,
	/// Its terms.
	#[serde(flatten)]
	pub request: AccessRequest<AccountId>,
}

/// An entry of a patient's log (audit trail or consent history) with its index.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct LogEntry<E> {
	/// Its index in the log (pass the last one + 1 as `start` for the next page).
	pub index: u64,
	/// The entry.
	#[serde(flatten)]
	pub entry: E,
}

/// A break-glass access with its id and whether it is still open.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct BreakGlassView {
	/// Its id.
	pub id: BreakGlassId,
	/// Whether it still gives access (before its expiry).
	pub open: bool,
	/// The access.
	#[serde(flatten)]
	pub access: BreakGlassAccess<AccountId>,
}

/// The runtime API's break-glass pages as the RPC shows them.
fn break_glass_views(
	page: Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)>,
) -> Vec<BreakGlassView> {
	page.into_iter().map(|(id, access, open)| BreakGlassView { id, open, access }).collect()
}

/// The records and consent `medchain_*` methods.
#[rpc(server, namespace = "medchain")]
pub trait RecordsRpc<BlockHash> {
	/// Whether `account` may open `record` now.
	#[method(name = "canAccess")]
	fn can_access(
		&self,
		account: AccountId,
		record: RecordId,
		at: Option<BlockHash>,
	) -> RpcResult<bool>;

	/// A record's pointer, or null.
	#[method(name = "record")]
	fn record(&self, record: RecordId, at: Option<BlockHash>) -> RpcResult<Option<RecordView>>;

	/// The version chain a record belongs to, oldest first.
	#[method(name = "versions")]
	fn versions(&self, record: RecordId, at: Option<BlockHash>) -> RpcResult<Vec<RecordView>>;

	/// One page of a patient's current records that `viewer` may read.
	#[method(name = "recordsOf")]
	fn records_of(
		&self,
		viewer: AccountId,
		patient: AccountId,
		category: Option<RecordCategory>,
		start_after: Option<RecordId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<RecordView>>;

	/// Whether `contentHash` is the current version of `record`.
	#[method(name = "verifyRecord")]
	fn verify_record(
		&self,
		record: RecordId,
		content_hash: H256,
		at: Option<BlockHash>,
	) -> RpcResult<Verification>;

	/// Whether `contentHash` is a version of any record of `patient`.
	#[method(name = "verifyForPatient")]
	fn verify_for_patient(
		&self,
		patient: AccountId,
		content_hash: H256,
		at: Option<BlockHash>,
	) -> RpcResult<Verification>;

	/// The patient's grants, each with whether it is in force now.
	#[method(name = "grantsOf")]
	fn grants_of(&self, patient: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<GrantView>>;

	/// Requests waiting for the patient.
	#[method(name = "requestsOf")]
	fn requests_of(&self, patient: AccountId, at: Option<BlockHash>)
		-> RpcResult<Vec<RequestView>>;

	/// One page of the patient's audit trail, from index `start` (default 0).
	#[method(name = "auditTrail")]
	fn audit_trail(
		&self,
		patient: AccountId,
		start: Option<u64>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<LogEntry<AuditEntry<AccountId>>>>;

	/// One page of the patient's consent history, from index `start` (default 0).
	#[method(name = "consentHistory")]
	fn consent_history(
		&self,
		patient: AccountId,
		start: Option<u64>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<LogEntry<ConsentEvent<AccountId>>>>;

	/// A page of the break-glass accesses to the patient: after the id `start_after` (the
	/// last of the previous page), up to `limit`.
	#[method(name = "breakGlassOf")]
	fn break_glass_of(
		&self,
		patient: AccountId,
		start_after: Option<BreakGlassId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<BreakGlassView>>;

	/// A page of the break-glass accesses by an organisation's clinicians awaiting its
	/// admins' review.
	#[method(name = "openReviews")]
	fn open_reviews(
		&self,
		org: OrgId,
		start_after: Option<BreakGlassId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<BreakGlassView>>;

	/// A page of the break-glass accesses that patients a hospital registered flagged for
	/// review by its admins (or governance).
	#[method(name = "flaggedReviews")]
	fn flagged_reviews(
		&self,
		hospital: OrgId,
		start_after: Option<BreakGlassId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<BreakGlassView>>;
}

/// The server side of [`RecordsRpcServer`].
pub struct Records<C, B> {
	client: Arc<C>,
	_block: PhantomData<B>,
}

impl<C, B> Records<C, B> {
	/// The methods, answering from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C> Records<C, Block>
where
	C: HeaderBackend<Block>,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at_or_best(&*self.client, at)
	}
}

impl<C> RecordsRpcServer<Hash> for Records<C, Block>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: EmrApi<Block, AccountId> + AccessControlApi<Block, AccountId>,
{
	fn can_access(
		&self,
		account: AccountId,
		record: RecordId,
		at: Option<Hash>,
	) -> RpcResult<bool> {
		self.client.runtime_api().can_access(self.at(at), account, record).map_err(runtime_error)
	}

	fn record(&self, record: RecordId, at: Option<Hash>) -> RpcResult<Option<RecordView>> {
		let found = self.client.runtime_api().record(self.at(at), record).map_err(runtime_error)?;
		Ok(found.map(|r| RecordView { id: record, record: r }))
	}

	fn versions(&self, record: RecordId, at: Option<Hash>) -> RpcResult<Vec<RecordView>> {
		let chain =
			self.client.runtime_api().versions(self.at(at), record).map_err(runtime_error)?;
		Ok(chain.into_iter().map(|(id, record)| RecordView { id, record }).collect())
	}

	fn records_of(
		&self,
		viewer: AccountId,
		patient: AccountId,
		category: Option<RecordCategory>,
		start_after: Option<RecordId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RecordView>> {
		let limit = page_limit(limit)?;
		let page = self
			.client
			.runtime_api()
			.records_of(self.at(at), viewer, patient, category, start_after, limit)
			.map_err(runtime_error)?;
		Ok(page.into_iter().map(|(id, record)| RecordView { id, record }).collect())
	}

	fn verify_record(
		&self,
		record: RecordId,
		content_hash: H256,
		at: Option<Hash>,
	) -> RpcResult<Verification> {
		self.client
			.runtime_api()
			.verify_record(self.at(at), record, content_hash.0)
			.map_err(runtime_error)
	}

	fn verify_for_patient(
		&self,
		patient: AccountId,
		content_hash: H256,
		at: Option<Hash>,
	) -> RpcResult<Verification> {
		self.client
			.runtime_api()
			.verify_for_patient(self.at(at), patient, content_hash.0)
			.map_err(runtime_error)
	}

	fn grants_of(&self, patient: AccountId, at: Option<Hash>) -> RpcResult<Vec<GrantView>> {
		let grants =
			self.client.runtime_api().grants_of(self.at(at), patient).map_err(runtime_error)?;
		Ok(grants
			.into_iter()
			.map(|(id, grant, in_force)| GrantView { id, in_force, grant })
			.collect())
	}

	fn requests_of(&self, patient: AccountId, at: Option<Hash>) -> RpcResult<Vec<RequestView>> {
		let requests =
			self.client.runtime_api().requests_of(self.at(at), patient).map_err(runtime_error)?;
		Ok(requests.into_iter().map(|(id, request)| RequestView { id, request }).collect())
	}

	fn audit_trail(
		&self,
		patient: AccountId,
		start: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<LogEntry<AuditEntry<AccountId>>>> {
		let limit = page_limit(limit)?;
		let page = self
			.client
			.runtime_api()
			.audit_trail(self.at(at), patient, start.unwrap_or(0), limit)
			.map_err(runtime_error)?;
		Ok(page.into_iter().map(|(index, entry)| LogEntry { index, entry }).collect())
	}

	fn consent_history(
		&self,
		patient: AccountId,
		start: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<LogEntry<ConsentEvent<AccountId>>>> {
		let limit = page_limit(limit)?;
		let page = self
			.client
			.runtime_api()
			.consent_history(self.at(at), patient, start.unwrap_or(0), limit)
			.map_err(runtime_error)?;
		Ok(page.into_iter().map(|(index, entry)| LogEntry { index, entry }).collect())
	}

	fn break_glass_of(
		&self,
		patient: AccountId,
		start_after: Option<BreakGlassId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<BreakGlassView>> {
		let limit = page_limit(limit)?;
		let page = self
			.client
			.runtime_api()
			.break_glass_of(self.at(at), patient, start_after, limit)
			.map_err(runtime_error)?;
		Ok(break_glass_views(page))
	}

	fn open_reviews(
		&self,
		org: OrgId,
		start_after: Option<BreakGlassId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<BreakGlassView>> {
		let limit = page_limit(limit)?;
		let page = self
			.client
			.runtime_api()
			.open_reviews(self.at(at), org, start_after, limit)
			.map_err(runtime_error)?;
		Ok(break_glass_views(page))
	}

	fn flagged_reviews(
		&self,
		hospital: OrgId,
		start_after: Option<BreakGlassId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<BreakGlassView>> {
		let limit = page_limit(limit)?;
		let page = self
			.client
			.runtime_api()
			.flagged_reviews(self.at(at), hospital, start_after, limit)
			.map_err(runtime_error)?;
		Ok(break_glass_views(page))
	}
}
