//! A resource sent to be written (`POST /Device`, `POST /AdverseEvent`): each element read
//! where FHIR puts it, and every way it can fail refused at the element's FHIRPath, before
//! anything reaches the chain.

use serde_json::Value;

use crate::{elements, outcome::FhirError};

/// A posted resource of one type.
pub(crate) struct Posted {
	resource: Value,
	kind: &'static str,
}

impl Posted {
	/// The body as a resource of type `kind` that has only the elements of `kept` (besides
	/// `resourceType`, `id`, `meta` and `text`, which the chain does not keep and a create
	/// ignores): an element the chain cannot keep is refused rather than silently dropped.
	pub(crate) fn parse(body: &[u8], kind: &'static str, kept: &[&str]) -> Result<Self, FhirError> {
		let resource: Value = serde_json::from_slice(body).map_err(|e| {
			FhirError::unmappable("structure", kind, format!("the body is not JSON: {e}"))
		})?;
		let Some(object) = resource.as_object() else {
			return Err(FhirError::unmappable("structure", kind, "the body is not a JSON object"));
		};
		match object.get("resourceType").and_then(Value::as_str) {
			Some(found) if found == kind => {},
			found => {
				let found = found.map_or("none".to_string(), |found| format!("`{found}`"));
				return Err(FhirError::unmappable(
					"invalid",
					kind,
					format!("resourceType is {found}: POST /{kind} takes a {kind}"),
				));
			},
		}
		const IGNORED: [&str; 4] = ["resourceType", "id", "meta", "text"];
		if let Some(name) = object
			.keys()
			.find(|name| !IGNORED.contains(&name.as_str()) && !kept.contains(&name.as_str()))
		{
			return Err(FhirError::unmappable(
				"not-supported",
				format!("{kind}.{name}"),
				format!(
					"the chain keeps no `{name}` of a new {kind}; these are kept: {}",
					kept.join(", ")
				),
			));
		}
		Ok(Posted { resource, kind })
	}

	/// The FHIRPath of `path` in this resource.
	pub(crate) fn at(&self, path: &str) -> String {
		format!("{}.{path}", self.kind)
	}

	/// The element at `path` (`udiCarrier[0].deviceIdentifier`), if present.
	pub(crate) fn get(&self, path: &str) -> Option<&Value> {
		path.split('.').try_fold(&self.resource, |value, step| match step.split_once('[') {
			Some((name, index)) => {
				value.get(name)?.get(index.strip_suffix(']')?.parse::<usize>().ok()?)
			},
			None => value.get(step),
		})
	}

	/// The elements of the array at `path`, none if absent.
	pub(crate) fn list(&self, path: &str) -> Result<Vec<&Value>, FhirError> {
		match self.get(path) {
			None => Ok(Vec::new()),
			Some(Value::Array(items)) => Ok(items.iter().collect()),
			Some(_) => Err(FhirError::unmappable("structure", self.at(path), "must be an array")),
		}
	}

	/// Refuses a second item in the array at `path`: the chain keeps one.
	pub(crate) fn single(&self, path: &str) -> Result<(), FhirError> {
		if self.list(path)?.len() > 1 {
			let why = format!("the chain keeps one `{path}`; a second is not kept");
			return Err(FhirError::unmappable(
				"not-supported",
				self.at(&format!("{path}[1]")),
				why,
			));
		}
		Ok(())
	}

	/// The string at `path`, if present.
	pub(crate) fn text(&self, path: &str) -> Result<Option<&str>, FhirError> {
		match self.get(path) {
			None => Ok(None),
			Some(Value::String(text)) if !text.is_empty() => Ok(Some(text)),
			Some(_) => {
				Err(FhirError::unmappable("structure", self.at(path), "must be a non-empty string"))
			},
		}
	}

	/// The string at `path`, which must be there: `why` says what it is for.
	pub(crate) fn required(&self, path: &str, why: &str) -> Result<&str, FhirError> {
		self.text(path)?
			.ok_or_else(|| FhirError::unmappable("required", self.at(path), why.to_string()))
	}

