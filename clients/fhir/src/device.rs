//! `Device`: a registered device as FHIR R5 has it (docs/fhir.md maps every element).
//!
//! The registry keeps a slim profile after FHIR Device and IEEE 11073: the UDI, the type,
//! model, version and modality codes, status, availability and operating mode, the custodian
//! and where it keeps the device, working hours and cycles. What is not on chain (names, the
//! full profile document) is not invented here; the profile document is named by its CID.

use std::sync::Arc;

use axum::{
	body::Bytes,
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::api::{
	self,
	runtime_types::{
		bounded_collections::bounded_vec::BoundedVec,
		medchain_primitives::devices::{
			Availability, Device, DeviceProfile, Lifecycle, OperatingMode, RecordStatus,
			StatusReason, Udi,
		},
	},
};
use medchain_primitives::{codes, records::is_cid_v1};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	elements::{coding, member, text},
	http::{bounded, created, fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
	posted::Posted,
};

/// The identifier system of a device's id on chain.
pub const DEVICE_ID_SYSTEM: &str = "urn:medchain:device";
/// The code system of a device's lifecycle state (docs/devices.md).
pub const LIFECYCLE_SYSTEM: &str = "urn:medchain:device-lifecycle";
/// The identifier system of a full profile document's CID.
pub const PROFILE_SYSTEM: &str = "urn:medchain:device-profile-cid";
/// The identifier system of a full profile document's hash (32 bytes, hex).
pub const PROFILE_HASH_SYSTEM: &str = "urn:medchain:device-profile-hash";

/// The UDI issuers FHIR names (`Device.udiCarrier.issuer`), by the UDI-DI's shape: GS1's
/// GTIN-14 (digits), HIBCC's (`+…`), ICCBBA's ISBT 128 (`=…`).
pub fn udi_issuer(di: &str) -> &'static str {
	match di.as_bytes().first() {
		Some(b'+') => "http://hl7.org/fhir/NamingSystem/hibcc-dI",
		Some(b'=') => "http://hl7.org/fhir/NamingSystem/iccbba-other-di",
		_ => "http://hl7.org/fhir/NamingSystem/gs1-di",
	}
}

/// A registry date (`YYYYMMDD`) as a FHIR date (`YYYY-MM-DD`), if it is a calendar date.
pub fn date(yyyymmdd: u32) -> Option<String> {
	let (year, month, day) = (yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
	let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
	Some(date.format("%Y-%m-%d").to_string())
}

pub(crate) fn lifecycle(state: &Lifecycle) -> &'static str {
	match state {
		Lifecycle::Manufactured => "manufactured",
		Lifecycle::Released => "released",
		Lifecycle::InTransit => "in-transit",
		Lifecycle::Installed => "installed",
		Lifecycle::InService => "in-service",
		Lifecycle::Maintenance => "maintenance",
		Lifecycle::Recalled => "recalled",
		Lifecycle::Decommissioned => "decommissioned",
	}
}

