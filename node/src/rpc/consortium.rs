//! `medchain_*` JSON-RPC methods over the consortium's runtime API
//! ([`pallet_consortium_runtime_api::ConsortiumApi`]), for integrations that expect named
//! methods rather than `state_call`. Each takes an optional block hash (`at`); without one
//! it answers at the best block. docs/rpc.md documents them with examples.

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medchain_runtime::{opaque::Block, AccountId, BlockNumber};
use pallet_consortium_runtime_api::{AccountRole, ConsortiumApi, OrgId, Organisation, StaffRoles};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use super::{at_or_best, page_limit, runtime_error};

/// An organisation with its id, as `medchain_organisations` lists it.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationEntry {
	/// The organisation's id.
	pub id: OrgId,
	/// Its kind, state and counts.
	#[serde(flatten)]
	pub organisation: Organisation<BlockNumber>,
}

/// A staff account with its roles, as `medchain_staffOf` lists it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct StaffEntry {
	/// The account (SS58).
	pub account: AccountId,
	/// Its roles in the organisation.
	pub roles: StaffRoles,
}

/// The consortium's `medchain_*` methods.
#[rpc(server, namespace = "medchain")]
pub trait ConsortiumRpc<BlockHash> {
	/// The member organisation `org`, or null.
	#[method(name = "organisation")]
	fn organisation(
		&self,
		org: OrgId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<Organisation<BlockNumber>>>;

	/// Every member organisation, by id.
	#[method(name = "organisations")]
	fn organisations(&self, at: Option<BlockHash>) -> RpcResult<Vec<OrganisationEntry>>;

	/// One page of an organisation's staff: up to `limit` (default 100, at most 1000)
	/// accounts after `startAfter`, the last account of the previous page.
	#[method(name = "staffOf")]
	fn staff_of(
		&self,
		org: OrgId,
		start_after: Option<AccountId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<StaffEntry>>;

	/// What an account is: `{"kind":"staff",…}`, `{"kind":"patient",…}`, or null.
	#[method(name = "roleOf")]
	fn role_of(
		&self,
		account: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AccountRole<BlockNumber>>>;

	/// Whether the transaction gate admits transactions signed by `account`.
	#[method(name = "mayTransact")]
	fn may_transact(&self, account: AccountId, at: Option<BlockHash>) -> RpcResult<bool>;
}

/// The server side of [`ConsortiumRpcServer`].
pub struct Consortium<C, B> {
	client: Arc<C>,
	_block: PhantomData<B>,
}

impl<C, B> Consortium<C, B> {
	/// The methods, answering from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C> ConsortiumRpcServer<<Block as BlockT>::Hash> for Consortium<C, Block>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ConsortiumApi<Block, AccountId, BlockNumber>,
{
	fn organisation(
		&self,
		org: OrgId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<Organisation<BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		self.client.runtime_api().organisation(at, org).map_err(runtime_error)
	}

	fn organisations(
		&self,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<OrganisationEntry>> {
		let at = at_or_best(&*self.client, at);
		let all = self.client.runtime_api().organisations(at).map_err(runtime_error)?;
		Ok(all
			.into_iter()
			.map(|(id, organisation)| OrganisationEntry { id, organisation })
			.collect())
	}

	fn staff_of(
		&self,
		org: OrgId,
		start_after: Option<AccountId>,
		limit: Option<u32>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<StaffEntry>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.staff_of(at, org, start_after, limit)
			.map_err(runtime_error)?;
		Ok(page.into_iter().map(|(account, roles)| StaffEntry { account, roles }).collect())
	}

	fn role_of(
		&self,
		account: AccountId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<AccountRole<BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		self.client.runtime_api().role_of(at, account).map_err(runtime_error)
	}

	fn may_transact(
		&self,
		account: AccountId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<bool> {
		let at = at_or_best(&*self.client, at);
		self.client.runtime_api().may_transact(at, account).map_err(runtime_error)
	}
}
