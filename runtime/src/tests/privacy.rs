//! docs/privacy.md lists every storage item and event of the runtime: a row per item, no row
//! for anything the runtime does not have.

use std::collections::BTreeSet;

/// Every (pallet, storage item) and (pallet, event) the runtime's metadata lists.
fn metadata_items() -> BTreeSet<(String, String)> {
	let mut items = crate::tests::metadata_names("storage");
	items.extend(crate::tests::metadata_names("event"));
	items
}

/// Every `| `Pallet` | `Item` | … |` row of docs/privacy.md.
fn documented_items() -> BTreeSet<(String, String)> {
	let doc = include_str!("../../../docs/privacy.md");
	let mut rows = BTreeSet::new();
	for line in doc.lines() {
		let cells: Vec<&str> = line.split('|').map(str::trim).collect();
		if cells.len() >= 6 && cells[1].starts_with('`') && cells[2].starts_with('`') {
			let strip = |cell: &str| cell.trim_matches('`').to_string();
			assert!(rows.insert((strip(cells[1]), strip(cells[2]))), "{line}: listed twice");
		}
	}
	rows
}

#[test]
fn docs_privacy_md_lists_every_storage_item_and_event_and_nothing_else() {
	let runtime = metadata_items();
	assert!(runtime.len() > 200, "the walk found the items ({} only)", runtime.len());
	let documented = documented_items();
	let missing: Vec<_> = runtime.difference(&documented).collect();
	assert!(missing.is_empty(), "missing from docs/privacy.md: {missing:?}");
	let stale: Vec<_> = documented.difference(&runtime).collect();
	assert!(stale.is_empty(), "docs/privacy.md rows the runtime does not have: {stale:?}");
}