/// Device `id` as a FHIR R5 `Device`.
pub fn resource(id: u64, device: &Device) -> Value {
	let di = text(&device.udi.di);
	let udi = json!({ "deviceIdentifier": di, "issuer": udi_issuer(&di) });
	let profile = &device.profile;
	let condition = &device.condition;
	let status = match condition.status {
		RecordStatus::Active => "active",
		RecordStatus::Inactive => "inactive",
		RecordStatus::EnteredInError => "entered-in-error",
	};
	let availability = match condition.availability {
		Availability::Available => "available",
		Availability::Lost => "lost",
		Availability::Damaged => "damaged",
		Availability::Destroyed => "destroyed",
	};
	let mode = match condition.mode {
		OperatingMode::Normal => "normal",
		OperatingMode::Demonstration => "demonstration",
		OperatingMode::Service => "service",
		OperatingMode::Standby => "standby",
	};
	let reason = match condition.reason {
		StatusReason::Online => "online",
		StatusReason::Paused => "paused",
		StatusReason::Standby => "standby",
		StatusReason::Offline => "offline",
		StatusReason::NotReady => "not-ready",
		StatusReason::TransducerDisconnected => "transducer-discon",
		StatusReason::HardwareDisconnected => "hw-discon",
		StatusReason::Off => "off",
	};
	let mut types = vec![json!({ "coding": [coding(&text(&profile.device_type))] })];
	types.extend(profile.modality.as_ref().map(|m| json!({ "coding": [coding(&text(m))] })));
	let mut resource = json!({
		"resourceType": "Device",
		"id": id.to_string(),
		"identifier": [
			{ "system": DEVICE_ID_SYSTEM, "value": id.to_string() },
			{ "system": PROFILE_SYSTEM, "value": text(&profile.profile_cid) },
			{ "system": PROFILE_HASH_SYSTEM, "value": hex::encode(profile.profile_hash) },
		],
		"status": status,
		"availabilityStatus": {
			"coding": [{ "system": "http://hl7.org/fhir/device-availability-status", "code": availability }]
		},
		"manufacturer": format!("medchain organisation {}", device.manufacturer),
		"modelNumber": text(&profile.model),
		"type": types,
		"version": [{ "value": text(&profile.version) }],
		"property": [
			{
				"type": { "text": "lifecycle" },
				"valueCodeableConcept": {
					"coding": [{ "system": LIFECYCLE_SYSTEM, "code": lifecycle(&device.lifecycle) }]
				}
			},
			{
				"type": { "text": "status reason" },
				"valueCodeableConcept": {
					"coding": [{ "system": "http://terminology.hl7.org/CodeSystem/device-status-reason", "code": reason }]
				}
			}
		],
		"mode": { "text": mode },
		"cycle": {
			"value": device.operating_cycles,
			"system": "http://unitsofmeasure.org",
			"code": "1"
		},
		"duration": {
			"value": device.working_hours,
			"unit": "h",
			"system": "http://unitsofmeasure.org",
			"code": "h"
		},
		"owner": member(device.custodian),
	});
	if let Some(serial) = &device.udi.serial {
		resource["serialNumber"] = json!(text(serial));
	}
	if let Some(lot) = &device.udi.lot {
		resource["lotNumber"] = json!(text(lot));
	}
	if let Some(made) = device.udi.manufactured_on.and_then(date) {
		resource["manufactureDate"] = json!(made);
	}
	if let Some(expires) = device.udi.expires_on.and_then(date) {
		resource["expirationDate"] = json!(expires);
	}
	if let Some(location) = &device.location {
		resource["location"] = location_reference(&text(location));
	}
	resource["udiCarrier"] = json!([udi]);
	resource
}

/// Where the custodian keeps a device (`GLN:<13 digits>[.<room>]`), as a logical reference
/// to a FHIR Location: GS1's Global Location Number, and the custodian's own room or ward.
fn location_reference(code: &str) -> Value {
	let gln = code.strip_prefix("GLN:").unwrap_or(code);
	let display = match gln.split_once('.') {
		Some((gln, room)) => format!("GLN {gln}, {room}"),
		None => format!("GLN {gln}"),
	};
	json!({
		"identifier": { "system": "urn:oid:2.51.1.3", "value": gln },
		"display": display
	})
}

/// `GET /Device/{id}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let found = match id.parse::<u64>() {
		Ok(number) => by_id(&facade, number).await?,
		Err(_) => None,
	};
	found.map(fhir).ok_or_else(|| not_found("Device", &id))
}

/// Device `id` as a resource, if registered.
async fn by_id(facade: &Facade, id: u64) -> Result<Option<Value>, FhirError> {
	let found = facade
		.ask(|client| async move {
			client.call(api::runtime_apis().device_registry_api().device(id)).await
		})
		.await?;
	Ok(found.map(|found| resource(id, &found)))
}

