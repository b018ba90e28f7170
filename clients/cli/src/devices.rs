//! `medchain device` and `medchain order`: a device from order to decommissioning.

use clap::{Args, Subcommand};
use medchain_client::api::{
	self,
	runtime_types::{
		bounded_collections::bounded_vec::BoundedVec,
		medchain_primitives::devices::{Condition, DeviceProfile, Udi},
	},
};

use crate::{
	choices::{Availability, LogKind, Mode, Status, StatusReason},
	context::{Context, Failure, Outcome},
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
}

#[derive(Subcommand)]
pub enum OrderCommand {
	/// A hospital orders devices of a model from a manufacturer.
	Place {
		/// The manufacturer's organisation id.
		#[arg(long)]
		manufacturer: u32,
		/// The model's UDI-DI.
		#[arg(long)]
		di: String,
		#[arg(long)]
		quantity: u32,
		/// A custom-made order (its parameters follow).
		#[arg(long)]
		custom: bool,
	},
	/// The manufacturer records the devices it produced for the order.
	Produce {
		order: u64,
		/// The devices' ids.
		#[arg(required = true)]
		devices: Vec<u64>,
	},
	/// A regulator approves the order.
	Approve {
		order: u64,
		#[arg(long)]
		reason: String,
	},
	/// A regulator rejects the order.
	Reject {
		order: u64,
		#[arg(long)]
		reason: String,
	},
	/// The manufacturer ships the order with a carrier.
	Ship {
		order: u64,
		#[arg(long)]
		carrier: u32,
	},
	/// The hospital takes delivery.
	Deliver {
		order: u64,
		#[arg(long)]
		location: Option<String>,
	},
	/// The hospital installs the order's devices.
	Install { order: u64 },
	/// One order and its devices.
	Show { order: u64 },
	/// The order's stages, hash-linked.
	Trail {
		order: u64,
		#[arg(long, default_value_t = 0)]
		start: u32,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
}

fn optional(
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
		DeviceCommand::Trail { id, start, limit } => {
			let trace = api::runtime_apis().traceability_api().trace(id, start, limit);
			context.show(trace).await
		},
	}
}

pub async fn run_order(context: &Context, command: OrderCommand) -> Outcome {
	let tx = api::tx().traceability();
	let apis = api::runtime_apis().traceability_api();
	match command {
		OrderCommand::Place { manufacturer, di, quantity, custom } => {
			context.run(&tx.place_order(manufacturer, parse::udi_di(&di)?, quantity, custom)).await
		},
		OrderCommand::Produce { order, devices } => {
			context.run(&tx.record_production(order, BoundedVec(devices))).await
		},
		OrderCommand::Approve { order, reason } => {
			context.run(&tx.approve_order(order, parse::reason(&reason)?)).await
		},
		OrderCommand::Reject { order, reason } => {
			context.run(&tx.reject_order(order, parse::reason(&reason)?)).await
		},
		OrderCommand::Ship { order, carrier } => context.run(&tx.ship_order(order, carrier)).await,
		OrderCommand::Deliver { order, location } => {
			context.run(&tx.deliver_order(order, optional(location, parse::location)?)).await
		},
		OrderCommand::Install { order } => context.run(&tx.install_order(order)).await,
		OrderCommand::Show { order } => context.show(apis.order(order)).await,
		OrderCommand::Trail { order, start, limit } => {
			context.show(apis.order_trail(order, start, limit)).await
		},
	}
}
