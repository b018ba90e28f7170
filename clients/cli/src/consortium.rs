//! `medchain chain`, `org`, `staff`, `patient`: the consortium and its members.

use clap::Subcommand;
use medchain_client::api::{
	self,
	runtime_types::{medchain_runtime::RuntimeCall, pallet_consortium::pallet::Call},
};
use serde_json::json;

use crate::{
	choices::{self, OrgKind, Role},
	context::{Context, Outcome},
	governance::{govern, Govern},
	output, parse,
};

#[derive(Subcommand)]
pub enum ChainCommand {
	/// The node's chain: runtime version, best and finalised blocks.
	Status,
	/// The finalised head: number and hash.
	Head,
}

#[derive(Subcommand)]
pub enum OrgCommand {
	/// Every member organisation: id, kind, status.
	List,
	/// One organisation.
	Show {
		/// The organisation's id.
		org: u32,
	},
	/// Admit an organisation, its first administrator named (governance).
	Admit {
		#[arg(long, value_enum)]
		kind: OrgKind,
		/// The administrator's account (SS58).
		#[arg(long)]
		admin: String,
		#[command(flatten)]
		how: Govern,
	},
	/// Suspend an organisation: its staff cannot transact until reinstated (governance).
	Suspend {
		org: u32,
		#[command(flatten)]
		how: Govern,
	},
	/// Reinstate a suspended organisation (governance).
	Reinstate {
		org: u32,
		#[command(flatten)]
		how: Govern,
	},
	/// Remove an organisation for good (governance).
	Remove {
		org: u32,
		#[command(flatten)]
		how: Govern,
	},
}