/// `GET /Device?…`: by `_id` or `identifier` (`urn:medchain:device|ID`); by UDI: `udi-di`
/// with `serial-number` (and `lot-number` if the UDI carries one) for one device, or with
/// `lot-number` alone for the lot's devices; or by `organization` (`Organization/ID`), the
/// devices a member holds now (FHIR's `Device.owner`). `organization` narrows the others;
/// paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	const SERVED: [&str; 8] = [
		"_id",
		"identifier",
		"udi-di",
		"serial-number",
		"lot-number",
		"organization",
		"_count",
		"_cursor",
	];
	let search = Search::parse(raw, &SERVED)?;
	let count = search.count()?;
	let owner = search.reference::<u32>("organization", "Organization", "a member")?;
	let mut page =
		match (requested_id(&search)?, search.get("udi-di"), owner) {
			(Some(id), ..) => Page::all(by_id(&facade, id).await?.into_iter().collect()),
			(None, Some(di), _) => by_udi(&facade, &search, di, count).await?,
			(None, None, Some(owner)) => held_by(&facade, &search, owner, count).await?,
			(None, None, None) => return Err(FhirError::not_supported(
				"Device",
				"name _id, identifier, organization, or udi-di with serial-number or lot-number",
			)),
		};
	if let Some(owner) = owner {
		let owned = member(owner);
		page.resources.retain(|device| device["owner"] == owned);
	}
	Ok(searchset(&facade, "Device", &search, page))
}

/// One page of the devices member `owner` holds.
async fn held_by(
	facade: &Facade,
	search: &Search,
	owner: u32,
	count: u32,
) -> Result<Page, FhirError> {
	let after = search.number::<u64>("_cursor")?;
	let devices = facade
		.ask(|client| async move {
			let api = api::runtime_apis().device_registry_api();
			client.call(api.devices_of_custodian(owner, after, count)).await
		})
		.await?;
	Ok(paged(search, devices, count))
}

/// A page of devices with their ids, and the next page's link if this one is full.
fn paged(search: &Search, devices: Vec<(u64, Device)>, count: u32) -> Page {
	let full = devices.len() == count as usize;
	let next = devices.last().filter(|_| full).map(|(last, _)| search.next(&last.to_string()));
	let resources = devices.iter().map(|(id, found)| resource(*id, found)).collect();
	Page { resources, next, total: None }
}

/// The devices of a UDI-DI search: one by its serial, or a lot's, paged.
async fn by_udi(facade: &Facade, search: &Search, di: &str, count: u32) -> Result<Page, FhirError> {
	let di = bounded(di, "udi-di", 64)?;
	let serial =
		search.get("serial-number").map(|s| bounded(s, "serial-number", 40)).transpose()?;
	let lot = search.get("lot-number").map(|l| bounded(l, "lot-number", 40)).transpose()?;
	match (serial, lot) {
		(None, None) => Err(FhirError::not_supported(
			"udi-di",
			"a search by udi-di needs serial-number or lot-number (a model's devices are not listed)",
		)),
		(Some(serial), lot) => {
			let found = facade
				.ask(|client| async move {
					let api = api::runtime_apis().device_registry_api();
					client.call(api.device_by_udi(di, Some(serial), lot)).await
				})
				.await?;
			Ok(Page::all(found.map(|(id, found)| resource(id, &found)).into_iter().collect()))
		},
		(None, Some(lot)) => {
			let after = search.number::<u64>("_cursor")?;
			let devices = facade
				.ask(|client| async move {
					let api = api::runtime_apis().device_registry_api();
					client.call(api.devices_of_lot(di, lot, after, count)).await
				})
				.await?;
			Ok(paged(search, devices, count))
		},
	}
}

/// The device id a search names by `_id` or by `identifier` (`urn:medchain:device|ID`).
fn requested_id(search: &Search) -> Result<Option<u64>, FhirError> {
	let (at, value) = match (search.get("_id"), search.get("identifier")) {
		(Some(id), _) => ("_id", id),
		(None, Some(identifier)) => match identifier.split_once('|') {
			Some((DEVICE_ID_SYSTEM | "", value)) => ("identifier", value),
			None => ("identifier", identifier),
			Some((system, _)) => {
				return Err(FhirError::not_supported(
					"identifier",
					format!(
						"identifiers of system `{system}` are not searched; use \
						 `{DEVICE_ID_SYSTEM}|ID`, or udi-di for a UDI"
					),
				))
			},
		},
		(None, None) => return Ok(None),
	};
	let id = value
		.parse()
		.map_err(|_| FhirError::invalid(at, format!("`{value}` is not a device id")))?;
	Ok(Some(id))
}

