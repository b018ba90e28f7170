//! What the resources share: references to accounts and members, codings of the chain's
//! prefixed codes, instants, and the `date` search.
//!
//! People are on chain only as pseudonymous accounts, and the facade serves no `Patient` or
//! `Practitioner`: a person is a logical reference, the account's SS58 address under
//! [`ACCOUNT_SYSTEM`], with the kind of person it is. Members are `Organization/{id}`.

use chrono::{DateTime, Months, NaiveDate, SecondsFormat, TimeDelta, Utc};
use medchain_client::{
	api::runtime_types::bounded_collections::bounded_vec::BoundedVec, AccountId,
};
use serde_json::{json, Value};

use crate::outcome::FhirError;

/// The identifier system of an account on chain (its SS58 address).
pub const ACCOUNT_SYSTEM: &str = "urn:medchain:account";
/// The code system of IMDRF's adverse-event terms (`IMDRF:A050202`): IMDRF names no FHIR
/// URI for them, so this one is medchain's.
pub const IMDRF_SYSTEM: &str = "urn:medchain:imdrf-aer";
/// Where medchain's own extensions live: `{EXTENSIONS}:{name}`.
pub const EXTENSIONS: &str = "urn:medchain:fhir";

/// An account as a logical reference, of no stated kind.
pub fn account(who: &AccountId) -> Value {
	json!({ "identifier": { "system": ACCOUNT_SYSTEM, "value": who.to_string() } })
}

/// An account as a logical reference to a person of `kind` (`Patient`, `Practitioner`, or
/// `Device` for a service's account).
pub fn person(who: &AccountId, kind: &str) -> Value {
	let mut reference = account(who);
	reference["type"] = json!(kind);
	reference
}

/// A patient's account.
pub fn patient(who: &AccountId) -> Value {
	person(who, "Patient")
}

/// A member of the consortium.
pub fn member(org: u32) -> Value {
	json!({ "reference": format!("Organization/{org}") })
}

/// One of medchain's own extensions.
pub fn extension(name: &str, value_type: &str, value: Value) -> Value {
	let mut extension = json!({ "url": format!("{EXTENSIONS}:{name}") });
	extension[format!("value{value_type}")] = value;
	extension
}

/// A prefixed code of the chain (`GMDN:35211`, `SCT:…`, `DCM:CT`, `MDC:…`, `IMDRF:A05`) as a
/// FHIR Coding of its code system.
pub fn coding(code: &str) -> Value {
	let (system, value) = match code.split_once(':') {
		Some(("GMDN", term)) => ("http://terminology.hl7.org/CodeSystem/GMDN", term),
		Some(("SCT", concept)) => ("http://snomed.info/sct", concept),
		Some(("DCM", modality)) => ("http://dicom.nema.org/resources/ontology/DCM", modality),
		Some(("MDC", reference)) => ("urn:iso:std:iso:11073:10101", reference),
		Some(("IMDRF", term)) => (IMDRF_SYSTEM, term),
		_ => return json!({ "code": code }),
	};
	json!({ "system": system, "code": value })
}

/// The chain's prefixed code for a FHIR Coding: the inverse of [`coding`], `None` for a
/// system the chain has no prefix for.
pub fn prefixed(system: &str, code: &str) -> Option<String> {
	let prefix = match system {
		"http://terminology.hl7.org/CodeSystem/GMDN" => "GMDN",
		"http://snomed.info/sct" => "SCT",
		"http://dicom.nema.org/resources/ontology/DCM" => "DCM",
		"urn:iso:std:iso:11073:10101" => "MDC",
		IMDRF_SYSTEM => "IMDRF",
		_ => return None,
	};
	Some(format!("{prefix}:{code}"))
}

/// A text the chain keeps as bytes (a code, a lot, a CID).
pub fn text(bytes: &BoundedVec<u8>) -> String {
	String::from_utf8_lossy(&bytes.0).into_owned()
}

/// A chain moment (ms since the Unix epoch) as a FHIR instant, in UTC (milliseconds only
/// where there are some).
pub fn instant(ms: u64) -> String {
	let at = i64::try_from(ms).ok().and_then(DateTime::from_timestamp_millis).unwrap_or_default();
	at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A chain moment as a FHIR date (the UTC day).
pub fn day(ms: u64) -> String {
	instant(ms)[..10].to_string()
}

/// A `date` search: the instants (ms) its values keep, `from` included, `until` not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
	from: u64,
	until: u64,
}

impl DateRange {
	/// Every instant.
	pub const ALL: DateRange = DateRange { from: 0, until: u64::MAX };

