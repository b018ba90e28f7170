//! `medchain consent` and `medchain record`: a patient's say over their records, and the
//! record pointers themselves.

use std::path::PathBuf;

use blake2::{digest::consts::U32, Blake2b, Digest};
use clap::{Args, Subcommand};
use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_runtime::RuntimeCall,
			pallet_access_control::{
				pallet::Call,
				types::{Grantee, Scope},
			},
		},
	},
	reads::SignedRead,
	AccountId,
};
use serde_json::json;
use sha2::Sha256;

use crate::{
	choices::{self, Access, Category, Emergency, Purpose, Review},
	context::{Context, Failure, Outcome},
	governance::{govern, Govern},
	output, parse, sealing, vaults,
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

/// A person or an organisation that requests access.
#[derive(Args)]
pub struct Requester {
	/// A person's account.
	#[arg(long, conflicts_with = "org", required_unless_present = "org")]
	person: Option<String>,
	/// An organisation's id.
	#[arg(long)]
	org: Option<u32>,
}

impl Requester {
	fn grantee(self) -> Result<Grantee<AccountId>, Failure> {
		match (self.person, self.org) {
			(Some(person), _) => Ok(Grantee::Person(parse::account(&person)?)),
			(None, Some(org)) => Ok(Grantee::Organisation(org)),
			(None, None) => Err(Failure::Input("name --person or --org".into())),
		}
	}
}

#[derive(Subcommand)]
pub enum ConsentCommand {
	/// The patient (signer) grants a person or an organisation access to their records.
	Grant {
		/// Whom: a person, or an organisation (its active clinical staff, while they are).
		#[command(flatten)]
		grantee: Requester,
		#[command(flatten)]
		coverage: Coverage,
		/// Valid from (YYYY-MM-DD); now if not given.
		#[arg(long)]
		from: Option<String>,
		/// Valid until (YYYY-MM-DD in the future, or a time from now: +8h, +30min, +7days);
		/// permanent if not given.
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
		/// Until (YYYY-MM-DD in the future, or a time from now: +8h, +7days).
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
	/// The patient flags a break-glass access of their records for governance's review.
	Flag { id: u64 },
	/// Break-glass accesses waiting for review: an organisation's open ones, or (`--flagged`)
	/// those its patients flagged.
	Reviews {
		org: u32,
		#[arg(long)]
		flagged: bool,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Close the review of a flagged break-glass access (governance).
	ReviewFlagged {
		id: u64,
		#[arg(long, value_enum)]
		outcome: Review,
		#[command(flatten)]
		how: Govern,
	},
	/// The patient blocks a person or an organisation from requesting access; their waiting
	/// requests are deleted.
	Block {
		#[command(flatten)]
		who: Requester,
	},
	/// The patient lifts a block.
	Unblock {
		#[command(flatten)]
		who: Requester,
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

/// A record version's content, as anchored.
#[derive(Args)]
pub struct Content {
	/// The ciphertext's CIDv1.
	#[arg(long)]
	cid: String,
	/// The ciphertext's SHA-256 (or BLAKE2b-256), 64 hex digits.
	#[arg(long)]
	hash: String,
	/// The organisation whose record store keeps it.
	#[arg(long)]
	store: u32,
	/// The content key sealed to a reader: `ACCOUNT=HEX` (repeatable).
	#[arg(long = "envelope")]
	envelopes: Vec<String>,
}

#[derive(Subcommand)]
pub enum EnvelopeCommand {
	/// The envelope sealed to a reader (hex).
	Show {
		record: u64,
		#[arg(long)]
		reader: String,
	},
	/// Seal the record's key to more readers (`--envelope ACCOUNT=HEX`, repeatable).
	Add {
		record: u64,
		#[arg(long = "envelope", required = true)]
		envelopes: Vec<String>,
	},
	/// Remove a reader's envelope (anyone, once the reader may no longer open the record).
	Remove {
		record: u64,
		#[arg(long)]
		reader: String,
	},
}

type Envelopes = BoundedVec<(AccountId, BoundedVec<u8>)>;

/// `ACCOUNT=HEX` pairs.
fn envelopes(pairs: &[String]) -> Result<Envelopes, Failure> {
	let envelope = |pair: &String| {
		let (account, sealed) = pair
			.split_once('=')
			.ok_or_else(|| Failure::Input(format!("envelope `{pair}`: expected ACCOUNT=HEX")))?;
		let sealed = hex::decode(sealed.trim_start_matches("0x"))
			.map_err(|_| Failure::Input(format!("envelope for {account}: not hex")))?;
		Ok((parse::account(account)?, BoundedVec(sealed)))
	};
	Ok(BoundedVec(pairs.iter().map(envelope).collect::<Result<_, Failure>>()?))
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
	/// Anchor a record whose ciphertext is stored off chain: its CID and hash, the store that
	/// keeps it, and its content key sealed to each reader by the author's own software
	/// (`--envelope ACCOUNT=HEX`, repeatable).
	Anchor {
		/// The patient's account.
		#[arg(long)]
		patient: String,
		#[arg(long, value_enum)]
		category: Category,
		#[command(flatten)]
		content: Content,
	},
	/// Anchor a new version of a record.
	Amend {
		/// The record it replaces.
		previous: u64,
		#[command(flatten)]
		content: Content,
	},
	/// A record's key envelopes: show one reader's, seal to more readers, remove one.
	#[command(subcommand)]
	Envelope(EnvelopeCommand),
	/// Whether an account may open a record now.
	CanOpen {
		record: u64,
		#[arg(long)]
		who: String,
	},
	/// A reader signs a request for a record from an organisation's record store, and prints
	/// it (JSON) for the store.
	Ask {
		record: u64,
		/// The organisation whose store keeps the record.
		#[arg(long)]
		store: u32,
		/// How many blocks the store has to audit it (default and most: the chain's
		/// `MaxReadRequestAge`).
		#[arg(long)]
		valid_for: Option<u32>,
	},
	/// The record store (its RecordStore staff) audits the opening it served, with the
	/// reader's signed request (the JSON `record ask` printed; `-` reads standard input).
	AuditRead { request: PathBuf },
	/// Record on chain that the signer opens a record: the audited opening, refused without
	/// consent (a record store serving a reader records it for them instead).
	Open { record: u64 },
	/// Encrypt a file as a record (AES-256-GCM; its key sealed with HPKE to the patient, the
	/// signer and each `--reader` at their registered keys), write the ciphertext for the
	/// store, and anchor it.
	Seal(sealing::SealArgs),
	/// Seal a record's key to another reader who may open it: the signer's own envelope,
	/// opened with their record key, sealed again to the reader's registered key.
	Share {
		record: u64,
		/// The reader.
		#[arg(long = "with")]
		reader: String,
		/// The signer's record key (`keys record-key`).
		#[arg(long)]
		key_file: PathBuf,
	},
	/// Decrypt a record's ciphertext: checks the file against the chain (the tamper check),
	/// records the opening on chain (refused without consent), opens the signer's envelope
	/// with their record key, and writes the content to a new file.
	Unseal {
		record: u64,
		/// The ciphertext.
		file: PathBuf,
		/// The signer's record key (`keys record-key`).
		#[arg(long)]
		key_file: PathBuf,
		/// Where to write the content (never overwritten).
		#[arg(long, short)]
		out: PathBuf,
	},
	/// Store a file as a record in an organisation's record vault: encrypt it (as `seal`),
	/// upload the ciphertext to the vault, and anchor it in the vault's organisation's store.
	Put(vaults::PutArgs),
	/// Fetch a record from the vault that keeps it with a signed request (the vault audits
	/// the opening on chain; refused without consent), check it against the chain (the tamper
	/// check), and decrypt it with the signer's record key into a new file.
	Get(vaults::GetArgs),
}

pub async fn run_consent(context: &Context, command: ConsentCommand) -> Outcome {
	let tx = api::tx().access_control();
	let apis = api::runtime_apis().access_control_api();
	match command {
		ConsentCommand::Grant { grantee, coverage, from, until } => {
			let grantee = grantee.grantee()?;
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
		ConsentCommand::Flag { id } => context.run(&tx.flag_break_glass(id)).await,
		ConsentCommand::Reviews { org, flagged: false, limit } => {
			context.show(apis.open_reviews(org, None, limit)).await
		},
		ConsentCommand::Reviews { org, flagged: true, limit } => {
			context.show(apis.flagged_reviews(org, None, limit)).await
		},
		ConsentCommand::ReviewFlagged { id, outcome, how } => {
			let call = Call::review_flagged { id, outcome: outcome.into() };
			govern(context, RuntimeCall::AccessControl(call), &how).await
		},
		ConsentCommand::Block { who } => context.run(&tx.block_requester(who.grantee()?)).await,
		ConsentCommand::Unblock { who } => context.run(&tx.unblock_requester(who.grantee()?)).await,
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
		RecordCommand::Anchor { patient, category, content } => {
			let Content { cid, hash, store, envelopes: sealed } = content;
			let call = api::tx().emr_pointers().add_record(
				parse::account(&patient)?,
				category.into(),
				parse::cid(&cid)?,
				parse::hash(&hash)?,
				store,
				envelopes(&sealed)?,
			);
			return context.run(&call).await;
		},
		RecordCommand::Amend { previous, content } => {
			let Content { cid, hash, store, envelopes: sealed } = content;
			let call = api::tx().emr_pointers().amend_record(
				previous,
				parse::cid(&cid)?,
				parse::hash(&hash)?,
				store,
				envelopes(&sealed)?,
			);
			return context.run(&call).await;
		},
		RecordCommand::Envelope(EnvelopeCommand::Show { record, reader }) => {
			let sealed = client.key_envelope(record, parse::account(&reader)?).await?;
			json!(sealed.map(|bytes| format!("0x{}", hex::encode(bytes))))
		},
		RecordCommand::Envelope(EnvelopeCommand::Add { record, envelopes: sealed }) => {
			let call = api::tx().emr_pointers().add_envelopes(record, envelopes(&sealed)?);
			return context.run(&call).await;
		},
		RecordCommand::Envelope(EnvelopeCommand::Remove { record, reader }) => {
			let call = api::tx().emr_pointers().remove_envelope(record, parse::account(&reader)?);
			return context.run(&call).await;
		},
		RecordCommand::CanOpen { record, who } => {
			let who = parse::account(&who)?;
			client.query(api::runtime_apis().access_control_api().can_access(who, record)).await?
		},
		RecordCommand::Ask { record, store, valid_for } => {
			let most = client.max_read_request_age().await?;
			let valid_for = valid_for.unwrap_or(most);
			if valid_for > most {
				return Err(Failure::Input(format!(
					"--valid-for {valid_for}: the chain takes requests at most {most} blocks ahead"
				)));
			}
			let reader = context.signer()?;
			client.sign_read(&reader, record, store, valid_for).await?.to_json()
		},
		RecordCommand::AuditRead { request } => {
			let text = if request.as_os_str() == "-" {
				std::io::read_to_string(std::io::stdin())
			} else {
				std::fs::read_to_string(&request)
			}
			.map_err(|e| Failure::Input(format!("{}: {e}", request.display())))?;
			let read = serde_json::from_str(&text)
				.map_err(|e| e.to_string())
				.and_then(|json| SignedRead::from_json(&json))
				.map_err(|field| {
					Failure::Input(format!("not a signed read request (`record ask`): {field}"))
				})?;
			return context.run(&read.audit_call()).await;
		},
		RecordCommand::Open { record } => {
			return context.run(&api::tx().access_control().record_access(record)).await
		},
		RecordCommand::Seal(args) => return sealing::seal(context, args).await,
		RecordCommand::Share { record, reader, key_file } => {
			return sealing::share(context, record, &reader, &key_file).await
		},
		RecordCommand::Unseal { record, file, key_file, out } => {
			return sealing::unseal(context, record, &file, &key_file, &out).await
		},
		RecordCommand::Put(args) => return vaults::put(context, args).await,
		RecordCommand::Get(args) => return vaults::get(context, args).await,
	};
	output::value(context, &answer);
	Ok(())
}