/// The elements a posted Device may have: what registration keeps.
const KEPT: [&str; 12] = [
	"identifier",
	"status",
	"udiCarrier",
	"manufacturer",
	"manufactureDate",
	"expirationDate",
	"lotNumber",
	"serialNumber",
	"modelNumber",
	"type",
	"version",
	"owner",
];

/// `POST /Device`: a manufacturer's system registers a device, signed with the account the
/// facade holds for the manufacturer it names as `owner`. Answers 201 with the device as the
/// chain now has it, once its block is final; nothing is written if any element cannot be
/// mapped or the chain refuses.
pub(crate) async fn create(
	State(facade): State<Arc<Facade>>,
	body: Bytes,
) -> Result<Response, FhirError> {
	let posted = Posted::parse(&body, "Device", &KEPT)?;
	let org = posted.organization(
		"owner",
		"the manufacturer registering the device (`Organization/ID`), whose account signs",
	)?;
	let (udi, profile) = registration(&posted)?;
	let call = api::tx().device_registry().register_device(udi, profile);
	let id = facade.write(org, call, ("DeviceRegistry", "DeviceRegistered", "device")).await?;
	Ok(created(&facade, "Device", id, by_id(&facade, id).await))
}

/// The registration a posted Device asks for, its every element checked as the chain will.
fn registration(posted: &Posted) -> Result<(Udi, DeviceProfile), FhirError> {
	if let Some(status) = posted.text("status")? {
		posted.check(status == "active", "status", status, "a device is registered active")?;
	}
	for single in ["udiCarrier", "version"] {
		posted.single(single)?;
	}
	let di = posted.required("udiCarrier[0].deviceIdentifier", "the UDI-DI of the device")?;
	let production = |path: &str| -> Result<Option<BoundedVec<u8>>, FhirError> {
		let Some(id) = posted.text(path)? else { return Ok(None) };
		let why = "a lot or serial is 1 to 20 characters of GS1's set 82";
		posted.check(codes::is_production_id(id.as_bytes()), path, id, why)?;
		Ok(Some(BoundedVec(id.as_bytes().to_vec())))
	};
	let (serial, lot) = (production("serialNumber")?, production("lotNumber")?);
	if serial.is_none() && lot.is_none() {
		return Err(FhirError::unmappable(
			"required",
			posted.at("serialNumber"),
			"a UDI names the device's serial, its lot, or both",
		));
	}
	// A date, or the day of a dateTime (in its own time zone): the chain keeps a day.
	let date = |path: &str| -> Result<Option<u32>, FhirError> {
		let Some(text) = posted.text(path)? else { return Ok(None) };
		let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
			.ok()
			.or_else(|| Some(chrono::DateTime::parse_from_rfc3339(text).ok()?.date_naive()));
		let day = day.ok_or_else(|| {
			let why = format!("`{text}` is not a day (YYYY-MM-DD, or a dateTime)");
			FhirError::unmappable("value", posted.at(path), why)
		})?;
		Ok(day.format("%Y%m%d").to_string().parse().ok())
	};
	let why = "a UDI-DI has 1 to 64 characters";
	posted.check(di.len() <= 64, "udiCarrier[0].deviceIdentifier", di, why)?;
	let udi = Udi {
		di: BoundedVec(di.as_bytes().to_vec()),
		serial,
		lot,
		manufactured_on: date("manufactureDate")?,
		expires_on: date("expirationDate")?,
	};
	Ok((udi, profile(posted)?))
}

