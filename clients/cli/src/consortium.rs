//! `medchain chain`, `org`, `staff`, `patient`: the consortium and its members.

use clap::Subcommand;
use medchain_client::api;
use serde_json::json;

use crate::{
	choices::{self, Role},
	context::{Context, Outcome},
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
	let client = context.client().await?;
	let answer = match command {
		OrgCommand::List => client.query(apis.organisations()).await?,
		OrgCommand::Show { org } => client.query(apis.organisation(org)).await?,
	};
	output::value(context, &answer);
	Ok(())
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
	}
}

pub async fn run_patient(context: &Context, command: PatientCommand) -> Outcome {
	match command {
		PatientCommand::Register { patient } => {
			context.run(&api::tx().consortium().register_patient(parse::account(&patient)?)).await
		},
	}
}
