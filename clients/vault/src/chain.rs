//! What the vault asks the chain: who a caller is, whether they may open a record now, what
//! the record is, and whether it was erased. Every answer comes from the node at the moment of
//! the request; when the node does not answer, the vault refuses (it never serves from memory).

use medchain_client::{
	api::{
		self,
		runtime_types::{
			medchain_primitives::consortium::StaffRole, pallet_consortium::types::AccountRole,
		},
	},
	reads::{self, SignedLogRead, SignedRead},
	records,
	vault::{self, SignedUpload},
	AccountId, Client, Error, Hash,
};
use tokio::sync::RwLock;

use crate::error::ApiError;

/// Whether holders of `role` may upload to their own organisation's vault: the roles that
/// write patients' records, and those that keep devices' service logs.
fn writes(role: &StaffRole) -> bool {
	matches!(
		role,
		StaffRole::Doctor
			| StaffRole::Nurse
			| StaffRole::LabTechnician
			| StaffRole::Pharmacist
			| StaffRole::DeviceOperator
			| StaffRole::FieldServiceEngineer
	)
}

/// A record as the vault needs it.
#[derive(Clone, Debug)]
pub struct StoredRecord {
	/// Its patient.
	pub patient: AccountId,
	/// The CID of its ciphertext, from the anchored content hash.
	pub cid: String,
}

/// The vault's connection to its node, reopened when it breaks.
pub struct Chain {
	url: String,
	org: u32,
	genesis: Hash,
	max_age: u32,
	client: RwLock<Option<Client>>,
}

impl Chain {
	/// Connects to the node at `url` for the vault of organisation `org`, which must be a
	/// member.
	pub async fn connect(url: &str, org: u32) -> Result<Self, Error> {
		let client = Client::connect(url).await?;
		let member = client.call(api::runtime_apis().consortium_api().organisation(org)).await?;
		if member.is_none() {
			return Err(Error::Chain(format!("organisation {org} is not a consortium member")));
		}
		let spec = client.spec_version().await?;
		if spec < vault::WRAPPED_SIGNATURES_SINCE_SPEC {
			return Err(Error::Chain(format!(
				"the chain runs runtime spec {spec}, which does not accept the request signatures \
				 this vault accepts (wrapped as browser extensions sign); upgrade it to spec {} or \
				 later first",
				vault::WRAPPED_SIGNATURES_SINCE_SPEC
			)));
		}
		Ok(Chain {
			url: url.to_string(),
			org,
			genesis: client.subxt().genesis_hash(),
			max_age: client.max_read_request_age().await?,
			client: RwLock::new(Some(client)),
		})
	}

	/// The organisation whose vault this is.
	pub fn org(&self) -> u32 {
		self.org
	}

	/// The chain's genesis hash.
	pub fn genesis(&self) -> Hash {
		self.genesis
	}

	/// The connection, opened again if it was lost.
	pub async fn client(&self) -> Result<Client, ApiError> {
		if let Some(client) = self.client.read().await.as_ref() {
			return Ok(client.clone());
		}
		let mut slot = self.client.write().await;
		if slot.is_none() {
			let client = Client::connect(&self.url).await.map_err(unavailable)?;
			*slot = Some(client);
		}
		Ok(slot.as_ref().expect("set above").clone())
	}

	/// Runs `ask` on the connection, and once more after a failure (under load the node can
	/// name a best block whose header it does not serve yet); a second failure drops the
	/// connection, to be opened again by the next question.
	pub async fn ask<T, F>(&self, ask: impl Fn(Client) -> F) -> Result<T, ApiError>
	where
		F: std::future::Future<Output = Result<T, Error>>,
	{
		let client = self.client().await?;
		let first = match ask(client.clone()).await {
			Ok(answer) => return Ok(answer),
			Err(e) => e,
		};
		tracing::debug!(error = %first, "the node's answer failed; asking again");
		tokio::time::sleep(std::time::Duration::from_millis(100)).await;
		match ask(client).await {
			Ok(answer) => Ok(answer),
			Err(e) => {
				*self.client.write().await = None;
				Err(unavailable(e))
			},
		}
	}

