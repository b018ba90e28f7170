//! `medchain device`: a device from registration to decommissioning, its uses on patients
//! (under the hospital's pseudonyms) and its service log.

use clap::{Args, Subcommand};
use std::path::PathBuf;

use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_primitives::devices::{Condition, DeviceProfile, Udi},
			medchain_runtime::RuntimeCall,
			pallet_device_registry::{pallet::Call, types::CompanyPrefix},
		},
	},
	pseudonyms::PseudonymKey,
};

use crate::{
	choices::{Agency, Availability, Disposition, LogKind, Mode, Status, StatusReason, Usage},
	context::{Context, Failure, Outcome},
	governance::{govern, Govern},
	output, parse,
};
use medchain_primitives::codes;

/// A device's UDI on the command line.
#[derive(Args)]
pub struct UdiArgs {
	/// The model's UDI-DI (a GTIN: 14 digits with its check digit).
	#[arg(long)]
	pub di: String,
	/// The serial number (GS1 AI 21).
	#[arg(long)]
	pub serial: Option<String>,
	/// The lot (GS1 AI 10).
	#[arg(long)]
	pub lot: Option<String>,
}

#[derive(Subcommand)]
pub enum DeviceCommand {
	/// Register a device the signer's organisation (a manufacturer) made.
	Register {
		#[command(flatten)]
		udi: UdiArgs,
		/// Manufacturing date, YYYY-MM-DD.
		#[arg(long)]
		manufactured: Option<String>,
		/// Expiry date, YYYY-MM-DD (not in the past).
		#[arg(long)]
		expires: Option<String>,
		/// The device type: `GMDN:` and a 5-digit term code, or `SCT:` and a SNOMED CT id.
		#[arg(long = "type")]
		device_type: String,
		/// The model (catalogue or reference number).
		#[arg(long)]
		model: String,
		/// The hardware/software version.
		#[arg(long)]
		version: String,
		/// The modality: `DCM:ECG`, `MDC:…`.
		#[arg(long)]
		modality: Option<String>,
		/// The CIDv1 of the full profile document (kept off chain).
		#[arg(long)]
		profile_cid: String,
		/// The profile document's SHA-256/BLAKE2 hash, 64 hex digits.
		#[arg(long)]
		profile_hash: String,
	},
	/// One device: by id, or by its whole UDI (`--di`, and `--serial` and `--lot` exactly as
	/// the device was registered with them).
	Show {
		/// The device's id.
		#[arg(required_unless_present = "di")]
		id: Option<u64>,
		/// The model's UDI-DI.
		#[arg(long, conflicts_with = "id")]
		di: Option<String>,
		/// The serial.
		#[arg(long, requires = "di")]
		serial: Option<String>,
		/// The lot.
		#[arg(long, requires = "di")]
		lot: Option<String>,
	},
	/// The manufacturer releases a device for sale.
	Release { id: u64 },
	/// Hand a device to a carrier for a recipient organisation.
	Dispatch {
		id: u64,
		/// The carrier organisation's id.
		#[arg(long)]
		carrier: u32,
		/// The recipient organisation's id.
		#[arg(long)]
		recipient: u32,
	},
	/// The recipient installs a delivered device.
	Install {
		id: u64,
		/// Where: `GLN:` and a GLN, optionally `.WARD`.
		#[arg(long)]
		location: Option<String>,
	},
	/// Put an installed device in service.
	InService { id: u64 },
	/// Take a device out of service for maintenance.
	Maintenance { id: u64 },
	/// Mark a device recalled (final).
	Recall { id: u64 },
	/// Decommission a device (final).
	Decommission { id: u64 },
	/// Report a device's condition (FHIR status and availability, IEEE 11073 state).
	Condition {
		id: u64,
		#[arg(long, value_enum)]
		status: Status,
		#[arg(long, value_enum)]
		availability: Availability,
		#[arg(long, value_enum)]
		reason: StatusReason,
		#[arg(long, value_enum)]
		mode: Mode,
		/// Where it is now.
		#[arg(long)]
		location: Option<String>,
	},
	/// Report a device's usage counters (they only grow).
	Usage {
		id: u64,
		#[arg(long)]
		hours: u32,
		#[arg(long)]
		cycles: u32,
	},
	/// Name the accounts allowed to operate a device (replaces the list).
	Operators {
		id: u64,
		/// Operator accounts (SS58).
		#[arg(required = true)]
		operators: Vec<String>,
	},
	/// The carrier sets aside a device recalled on its way: returned to its manufacturer or
	/// kept in quarantine.
	SetAside {
		id: u64,
		#[arg(long, value_enum)]
		disposition: Disposition,
	},
	/// Record that a device was implanted in, explanted from, or used in a procedure on a
	/// patient, under the hospital's pseudonym of the patient (docs/privacy.md): the chain
	/// never sees the patient. Check first that the patient is the hospital's or consented.
	Use {
		id: u64,
		#[arg(long, value_enum)]
		usage: Usage,
		/// The patient's account: only used here, to compute the pseudonym.
		#[arg(long)]
		patient: String,
		/// The hospital's pseudonym key file (`medchain keys pseudonym-key`).
		#[arg(long)]
		pseudonym_key: PathBuf,
		/// Keeps two uses of one device on one patient apart.
		#[arg(long, default_value_t = 0)]
		nonce: u32,
	},
	/// The uses of a device: pseudonym, hospital, latest use, first and latest time.
	Uses {
		id: u64,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// UDI company prefixes and the manufacturers they are bound to (governance).
	#[command(subcommand)]
	Prefix(PrefixCommand),
	/// The device's service log.
	#[command(subcommand)]
	Log(LogCommand),
	/// The device's trail: every step, hash-linked, with its order and any recall.
	Trail {
		id: u64,
		#[arg(long, default_value_t = 0)]
		start: u32,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
}

#[derive(Subcommand)]
pub enum PrefixCommand {
	/// Bind a company prefix to the manufacturer its agency issued it to: only that
	/// manufacturer registers UDI-DIs carrying it from then on.
	Bind {
		/// The prefix as printed (a GS1 Company Prefix: 4 to 12 digits).
		prefix: String,
		#[arg(long, value_enum, default_value = "gs1")]
		agency: Agency,
		/// The manufacturer's organisation id.
		#[arg(long)]
		manufacturer: u32,
		#[command(flatten)]
		how: Govern,
	},
	/// Unbind a company prefix.
	Unbind {
		prefix: String,
		#[arg(long, value_enum, default_value = "gs1")]
		agency: Agency,
		#[command(flatten)]
		how: Govern,
	},
}

#[derive(Subcommand)]
pub enum LogCommand {
	/// The entries (newest last).
	List {
		device: u64,
		#[arg(long, default_value_t = 0)]
		start: u32,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Append an entry: a document kept off chain, by CID and hash.
	Append {
		device: u64,
		#[arg(long, value_enum)]
		kind: LogKind,
		#[arg(long)]
		cid: String,
		#[arg(long)]
		hash: String,
	},
	/// Record on chain that the signer opens an entry (the audit of a log's reading).
	Open { device: u64, entry: u32 },
	/// Who opened the log's entries, and when (oldest first).
	Openings {
		device: u64,
		#[arg(long, default_value_t = 0)]
		start: u32,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Upload a file to your organisation's vault and append it to the device's log.
	Put(crate::vaults::LogPutArgs),
	/// Fetch an entry's file from the vault that keeps it (the vault audits the opening),
	/// checked against the log's hash.
	Get(crate::vaults::LogGetArgs),
}

pub(crate) fn optional(
	value: Option<String>,
	parse: impl Fn(&str) -> Result<BoundedVec<u8>, Failure>,
) -> Result<Option<BoundedVec<u8>>, Failure> {
	value.as_deref().map(parse).transpose()
}

pub async fn run_device(context: &Context, command: DeviceCommand) -> Outcome {
	let tx = api::tx().device_registry();
	let apis = api::runtime_apis().device_registry_api();
	match command {
		DeviceCommand::Register {
			udi,
			manufactured,
			expires,
			device_type,
			model,
			version,
			modality,
			profile_cid,
			profile_hash,
		} => {
			if udi.serial.is_none() && udi.lot.is_none() {
				return Err(Failure::Input("a UDI needs a --serial or a --lot".into()));
			}
			if let Some(expires) = &expires {
				parse::future_moment("expiry", expires)?;
			}
			let udi = Udi {
				di: parse::udi_di(&udi.di)?,
				serial: optional(udi.serial, |s| parse::production_id("serial", s))?,
				lot: optional(udi.lot, |s| parse::production_id("lot", s))?,
				manufactured_on: manufactured.as_deref().map(parse::date).transpose()?,
				expires_on: expires.as_deref().map(parse::date).transpose()?,
			};
			let profile = DeviceProfile {
				device_type: parse::code(
					"device type",
					&device_type,
					codes::is_device_type,
					"GMDN:NNNNN or SCT:<id>",
				)?,
				model: parse::code(
					"model",
					&model,
					codes::is_model,
					"1 to 30 characters of GS1's set 82",
				)?,
				version: parse::code(
					"version",
					&version,
					codes::is_version,
					"letters, digits, . - + _",
				)?,
				modality: optional(modality, |m| {
					parse::code("modality", m, codes::is_modality, "DCM:XX or MDC:…")
				})?,
				profile_cid: parse::cid(&profile_cid)?,
				profile_hash: parse::hash(&profile_hash)?,
			};
			context.run(&tx.register_device(udi, profile)).await
		},
		DeviceCommand::Show { id: Some(id), .. } => context.show(apis.device(id)).await,
		DeviceCommand::Show { id: None, di, serial, lot } => {
			let di = parse::udi_di(di.as_deref().unwrap_or_default())?;
			let serial = optional(serial, |s| parse::production_id("serial", s))?;
			let lot = optional(lot, |s| parse::production_id("lot", s))?;
			let answer = context.client().await?.query(apis.device_by_udi(di, serial, lot)).await?;
			output::value(context, &answer);
			Ok(())
		},
		DeviceCommand::Release { id } => context.run(&tx.release(id)).await,
		DeviceCommand::Dispatch { id, carrier, recipient } => {
			context.run(&tx.dispatch(id, carrier, recipient)).await
		},
		DeviceCommand::Install { id, location } => {
			context.run(&tx.install(id, optional(location, parse::location)?)).await
		},
		DeviceCommand::InService { id } => context.run(&tx.put_in_service(id)).await,
		DeviceCommand::Maintenance { id } => context.run(&tx.start_maintenance(id)).await,
		DeviceCommand::Recall { id } => context.run(&tx.recall(id)).await,
		DeviceCommand::Decommission { id } => context.run(&tx.decommission(id)).await,
		DeviceCommand::Condition { id, status, availability, reason, mode, location } => {
			let condition = Condition {
				status: status.into(),
				availability: availability.into(),
				reason: reason.into(),
				mode: mode.into(),
			};
			context
				.run(&tx.report_condition(id, condition, optional(location, parse::location)?))
				.await
		},
		DeviceCommand::Usage { id, hours, cycles } => {
			context.run(&tx.report_usage(id, hours, cycles)).await
		},
		DeviceCommand::Operators { id, operators } => {
			let operators =
				operators.iter().map(|o| parse::account(o)).collect::<Result<_, _>>()?;
			context.run(&tx.assign_operators(id, BoundedVec(operators))).await
		},
		DeviceCommand::Log(LogCommand::List { device, start, limit }) => {
			context.show(apis.service_log(device, start, limit)).await
		},
		DeviceCommand::Log(LogCommand::Append { device, kind, cid, hash }) => {
			context
				.run(&tx.append_log(device, kind.into(), parse::cid(&cid)?, parse::hash(&hash)?))
				.await
		},
		DeviceCommand::Log(LogCommand::Open { device, entry }) => {
			context.run(&tx.open_log(device, entry)).await
		},
		DeviceCommand::Log(LogCommand::Openings { device, start, limit }) => {
			let openings = context.client().await?.log_openings(device, start, limit).await?;
			let rows: Vec<_> = openings
				.iter()
				.map(|o| {
					serde_json::json!({
						"index": o.index,
						"reader": o.reader.to_string(),
						"entry": o.entry,
						"at": o.at,
					})
				})
				.collect();
			output::value(context, &serde_json::Value::Array(rows));
			Ok(())
		},
		DeviceCommand::Log(LogCommand::Put(args)) => crate::vaults::log_put(context, args).await,
		DeviceCommand::Log(LogCommand::Get(args)) => crate::vaults::log_get(context, args).await,
		DeviceCommand::SetAside { id, disposition } => {
			context.run(&tx.set_aside(id, disposition.into())).await
		},
		DeviceCommand::Use { id, usage, patient, pseudonym_key, nonce } => {
			let patient = parse::account(&patient)?;
			let pseudonym = read_pseudonym_key(&pseudonym_key)?.pseudonym(&patient, id, nonce);
			let call = api::tx().traceability().record_use(id, pseudonym, usage.into());
			context.run(&call).await
		},
		DeviceCommand::Uses { id, limit } => {
			context.show(api::runtime_apis().traceability_api().device_uses(id, None, limit)).await
		},
		DeviceCommand::Prefix(PrefixCommand::Bind { prefix, agency, manufacturer, how }) => {
			let prefix = company_prefix(agency, &prefix)?;
			govern(
				context,
				RuntimeCall::DeviceRegistry(Call::bind_prefix { prefix, manufacturer }),
				&how,
			)
			.await
		},
		DeviceCommand::Prefix(PrefixCommand::Unbind { prefix, agency, how }) => {
			let prefix = company_prefix(agency, &prefix)?;
			govern(context, RuntimeCall::DeviceRegistry(Call::unbind_prefix { prefix }), &how).await
		},
		DeviceCommand::Trail { id, start, limit } => {
			let trace = api::runtime_apis().traceability_api().trace(id, start, limit);
			context.show(trace).await
		},
	}
}

/// A company prefix: printable, at most 12 characters (the chain checks its form per agency).
fn company_prefix(agency: Agency, prefix: &str) -> Result<CompanyPrefix, Failure> {
	if prefix.is_empty() || prefix.len() > 12 || !prefix.bytes().all(|b| b.is_ascii_alphanumeric())
	{
		return Err(Failure::Input(format!(
			"company prefix `{prefix}`: expected 1 to 12 letters or digits as printed"
		)));
	}
	Ok(CompanyPrefix { agency: agency.into(), code: parse::text(prefix) })
}

/// The hospital's pseudonym key from its file (64 hex digits).
pub fn read_pseudonym_key(path: &std::path::Path) -> Result<PseudonymKey, Failure> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| Failure::Keys(format!("pseudonym key {}: {e}", path.display())))?;
	PseudonymKey::from_hex(&text)
		.map_err(|e| Failure::Keys(format!("pseudonym key {}: {e}", path.display())))
}
