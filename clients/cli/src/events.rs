//! `medchain event`, `recall` and `watch`: adverse events, recalls, and the stream of what
//! happens.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use futures::StreamExt;
use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_runtime::RuntimeCall,
			pallet_traceability::{
				pallet::Call,
				types::{adverse_events::AdverseEventReport, recalls::RecallScope},
			},
		},
	},
	events::EventFilter,
	EventRecord,
};
use medchain_primitives::codes;

use serde_json::json;

use crate::{
	choices::{Investigation, Seriousness},
	context::{Context, Failure, Outcome},
	governance::{govern, Govern},
	output, parse,
};

#[derive(Subcommand)]
pub enum EventCommand {
	/// Report an adverse event of a device (staff of a custodian, the manufacturer, a
	/// regulator).
	Report {
		/// The device's id.
		device: u64,
		/// The IMDRF Annex A device-problem code (`IMDRF:A050202`).
		#[arg(long)]
		code: String,
		#[arg(long, value_enum)]
		seriousness: Seriousness,
		/// The IMDRF Annex E/F outcome code (`IMDRF:E0601`) or `SCT:<id>`.
		#[arg(long)]
		outcome: String,
		/// The CIDv1 of the narrative, kept off chain.
		#[arg(long)]
		narrative_cid: String,
		/// When the reporter learned of it: YYYY-MM-DD, or `now`.
		#[arg(long, default_value = "now")]
		learned: String,
		/// File a patient's own report for them (a hospital's clinical staff or a regulatory
		/// officer): it counts as the patient's, and nothing on chain says which patient.
		#[arg(long)]
		for_patient: bool,
	},
	/// The regulator moves an investigation on (reported → under-investigation →
	/// root-cause-found → closed, or rejected).
	Advance {
		/// The adverse event's id.
		event: u64,
		#[arg(long, value_enum)]
		to: Investigation,
		/// The reason code.
		#[arg(long)]
		reason: String,
	},
	/// One adverse event with its investigation.
	Show { event: u64 },
	/// Counts of a year's reports by source and seriousness.
	Stats {
		year: u16,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
}

#[derive(Subcommand)]
pub enum RecallCommand {
	/// Issue a recall of lots of a model (`--lot`, repeatable), or of a model's whole
	/// production up to a date (`--until`).
	Issue {
		/// The model's UDI-DI.
		#[arg(long)]
		di: String,
		/// A lot to recall (repeat for several).
		#[arg(long = "lot", required_unless_present = "until")]
		lots: Vec<String>,
		/// Every device of the model registered up to this date (YYYY-MM-DD or `now`).
		#[arg(long, conflicts_with = "lots")]
		until: Option<String>,
		/// The reason code (`FSCA-2026-17`).
		#[arg(long)]
		reason: String,
		/// The adverse event that led to it.
		#[arg(long)]
		event: Option<u64>,
	},
	/// A regulatory officer confirms a pending recall.
	Confirm { recall: u64 },
	/// A regulatory officer dismisses a pending recall.
	Dismiss {
		recall: u64,
		#[arg(long)]
		reason: String,
	},
	/// Put a pending recall in force without waiting for the officers (governance).
	Enforce {
		recall: u64,
		#[command(flatten)]
		how: Govern,
	},
	/// Withdraw a recall in force (governance).
	Withdraw {
		recall: u64,
		#[arg(long)]
		reason: String,
		#[command(flatten)]
		how: Govern,
	},
	/// Which of the hospital's patients a recall reaches: the scope's uses resolved with the
	/// hospital's pseudonym key, computed here and sent nowhere.
	Patients {
		recall: u64,
		/// The hospital's pseudonym key file.
		#[arg(long)]
		pseudonym_key: PathBuf,
		/// A patient of the hospital (repeatable).
		#[arg(long = "patient")]
		patients: Vec<String>,
		/// A file of the hospital's patients' accounts, one per line.
		#[arg(long)]
		patients_file: Option<PathBuf>,
		/// Nonces tried for each patient (the hospital's own practice; 1 means nonce 0 only).
		#[arg(long, default_value_t = 1)]
		nonces: u32,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// One recall.
	Show { recall: u64 },
	/// The devices a recall covers, their custodians and uses.
	Scope {
		recall: u64,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
}

/// Which finalised events to stream; with no option, every medchain event.
#[derive(Args)]
pub struct WatchArgs {
	/// Recalls that cover a device this organisation holds or is receiving.
	#[arg(long, value_name = "ORG")]
	recalls_for: Option<u32>,
	/// Openings of this patient's records (and break-glass accesses).
	#[arg(long, value_name = "PATIENT")]
	openings_of: Option<String>,
	/// Adverse events reported on devices this organisation holds or made.
	#[arg(long, value_name = "ORG")]
	adverse_events_for: Option<u32>,
	/// Any event of this pallet (`Traceability`), or `Pallet.Event`; repeatable.
	#[arg(long = "event")]
	kinds: Vec<String>,
	/// Stop after this many events.
	#[arg(long)]
	count: Option<usize>,
}

pub async fn run_event(context: &Context, command: EventCommand) -> Outcome {
	let tx = api::tx().traceability();
	let apis = api::runtime_apis().traceability_api();
	match command {
		EventCommand::Report {
			device,
			code,
			seriousness,
			outcome,
			narrative_cid,
			learned,
			for_patient,
		} => {
			let report = AdverseEventReport {
				event_code: parse::code(
					"event code",
					&code,
					codes::is_event_code,
					"IMDRF:A and 2, 4 or 6 digits",
				)?,
				seriousness: seriousness.into(),
				outcome_code: parse::code(
					"outcome",
					&outcome,
					codes::is_outcome_code,
					"IMDRF:E…/F… or SCT:<id>",
				)?,
				narrative_cid: parse::cid(&narrative_cid)?,
				learned_at: parse::moment(&learned)?,
			};
			if report.learned_at > parse::now_millis() {
				return Err(Failure::Input(format!("--learned `{learned}` lies in the future")));
			}
			if for_patient {
				context.run(&tx.report_for_patient(device, report)).await
			} else {
				context.run(&tx.report_adverse_event(device, report)).await
			}
		},
		EventCommand::Advance { event, to, reason } => {
			context.run(&tx.advance_investigation(event, to.into(), parse::reason(&reason)?)).await
		},
		EventCommand::Show { event } => context.show(apis.adverse_event(event)).await,
		EventCommand::Stats { year, limit } => {
			let stats = apis.adverse_event_stats(year, None, limit);
			context.show(stats).await
		},
	}
}

pub async fn run_recall(context: &Context, command: RecallCommand) -> Outcome {
	let tx = api::tx().traceability();
	let apis = api::runtime_apis().traceability_api();
	match command {
		RecallCommand::Issue { di, lots, until, reason, event } => {
			let di = parse::udi_di(&di)?;
			let scope = match until {
				Some(until) => RecallScope::Model { di, until: parse::moment(&until)? },
				None => RecallScope::Lots {
					di,
					lots: BoundedVec(
						lots.iter()
							.map(|l| parse::production_id("lot", l))
							.collect::<Result<_, _>>()?,
					),
				},
			};
			context.run(&tx.issue_recall(scope, parse::reason(&reason)?, event)).await
		},
		RecallCommand::Confirm { recall } => context.run(&tx.confirm_recall(recall)).await,
		RecallCommand::Dismiss { recall, reason } => {
			context.run(&tx.dismiss_recall(recall, parse::reason(&reason)?)).await
		},
		RecallCommand::Enforce { recall, how } => {
			govern(context, RuntimeCall::Traceability(Call::enforce_recall { recall }), &how).await
		},
		RecallCommand::Withdraw { recall, reason, how } => {
			let call = Call::withdraw_recall { recall, reason: parse::reason(&reason)? };
			govern(context, RuntimeCall::Traceability(call), &how).await
		},
		RecallCommand::Patients {
			recall,
			pseudonym_key,
			patients,
			patients_file,
			nonces,
			limit,
		} => {
			let key = crate::devices::read_pseudonym_key(&pseudonym_key)?;
			let mut accounts = patients;
			if let Some(file) = patients_file {
				let text = std::fs::read_to_string(&file)
					.map_err(|e| Failure::Input(format!("{}: {e}", file.display())))?;
				accounts.extend(
					text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from),
				);
			}
			if accounts.is_empty() {
				return Err(Failure::Input(
					"name the hospital's patients: --patient or --patients-file".into(),
				));
			}
			let accounts =
				accounts.iter().map(|a| parse::account(a)).collect::<Result<Vec<_>, _>>()?;
			let scope =
				context.client().await?.call(apis.recall_scope(recall, None, limit)).await?;
			let found: Vec<_> = scope
				.iter()
				.flat_map(|device| device.uses.iter().map(move |u| (device.device, u)))
				.filter_map(|(device, found)| {
					let patient = key.resolve(&found.pseudonym, device, &accounts, nonces)?;
					Some(json!({
						"device": device,
						"patient": patient.to_string(),
						"hospital": found.uses.hospital,
						"usage": format!("{:?}", found.uses.last),
					}))
				})
				.collect();
			output::value(context, &json!(found));
			Ok(())
		},
		RecallCommand::Show { recall } => context.show(apis.recall(recall)).await,
		RecallCommand::Scope { recall, limit } => {
			context.show(apis.recall_scope(recall, None, limit)).await
		},
	}
}

/// Streams what `args` asks for as JSON lines, on finalised blocks only.
pub async fn watch(context: &Context, args: WatchArgs) -> Outcome {
	let client = context.client().await?;
	let mut filter = EventFilter::default();
	for kind in &args.kinds {
		filter = match kind.split_once('.') {
			Some((pallet, name)) => filter.kind(pallet, name),
			None => filter.pallet(kind),
		};
	}
	if args.recalls_for.is_some() {
		filter =
			filter.kind("Traceability", "RecallIssued").kind("Traceability", "RecallConfirmed");
	}
	if args.adverse_events_for.is_some() {
		filter = filter.kind("Traceability", "AdverseEventReported");
	}
	let openings_of =
		args.openings_of.as_deref().map(parse::account).transpose()?.map(|a| a.to_string());
	if openings_of.is_some() {
		filter = filter
			.kind("AccessControl", "RecordAccessed")
			.kind("AccessControl", "EmergencyAccessStarted");
	}
	if filter.kinds.is_empty() {
		for pallet in
			["Consortium", "DeviceRegistry", "Traceability", "EmrPointers", "AccessControl"]
		{
			filter = filter.pallet(pallet);
		}
	}
	eprintln!("… watching finalised blocks of {}", client.url());
	let mut stream = Box::pin(client.finalized_events(filter).await?);
	let mut seen = 0;
	while let Some(event) = stream.next().await {
		let event = event?;
		if !concerns(context, &args, openings_of.as_deref(), &event).await? {
			continue;
		}
		println!("{}", serde_json::to_string(&event).unwrap_or_default());
		seen += 1;
		if args.count.is_some_and(|count| seen >= count) {
			break;
		}
	}
	Ok(())
}

/// Whether an event the filter kept concerns the organisation or patient asked about.
async fn concerns(
	context: &Context,
	args: &WatchArgs,
	patient: Option<&str>,
	event: &EventRecord,
) -> Result<bool, Failure> {
	let client = context.client().await?;
	let traceability = api::runtime_apis().traceability_api();
	let org_in = |org: u32, device: &serde_json::Value| {
		device["custodian"].as_u64() == Some(org.into())
			|| device["recipient"].as_u64() == Some(org.into())
			|| device["manufacturer"].as_u64() == Some(org.into())
	};
	match (event.pallet.as_str(), event.name.as_str()) {
		("Traceability", "RecallIssued" | "RecallConfirmed") if args.recalls_for.is_some() => {
			let org = args.recalls_for.unwrap_or_default();
			let recall = event.number("recall").unwrap_or_default();
			let scope = client.query(traceability.recall_scope(recall, None, 1_000)).await?;
			Ok(scope.as_array().into_iter().flatten().any(|device| org_in(org, device)))
		},
		("Traceability", "AdverseEventReported") if args.adverse_events_for.is_some() => {
			let org = args.adverse_events_for.unwrap_or_default();
			let device = event.number("device").unwrap_or_default();
			let found =
				client.query(api::runtime_apis().device_registry_api().device(device)).await?;
			Ok(org_in(org, &found))
		},
		("AccessControl", _) if patient.is_some() => {
			Ok(event.field("patient").and_then(|p| p.as_str()) == patient)
		},
		// Every other event is one of the kinds the filter was built to keep.
		_ => Ok(true),
	}
}
