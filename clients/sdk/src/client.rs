//! The connection to a node: submission, reads at a block, heads.

use subxt::{
	config::{DefaultExtrinsicParamsBuilder, RpcConfigFor},
	ext::scale_encode::EncodeAsType,
	rpcs::{methods::LegacyRpcMethods, RpcClient},
	tx::{DynamicPayload, TransactionStatus},
	OnlineClient,
};

use crate::{
	error::{GateRefusal, Refusal},
	events::EventRecord,
	keys::Account,
	AccountId, Config, Error, Hash,
};

/// How long a submission waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
	/// Until the transaction is in a block of the best chain (≈ one 2 s slot). The block may
	/// still be replaced by a fork; its events are final only once it is finalised.
	InBlock,
	/// Until the block holding the transaction is finalised by GRANDPA (≈ two slots more on
	/// a healthy network): nothing can undo it.
	Finalized,
}

/// What happened to a submitted transaction so far, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
	/// The node accepted it into its pool.
	Submitted(Hash),
	/// It is in this block of the best chain.
	InBlock(Hash),
	/// The best chain moved to a fork without it; it waits for another block.
	Retracted,
	/// It is in this finalised block.
	Finalized(Hash),
}

/// A call encoded against the node's metadata, ready to sign ([`Client::encode`]). Every
/// typed call becomes one before it is submitted, so that submission is compiled once, not
/// once per call type (it made the CLI take ten minutes to compile).
pub type Call = DynamicPayload<subxt::ext::scale_value::Composite<()>>;

/// A transaction that was included and succeeded.
#[derive(Clone, Debug)]
pub struct Receipt {
	/// The transaction's hash.
	pub extrinsic_hash: Hash,
	/// The block it is in.
	pub block_hash: Hash,
	/// That block's number.
	pub block_number: u64,
	/// Whether that block was finalised when the receipt was made ([`Wait::Finalized`]).
	pub finalized: bool,
	/// The events the transaction emitted, in order (`System.ExtrinsicSuccess` last).
	pub events: Vec<EventRecord>,
}

impl Receipt {
	/// The first event `pallet.name` the transaction emitted.
	pub fn event(&self, pallet: &str, name: &str) -> Option<&EventRecord> {
		self.events.iter().find(|event| event.pallet == pallet && event.name == name)
	}
}

/// A connection to a medchain node's JSON-RPC (WebSocket).
#[derive(Clone)]
pub struct Client {
	api: OnlineClient<Config>,
	rpc: LegacyRpcMethods<RpcConfigFor<Config>>,
	raw: RpcClient,
	url: String,
}