/// The profile a posted Device describes: type and modality, model, version, and the full
/// profile document's CID and hash.
fn profile(posted: &Posted) -> Result<DeviceProfile, FhirError> {
	let (mut device_type, mut modality) = (None, None);
	for (index, _) in posted.list("type")?.iter().enumerate() {
		let path = format!("type[{index}]");
		let Some(code) = posted.code(&path)? else {
			let why = "a type needs a coding: text alone is not kept";
			return Err(FhirError::unmappable(
				"required",
				posted.at(&format!("{path}.coding")),
				why,
			));
		};
		let slot = if codes::is_device_type(code.as_bytes()) {
			&mut device_type
		} else if codes::is_modality(code.as_bytes()) {
			&mut modality
		} else {
			let why = "a device type is a GMDN term (5 digits) or a SNOMED CT concept; a modality DICOM's or IEEE 11073's";
			return Err(FhirError::unmappable(
				"code-invalid",
				posted.at(&format!("{path}.coding[0].code")),
				format!("`{code}`: {why}"),
			));
		};
		if slot.replace(BoundedVec(code.into_bytes())).is_some() {
			return Err(FhirError::unmappable(
				"value",
				posted.at(&path),
				"a device has one type and one modality",
			));
		}
	}
	let device_type = device_type.ok_or_else(|| {
		FhirError::unmappable(
			"required",
			posted.at("type"),
			"the device's type: a GMDN or SNOMED CT coding",
		)
	})?;
	let model = posted.required("modelNumber", "the model's catalogue or reference number")?;
	posted.check(
		codes::is_model(model.as_bytes()),
		"modelNumber",
		model,
		"1 to 30 characters of GS1's set 82",
	)?;
	let version = posted.required("version[0].value", "the device's version")?;
	let why = "1 to 20 letters, digits, `.`, `-`, `+` or `_`";
	posted.check(codes::is_version(version.as_bytes()), "version[0].value", version, why)?;
	let (mut cid, mut hash) = (None, None);
	for (index, identifier) in posted.list("identifier")?.iter().enumerate() {
		let value = identifier.get("value").and_then(Value::as_str).unwrap_or_default();
		let path = format!("identifier[{index}].value");
		match identifier.get("system").and_then(Value::as_str) {
			Some(PROFILE_SYSTEM) => {
				posted.check(
					is_cid_v1(value.as_bytes()),
					&path,
					value,
					"a canonical CIDv1 (base32, sha2-256)",
				)?;
				cid = Some(BoundedVec(value.as_bytes().to_vec()));
			},
			Some(PROFILE_HASH_SYSTEM) => {
				let bytes =
					hex::decode(value).ok().and_then(|bytes| <[u8; 32]>::try_from(bytes).ok());
				posted.check(bytes.is_some(), &path, value, "32 bytes in hex")?;
				hash = bytes;
			},
			// The device's id on chain is given when it is registered.
			Some(DEVICE_ID_SYSTEM) => {},
			other => {
				let system = other.unwrap_or("none");
				let why = format!("an identifier of system `{system}` is not kept: the chain keeps `{PROFILE_SYSTEM}` and `{PROFILE_HASH_SYSTEM}`");
				return Err(FhirError::unmappable(
					"not-supported",
					posted.at(&format!("identifier[{index}].system")),
					why,
				));
			},
		}
	}
	let missing = |system: &str| {
		FhirError::unmappable(
			"required",
			posted.at("identifier"),
			format!("the full profile document, as an identifier of system `{system}`"),
		)
	};
	Ok(DeviceProfile {
		device_type,
		model: BoundedVec(model.as_bytes().to_vec()),
		version: BoundedVec(version.as_bytes().to_vec()),
		modality,
		profile_cid: cid.ok_or_else(|| missing(PROFILE_SYSTEM))?,
		profile_hash: hash.ok_or_else(|| missing(PROFILE_HASH_SYSTEM))?,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates_are_fhirs() {
		assert_eq!(date(20_261_206).as_deref(), Some("2026-12-06"));
		assert_eq!(date(20_261_300), None);
		assert_eq!(date(20_260_229), None);
	}

	#[test]
	fn udis_get_their_issuers() {
		assert_eq!(udi_issuer("00643169007222"), "http://hl7.org/fhir/NamingSystem/gs1-di");
		assert_eq!(udi_issuer("+H123ABC1"), "http://hl7.org/fhir/NamingSystem/hibcc-dI");
	}
}
