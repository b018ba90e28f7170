//! Governance: what only two thirds of the council may do (admit, suspend or remove an
//! organisation, bind a GS1 company prefix, review a flagged break-glass access, recover a
//! patient's key by force), as council motions: one seat proposes, the seats vote, any seat
//! closes the motion once its outcome is decided. On the development chain the sudo key may
//! do the same at once ([`sudo`]).
//!
//! ```no_run
//! use medchain_client::{api, governance, keys::Account, Client, Wait};
//! use api::runtime_types::{
//!     medchain_primitives::consortium::OrganisationKind, medchain_runtime::RuntimeCall,
//!     pallet_consortium::pallet::Call,
//! };
//!
//! # async fn example() -> Result<(), medchain_client::Error> {
//! let client = Client::connect("ws://127.0.0.1:9944").await?;
//! let seat = Account::from_uri("//Alice")?;
//! let admin = Account::from_uri("//Ferdie")?.account_id();
//! let admit = RuntimeCall::Consortium(Call::admit_organisation {
//!     kind: OrganisationKind::Hospital,
//!     admin,
//! });
//! let proposal = client.propose(admit).await?;
//! let receipt = client.submit(&proposal, &seat, Wait::Finalized, |_| {}).await?;
//! let hash = receipt.event("Council", "Proposed").and_then(|e| e.field("proposal_hash"));
//! println!("motion {hash:?}: the other seats vote, then one closes it");
//! # Ok(())
//! # }
//! ```

use serde_json::{json, Value as Json};
use subxt::{ext::scale_encode::EncodeAsType, tx::Payload};

use crate::{
	api::{
		self,
		runtime_types::{medchain_runtime::RuntimeCall, sp_weights::weight_v2::Weight},
	},
	events::to_json,
	AccountId, Client, Error, Hash,
};

/// The governance origin's proportion of the council: two thirds (`GovernanceOrigin`).
const NUMERATOR: u32 = 2;
const DENOMINATOR: u32 = 3;

/// The ayes a motion needs among `seats`: two thirds, rounded up.
pub fn threshold(seats: u32) -> u32 {
	(NUMERATOR * seats).div_ceil(DENOMINATOR)
}

/// `call` dispatched as root by the sudo key: the development chain's shortcut for
/// governance (no other chain has a sudo key).
pub fn sudo(call: RuntimeCall) -> impl Payload {
	api::tx().sudo().sudo(call)
}

/// An open council motion.
#[derive(Clone, Debug)]
pub struct Motion {
	/// The proposal's hash: what votes and the close name.
	pub hash: Hash,
	/// The motion's index.
	pub index: u32,
	/// The ayes it needs.
	pub threshold: u32,
	/// The seats that voted aye.
	pub ayes: Vec<AccountId>,
	/// The seats that voted nay.
	pub nays: Vec<AccountId>,
	/// The block after which it may be closed whatever the votes.
	pub end: u32,
	/// The call it proposes, as JSON (pallet, call, arguments).
	pub call: Json,
}

impl Motion {
	/// The motion as JSON, for the CLI.
	pub fn to_json(&self) -> Json {
		let accounts =
			|seats: &[AccountId]| seats.iter().map(ToString::to_string).collect::<Vec<_>>();
		json!({
			"hash": format!("{:?}", self.hash),
			"index": self.index,
			"threshold": self.threshold,
			"ayes": accounts(&self.ayes),
			"nays": accounts(&self.nays),
			"end": self.end,
			"call": self.call,
		})
	}
}

impl Client {
	/// The council's seats, one per member organisation, each held by one of its
	/// administrators.
	pub async fn council_seats(&self) -> Result<Vec<AccountId>, Error> {
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let seats = at
			.storage()
			.fetch(api::storage().council().members(), ())
			.await
			.map_err(Error::chain)?;
		seats.decode().map_err(Error::chain)
	}

	/// A council motion for `call`, with the threshold governance needs (two thirds of the
	/// seats); a seat signs it. The receipt's `Council.Proposed` event names its hash and
	/// index.
	pub async fn propose(&self, call: RuntimeCall) -> Result<impl Payload, Error> {
		let seats = self.council_seats().await?.len() as u32;
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let metadata = at.metadata();
		let encoded = call
			.encode_as_type(metadata.outer_enums().call_enum_ty(), metadata.types())
			.map_err(Error::chain)?;
		Ok(api::tx().council().propose(threshold(seats), call, encoded.len() as u32))
	}

	/// The open motions, oldest first.
	pub async fn motions(&self) -> Result<Vec<Motion>, Error> {
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let storage = at.storage();
		let hashes = storage
			.fetch(api::storage().council().proposals(), ())
			.await
			.map_err(Error::chain)?
			.decode()
			.map_err(Error::chain)?
			.0;
		let metadata = at.metadata();
		let mut motions = Vec::with_capacity(hashes.len());
		for hash in hashes {
			let Some(votes) = storage
				.try_fetch(api::storage().council().voting(), (hash,))
				.await
				.map_err(Error::chain)?
			else {
				continue;
			};
			let votes = votes.decode().map_err(Error::chain)?;
			let call = match storage
				.try_fetch(api::storage().council().proposal_of(), (hash,))
				.await
				.map_err(Error::chain)?
			{
				Some(proposal) => {
					let value = subxt::ext::scale_value::scale::decode_as_type(
						&mut proposal.bytes(),
						proposal.type_id(),
						metadata.types(),
					)
					.map_err(Error::chain)?;
					to_json(&value.remove_context(), proposal.type_id(), metadata.types())
				},
				None => Json::Null,
			};
			motions.push(Motion {
				hash,
				index: votes.index,
				threshold: votes.threshold,
				ayes: votes.ayes,
				nays: votes.nays,
				end: votes.end,
				call,
			});
		}
		Ok(motions)
	}

	/// One open motion by its hash; `None` once it is closed (or if it never was).
	pub async fn motion(&self, hash: Hash) -> Result<Option<Motion>, Error> {
		Ok(self.motions().await?.into_iter().find(|motion| motion.hash == hash))
	}

	/// A seat's vote on an open motion.
	pub fn vote(&self, motion: &Motion, aye: bool) -> impl Payload {
		api::tx().council().vote(motion.hash, motion.index, aye)
	}

	/// The close of an open motion: once enough seats voted either way, or after its end. The
	/// proposal executes if it passed; a failure of the proposal itself comes back from
	/// [`Client::submit`] as the pallet's named error. The weight bound is the proposal's own
	/// weight, as the runtime reports it.
	pub async fn close(&self, motion: &Motion) -> Result<impl Payload, Error> {
		let hash = motion.hash;
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let proposal = at
			.storage()
			.fetch(api::storage().council().proposal_of(), (hash,))
			.await
			.map_err(Error::chain)?;
		let length = proposal.bytes().len() as u32;
		let call: RuntimeCall = proposal.decode().map_err(Error::chain)?;
		let info = at
			.runtime_apis()
			.call(api::runtime_apis().transaction_payment_call_api().query_call_info(call, length))
			.await
			.map_err(Error::chain)?;
		let bound = Weight { ref_time: info.weight.ref_time, proof_size: info.weight.proof_size };
		Ok(api::tx().council().close(hash, motion.index, bound, length))
	}
}

#[cfg(test)]
mod tests {
	#[test]
	fn two_thirds_rounds_up() {
		let cases = [(1, 1), (2, 2), (3, 2), (4, 3), (6, 4), (7, 5), (9, 6), (10, 7)];
		for (seats, ayes) in cases {
			assert_eq!(super::threshold(seats), ayes, "{seats} seats");
		}
	}
}