impl Client {
	/// Connects to a node (`ws://127.0.0.1:9944` for the development chain). `ws://` is
	/// accepted: a member's node usually sits on the member's own network; use `wss://`
	/// across networks.
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let connect_error = |e: &dyn std::fmt::Display| Error::Connect {
			url: url.to_string(),
			reason: e.to_string(),
		};
		let rpc = RpcClient::from_insecure_url(url).await.map_err(|e| connect_error(&e))?;
		let api = OnlineClient::<Config>::from_rpc_client(rpc.clone())
			.await
			.map_err(|e| connect_error(&e))?;
		Ok(Client { api, rpc: LegacyRpcMethods::new(rpc.clone()), raw: rpc, url: url.to_string() })
	}

	/// The URL this client connected to.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// subxt's client, for anything this crate does not wrap (storage iteration, blocks).
	pub fn subxt(&self) -> &OnlineClient<Config> {
		&self.api
	}

	/// The runtime's `spec_version` as the node runs it now.
	pub async fn spec_version(&self) -> Result<u32, Error> {
		Ok(self.rpc.state_get_runtime_version(None).await.map_err(Error::chain)?.spec_version)
	}

	/// The finalised head: its number and hash.
	pub async fn finalized_head(&self) -> Result<(u64, Hash), Error> {
		let hash = self.rpc.chain_get_finalized_head().await.map_err(Error::chain)?;
		Ok((self.number_of(hash).await?, hash))
	}

	/// The best block: its number and hash.
	pub async fn best_head(&self) -> Result<(u64, Hash), Error> {
		let hash = self
			.rpc
			.chain_get_block_hash(None)
			.await
			.map_err(Error::chain)?
			.ok_or_else(|| Error::Chain("the node has no best block".into()))?;
		Ok((self.number_of(hash).await?, hash))
	}

	/// The hash of block `number` of the node's best chain (of the finalised chain, for a
	/// number at or below the finalised head's), or `None` if the chain is shorter.
	pub async fn block_hash(&self, number: u64) -> Result<Option<Hash>, Error> {
		self.rpc.chain_get_block_hash(Some(number.into())).await.map_err(Error::chain)
	}

	/// The number of the block `hash`.
	pub async fn block_number(&self, hash: Hash) -> Result<u64, Error> {
		self.number_of(hash).await
	}

	async fn number_of(&self, hash: Hash) -> Result<u64, Error> {
		use subxt::config::Header;
		let header = self
			.rpc
			.chain_get_header(Some(hash))
			.await
			.map_err(Error::chain)?
			.ok_or_else(|| Error::Chain(format!("no header for block {hash:?}")))?;
		Ok(header.number())
	}

	/// Calls a runtime API at the finalised head:
	/// `client.call(api::runtime_apis().device_registry_api().device(id))`.
	pub async fn call<P: subxt::runtime_apis::Payload>(
		&self,
		payload: P,
	) -> Result<P::ReturnType, Error> {
		let at = self.api.at_current_block().await.map_err(Error::chain)?;
		at.runtime_apis().call(payload).await.map_err(Error::chain)
	}

	/// Calls a runtime API at the finalised head and gives its answer as JSON ([`crate::events`]
	/// says how values map): what the CLI's `--json` prints.
	pub async fn query<P: subxt::runtime_apis::Payload>(
		&self,
		payload: P,
	) -> Result<serde_json::Value, Error> {
		let at = self.api.at_current_block().await.map_err(Error::chain)?;
		let apis = at.runtime_apis();
		apis.validate(&payload).map_err(Error::chain)?;
		let args = apis.encode_args(&payload).map_err(Error::chain)?;
		let name = apis.encode_name(&payload);
		query_encoded(&at, &name, &args, payload.trait_name(), payload.method_name()).await
	}

	/// Calls one of medchain's own JSON-RPC methods (`medchain_*`, docs/rpc.md).
	pub async fn rpc<R: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: Vec<serde_json::Value>,
	) -> Result<R, Error> {
		let mut rpc_params = subxt::rpcs::client::RpcParams::new();
		for param in params {
			rpc_params.push(param).map_err(Error::chain)?;
		}
		self.raw.request(method, rpc_params).await.map_err(Error::chain)
	}

	/// The next nonce of `who`, counting its transactions still in the node's pool (so that
	/// two submissions in a row do not collide).
	pub async fn next_nonce(&self, who: &AccountId) -> Result<u64, Error> {
		self.rpc.system_account_next_index(who).await.map_err(Error::chain)
	}

	/// Checks `call` against the node's metadata and encodes it for [`Client::submit_encoded`].
	pub async fn encode<C: subxt::tx::Payload>(&self, call: &C) -> Result<Call, Error> {
		let at = self.api.at_current_block().await.map_err(Error::chain)?;
		let transactions = at.tx();
		let unbuildable = |e: subxt::error::ExtrinsicError| {
			Error::Chain(format!("cannot build the transaction: {e}"))
		};
		transactions.validate(call).map_err(unbuildable)?;
		let bytes = transactions.call_data(call).map_err(unbuildable)?;
		transactions.from_call_data_bytes(&bytes).map_err(unbuildable)
	}

	/// Signs `call` with `signer`, submits it, and waits as `wait` says, telling `progress`
	/// what happens on the way. A transaction that fails comes back as [`Error::Refused`] with
	/// the pallet's named error; one the consortium's gate refuses as [`Error::Gate`].
	pub async fn submit<C: subxt::tx::Payload>(
		&self,
		call: &C,
		signer: &Account,
		wait: Wait,
		mut progress: impl FnMut(Progress) + Send,
	) -> Result<Receipt, Error> {
		let call = self.encode(call).await?;
		self.submit_encoded(&call, signer, wait, &mut progress).await
	}

	/// [`Client::submit`] of a call already encoded.
	pub async fn submit_encoded(
		&self,
		call: &Call,
		signer: &Account,
		wait: Wait,
		progress: &mut (dyn FnMut(Progress) + Send),
	) -> Result<Receipt, Error> {
		let nonce = self.next_nonce(&signer.account_id()).await?;
		self.submit_at_nonce(call, signer, nonce, wait, progress).await
	}

	/// [`Client::submit_encoded`] with the signer's account nonce given: a service that keeps
	/// many transactions in flight at once numbers them itself, and the chain includes them in
	/// that order.
	pub async fn submit_at_nonce(
		&self,
		call: &Call,
		signer: &Account,
		nonce: u64,
		wait: Wait,
		progress: &mut (dyn FnMut(Progress) + Send),
	) -> Result<Receipt, Error> {
		let params = DefaultExtrinsicParamsBuilder::<Config>::new().nonce(nonce).build();
		let at = self.api.at_current_block().await.map_err(Error::chain)?;
		let mut transactions = at.tx();
		let signed = transactions
			.create_signed(call, signer.keypair(), params)
			.await
			.map_err(|e| Error::Chain(format!("cannot build the transaction: {e}")))?;
		let mut watch = signed.submit_and_watch().await.map_err(|e| refusal_in(&e.to_string()))?;
		progress(Progress::Submitted(watch.extrinsic_hash()));
		while let Some(status) = watch.next().await {
			let status = status.map_err(|e| refusal_in(&e.to_string()))?;
			let (included, finalized) = match status {
				TransactionStatus::InBestBlock(included) => (included, false),
				TransactionStatus::InFinalizedBlock(included) => (included, true),
				TransactionStatus::NoLongerInBestBlock => {
					progress(Progress::Retracted);
					continue;
				},
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => return Err(refusal_in(&message)),
				TransactionStatus::Validated | TransactionStatus::Broadcasted => continue,
			};
			let block_hash = included.block_hash();
			progress(if finalized {
				Progress::Finalized(block_hash)
			} else {
				Progress::InBlock(block_hash)
			});
			if wait == Wait::Finalized && !finalized {
				continue;
			}
			let events = included.fetch_events().await.map_err(Error::chain)?;
			let block = included.at().await.map_err(Error::chain)?;
			let metadata = block.metadata();
			let mut records = Vec::new();
			for event in events.iter() {
				let event = event.map_err(Error::chain)?;
				if event.pallet_name() == "System" && event.event_name() == "ExtrinsicFailed" {
					let error = subxt::error::DispatchError::decode_from(
						event.field_bytes(),
						metadata.clone(),
					)
					.map_err(Error::chain)?;
					return Err(Error::Refused(Refusal::from_dispatch(&error)));
				}
				if let Some(refusal) = inner_failure(&event, &metadata)? {
					return Err(Error::Refused(refusal));
				}
				records.push(EventRecord::decode(
					&event,
					&metadata,
					block.block_number(),
					block_hash,
				)?);
			}
			return Ok(Receipt {
				extrinsic_hash: watch.extrinsic_hash(),
				block_hash,
				block_number: block.block_number(),
				finalized,
				events: records,
			});
		}
		Err(Error::Rejected("the node stopped reporting on the transaction".into()))
	}
}

