//! Input checked before anything is signed, with the code shapes the pallets check
//! (`medchain_primitives::codes`), so that a typo costs no transaction.

use chrono::{Datelike, NaiveDate, NaiveTime};
use medchain_client::{
	api::runtime_types::bounded_collections::bounded_vec::BoundedVec, AccountId,
};
use medchain_primitives::codes;

use crate::context::Failure;

fn bad(what: &str, value: &str, why: &str) -> Failure {
	Failure::Input(format!("{what} `{value}`: {why}"))
}

/// An account: an SS58 address, or a development name (`//Alice`).
pub fn account(value: &str) -> Result<AccountId, Failure> {
	if value.starts_with("//") {
		return Ok(medchain_client::keys::Account::from_uri(value)?.account_id());
	}
	value
		.parse()
		.map_err(|_| bad("account", value, "not an SS58 address (nor a //Name dev account)"))
}

/// Bytes of a text argument, bounded.
pub fn text(value: &str) -> BoundedVec<u8> {
	BoundedVec(value.as_bytes().to_vec())
}

/// Checks `value` with a code-shape predicate of `medchain_primitives::codes`.
pub fn code(
	what: &str,
	value: &str,
	shape: fn(&[u8]) -> bool,
	expected: &str,
) -> Result<BoundedVec<u8>, Failure> {
	if shape(value.as_bytes()) {
		Ok(text(value))
	} else {
		Err(bad(what, value, &format!("expected {expected}")))
	}
}

/// A UDI-DI: a GS1 GTIN (8, 12, 13 or 14 digits with its check digit) or another issuing
/// agency's identifier (HIBCC, ICCBBA: GS1 character set 82).
pub fn udi_di(value: &str) -> Result<BoundedVec<u8>, Failure> {
	let bytes = value.as_bytes();
	if bytes.is_empty() || bytes.len() > 64 || !bytes.iter().all(|b| codes::is_cset82(*b)) {
		return Err(bad("UDI-DI", value, "expected a GTIN or an issuing agency's DI"));
	}
	if bytes.iter().all(u8::is_ascii_digit) && !codes::gs1_check_digit_ok(bytes) {
		return Err(bad("UDI-DI", value, "a GTIN whose last digit is not its check digit"));
	}
	Ok(text(value))
}

/// A serial or lot (GS1 AI 21 / 10: 1 to 20 characters of set 82).
pub fn production_id(what: &str, value: &str) -> Result<BoundedVec<u8>, Failure> {
	code(what, value, codes::is_production_id, "1 to 20 characters of GS1's set 82")
}

/// A reason code (`FSCA-2026-17`).
pub fn reason(value: &str) -> Result<BoundedVec<u8>, Failure> {
	code("reason", value, codes::is_reason, "a token like FSCA-2026-17 (A-Z, 0-9, - _ . :)")
}

/// A location (`GLN:0614141000012.ICU3`).
pub fn location(value: &str) -> Result<BoundedVec<u8>, Failure> {
	code("location", value, codes::is_location, "GLN: and 13 digits, optionally .EXTENSION")
}

/// A canonical CIDv1 (base32, `bafy…`).
pub fn cid(value: &str) -> Result<BoundedVec<u8>, Failure> {
	if medchain_primitives::records::is_cid_v1(value.as_bytes()) {
		Ok(text(value))
	} else {
		Err(bad("CID", value, "expected a canonical CIDv1 in base32 (bafk…/bafy…)"))
	}
}

/// A 32-byte hash as 64 hex digits (`0x` optional).
pub fn hash(value: &str) -> Result<[u8; 32], Failure> {
	let digits = value.strip_prefix("0x").unwrap_or(value);
	hex::decode(digits)
		.ok()
		.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
		.ok_or_else(|| bad("hash", value, "expected 64 hex digits"))
}

/// A calendar date `YYYY-MM-DD` as `YYYYMMDD` (the UDI's dates).
pub fn date(value: &str) -> Result<u32, Failure> {
	let day = calendar_date(value)?;
	Ok(day.year().unsigned_abs() * 10_000 + day.month() * 100 + day.day())
}

/// A calendar date `YYYY-MM-DD` of the years 1900 to 9999.
fn calendar_date(value: &str) -> Result<NaiveDate, Failure> {
	NaiveDate::parse_from_str(value, "%Y-%m-%d")
		.ok()
		.filter(|day| (1900..=9999).contains(&day.year()))
		.ok_or_else(|| bad("date", value, "expected YYYY-MM-DD"))
}

/// A date `YYYY-MM-DD` (00:00 UTC) or `now`, in ms since the Unix epoch (the chain's
/// `Moment`).
pub fn moment(value: &str) -> Result<u64, Failure> {
	if value == "now" {
		return Ok(now_millis());
	}
	let midnight = calendar_date(value)?.and_time(NaiveTime::MIN).and_utc();
	u64::try_from(midnight.timestamp_millis()).map_err(|_| bad("date", value, "lies before 1970"))
}

/// A moment that must lie ahead (an expiry): a date, or a time from now (`+8h`, `+30min`).
pub fn future_moment(what: &str, value: &str) -> Result<u64, Failure> {
	if let Some(span) = value.strip_prefix('+') {
		let span = humantime::parse_duration(span).map_err(|e| bad(what, value, &e.to_string()))?;
		let span = u64::try_from(span.as_millis()).map_err(|_| bad(what, value, "too far"))?;
		return now_millis().checked_add(span).ok_or_else(|| bad(what, value, "too far"));
	}
	let moment = moment(value)?;
	if moment <= now_millis() {
		return Err(bad(what, value, "lies in the past"));
	}
	Ok(moment)
}

pub fn now_millis() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates_are_checked_and_converted() {
		assert_eq!(moment("1970-01-01").unwrap(), 0);
		assert_eq!(moment("2026-12-06").unwrap(), 1_796_515_200_000);
		assert_eq!(date("2026-02-28").unwrap(), 20_260_228);
		assert!(date("2026-02-29").is_err());
		assert!(date("2024-02-29").is_ok());
		assert!(date("06/12/2026").is_err());
		assert!(future_moment("expiry", "2020-01-01").is_err());
		let soon = future_moment("expiry", "+90s").unwrap();
		assert!((now_millis() + 85_000..=now_millis() + 90_000).contains(&soon));
		assert!(future_moment("expiry", "+ninety").is_err());
		assert!(future_moment("expiry", "+100000000000000000y").is_err());
	}

	#[test]
	fn codes_are_checked_before_signing() {
		assert!(udi_di("00643169007222").is_ok());
		assert!(udi_di("00643169007223").is_err(), "a wrong GTIN check digit");
		assert!(udi_di("").is_err());
		assert!(cid("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy").is_ok());
		assert!(cid("QmNotACidV1").is_err());
		assert!(reason("FSCA-2026-17").is_ok());
		assert!(reason("lower case").is_err());
		assert!(hash(&"ab".repeat(32)).is_ok());
		assert!(hash("0x12").is_err());
		assert!(account("//Alice").is_ok());
		assert!(account("not-an-address").is_err());
	}
}
