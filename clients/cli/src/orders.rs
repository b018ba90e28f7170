//! `medchain order`: an order from placing to installation and after-sales service.

use clap::Subcommand;
use medchain_client::api::{
	self,
	runtime_types::{
		bounded_collections::bounded_vec::BoundedVec, pallet_traceability::types::Material,
	},
};

use medchain_primitives::codes;

use crate::{
	choices::AfterSales,
	context::{Context, Failure, Outcome},
	devices::optional,
	parse,
};

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
	/// The ordering hospital's clinical staff set a custom order's parameters: the hash of
	/// the (salted) parameter document, which travels off chain.
	Parameters {
		order: u64,
		/// The document's hash, 64 hex digits.
		#[arg(long)]
		hash: String,
	},
	/// The manufacturer records the input materials of the order's production (repeatable).
	Materials {
		order: u64,
		/// A material: its UDI-DI (or article code), `:` and its lot if it has one
		/// (`04012345678901:LOT7`); repeat for each.
		#[arg(long = "material", required = true)]
		materials: Vec<String>,
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
	/// Service staff of the manufacturer or the hospital record after-sales service on an
	/// installed order: a report kept off chain, by CID and hash.
	AfterSales {
		order: u64,
		#[arg(long, value_enum)]
		kind: AfterSales,
		/// The report's CIDv1.
		#[arg(long)]
		cid: String,
		/// The report's hash, 64 hex digits.
		#[arg(long)]
		hash: String,
	},
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

pub async fn run_order(context: &Context, command: OrderCommand) -> Outcome {
	let tx = api::tx().traceability();
	let apis = api::runtime_apis().traceability_api();
	match command {
		OrderCommand::Place { manufacturer, di, quantity, custom } => {
			context.run(&tx.place_order(manufacturer, parse::udi_di(&di)?, quantity, custom)).await
		},
		OrderCommand::Parameters { order, hash } => {
			context.run(&tx.set_parameters(order, parse::hash(&hash)?)).await
		},
		OrderCommand::Materials { order, materials } => {
			let materials = materials.iter().map(|m| material(m)).collect::<Result<_, _>>()?;
			context.run(&tx.record_materials(order, BoundedVec(materials))).await
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
		OrderCommand::AfterSales { order, kind, cid, hash } => {
			let (cid, hash) = (parse::cid(&cid)?, parse::hash(&hash)?);
			context.run(&tx.record_after_sales(order, kind.into(), cid, hash)).await
		},
		OrderCommand::Show { order } => context.show(apis.order(order)).await,
		OrderCommand::Trail { order, start, limit } => {
			context.show(apis.order_trail(order, start, limit)).await
		},
	}
}

/// One input material: `DI` or `DI:LOT`.
fn material(text: &str) -> Result<Material, Failure> {
	let (di, lot) = match text.split_once(':') {
		Some((di, lot)) => (di, Some(parse::production_id("lot", lot)?)),
		None => (text, None),
	};
	// A supplier's article code is not always a GTIN: any identifier of GS1's set 82 will do.
	if di.is_empty() || di.len() > 64 || !di.bytes().all(codes::is_cset82) {
		return Err(Failure::Input(format!(
			"material `{text}`: expected DI[:LOT], the DI a UDI-DI or an article code"
		)));
	}
	Ok(Material { di: parse::text(di), lot })
}
