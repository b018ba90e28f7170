//! Search results: a `searchset` Bundle, its entries' full URLs, and the links that page
//! through it (`self`, `next`).

use serde_json::{json, Value};

/// The page size when a search names no `_count`.
pub const DEFAULT_COUNT: u32 = 20;
/// The largest page served: the runtime APIs page at most this many.
pub const MAX_COUNT: u32 = 100;

/// One page of a search's matches.
pub struct Page {
	/// The matches, each a resource with its `resourceType` and `id`.
	pub resources: Vec<Value>,
	/// The query that gives the next page, if there may be one.
	pub next: Option<String>,
	/// How many match in all, when the server knows.
	pub total: Option<u64>,
}

impl Page {
	/// Every match at once: no next page, no count.
	pub fn all(resources: Vec<Value>) -> Self {
		Page { resources, next: None, total: None }
	}
}

/// `page` as a `searchset` Bundle: `base` is the facade's base URL, `path` and `query` the
/// search's own (for the `self` link).
pub fn searchset(base: &str, path: &str, query: &str, page: Page) -> Value {
	let link = |relation: &str, query: &str| {
		let url = if query.is_empty() {
			format!("{base}/{path}")
		} else {
			format!("{base}/{path}?{query}")
		};
		json!({ "relation": relation, "url": url })
	};
	let mut links = vec![link("self", query)];
	links.extend(page.next.as_deref().map(|next| link("next", next)));
	let entries: Vec<Value> = page
		.resources
		.into_iter()
		.map(|resource| {
			let full_url = format!(
				"{base}/{}/{}",
				resource["resourceType"].as_str().unwrap_or_default(),
				resource["id"].as_str().unwrap_or_default()
			);
			json!({ "fullUrl": full_url, "resource": resource, "search": { "mode": "match" } })
		})
		.collect();
	let mut bundle = json!({ "resourceType": "Bundle", "type": "searchset", "link": links });
	if let Some(total) = page.total {
		bundle["total"] = json!(total);
	}
	if !entries.is_empty() {
		bundle["entry"] = json!(entries);
	}
	bundle
}
