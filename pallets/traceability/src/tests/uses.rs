//! Uses on patients by pseudonym, patients' reports filed for them, the bound on reports, and
//! what the registry and this pallet expose: [`exposure`] is docs/privacy.md's rule, checked
//! after every step of the property test.

use super::*;

#[test]
fn clinicians_record_uses_under_pseudonyms() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 2);
		let (lead, catheter) = (devices[0], devices[1]);
		let (eve, frank) = (pseudonym(PATIENT, lead), pseudonym(OTHER_PATIENT, lead));
		let use_on =
			|device, pseudonym, usage| Trace::record_use(signed(SURGEON), device, pseudonym, usage);
		assert_ok!(use_on(lead, eve, PatientUse::Implant));
		assert_last(Event::DeviceUsed {
			device: lead,
			hospital: HOSPITAL,
			usage: PatientUse::Implant,
		});
		assert_eq!(ImplantedIn::<Test>::get(lead), Some(eve));
		assert_noop!(use_on(lead, frank, PatientUse::Implant), Error::<Test>::AlreadyImplanted);
		assert_noop!(use_on(lead, frank, PatientUse::Procedure), Error::<Test>::AlreadyImplanted);
		assert_noop!(use_on(lead, frank, PatientUse::Explant), Error::<Test>::NotImplanted);
		assert_noop!(
			use_on(catheter, pseudonym(PATIENT, catheter), PatientUse::Explant),
			Error::<Test>::NotImplanted
		);
		pallet_timestamp::Now::<Test>::put(START + 1_000);
		assert_ok!(use_on(catheter, pseudonym(PATIENT, catheter), PatientUse::Procedure));
		assert_ok!(use_on(catheter, pseudonym(OTHER_PATIENT, catheter), PatientUse::Procedure));
		assert_ok!(use_on(lead, eve, PatientUse::Explant));
		assert_eq!(ImplantedIn::<Test>::get(lead), None);
		assert_eq!(
			Trace::device_uses(lead, None, 10),
			vec![PseudonymousUse {
				pseudonym: eve,
				uses: DeviceUse {
					last: PatientUse::Explant,
					last_at: START + 1_000,
					first_at: START,
					hospital: HOSPITAL
				}
			}]
		);
		// Paging: one at a time reaches both of the catheter's uses, once each.
		let first = Trace::device_uses(catheter, None, 1);
		let second = Trace::device_uses(catheter, Some(first[0].pseudonym), 1);
		let third = Trace::device_uses(catheter, Some(second[0].pseudonym), 1);
		assert_ne!(first[0].pseudonym, second[0].pseudonym);
		assert!(third.is_empty());
		// The trail says a use happened, at which hospital, by whom: never on whom.
		let last = Trace::trace(lead, DeviceTrailHead::<Test>::get(lead).length - 1, 1);
		assert_eq!(last[0].1.entry, DeviceEvent::UsedOn { usage: PatientUse::Explant });
		assert_eq!((last[0].1.by, last[0].1.org), (SURGEON, Some(HOSPITAL)));
		assert_ok!(Trace::do_try_state());
	});
}

#[test]
fn uses_are_refused_to_the_wrong_people_pseudonyms_and_devices() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 1);
		let id = devices[0];
		let use_as = |who, device| {
			Trace::record_use(signed(who), device, pseudonym(PATIENT, device), PatientUse::Implant)
		};
		for who in [HOSPITAL_ADMIN, BIOMED, OTHER_SURGEON, LAB_DOCTOR, PATIENT, STRANGER] {
			assert_noop!(use_as(who, id), Error::<Test>::NotAuthorised);
		}
		assert_noop!(
			Trace::record_use(signed(SURGEON), id, [0; 32], PatientUse::Implant),
			Error::<Test>::InvalidPseudonym
		);
		assert_noop!(use_as(SURGEON, 77), Error::<Test>::DeviceNotFound);
		assert_ok!(Registry::start_maintenance(signed(BIOMED), id));
		assert_noop!(use_as(SURGEON, id), Error::<Test>::DeviceNotUsable);
		// Still at the manufacturer: not the surgeon's hospital.
		let fresh = register("SN-NEW");
		assert_noop!(use_as(SURGEON, fresh), Error::<Test>::NotAuthorised);
	});
}

#[test]
fn an_implanted_device_cannot_be_dispatched_until_explanted() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 1);
		let id = devices[0];
		let eve = pseudonym(PATIENT, id);
		assert_ok!(Trace::record_use(signed(SURGEON), id, eve, PatientUse::Implant));
		assert_noop!(
			Registry::dispatch(signed(BIOMED), id, CARRIER, OTHER_HOSPITAL),
			Error::<Test>::DeviceImplanted
		);
		assert_ok!(Trace::record_use(signed(SURGEON), id, eve, PatientUse::Explant));
		assert_ok!(Registry::dispatch(signed(BIOMED), id, CARRIER, OTHER_HOSPITAL));
	});
}

