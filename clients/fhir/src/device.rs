//! `Device`: a registered device as FHIR R5 has it (docs/fhir.md maps every element).
//!
//! The registry keeps a slim profile after FHIR Device and IEEE 11073: the UDI, the type,
//! model, version and modality codes, status, availability and operating mode, the custodian
//! and where it keeps the device, working hours and cycles. What is not on chain (names, the
//! full profile document) is not invented here; the profile document is named by its CID.

use medchain_client::api::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec,
	medchain_primitives::devices::{
		Availability, Device, Lifecycle, OperatingMode, RecordStatus, StatusReason,
	},
};
use serde_json::{json, Value};

/// The identifier system of a device's id on chain.
pub const DEVICE_ID_SYSTEM: &str = "urn:medchain:device";
/// The code system of a device's lifecycle state (docs/devices.md).
pub const LIFECYCLE_SYSTEM: &str = "urn:medchain:device-lifecycle";
/// The identifier system of a full profile document's CID.
pub const PROFILE_SYSTEM: &str = "urn:medchain:device-profile-cid";

/// The UDI issuers FHIR names (`Device.udiCarrier.issuer`), by the UDI-DI's shape: GS1's
/// GTIN-14 (digits), HIBCC's (`+…`), ICCBBA's ISBT 128 (`=…`).
pub fn udi_issuer(di: &str) -> &'static str {
	match di.as_bytes().first() {
		Some(b'+') => "http://hl7.org/fhir/NamingSystem/hibcc-dI",
		Some(b'=') => "http://hl7.org/fhir/NamingSystem/iccbba-other-di",
		_ => "http://hl7.org/fhir/NamingSystem/gs1-di",
	}
}

/// A prefixed code of the registry (`GMDN:35211`, `SCT:…`, `DCM:CT`, `MDC:…`) as a FHIR
/// Coding of its code system.
pub fn coding(code: &str) -> Value {
	let (system, value) = match code.split_once(':') {
		Some(("GMDN", term)) => ("http://terminology.hl7.org/CodeSystem/GMDN", term),
		Some(("SCT", concept)) => ("http://snomed.info/sct", concept),
		Some(("DCM", modality)) => ("http://dicom.nema.org/resources/ontology/DCM", modality),
		Some(("MDC", reference)) => ("urn:iso:std:iso:11073:10101", reference),
		_ => return json!({ "code": code }),
	};
	json!({ "system": system, "code": value })
}

/// A registry date (`YYYYMMDD`) as a FHIR date (`YYYY-MM-DD`), if it is a calendar date.
pub fn date(yyyymmdd: u32) -> Option<String> {
	let (year, month, day) = (yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
	let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
	Some(date.format("%Y-%m-%d").to_string())
}

fn text(bytes: &BoundedVec<u8>) -> String {
	String::from_utf8_lossy(&bytes.0).into_owned()
}

fn lifecycle(state: &Lifecycle) -> &'static str {
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
		"owner": { "reference": format!("Organization/{}", device.custodian) },
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
	fn codes_get_their_systems() {
		assert_eq!(coding("GMDN:35211")["system"], "http://terminology.hl7.org/CodeSystem/GMDN");
		assert_eq!(coding("SCT:706172005")["code"], "706172005");
		assert_eq!(coding("DCM:CT")["system"], "http://dicom.nema.org/resources/ontology/DCM");
		assert_eq!(udi_issuer("00643169007222"), "http://hl7.org/fhir/NamingSystem/gs1-di");
		assert_eq!(udi_issuer("+H123ABC1"), "http://hl7.org/fhir/NamingSystem/hibcc-dI");
	}
}