	/// The range `values` keep, each a date search value (`ge2026-01-01`, `2026-12`,
	/// `lt2026-12-06T10:00:00Z`), all of which must hold: FHIR's `eq` (the default), `ge`,
	/// `gt`, `le` and `lt` over a year, month, day or dateTime. A date without a time zone is
	/// UTC's.
	pub fn parse(values: &[&str]) -> Result<DateRange, FhirError> {
		let mut range = DateRange::ALL;
		for value in values {
			let (prefix, text) = match value.get(..2) {
				Some(p @ ("eq" | "ge" | "gt" | "le" | "lt")) => (p, &value[2..]),
				Some("ne" | "sa" | "eb" | "ap") => {
					return Err(FhirError::not_supported(
						"date",
						format!("`{value}`: only the prefixes eq, ge, gt, le and lt are served"),
					))
				},
				_ => ("eq", *value),
			};
			let (start, end) =
				period(text).ok_or_else(|| {
					FhirError::invalid(
					"date",
					format!("`{value}` is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)"),
				)
				})?;
			match prefix {
				"ge" => range.from = range.from.max(start),
				"gt" => range.from = range.from.max(end),
				"le" => range.until = range.until.min(end),
				"lt" => range.until = range.until.min(start),
				_ => (range.from, range.until) = (range.from.max(start), range.until.min(end)),
			}
		}
		Ok(range)
	}

	/// Whether the chain moment `ms` is in the range.
	pub fn contains(&self, ms: u64) -> bool {
		self.from <= ms && ms < self.until
	}

	/// The first instant in the range.
	pub fn from(&self) -> u64 {
		self.from
	}

	/// Whether `ms` is past the range's end.
	pub fn ended_by(&self, ms: u64) -> bool {
		ms >= self.until
	}
}

/// The instants (ms) a FHIR date or dateTime stands for: its whole year, month, day or
/// second (or millisecond, if it has a fraction).
fn period(text: &str) -> Option<(u64, u64)> {
	let ms = |at: DateTime<Utc>| u64::try_from(at.timestamp_millis()).ok();
	let midnight = |date: NaiveDate| date.and_hms_opt(0, 0, 0).map(|at| at.and_utc());
	let (start, end) = match text.len() {
		4 => {
			let first = NaiveDate::from_ymd_opt(text.parse().ok()?, 1, 1)?;
			(first, first.checked_add_months(Months::new(12))?)
		},
		7 => {
			let first = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok()?;
			(first, first.checked_add_months(Months::new(1))?)
		},
		10 => {
			let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
			(date, date.succ_opt()?)
		},
		_ => {
			let at = DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc);
			let precision = if text.contains('.') { 1 } else { 1_000 };
			return Some((ms(at)?, ms(at + TimeDelta::milliseconds(precision))?));
		},
	};
	Some((ms(midnight(start)?)?, ms(midnight(end)?)?))
}

#[cfg(test)]
mod tests {
	use super::*;

	const DAY: u64 = 86_400_000;
	// 2026-12-06T00:00:00Z
	const DEC_6: u64 = 1_796_515_200_000;

	#[test]
	fn instants_are_utc() {
		assert_eq!(instant(DEC_6 + 1), "2026-12-06T00:00:00.001Z");
		assert_eq!(day(DEC_6 + DAY - 1), "2026-12-06");
	}

	#[test]
	fn date_searches_keep_what_fhir_says() {
		let on = |values: &[&str]| DateRange::parse(values).unwrap();
		assert!(on(&["2026-12-06"]).contains(DEC_6));
		assert!(!on(&["2026-12-06"]).contains(DEC_6 + DAY));
		assert!(on(&["2026"]).contains(DEC_6) && on(&["2026-12"]).contains(DEC_6));
		assert!(!on(&["gt2026-12-06"]).contains(DEC_6 + DAY - 1));
		assert!(on(&["ge2026-12-06", "lt2026-12-07"]).contains(DEC_6 + DAY - 1));
		assert!(!on(&["lt2026-12-06"]).contains(DEC_6));
		assert!(on(&["le2026-12-06"]).contains(DEC_6 + DAY - 1));
		assert!(on(&["eq2026-12-06T00:00:00Z"]).contains(DEC_6 + 999));
		assert!(on(&["2026-12-06T01:00:00+01:00"]).contains(DEC_6));
		assert!(matches!(DateRange::parse(&["2026-13"]), Err(FhirError::Invalid { .. })));
		assert!(matches!(DateRange::parse(&["ap2026"]), Err(FhirError::NotSupported { .. })));
	}

	#[test]
	fn codes_go_both_ways() {
		for code in ["GMDN:47264", "SCT:706172005", "DCM:CT", "MDC:MDC_DEV", "IMDRF:A0401"] {
			let coding = coding(code);
			let back =
				prefixed(coding["system"].as_str().unwrap(), coding["code"].as_str().unwrap());
			assert_eq!(back.as_deref(), Some(code));
		}
		assert_eq!(prefixed("http://loinc.org", "1-8"), None);
	}
}