#[test]
fn a_patients_report_is_filed_for_them_by_a_clinician_or_an_officer() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		let file = |who| {
			Trace::report_for_patient(signed(who), id, report(START, Seriousness::Disability))
		};
		// A patient signing a report would tie their account to a device and an outcome.
		assert_noop!(
			Trace::report_adverse_event(signed(PATIENT), id, report(START, Seriousness::Death)),
			Error::<Test>::NotAuthorised
		);
		for who in [PATIENT, HOSPITAL_ADMIN, BIOMED, LAB_DOCTOR, MAKER, DRIVER, REGULATOR_ADMIN] {
			assert_noop!(file(who), Error::<Test>::NotAuthorised);
		}
		assert_ok!(file(SURGEON));
		assert_ok!(file(OFFICER));
		for (event, filer) in [(0, SURGEON), (1, OFFICER)] {
			let report = AdverseEvents::<Test>::get(event).unwrap();
			assert_eq!((report.source, report.reporter), (ReportSource::Patient, filer));
		}
		assert_eq!(
			ReportStats::<Test>::get(2026, (ReportSource::Patient, Seriousness::Disability))
				.reported,
			2
		);
	});
}

#[test]
fn each_reporter_files_a_bounded_number_of_reports_on_a_device() {
	new_test_ext().execute_with(|| {
		let (first, second) = (register("SN-1"), register("SN-2"));
		let max = MAX_REPORTS_PER_DEVICE;
		for _ in 0..max {
			assert_ok!(Trace::report_adverse_event(
				signed(SURGEON),
				first,
				report(START, Seriousness::NonSerious)
			));
		}
		assert_eq!(ReportsFiled::<Test>::get(SURGEON, first), max);
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), first, report(START, Seriousness::Death)),
			Error::<Test>::TooManyReports
		);
		assert_noop!(
			Trace::report_for_patient(signed(SURGEON), first, report(START, Seriousness::Death)),
			Error::<Test>::TooManyReports
		);
		// Another device, or another reporter, is not held back.
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			second,
			report(START, Seriousness::Death)
		));
		assert_ok!(Trace::report_adverse_event(
			signed(MAKER),
			first,
			report(START, Seriousness::Death)
		));
		assert_ok!(Trace::do_try_state());
	});
}

/// docs/privacy.md's rule over everything the mock chain holds and says: no storage entry
/// (key or value) of the registry or this pallet and none of their events carries a
/// patient's account; and no other entry that carries one (the consortium's patient
/// register, the system's accounts) carries a device identifier or an outcome code.
pub(super) fn exposure() -> Result<(), String> {
	let patients: Vec<Vec<u8>> = [PATIENT, OTHER_PATIENT].iter().map(|p| p.encode()).collect();
	let names = |bytes: &[u8]| patients.iter().any(|p| bytes.windows(p.len()).any(|w| w == p));
	let device_data: Vec<&[u8]> =
		vec![MODEL.as_bytes(), LOT.as_bytes(), b"SN-", b"IMDRF:E0123", b"IMDRF:A0502"];
	let carries_device_data =
		|bytes: &[u8]| device_data.iter().any(|d| bytes.windows(d.len()).any(|w| w == *d));
	let device_pallets =
		[sp_io::hashing::twox_128(b"DeviceRegistry"), sp_io::hashing::twox_128(b"Traceability")];
	let events_key =
		[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		key = next;
		if key.starts_with(&events_key) {
			continue;
		}
		let value = sp_io::storage::get(&key).map(|v| v.to_vec()).unwrap_or_default();
		let entry = [key.as_slice(), value.as_slice()].concat();
		if device_pallets.iter().any(|p| key.starts_with(p)) && names(&entry) {
			return Err(format!("a device storage entry names a patient: {key:?}"));
		}
		if names(&entry) && carries_device_data(&entry) {
			return Err(format!("an entry names a patient beside device data: {key:?}"));
		}
	}
	for record in System::events() {
		let device_event =
			matches!(record.event, RuntimeEvent::DeviceRegistry(_) | RuntimeEvent::Traceability(_));
		let bytes = record.event.encode();
		if (device_event && names(&bytes)) || (names(&bytes) && carries_device_data(&bytes)) {
			return Err(format!("an event exposes a patient: {:?}", record.event));
		}
	}
	Ok(())
}

#[test]
fn the_exposure_check_finds_a_patient_beside_a_device() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_eq!(exposure(), Ok(()));
		// What version 0 stored: the patient beside the device.
		migrations::v1::old::ImplantedIn::<Test>::insert(id, PATIENT);
		assert!(exposure().is_err());
	});
}
