//! Events as JSON, and the stream of finalised events filtered by pallet and kind.
//!
//! An event's fields are decoded with the runtime's type registry: accounts become SS58
//! addresses, byte strings `0x…` hex, enums without data their variant's name, `Option`s
//! `null` or their value, numbers that JSON cannot hold exactly (above 2^53) strings.

use futures::{Stream, StreamExt};
use scale_info::{form::PortableForm, PortableRegistry, TypeDef, TypeDefPrimitive};
use serde::Serialize;
use serde_json::{json, Map, Value as Json};
use subxt::{
	ext::scale_value::{Composite, Primitive, Value, ValueDef},
	Metadata,
};

use crate::{AccountId, Client, Config, Error, Hash};

/// One event of a block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRecord {
	/// The block's number.
	pub block: u64,
	/// The block's hash.
	pub block_hash: Hash,
	/// The pallet that emitted it (`Traceability`).
	pub pallet: String,
	/// The event's name (`RecallIssued`).
	pub name: String,
	/// Its fields, by name.
	pub fields: Json,
}

impl EventRecord {
	pub(crate) fn decode(
		event: &subxt::events::Event<'_, Config>,
		metadata: &Metadata,
		block: u64,
		block_hash: Hash,
	) -> Result<Self, Error> {
		let fields = event.decode_fields_unchecked_as::<Composite<()>>().map_err(Error::chain)?;
		let variant = metadata
			.pallet_by_event_index(event.pallet_index())
			.and_then(|pallet| pallet.event_variant_by_index(event.event_index()))
			.ok_or_else(|| Error::Chain(format!("event {} unknown", event.event_name())))?;
		let types = metadata.types();
		let values: Vec<&Value<()>> = fields.values().collect();
		let mut object = Map::new();
		for (i, (field, value)) in variant.fields.iter().zip(values).enumerate() {
			let name = field.name.clone().unwrap_or_else(|| i.to_string());
			object.insert(name, to_json(value, field.ty.id, types));
		}
		Ok(EventRecord {
			block,
			block_hash,
			pallet: event.pallet_name().to_string(),
			name: event.event_name().to_string(),
			fields: Json::Object(object),
		})
	}

	/// A field of the event (`record.field("device")`).
	pub fn field(&self, name: &str) -> Option<&Json> {
		self.fields.get(name)
	}

	/// A numeric field (ids, counters).
	pub fn number(&self, name: &str) -> Option<u64> {
		self.field(name).and_then(Json::as_u64)
	}
}

/// Which events a stream keeps: by pallet, and within it by name. Empty lists keep all.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
	/// `(pallet, Some(name))` keeps one kind, `(pallet, None)` all of a pallet's.
	pub kinds: Vec<(String, Option<String>)>,
}

impl EventFilter {
	/// Keeps every event of `pallet` (`"Traceability"`).
	pub fn pallet(mut self, pallet: &str) -> Self {
		self.kinds.push((pallet.to_string(), None));
		self
	}

	/// Keeps the events `pallet.name` (`"Traceability"`, `"RecallIssued"`).
	pub fn kind(mut self, pallet: &str, name: &str) -> Self {
		self.kinds.push((pallet.to_string(), Some(name.to_string())));
		self
	}

	/// Whether the filter keeps `event`.
	pub fn keeps(&self, event: &EventRecord) -> bool {
		self.kinds.is_empty()
			|| self.kinds.iter().any(|(pallet, name)| {
				*pallet == event.pallet && name.as_ref().is_none_or(|name| *name == event.name)
			})
	}
}

impl Client {
	/// Every event of every block finalised from now on that `filter` keeps, in order. The
	/// stream ends when the connection does (its last item is then the error).
	pub async fn finalized_events(
		&self,
		filter: EventFilter,
	) -> Result<impl Stream<Item = Result<EventRecord, Error>>, Error> {
		let blocks = self.subxt().stream_blocks().await.map_err(Error::chain)?;
		Ok(blocks
			.then(|block| async move {
				let at = block.map_err(Error::chain)?.at().await.map_err(Error::chain)?;
				events_in(&at).await
			})
			.flat_map(move |events| {
				let kept: Vec<Result<EventRecord, Error>> = match events {
					Ok(events) => events.into_iter().filter(|e| filter.keeps(e)).map(Ok).collect(),
					Err(e) => vec![Err(e)],
				};
				futures::stream::iter(kept)
			}))
	}
}

impl Client {
	/// Every event of block `number` of the chain the node follows (finalised, if `number` is
	/// at most the finalised head's), in order: how a follower catches up on blocks it missed.
	pub async fn events_at(&self, number: u64) -> Result<Vec<EventRecord>, Error> {
		events_in(&self.subxt().at_block(number).await.map_err(Error::chain)?).await
	}
}

/// Every event of the block `at` stands at, in order.
async fn events_in(
	at: &subxt::client::ClientAtBlock<Config, subxt::client::OnlineClientAtBlockImpl<Config>>,
) -> Result<Vec<EventRecord>, Error> {
	let metadata = at.metadata();
	let events = at.events().fetch().await.map_err(Error::chain)?;
	let (number, hash) = (at.block_number(), at.block_hash());
	events
		.iter()
		.map(|event| EventRecord::decode(&event.map_err(Error::chain)?, &metadata, number, hash))
		.collect()
}