	/// The best block's number.
	pub async fn best(&self) -> Result<u64, ApiError> {
		self.ask(|client| async move { client.best_head().await.map(|(number, _)| number) }).await
	}

	/// Refuses a request whose last valid block has passed or lies further ahead than the
	/// chain's `MaxReadRequestAge` (so that a signature is good for minutes, not for ever).
	async fn ensure_fresh(&self, valid_until: u32) -> Result<(), ApiError> {
		let best = self.best().await?;
		if u64::from(valid_until) < best {
			return Err(ApiError::Expired(format!(
				"the request was valid until block {valid_until}; the chain is at block {best}"
			)));
		}
		if u64::from(valid_until) > best + u64::from(self.max_age) {
			return Err(ApiError::Expired(format!(
				"the request is valid until block {valid_until}, more than {} blocks after the \
				 chain's block {best}",
				self.max_age
			)));
		}
		Ok(())
	}

	/// Checks a read request: the reader's signature, its freshness, the record (here, not
	/// erased), the nonce not used before on chain, and the chain's consent now.
	pub async fn authorise_read(&self, read: &SignedRead) -> Result<StoredRecord, ApiError> {
		let message = reads::message(&self.genesis, &read.request);
		if !vault::verify(&read.reader, &message, &read.signature) {
			return Err(ApiError::BadSignature(read.reader.to_string()));
		}
		self.ensure_fresh(read.request.valid_until).await?;
		let id = read.request.record;
		let record = self.record(id).await?;
		self.ensure_unused(read.reader, read.request.nonce).await?;
		let (reader, query) = (read.reader, read.reader);
		let allowed = self
			.ask(|client| async move {
				client.call(api::runtime_apis().access_control_api().can_access(query, id)).await
			})
			.await?;
		if !allowed {
			return Err(ApiError::NoConsent(self.why_not(reader, id).await?));
		}
		Ok(record)
	}

	/// Checks a request for a service-log file as [`Chain::authorise_read`] checks a record's:
	/// the signature, freshness, the entry (its file kept here), the nonce, and that the
	/// reader may open the device's log now. Returns the file's CID.
	pub async fn authorise_log_read(&self, read: &SignedLogRead) -> Result<String, ApiError> {
		let message = reads::log_message(&self.genesis, &read.request);
		if !vault::verify(&read.reader, &message, &read.signature) {
			return Err(ApiError::BadSignature(read.reader.to_string()));
		}
		self.ensure_fresh(read.request.valid_until).await?;
		let (device, entry) = (read.request.device, read.request.entry);
		let page = self
			.ask(|client| async move {
				let api = api::runtime_apis().device_registry_api();
				client.call(api.service_log(device, entry, 1)).await
			})
			.await?;
		let Some((_, logged)) = page.into_iter().find(|(index, _)| *index == entry) else {
			return Err(ApiError::NotFound(format!("device {device}'s log has no entry {entry}")));
		};
		if logged.org != self.org {
			return Err(ApiError::NotFound(format!(
				"entry {entry} of device {device}'s log is kept by organisation {}'s vault, not \
				 organisation {}'s",
				logged.org, self.org
			)));
		}
		self.ensure_unused(read.reader, read.request.nonce).await?;
		let reader = read.reader;
		let may = self
			.ask(|client| async move {
				let api = api::runtime_apis().device_registry_api();
				client.call(api.can_open_log(reader, device)).await
			})
			.await?;
		if !may {
			return Err(ApiError::NoConsent(format!(
				"{reader} is not active service staff (Admin, FieldServiceEngineer, \
				 DeviceOperator) of device {device}'s manufacturer or custodian"
			)));
		}
		String::from_utf8(logged.cid.0).map_err(|_| {
			ApiError::NotFound(format!("entry {entry} of device {device}'s log has no text CID"))
		})
	}

	/// Refuses a nonce not above the reader's last audited one.
	async fn ensure_unused(&self, reader: AccountId, nonce: u64) -> Result<(), ApiError> {
		let used = self.read_nonce(reader).await?;
		if nonce <= used {
			return Err(ApiError::Replayed(format!(
				"nonce {nonce} is not above {used}, the last of {reader}'s requests audited"
			)));
		}
		Ok(())
	}