#[derive(Subcommand)]
pub enum StaffCommand {
	/// An organisation's staff and their roles.
	List {
		/// The organisation's id.
		org: u32,
		/// At most this many (the runtime's page bound applies).
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Add a staff account to the signer's organisation (an administrator).
	Add {
		/// The account (SS58 address).
		who: String,
		/// Its roles (one or more).
		#[arg(long = "role", value_enum, required = true)]
		roles: Vec<Role>,
	},
	/// Replace a staff account's roles.
	Roles {
		/// The account.
		who: String,
		/// Its new roles (one or more).
		#[arg(long = "role", value_enum, required = true)]
		roles: Vec<Role>,
	},
	/// Remove a staff account from the signer's organisation.
	Remove {
		/// The account.
		who: String,
	},
	/// Clear a staff account of a removed organisation, so it can be registered elsewhere.
	Reap {
		/// The account.
		who: String,
	},
	/// What an account is on the chain: staff (organisation, roles), patient, or nothing.
	Whois {
		/// The account.
		who: String,
	},
}

#[derive(Subcommand)]
pub enum PatientCommand {
	/// Register a patient with the signer's hospital (a registrar or an administrator).
	Register {
		/// The patient's account (SS58 address).
		patient: String,
	},
	/// Undo a registration made in error (an administrator of the registering hospital,
	/// while the patient has signed nothing).
	Deregister {
		/// The patient's account.
		patient: String,
	},
	/// Replace the key of a patient who lost it: the hospital that registered the patient
	/// attests the new key, which signs for the patient once the delay has passed.
	#[command(subcommand)]
	Recovery(RecoveryCommand),
}

#[derive(Subcommand)]
pub enum RecoveryCommand {
	/// An administrator of the registering hospital starts the recovery.
	Start {
		/// The patient's account.
		patient: String,
		/// The new key's account, which will sign for the patient.
		#[arg(long)]
		new_key: String,
	},
	/// Cancel a recovery under way (the patient's current key, the attesting hospital's
	/// administrator).
	Cancel { patient: String },
	/// Complete a recovery whose delay has passed.
	Complete { patient: String },
	/// Replace the key at once, cancelling any recovery (governance: a stolen key).
	Force {
		patient: String,
		#[arg(long)]
		new_key: String,
		#[command(flatten)]
		how: Govern,
	},
}

pub async fn run_chain(context: &Context, command: ChainCommand) -> Outcome {
	let client = context.client().await?;
	let (finalized, finalized_hash) = client.finalized_head().await?;
	let document = match command {
		ChainCommand::Head => json!({ "number": finalized, "hash": format!("{finalized_hash:?}") }),
		ChainCommand::Status => {
			let (best, best_hash) = client.best_head().await?;
			json!({
				"url": client.url(),
				"specVersion": client.spec_version().await?,
				"best": best,
				"bestHash": format!("{best_hash:?}"),
				"finalized": finalized,
				"finalizedHash": format!("{finalized_hash:?}"),
			})
		},
	};
	output::value(context, &document);
	Ok(())
}

pub async fn run_org(context: &Context, command: OrgCommand) -> Outcome {
	let apis = api::runtime_apis().consortium_api();
	let (call, how) = match command {
		OrgCommand::List => return context.show(apis.organisations()).await,
		OrgCommand::Show { org } => return context.show(apis.organisation(org)).await,
		OrgCommand::Admit { kind, admin, how } => {
			(Call::admit_organisation { kind: kind.into(), admin: parse::account(&admin)? }, how)
		},
		OrgCommand::Suspend { org, how } => (Call::suspend_organisation { org }, how),
		OrgCommand::Reinstate { org, how } => (Call::reinstate_organisation { org }, how),
		OrgCommand::Remove { org, how } => (Call::remove_organisation { org }, how),
	};
	govern(context, RuntimeCall::Consortium(call), &how).await
}

pub async fn run_staff(context: &Context, command: StaffCommand) -> Outcome {
	let tx = api::tx().consortium();
	match command {
		StaffCommand::List { org, limit } => {
			let answer = context
				.client()
				.await?
				.query(api::runtime_apis().consortium_api().staff_of(org, None, limit))
				.await?;
			let rows: Vec<_> = answer
				.as_array()
				.into_iter()
				.flatten()
				.map(|pair| json!({ "account": pair[0], "roles": pair[1] }))
				.collect();
			output::value(context, &json!(rows));
			Ok(())
		},
		StaffCommand::Whois { who } => {
			let who = parse::account(&who)?;
			let answer = context
				.client()
				.await?
				.query(api::runtime_apis().consortium_api().role_of(who))
				.await?;
			output::value(context, &answer);
			Ok(())
		},
		StaffCommand::Add { who, roles: r } => {
			context.run(&tx.add_staff(parse::account(&who)?, choices::set(r))).await
		},
		StaffCommand::Roles { who, roles: r } => {
			context.run(&tx.set_staff_roles(parse::account(&who)?, choices::set(r))).await
		},
		StaffCommand::Remove { who } => context.run(&tx.remove_staff(parse::account(&who)?)).await,
		StaffCommand::Reap { who } => context.run(&tx.reap_staff(parse::account(&who)?)).await,
	}
}

pub async fn run_patient(context: &Context, command: PatientCommand) -> Outcome {
	let tx = api::tx().consortium();
	match command {
		PatientCommand::Register { patient } => {
			context.run(&tx.register_patient(parse::account(&patient)?)).await
		},
		PatientCommand::Deregister { patient } => {
			context.run(&tx.deregister_patient(parse::account(&patient)?)).await
		},
		PatientCommand::Recovery(RecoveryCommand::Start { patient, new_key }) => {
			let call = tx.start_key_recovery(parse::account(&patient)?, parse::account(&new_key)?);
			context.run(&call).await
		},
		PatientCommand::Recovery(RecoveryCommand::Cancel { patient }) => {
			context.run(&tx.cancel_key_recovery(parse::account(&patient)?)).await
		},
		PatientCommand::Recovery(RecoveryCommand::Complete { patient }) => {
			context.run(&tx.complete_key_recovery(parse::account(&patient)?)).await
		},
		PatientCommand::Recovery(RecoveryCommand::Force { patient, new_key, how }) => {
			let call = Call::force_key_recovery {
				patient: parse::account(&patient)?,
				new_key: parse::account(&new_key)?,
			};
			govern(context, RuntimeCall::Consortium(call), &how).await
		},
	}
}