/// [`Client::query`] once its arguments are encoded: compiled once, not once per API.
async fn query_encoded(
	at: &subxt::client::OnlineClientAtBlock<Config>,
	name: &str,
	args: &[u8],
	trait_name: &str,
	method_name: &str,
) -> Result<serde_json::Value, Error> {
	let bytes = at.runtime_apis().call_raw(name, Some(args)).await.map_err(Error::chain)?;
	let metadata = at.metadata();
	let output = metadata
		.runtime_api_trait_by_name(trait_name)
		.and_then(|api| api.method_by_name(method_name))
		.map(|method| method.output_ty())
		.ok_or_else(|| Error::Chain(format!("no runtime API {method_name}")))?;
	let value =
		subxt::ext::scale_value::scale::decode_as_type(&mut &bytes[..], output, metadata.types())
			.map_err(Error::chain)?;
	Ok(crate::events::to_json(&value.remove_context(), output, metadata.types()))
}

/// The failure of a call this transaction dispatched on another's behalf: as root through the
/// sudo key (`Sudo.Sudid`) or as the council through a closed motion (`Council.Executed`).
/// The transaction succeeded, but what it was for did not, and the caller must hear why.
fn inner_failure(
	event: &subxt::events::Event<'_, Config>,
	metadata: &subxt::ArcMetadata,
) -> Result<Option<Refusal>, Error> {
	use crate::api::{council::events::Executed, sudo::events::Sudid};
	let result = if let Some(executed) = event.decode_fields_as::<Executed>() {
		executed.map_err(Error::chain)?.result
	} else if let Some(sudid) = event.decode_fields_as::<Sudid>() {
		sudid.map_err(Error::chain)?.sudo_result
	} else {
		return Ok(None);
	};
	let Err(error) = result else { return Ok(None) };
	// The generated error carries the module's index and error bytes; subxt's own type
	// resolves them to the pallet's named error with its docs.
	let ty = metadata
		.dispatch_error_ty()
		.ok_or_else(|| Error::Chain("the metadata names no DispatchError type".into()))?;
	let bytes = error.encode_as_type(ty, metadata.types()).map_err(Error::chain)?;
	let error =
		subxt::error::DispatchError::decode_from(bytes, metadata.clone()).map_err(Error::chain)?;
	Ok(Some(Refusal::from_dispatch(&error)))
}

/// The error a node's refusal message stands for: the gate's reason when it carries one.
fn refusal_in(message: &str) -> Error {
	match GateRefusal::in_message(message) {
		Some(gate) => Error::Gate(gate),
		None => Error::Rejected(message.to_string()),
	}
}
