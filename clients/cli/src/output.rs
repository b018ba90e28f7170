//! Printing: JSON for scripts (`--json`), otherwise tables and `key: value` lines.

use medchain_client::Receipt;
use serde_json::{json, Value};

use crate::context::Context;

/// A transaction's outcome: its events, and where it landed.
pub fn receipt(context: &Context, receipt: &Receipt) {
	let events: Vec<Value> = receipt
		.events
		.iter()
		.filter(|e| e.pallet != "System")
		.map(|e| json!({ "event": format!("{}.{}", e.pallet, e.name), "fields": e.fields }))
		.collect();
	if context.global.json {
		let document = json!({
			"block": receipt.block_number,
			"blockHash": format!("{:?}", receipt.block_hash),
			"extrinsic": format!("{:?}", receipt.extrinsic_hash),
			"finalized": receipt.finalized,
			"events": events,
		});
		println!("{document}");
		return;
	}
	let state = if receipt.finalized { "finalised" } else { "in block (not yet final)" };
	println!("done: block #{} {state}", receipt.block_number);
	for event in events {
		println!("  {}", event["event"].as_str().unwrap_or_default());
		print_fields(&event["fields"], 4);
	}
}

/// A read's answer: `value` as JSON, or as a table (a list of objects) or lines. Lists of
/// `(id, item)` pairs, as the runtime APIs answer, become lists of items with an `id`.
pub fn value(context: &Context, value: &Value) {
	let value = &with_ids(value.clone());
	if context.global.json {
		println!("{value}");
		return;
	}
	match value {
		Value::Null => println!("(none)"),
		Value::Array(rows) if rows.is_empty() => println!("(none)"),
		Value::Array(rows) if rows.iter().all(Value::is_object) => table(rows),
		Value::Object(_) => print_fields(value, 0),
		Value::Array(rows) => rows.iter().for_each(|row| println!("{}", cell(row))),
		other => println!("{}", cell(other)),
	}
}

fn with_ids(value: Value) -> Value {
	let Value::Array(rows) = value else { return value };
	let is_pair = |row: &Value| {
		row.as_array()
			.is_some_and(|pair| pair.len() == 2 && pair[0].is_u64() && pair[1].is_object())
	};
	if rows.is_empty() || !rows.iter().all(is_pair) {
		return Value::Array(rows);
	}
	let items = rows.into_iter().map(|row| {
		let Value::Array(mut pair) = row else { return row };
		let item = pair.pop().unwrap_or_default();
		let mut object = serde_json::Map::new();
		object.insert("id".into(), pair.pop().unwrap_or_default());
		object.extend(item.as_object().cloned().unwrap_or_default());
		Value::Object(object)
	});
	Value::Array(items.collect())
}

fn print_fields(value: &Value, indent: usize) {
	let Value::Object(fields) = value else {
		println!("{:indent$}{}", "", cell(value));
		return;
	};
	for (key, field) in fields {
		match field {
			Value::Object(inner) if !inner.is_empty() => {
				println!("{:indent$}{key}:", "");
				print_fields(field, indent + 2);
			},
			other => println!("{:indent$}{key}: {}", "", cell(other)),
		}
	}
}

/// One value on one line: strings bare, the rest as compact JSON.
pub fn cell(value: &Value) -> String {
	match value {
		Value::String(s) => s.clone(),
		Value::Null => "-".into(),
		other => other.to_string(),
	}
}

/// Rows of objects as a table with one column per key (in the first row's order).
fn table(rows: &[Value]) {
	let mut columns: Vec<String> = Vec::new();
	for row in rows {
		for key in row.as_object().into_iter().flat_map(|o| o.keys()) {
			if !columns.contains(key) {
				columns.push(key.clone());
			}
		}
	}
	let cells: Vec<Vec<String>> = rows
		.iter()
		.map(|row| columns.iter().map(|c| cell(row.get(c).unwrap_or(&Value::Null))).collect())
		.collect();
	let widths: Vec<usize> = columns
		.iter()
		.enumerate()
		.map(|(i, c)| {
			cells.iter().map(|r| r[i].chars().count()).chain([c.len()]).max().unwrap_or(0)
		})
		.collect();
	let line = |items: Vec<&str>| {
		let padded: Vec<String> =
			items.iter().zip(&widths).map(|(item, width)| format!("{item:width$}")).collect();
		println!("{}", padded.join("  ").trim_end());
	};
	line(columns.iter().map(String::as_str).collect());
	for row in &cells {
		line(row.iter().map(String::as_str).collect());
	}
}
