//! `medchain consent` and `medchain record`: a patient's say over their records, and the
//! record pointers themselves.

use std::path::PathBuf;

use blake2::{digest::consts::U32, Blake2b, Digest};
use clap::{Args, Subcommand};
use medchain_client::api::{
	self,
	runtime_types::pallet_access_control::types::{Grantee, Scope},
};
use serde_json::json;
use sha2::Sha256;

use crate::{
	choices::{self, Access, Category, Emergency, Purpose, Review},
	context::{Context, Failure, Outcome},
	output, parse,
};

/// What a grant or request covers.
#[derive(Args)]
pub struct Coverage {
	/// The record categories (repeatable); none means every category.
	#[arg(long = "category", value_enum)]
	categories: Vec<Category>,
	/// Read, or read and add.
	#[arg(long, value_enum, default_value = "read")]
	access: Access,
	/// The purpose of use.
	#[arg(long, value_enum, default_value = "treatment")]
	purpose: Purpose,
}

impl Coverage {
	fn scope(&self) -> Scope {
		if self.categories.is_empty() {
			return Scope::AllCategories;
		}
		Scope::Categories(choices::set(self.categories.clone()))
	}
}

#[derive(Subcommand)]
pub enum ConsentCommand {
	/// The patient (signer) grants a person or an organisation access to their records.
	Grant {
		/// A person's account.
		#[arg(long, conflicts_with = "org", required_unless_present = "org")]
		person: Option<String>,
		/// An organisation (its active clinical staff, while they are).
		#[arg(long)]
		org: Option<u32>,
		#[command(flatten)]
		coverage: Coverage,
		/// Valid from (YYYY-MM-DD); now if not given.
		#[arg(long)]
		from: Option<String>,
		/// Valid until (YYYY-MM-DD, in the future); permanent if not given.
		#[arg(long)]
		until: Option<String>,
	},
	/// The patient revokes a grant.
	Revoke { grant: u64 },
	/// A patient's grants (with whether each is in force now).
	List { patient: String },
	/// A clinician asks a patient for access (for themselves, or `--for-org`).
	Request {
		/// The patient's account.
		patient: String,
		/// Ask for the signer's whole organisation.
		#[arg(long)]
		for_org: bool,
		#[command(flatten)]
		coverage: Coverage,
		/// Until (YYYY-MM-DD, in the future).
		#[arg(long)]
		until: Option<String>,
	},
	/// A patient's pending requests.
	Requests { patient: String },
	/// The patient approves a request.
	Approve { request: u64 },
	/// The patient denies a request.
	Deny { request: u64 },
	/// A clinician opens a patient's records in an emergency, with a reason; reviewed later.
	BreakGlass {
		patient: String,
		#[arg(long, value_enum)]
		reason: Emergency,
	},
	/// An administrator closes the review of a break-glass access.
	Review {
		id: u64,
		#[arg(long, value_enum)]
		outcome: Review,
	},
	/// Every opening of a patient's records (break-glass ones marked).
	Audit {
		patient: String,
		#[arg(long, default_value_t = 0)]
		start: u64,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Every consent decision of a patient: grants, revocations, requests, answers.
	History {
		patient: String,
		#[arg(long, default_value_t = 0)]
		start: u64,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
}

#[derive(Subcommand)]
pub enum RecordCommand {
	/// A patient's current records that a viewer may open.
	List {
		patient: String,
		/// Whose view (default: the patient's own).
		#[arg(long)]
		viewer: Option<String>,
		#[arg(long, value_enum)]
		category: Option<Category>,
		#[arg(long, default_value_t = 64)]
		limit: u32,
	},
	/// One record pointer.
	Show { record: u64 },
	/// Every version of a record, oldest first.
	Versions { record: u64 },
	/// The tamper check: is this file (the ciphertext) the record's current version?
	Verify { record: u64, file: PathBuf },
	/// Erase a record (its author or the patient); stores delete the ciphertext.
	Erase { record: u64 },
}

pub async fn run_consent(context: &Context, command: ConsentCommand) -> Outcome {
	let tx = api::tx().access_control();
	let apis = api::runtime_apis().access_control_api();
	match command {
		ConsentCommand::Grant { person, org, coverage, from, until } => {
			let grantee = match (person, org) {
				(Some(person), _) => Grantee::Person(parse::account(&person)?),
				(None, Some(org)) => Grantee::Organisation(org),
				(None, None) => return Err(Failure::Input("name --person or --org".into())),
			};
			let from = from.as_deref().map(parse::moment).transpose()?;
			let until = until.as_deref().map(|u| parse::future_moment("--until", u)).transpose()?;
			let call = tx.grant_access(
				grantee,
				coverage.scope(),
				coverage.access.into(),
				coverage.purpose.into(),
				from,
				until,
			);
			context.run(&call).await
		},
		ConsentCommand::Revoke { grant } => context.run(&tx.revoke_grant(grant)).await,
		ConsentCommand::List { patient } => {
			context.show(apis.grants_of(parse::account(&patient)?)).await
		},
		ConsentCommand::Request { patient, for_org, coverage, until } => {
			let until = until.as_deref().map(|u| parse::future_moment("--until", u)).transpose()?;
			let call = tx.request_access(
				parse::account(&patient)?,
				for_org,
				coverage.scope(),
				coverage.access.into(),
				coverage.purpose.into(),
				until,
			);
			context.run(&call).await
		},
		ConsentCommand::Requests { patient } => {
			context.show(apis.requests_of(parse::account(&patient)?)).await
		},
		ConsentCommand::Approve { request } => context.run(&tx.approve_request(request)).await,
		ConsentCommand::Deny { request } => context.run(&tx.deny_request(request)).await,
		ConsentCommand::BreakGlass { patient, reason } => {
			context.run(&tx.break_glass(parse::account(&patient)?, reason.into())).await
		},
		ConsentCommand::Review { id, outcome } => {
			context.run(&tx.close_review(id, outcome.into())).await
		},
		ConsentCommand::Audit { patient, start, limit } => {
			context.show(apis.audit_trail(parse::account(&patient)?, start, limit)).await
		},
		ConsentCommand::History { patient, start, limit } => {
			context.show(apis.consent_history(parse::account(&patient)?, start, limit)).await
		},
	}
}

pub async fn run_record(context: &Context, command: RecordCommand) -> Outcome {
	let apis = api::runtime_apis().emr_api();
	let client = context.client().await?;
	let answer = match command {
		RecordCommand::List { patient, viewer, category, limit } => {
			let patient = parse::account(&patient)?;
			let viewer = viewer.as_deref().map(parse::account).transpose()?.unwrap_or(patient);
			client
				.query(apis.records_of(viewer, patient, category.map(Into::into), None, limit))
				.await?
		},
		RecordCommand::Show { record } => client.query(apis.record(record)).await?,
		RecordCommand::Versions { record } => client.query(apis.versions(record)).await?,
		RecordCommand::Verify { record, file } => {
			let bytes = std::fs::read(&file)
				.map_err(|e| Failure::Input(format!("{}: {e}", file.display())))?;
			// The anchored hash is SHA-256 or BLAKE2b-256 of the ciphertext (the author's
			// choice): the file is the record if either is the record's current hash.
			let sha256: [u8; 32] = Sha256::digest(&bytes).into();
			let blake2: [u8; 32] = Blake2b::<U32>::digest(&bytes).into();
			let is_current = |verdict: &serde_json::Value| {
				verdict.as_str() == Some("Current") || verdict.get("Current").is_some()
			};
			let mut verdict = client.query(apis.verify_record(record, sha256)).await?;
			if !is_current(&verdict) {
				let other = client.query(apis.verify_record(record, blake2)).await?;
				if is_current(&other) {
					verdict = other;
				}
			}
			let current = is_current(&verdict);
			output::value(
				context,
				&json!({ "record": record, "verdict": verdict, "current": current }),
			);
			return if current {
				Ok(())
			} else {
				Err(Failure::Refused(format!(
					"{} is not record {record}'s current version ({})",
					file.display(),
					output::cell(&verdict)
				)))
			};
		},
		RecordCommand::Erase { record } => {
			return context.run(&api::tx().emr_pointers().erase_record(record)).await
		},
	};
	output::value(context, &answer);
	Ok(())
}
