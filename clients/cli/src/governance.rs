//! `medchain motion`, and how every governance command is passed: as a council motion that a
//! seat proposes (two thirds of the seats must vote aye), or with `--sudo` on the
//! development chain.

use clap::{Args, Subcommand};
use medchain_client::{api::runtime_types::medchain_runtime::RuntimeCall, governance, Hash};
use serde_json::json;

use crate::{
	context::{Context, Failure, Outcome},
	output,
};

/// How a governance command is passed.
#[derive(Args)]
pub struct Govern {
	/// Dispatch it at once with the sudo key (the development chain only; the signer must be
	/// that key). Without it, the signer, a council seat, proposes a motion.
	#[arg(long)]
	sudo: bool,
}

#[derive(Subcommand)]
pub enum MotionCommand {
	/// The council's open motions: hash, index, the call, votes so far.
	List,
	/// A seat votes on an open motion.
	Vote {
		/// The motion's hash (`medchain motion list`).
		hash: String,
		/// Vote aye.
		#[arg(long, conflicts_with = "nay", required_unless_present = "nay")]
		aye: bool,
		/// Vote nay.
		#[arg(long)]
		nay: bool,
	},
	/// Close a motion whose outcome is decided (or whose time is up): it executes if it
	/// passed, and a failure of the proposed call is reported as the pallet's error.
	Close {
		/// The motion's hash.
		hash: String,
	},
}

/// Passes `call` as governance: with the sudo key, or as a motion whose hash and index are
/// printed for the other seats to vote on.
pub async fn govern(context: &Context, call: RuntimeCall, how: &Govern) -> Outcome {
	if how.sudo {
		return context.run(&governance::sudo(call)).await;
	}
	let client = context.client().await?;
	let receipt = context.submit(&client.propose(call).await?).await?;
	output::receipt(context, &receipt);
	if let Some(proposed) = receipt.event("Council", "Proposed") {
		eprintln!(
			"motion {} (index {}) needs {} ayes: each seat runs `medchain motion vote {} --aye`, \
			 then one runs `medchain motion close {}`",
			proposed.fields["proposal_hash"].as_str().unwrap_or_default(),
			proposed.fields["proposal_index"],
			proposed.fields["threshold"],
			proposed.fields["proposal_hash"].as_str().unwrap_or_default(),
			proposed.fields["proposal_hash"].as_str().unwrap_or_default(),
		);
	}
	Ok(())
}

/// An open motion by its hash, checked before anything is signed.
async fn open_motion(context: &Context, text: &str) -> Result<governance::Motion, Failure> {
	let hash: Hash = text.trim_start_matches("0x").parse().map_err(|_| {
		Failure::Input(format!("`{text}` is not a motion hash (0x and 64 hex digits)"))
	})?;
	context.client().await?.motion(hash).await?.ok_or_else(|| {
		Failure::Input(format!(
			"no open council motion {text} (`medchain motion list`; a closed motion is gone)"
		))
	})
}

pub async fn run(context: &Context, command: MotionCommand) -> Outcome {
	let client = context.client().await?;
	match command {
		MotionCommand::List => {
			let motions: Vec<_> =
				client.motions().await?.iter().map(governance::Motion::to_json).collect();
			output::value(context, &json!(motions));
			Ok(())
		},
		MotionCommand::Vote { hash, aye, .. } => {
			let motion = open_motion(context, &hash).await?;
			context.run(&client.vote(&motion, aye)).await
		},
		MotionCommand::Close { hash } => {
			let motion = open_motion(context, &hash).await?;
			context.run(&client.close(&motion).await?).await
		},
	}
}
