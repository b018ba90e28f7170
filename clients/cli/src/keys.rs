//! `medchain keys`: the accounts of the keystore.

use std::path::PathBuf;

use clap::Subcommand;
use medchain_client::{
	keys::{Account, StoredAccount},
	pseudonyms::PseudonymKey,
};
use serde_json::json;

use crate::context::{passphrase, Context, Failure, Outcome};

#[derive(Subcommand)]
pub enum KeysCommand {
	/// Make a new account from a fresh 12-word mnemonic, sealed in the keystore. The mnemonic
	/// is printed once: it is the only backup.
	Generate {
		/// The account's name in the keystore.
		name: String,
	},
	/// Add an existing account: a secret URI or mnemonic read from standard input (never from
	/// the command line), or the JSON Polkadot.js Apps exports (`--from-json FILE`).
	Import {
		/// The account's name in the keystore.
		name: String,
		/// Polkadot.js Apps' or a browser extension's exported account JSON; its password
		/// stays its passphrase here.
		#[arg(long = "from-json", value_name = "FILE")]
		from_json: Option<PathBuf>,
	},
	/// The keystore's accounts: name and address.
	List,
	/// One account's address (what others grant to or register).
	Show {
		/// The account's name.
		name: String,
	},
	/// Sign a message with an account (hex in, hex out).
	Sign {
		/// The message, hex.
		message: String,
	},
	/// Make a record key: an X25519 key pair (HPKE's DHKEM) whose private half, in a new file
	/// readable by its owner only, opens the record keys sealed to it. Prints the public half;
	/// register it with `keys encryption-key --key-file`.
	RecordKey {
		/// The file to create (never overwritten).
		file: PathBuf,
	},
	/// Register the signer's X25519 public key, to which authors seal record keys for them:
	/// from a record key file (`keys record-key`), or a public key made by other software.
	#[command(group = clap::ArgGroup::new("key").required(true))]
	EncryptionKey {
		/// The record key file whose public half to register.
		#[arg(long, group = "key")]
		key_file: Option<PathBuf>,
		/// The raw 32-byte public key, 64 hex digits.
		#[arg(long, group = "key")]
		public_key: Option<String>,
	},
	/// Make a hospital's pseudonym key (32 random bytes, hex) in a new file readable by its
	/// owner only: the key under which `device use` records uses and `recall patients`
	/// resolves them. Keep it as safe as the hospital's signing keys, and back it up.
	PseudonymKey {
		/// The file to create (never overwritten).
		file: PathBuf,
	},
}

pub async fn run(context: &Context, command: KeysCommand) -> Outcome {
	match command {
		KeysCommand::Generate { name } => {
			let (account, mnemonic) = Account::generate()?;
			let sealed = StoredAccount::seal(&name, &mnemonic, &new_passphrase()?)?;
			context.keystore()?.add(sealed)?;
			let address = account.account_id().to_string();
			if context.global.json {
				println!("{}", json!({ "name": name, "address": address, "mnemonic": mnemonic }));
			} else {
				println!("account {name}: {address}");
				println!("mnemonic (write it down, it is shown once): {mnemonic}");
			}
		},
		KeysCommand::Import { name, from_json: Some(file) } => {
			let text = std::fs::read_to_string(&file)
				.map_err(|e| Failure::Input(format!("{}: {e}", file.display())))?;
			let password = passphrase("the JSON's password: ")?;
			let stored = StoredAccount::polkadot_js(&name, &text, &password)?;
			let address = stored.address.clone();
			context.keystore()?.add(stored)?;
			print_account(context, &name, &address);
		},
		KeysCommand::Import { name, from_json: None } => {
			eprintln!("secret URI or mnemonic (one line on standard input):");
			let mut secret = String::new();
			std::io::stdin()
				.read_line(&mut secret)
				.map_err(|e| Failure::Input(format!("cannot read standard input: {e}")))?;
			let sealed = StoredAccount::seal(&name, secret.trim(), &new_passphrase()?)?;
			let address = sealed.address.clone();
			context.keystore()?.add(sealed)?;
			print_account(context, &name, &address);
		},
		KeysCommand::List => {
			let keystore = context.keystore()?;
			let rows: Vec<_> = keystore
				.accounts()
				.iter()
				.map(|a| json!({ "name": a.name, "address": a.address }))
				.collect();
			crate::output::value(context, &json!(rows));
		},
		KeysCommand::Show { name } => {
			let keystore = context.keystore()?;
			let stored = keystore.get(&name)?;
			print_account(context, &stored.name, &stored.address);
		},
		KeysCommand::Sign { message } => {
			let message = hex::decode(message.trim_start_matches("0x"))
				.map_err(|_| Failure::Input("the message must be hex".into()))?;
			let signature = context.signer()?.sign(&message);
			println!("0x{}", hex::encode(signature));
		},
		KeysCommand::RecordKey { file } => {
			let public = crate::sealing::new_record_key(&file)?;
			eprintln!("record key written to {} (mode 0600)", file.display());
			crate::output::value(context, &json!(format!("0x{}", hex::encode(public))));
		},
		KeysCommand::EncryptionKey { key_file, public_key } => {
			let key: [u8; 32] = match (key_file, public_key) {
				(Some(file), _) => crate::sealing::read_record_key(&file)?.public(),
				(None, Some(public)) => hex::decode(public.trim_start_matches("0x"))
					.ok()
					.and_then(|bytes| bytes.try_into().ok())
					.ok_or_else(|| {
						Failure::Input("--public-key: expected 64 hex digits (32 bytes)".into())
					})?,
				(None, None) => {
					return Err(Failure::Input("name --key-file or --public-key".into()))
				},
			};
			let call = medchain_client::api::tx().emr_pointers().register_encryption_key(key);
			return context.run(&call).await;
		},
		KeysCommand::PseudonymKey { file } => {
			let key = PseudonymKey::generate()?;
			crate::sealing::write_new(&file, format!("{}\n", key.to_hex()).as_bytes(), 0o600)
				.map_err(|e| Failure::Keys(format!("{}: {e}", file.display())))?;
			eprintln!("pseudonym key written to {} (mode 0600)", file.display());
		},
	}
	Ok(())
}

fn print_account(context: &Context, name: &str, address: &str) {
	if context.global.json {
		println!("{}", json!({ "name": name, "address": address }));
	} else {
		println!("account {name}: {address}");
	}
}

/// A new passphrase: MEDCHAIN_PASSPHRASE, or asked twice.
fn new_passphrase() -> Result<String, Failure> {
	if let Ok(passphrase) = std::env::var("MEDCHAIN_PASSPHRASE") {
		return Ok(passphrase);
	}
	let first = passphrase("new passphrase: ")?;
	if first.is_empty() {
		return Err(Failure::Keys("an empty passphrase would leave the key unprotected".into()));
	}
	if passphrase("the passphrase again: ")? != first {
		return Err(Failure::Keys("the two passphrases differ".into()));
	}
	Ok(first)
}