	/// The organisation a reference at `path` names (`Organization/{id}`), which must be
	/// there: the organisation the facade writes for.
	pub(crate) fn organization(&self, path: &str, why: &str) -> Result<u32, FhirError> {
		let reference = self.required(&format!("{path}.reference"), why)?;
		reference.strip_prefix("Organization/").and_then(|id| id.parse().ok()).ok_or_else(|| {
			FhirError::unmappable(
				"value",
				self.at(&format!("{path}.reference")),
				format!("`{reference}` is not a member of the consortium (`Organization/ID`)"),
			)
		})
	}

	/// The first coding at `path` (a CodeableConcept) of a code system the chain keeps, as the
	/// chain's prefixed code; a coding of any other system is refused, not skipped.
	pub(crate) fn code(&self, path: &str) -> Result<Option<String>, FhirError> {
		let codings = self.list(&format!("{path}.coding"))?;
		let Some(coding) = codings.first() else { return Ok(None) };
		self.single(&format!("{path}.coding"))?;
		let at = |element: &str| self.at(&format!("{path}.coding[0].{element}"));
		let field = |name: &str| coding.get(name).and_then(Value::as_str);
		let (Some(system), Some(code)) = (field("system"), field("code")) else {
			return Err(FhirError::unmappable(
				"required",
				at("code"),
				"a coding needs its system and code",
			));
		};
		elements::prefixed(system, code).map(Some).ok_or_else(|| {
			FhirError::unmappable(
				"code-invalid",
				at("system"),
				format!(
					"`{system}` is not a code system the chain keeps (docs/fhir.md lists them)"
				),
			)
		})
	}

	/// Refuses the value at `path` unless `ok`: `why` says what shape the chain takes.
	pub(crate) fn check(
		&self,
		ok: bool,
		path: &str,
		value: &str,
		why: &str,
	) -> Result<(), FhirError> {
		if ok {
			return Ok(());
		}
		Err(FhirError::unmappable("value", self.at(path), format!("`{value}`: {why}")))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn refused(body: &str, kept: &[&str]) -> (String, String) {
		match Posted::parse(body.as_bytes(), "Device", kept) {
			Err(FhirError::Unmappable { code, at, .. }) => (code.to_string(), at),
			Err(other) => panic!("{other}"),
			Ok(_) => panic!("accepted {body}"),
		}
	}

	#[test]
	fn what_is_not_a_device_is_refused_where_it_fails() {
		assert_eq!(refused("{", &[]), ("structure".into(), "Device".into()));
		assert_eq!(
			refused(r#"{"resourceType":"Patient"}"#, &[]),
			("invalid".into(), "Device".into())
		);
		assert_eq!(
			refused(r#"{"resourceType":"Device","note":[]}"#, &["lotNumber"]),
			("not-supported".into(), "Device.note".into())
		);
	}

	#[test]
	fn elements_are_found_by_path() {
		let body = r#"{"resourceType":"Device","udiCarrier":[{"deviceIdentifier":"00643169007222"}],
			"type":[{"coding":[{"system":"http://snomed.info/sct","code":"14106009"}]}],
			"owner":{"reference":"Organization/1"}}"#;
		let posted =
			Posted::parse(body.as_bytes(), "Device", &["udiCarrier", "type", "owner"]).unwrap();
		assert_eq!(posted.text("udiCarrier[0].deviceIdentifier").unwrap(), Some("00643169007222"));
		assert_eq!(posted.text("udiCarrier[1].deviceIdentifier").unwrap(), None);
		assert_eq!(posted.code("type[0]").unwrap().as_deref(), Some("SCT:14106009"));
		assert_eq!(posted.organization("owner", "").unwrap(), 1);
		assert!(matches!(
			posted.required("modelNumber", "the model"),
			Err(FhirError::Unmappable { code: "required", .. })
		));
	}
}
