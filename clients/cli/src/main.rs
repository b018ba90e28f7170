//! `medchain`: every role's work on the chain from the command line, on the client crate
//! (docs/cli.md). Each subcommand module is one part of the users' work.

mod choices;
mod consortium;
mod context;
mod devices;
mod events;
mod governance;
mod keys;
mod orders;
mod output;
mod parse;
mod records;
mod sealing;
mod vaults;

use clap::{Parser, Subcommand};
use context::Context;

/// medchain from the command line: devices, orders, adverse events, recalls, consent and
/// records, for every role of the consortium.
///
/// Reads need no account. Writes are signed by an account of the keystore (`--as NAME`,
/// the passphrase from MEDCHAIN_PASSPHRASE or a prompt) or, on a development chain, by a
/// secret URI (`--suri //Alice`). Exit codes: 0 done, 2 bad input (nothing signed), 3 the
/// chain refused (its reason is printed), 4 the node could not be reached or read, 5 a key
/// or keystore problem.
#[derive(Parser)]
#[command(name = "medchain", version, propagate_version = true)]
struct Cli {
	#[command(flatten)]
	global: context::Global,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Accounts: generate, import (secret URI, mnemonic, Polkadot.js JSON), list; encryption
	/// and pseudonym keys.
	#[command(subcommand)]
	Keys(keys::KeysCommand),
	/// The chain: its status and finalised head.
	#[command(subcommand)]
	Chain(consortium::ChainCommand),
	/// Member organisations: list, show; admission, suspension, removal (governance).
	#[command(subcommand)]
	Org(consortium::OrgCommand),
	/// An organisation's staff and their roles (its administrators).
	#[command(subcommand)]
	Staff(consortium::StaffCommand),
	/// Patients: registration by a hospital's registrar or administrator, key recovery.
	#[command(subcommand)]
	Patient(consortium::PatientCommand),
	/// Devices: registration, lifecycle, condition, usage, operators, uses on patients,
	/// company prefixes, service log, trail.
	#[command(subcommand)]
	Device(devices::DeviceCommand),
	/// Orders: placing, materials, production, approval, shipping, delivery, installation,
	/// after-sales, trail.
	#[command(subcommand)]
	Order(orders::OrderCommand),
	/// Adverse events: reporting, the regulator's triage, statistics by year.
	#[command(subcommand)]
	Event(events::EventCommand),
	/// Recalls: issuing, confirming, dismissing, enforcing, withdrawing, scope, the
	/// hospital's patients it reaches.
	#[command(subcommand)]
	Recall(events::RecallCommand),
	/// A patient's consent: grants, requests, blocks, break-glass and its reviews, the audit
	/// trail, the history.
	#[command(subcommand)]
	Consent(records::ConsentCommand),
	/// Record pointers: list, show, versions, verify a file, erase; audited openings.
	#[command(subcommand)]
	Record(records::RecordCommand),
	/// Council motions: list, vote, close (how governance commands pass).
	#[command(subcommand)]
	Motion(governance::MotionCommand),
	/// Stream finalised events of interest as JSON lines until interrupted.
	Watch(events::WatchArgs),
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	let context = Context::new(cli.global);
	let result = match cli.command {
		Command::Keys(command) => keys::run(&context, command).await,
		Command::Chain(command) => consortium::run_chain(&context, command).await,
		Command::Org(command) => consortium::run_org(&context, command).await,
		Command::Staff(command) => consortium::run_staff(&context, command).await,
		Command::Patient(command) => consortium::run_patient(&context, command).await,
		Command::Device(command) => devices::run_device(&context, command).await,
		Command::Order(command) => orders::run_order(&context, command).await,
		Command::Event(command) => events::run_event(&context, command).await,
		Command::Recall(command) => events::run_recall(&context, command).await,
		Command::Consent(command) => records::run_consent(&context, command).await,
		Command::Record(command) => records::run_record(&context, command).await,
		Command::Motion(command) => governance::run(&context, command).await,
		Command::Watch(args) => events::watch(&context, args).await,
	};
	if let Err(failure) = result {
		eprintln!("medchain: {failure}");
		std::process::exit(failure.exit_code());
	}
}
