//! What every subcommand shares: the node, the signer, how to wait and how to print.

use std::{io::Write, path::PathBuf};

use medchain_client::{
	keys::{Account, Keystore},
	Call, Client, Error, Progress, Receipt, Wait,
};
use tokio::sync::OnceCell;

/// The options every subcommand takes.
#[derive(clap::Args)]
pub struct Global {
	/// The node's WebSocket JSON-RPC.
	#[arg(long, global = true, env = "MEDCHAIN_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// Print JSON (one document, or one line per event for `watch`) instead of tables.
	#[arg(long, global = true)]
	pub json: bool,
	/// The keystore file.
	#[arg(long, global = true, env = "MEDCHAIN_KEYSTORE", default_value_os_t = default_keystore())]
	pub keystore: PathBuf,
	/// Sign with this keystore account (its name or address).
	#[arg(long = "as", global = true, env = "MEDCHAIN_ACCOUNT", value_name = "NAME")]
	pub account: Option<String>,
	/// Sign with this secret URI, given in clear: for development chains only (`//Alice`).
	#[arg(long, global = true, conflicts_with = "account", value_name = "URI")]
	pub suri: Option<String>,
	/// Return once the transaction is in a block, without waiting for finality.
	#[arg(long, global = true)]
	pub in_block: bool,
}

fn default_keystore() -> PathBuf {
	let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
	home.join(".config/medchain/keystore.json")
}

/// Why a command failed, and the exit code that says so (docs/cli.md).
#[derive(Debug)]
pub enum Failure {
	/// Bad input, found before anything was signed: exit 2.
	Input(String),
	/// The chain refused: exit 3.
	Refused(String),
	/// The node could not be reached or read: exit 4.
	Node(String),
	/// A key or keystore problem: exit 5.
	Keys(String),
}

impl Failure {
	pub fn exit_code(&self) -> i32 {
		match self {
			Failure::Input(_) => 2,
			Failure::Refused(_) => 3,
			Failure::Node(_) => 4,
			Failure::Keys(_) => 5,
		}
	}
}

impl std::fmt::Display for Failure {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Failure::Input(m) => write!(f, "bad input: {m}"),
			Failure::Refused(m) => write!(f, "refused: {m}"),
			Failure::Node(m) | Failure::Keys(m) => write!(f, "{m}"),
		}
	}
}

impl From<Error> for Failure {
	fn from(error: Error) -> Self {
		match error {
			Error::Gate(_) | Error::Refused(_) | Error::Rejected(_) => {
				Failure::Refused(error.to_string())
			},
			Error::Keys(e) => Failure::Keys(e.to_string()),
			Error::Connect { .. } | Error::Chain(_) => Failure::Node(error.to_string()),
		}
	}
}

impl From<medchain_client::keys::KeyError> for Failure {
	fn from(error: medchain_client::keys::KeyError) -> Self {
		Failure::Keys(error.to_string())
	}
}

pub type Outcome = Result<(), Failure>;

/// The shared state of one invocation.
pub struct Context {
	pub global: Global,
	client: OnceCell<Client>,
	/// The signing account once opened, so that its passphrase is asked once per command.
	signer: std::cell::OnceCell<Account>,
}

impl Context {
	pub fn new(global: Global) -> Self {
		Context { global, client: OnceCell::new(), signer: std::cell::OnceCell::new() }
	}

	/// The node, connected on first use.
	pub async fn client(&self) -> Result<&Client, Failure> {
		self.client
			.get_or_try_init(|| Client::connect(&self.global.url))
			.await
			.map_err(Failure::from)
	}

	pub fn keystore(&self) -> Result<Keystore, Failure> {
		Ok(Keystore::open(&self.global.keystore)?)
	}

	/// The signing account: `--suri`, or `--as` opened with the passphrase (asked once).
	pub fn signer(&self) -> Result<Account, Failure> {
		if let Some(account) = self.signer.get() {
			return Ok(account.clone());
		}
		let account = self.open_signer()?;
		Ok(self.signer.get_or_init(|| account).clone())
	}

	fn open_signer(&self) -> Result<Account, Failure> {
		if let Some(uri) = &self.global.suri {
			return Ok(Account::from_uri(uri)?);
		}
		let Some(name) = &self.global.account else {
			return Err(Failure::Keys(
				"this command signs a transaction: name the account with --as NAME (or \
				 MEDCHAIN_ACCOUNT; `medchain keys list`), or --suri on a development chain"
					.into(),
			));
		};
		let keystore = self.keystore()?;
		let stored = keystore.get(name)?;
		let passphrase = passphrase(&format!("passphrase for {}: ", stored.name))?;
		Ok(stored.open(&passphrase)?)
	}

	/// Signs and submits `call`, showing progress on standard error, and returns its receipt.
	pub async fn submit<C: medchain_client::subxt::tx::Payload>(
		&self,
		call: &C,
	) -> Result<Receipt, Failure> {
		let call = self.client().await?.encode(call).await?;
		self.submit_encoded(&call).await
	}

	/// [`Context::submit`] of a call already encoded: compiled once for every command.
	async fn submit_encoded(&self, call: &Call) -> Result<Receipt, Failure> {
		let signer = self.signer()?;
		let client = self.client().await?;
		let wait = if self.global.in_block { Wait::InBlock } else { Wait::Finalized };
		let mut show = |progress| {
			let line = match progress {
				Progress::Submitted(hash) => format!("submitted {hash:?}"),
				Progress::InBlock(block) => format!(
					"in block {block:?}{}",
					if wait == Wait::Finalized { ", waiting for finality" } else { "" }
				),
				Progress::Retracted => "its block left the best chain; waiting for another".into(),
				Progress::Finalized(block) => format!("finalised in {block:?}"),
			};
			eprintln!("… {line}");
		};
		Ok(client.submit_encoded(call, &signer, wait, &mut show).await?)
	}

	/// Calls a runtime API and prints its answer.
	pub async fn show<P: medchain_client::subxt::runtime_apis::Payload>(
		&self,
		payload: P,
	) -> Outcome {
		let answer = self.client().await?.query(payload).await?;
		crate::output::value(self, &answer);
		Ok(())
	}

	/// Submits `call` and prints the receipt.
	pub async fn run<C: medchain_client::subxt::tx::Payload>(&self, call: &C) -> Outcome {
		let call = self.client().await?.encode(call).await?;
		self.run_encoded(&call).await
	}

	async fn run_encoded(&self, call: &Call) -> Outcome {
		let receipt = self.submit_encoded(call).await?;
		crate::output::receipt(self, &receipt);
		Ok(())
	}
}

/// A passphrase from MEDCHAIN_PASSPHRASE, else asked on the terminal without echo.
pub fn passphrase(prompt: &str) -> Result<String, Failure> {
	if let Ok(passphrase) = std::env::var("MEDCHAIN_PASSPHRASE") {
		return Ok(passphrase);
	}
	let _ = std::io::stderr().flush();
	rpassword::prompt_password(prompt).map_err(|e| {
		Failure::Keys(format!("cannot read a passphrase ({e}); set MEDCHAIN_PASSPHRASE"))
	})
}