/// `value`, of the registry's type `ty`, as JSON (module docs).
pub fn to_json(value: &Value<()>, ty: u32, types: &PortableRegistry) -> Json {
	let Some(resolved) = types.resolve(ty) else { return plain(value) };
	if resolved.path.segments.last().is_some_and(|name| name == "AccountId32") {
		if let Ok(bytes) = <[u8; 32]>::try_from(bytes_of(value).as_slice()) {
			return json!(AccountId::from(bytes).to_string());
		}
	}
	match (&resolved.type_def, &value.value) {
		(TypeDef::Sequence(seq), ValueDef::Composite(items)) => {
			list(items, seq.type_param.id, types, true)
		},
		(TypeDef::Array(array), ValueDef::Composite(items)) => {
			list(items, array.type_param.id, types, false)
		},
		(TypeDef::Compact(compact), _) => to_json(value, compact.type_param.id, types),
		(TypeDef::Tuple(tuple), ValueDef::Composite(items)) => Json::Array(
			tuple.fields.iter().zip(items.values()).map(|(t, v)| to_json(v, t.id, types)).collect(),
		),
		(TypeDef::Composite(composite), ValueDef::Composite(items)) => {
			fields(&composite.fields, items, types)
		},
		(TypeDef::Variant(variants), ValueDef::Variant(variant)) => {
			let Some(def) = variants.variants.iter().find(|v| v.name == variant.name) else {
				return plain(value);
			};
			let is_option = resolved.path.segments.last().is_some_and(|name| name == "Option");
			match (is_option, def.fields.is_empty()) {
				(true, true) => Json::Null,
				(true, false) => fields(&def.fields, &variant.values, types),
				(false, true) => json!(variant.name),
				(false, false) => {
					json!({ variant.name.clone(): fields(&def.fields, &variant.values, types) })
				},
			}
		},
		_ => plain(value),
	}
}

/// A list; a list of bytes is text when it is a variable-length string of printable ASCII
/// (codes, CIDs, UDIs), else `0x…` hex (hashes, keys).
fn list(items: &Composite<()>, element: u32, types: &PortableRegistry, text_ok: bool) -> Json {
	let is_byte = matches!(
		types.resolve(element).map(|t| &t.type_def),
		Some(TypeDef::Primitive(TypeDefPrimitive::U8))
	);
	if is_byte {
		let bytes: Vec<u8> = items.values().filter_map(|v| v.as_u128()).map(|b| b as u8).collect();
		if text_ok && !bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
		{
			return json!(String::from_utf8_lossy(&bytes));
		}
		return json!(format!("0x{}", hex::encode(bytes)));
	}
	Json::Array(items.values().map(|v| to_json(v, element, types)).collect())
}

/// A struct's or variant's fields: an object when named, the value itself when there is
/// one unnamed field (a newtype), else an array.
fn fields(
	defs: &[scale_info::Field<PortableForm>],
	items: &Composite<()>,
	types: &PortableRegistry,
) -> Json {
	let values: Vec<&Value<()>> = items.values().collect();
	if defs.iter().all(|d| d.name.is_some()) && !defs.is_empty() {
		let object = defs
			.iter()
			.zip(values)
			.map(|(d, v)| (d.name.clone().unwrap_or_default(), to_json(v, d.ty.id, types)))
			.collect();
		return Json::Object(object);
	}
	match (defs, values.as_slice()) {
		([only], [value]) => to_json(value, only.ty.id, types),
		_ => {
			Json::Array(defs.iter().zip(values).map(|(d, v)| to_json(v, d.ty.id, types)).collect())
		},
	}
}

/// A value without type information: numbers, strings, booleans, and lists of them.
fn plain(value: &Value<()>) -> Json {
	match &value.value {
		ValueDef::Primitive(Primitive::Bool(b)) => json!(b),
		ValueDef::Primitive(Primitive::Char(c)) => json!(c.to_string()),
		ValueDef::Primitive(Primitive::String(s)) => json!(s),
		ValueDef::Primitive(Primitive::U128(n)) => number(*n),
		ValueDef::Primitive(Primitive::I128(n)) => json!(n.to_string()),
		ValueDef::Primitive(Primitive::U256(b) | Primitive::I256(b)) => json!(hex::encode(b)),
		ValueDef::Composite(items) => Json::Array(items.values().map(plain).collect()),
		ValueDef::Variant(variant) if variant.values.is_empty() => json!(variant.name),
		ValueDef::Variant(variant) => {
			json!({ variant.name.clone(): Json::Array(variant.values.values().map(plain).collect()) })
		},
		ValueDef::BitSequence(bits) => json!(format!("{bits:?}")),
	}
}

/// JSON numbers are exact to 2^53; a larger one is given as a string.
fn number(n: u128) -> Json {
	if n <= (1u128 << 53) {
		json!(n as u64)
	} else {
		json!(n.to_string())
	}
}

/// The bytes of a value that is a byte array, however nested (`AccountId32([u8; 32])`).
fn bytes_of(value: &Value<()>) -> Vec<u8> {
	match &value.value {
		ValueDef::Primitive(Primitive::U128(n)) => vec![*n as u8],
		ValueDef::Composite(items) => items.values().flat_map(bytes_of).collect(),
		_ => Vec::new(),
	}
}