	/// Why the chain refuses `reader` record `id`, in words.
	async fn why_not(&self, reader: AccountId, id: u64) -> Result<String, ApiError> {
		let who = reader;
		let role = self
			.ask(|client| async move {
				client.call(api::runtime_apis().consortium_api().role_of(who)).await
			})
			.await?;
		Ok(match role {
			None => format!("{reader} is neither staff of a member nor a registered patient"),
			Some(AccountRole::Staff { active: false, .. }) => {
				format!("{reader}'s organisation is suspended or removed")
			},
			Some(_) => format!(
				"no grant in force and no open break-glass access lets {reader} open record \
				 {id} (never given, revoked or expired)"
			),
		})
	}

	/// Record `id` if this vault keeps it; 404 if there is none here, 410 if it was erased.
	pub async fn record(&self, id: u64) -> Result<StoredRecord, ApiError> {
		let pointer = self
			.ask(
				|client| async move { client.call(api::runtime_apis().emr_api().record(id)).await },
			)
			.await?;
		let Some(pointer) = pointer else {
			let erased = self
				.ask(|client| async move {
					let at = client.subxt().at_current_block().await.map_err(chain)?;
					let key = api::storage().emr_pointers().erased_records();
					at.storage().try_fetch(key, (id,)).await.map_err(chain).map(|e| e.is_some())
				})
				.await?;
			return Err(if erased {
				ApiError::Erased(format!("record {id} was erased and its ciphertext deleted"))
			} else {
				ApiError::NotFound(format!("there is no record {id}"))
			});
		};
		if pointer.store != self.org {
			return Err(ApiError::NotFound(format!(
				"record {id} is kept by organisation {}'s vault, not organisation {}'s",
				pointer.store, self.org
			)));
		}
		Ok(StoredRecord {
			patient: pointer.patient,
			cid: records::cid_of_hash(&pointer.content_hash),
		})
	}

	/// The nonce of `reader`'s last audited read request (0 if none).
	pub async fn read_nonce(&self, reader: AccountId) -> Result<u64, ApiError> {
		self.ask(|client| async move {
			let at = client.subxt().at_current_block().await.map_err(chain)?;
			let key = api::storage().access_control().read_nonces();
			let nonce = at.storage().try_fetch(key, (reader,)).await.map_err(chain)?;
			nonce.map(|n| n.decode().map_err(chain)).transpose().map(Option::unwrap_or_default)
		})
		.await
	}

	/// Checks an upload: the uploader's signature and its freshness, and that the uploader is
	/// a registered patient or active staff of this organisation in a role that writes.
	pub async fn authorise_upload(&self, upload: &SignedUpload) -> Result<(), ApiError> {
		let message =
			vault::upload_message(&self.genesis, self.org, &upload.cid, upload.valid_until);
		if !vault::verify(&upload.uploader, &message, &upload.signature) {
			return Err(ApiError::BadSignature(upload.uploader.to_string()));
		}
		self.ensure_fresh(upload.valid_until).await?;
		let who = upload.uploader;
		let role = self
			.ask(|client| async move {
				client.call(api::runtime_apis().consortium_api().role_of(who)).await
			})
			.await?;
		let uploader = &upload.uploader;
		match role {
			Some(AccountRole::Patient { .. }) => Ok(()),
			Some(AccountRole::Staff { org, roles, active: true })
				if org == self.org && roles.0.iter().any(writes) =>
			{
				Ok(())
			},
			Some(AccountRole::Staff { org, .. }) if org != self.org => Err(ApiError::NotAWriter(
				format!("{uploader} is staff of organisation {org}, not of {}", self.org),
			)),
			Some(AccountRole::Staff { active: false, .. }) => Err(ApiError::NotAWriter(format!(
				"{uploader}'s organisation is suspended or removed"
			))),
			Some(_) => Err(ApiError::NotAWriter(format!(
				"{uploader} holds no role that writes records or service logs"
			))),
			None => Err(ApiError::NotAWriter(format!(
				"{uploader} is neither staff of a member nor a registered patient"
			))),
		}
	}
}

fn chain(e: impl std::fmt::Display) -> Error {
	Error::Chain(e.to_string())
}

fn unavailable(e: impl std::fmt::Display) -> ApiError {
	ApiError::NodeUnavailable(e.to_string())
}
