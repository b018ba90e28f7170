//! Batched anchoring: an organisation's system anchors its clinicians' records, each checked
//! as one, all or nothing.

use super::*;

fn record(author: u64, patient: u64, n: u8) -> BatchRecord<u64> {
	BatchRecord {
		patient,
		author,
		category: RecordCategory::Observation,
		cid: cid(n.into()),
		content_hash: hash(n),
	}
}

fn batch(records: Vec<BatchRecord<u64>>) -> BatchRecords<Test> {
	BatchRecords::<Test>::try_from(records).unwrap()
}

#[test]
fn an_integration_engine_anchors_its_clinicians_records_in_one_call() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		let records = vec![record(DOCTOR_A, PATIENT, 1), record(NURSE_A, PATIENT, 2)];
		assert_ok!(Emr::add_records(signed(INTEGRATION_A), batch(records)));
		for (id, author, n) in [(0, DOCTOR_A, 1), (1, NURSE_A, 2)] {
			let pointer = Records::<Test>::get(id).expect("anchored");
			assert_eq!((pointer.author, pointer.author_org), (author, Some(HOSPITAL_A)));
			assert_eq!((pointer.store, pointer.content_hash), (HOSPITAL_A, hash(n)));
			assert!(emitted(Event::RecordAnchored {
				record: id,
				patient: PATIENT,
				author,
				category: RecordCategory::Observation,
				content_hash: hash(n),
				version: 1,
				previous: None,
			}));
		}
		System::assert_last_event(
			Event::BatchAnchored { by: INTEGRATION_A, store: HOSPITAL_A, first: 0, count: 2 }
				.into(),
		);
		assert_eq!(Emr::records_of(&PATIENT, &PATIENT, None, None, 10).len(), 2);
	});
}

#[test]
fn a_batch_is_checked_record_by_record_and_fails_whole() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		let good = record(DOCTOR_A, PATIENT, 1);
		let fails = |second: BatchRecord<u64>, error: Error<Test>| {
			assert_noop!(
				Emr::add_records(signed(INTEGRATION_A), batch(vec![good.clone(), second])),
				error
			);
		};
		// No consent for OTHER_PATIENT.
		fails(record(DOCTOR_A, OTHER_PATIENT, 2), Error::<Test>::NotAuthorised);
		// Not a patient.
		fails(record(DOCTOR_A, STRANGER, 2), Error::<Test>::NotPatient);
		// Not a clinician; another hospital's; the patient (a system never signs for them).
		fails(record(OPERATOR_A, PATIENT, 2), Error::<Test>::NotClinicalStaff);
		fails(record(DOCTOR_B, PATIENT, 2), Error::<Test>::AuthorNotOfStore);
		fails(record(PATIENT, PATIENT, 2), Error::<Test>::AuthorNotOfStore);
		let mut bad_cid = record(NURSE_A, PATIENT, 2);
		bad_cid.cid = Cid::try_from(b"QmNotACidV1".to_vec()).unwrap();
		fails(bad_cid, Error::<Test>::InvalidCid);
		assert_noop!(
			Emr::add_records(signed(INTEGRATION_A), batch(vec![])),
			Error::<Test>::EmptyBatch
		);
		assert_eq!(NextRecordId::<Test>::get(), 0);
	});
}

#[test]
fn only_an_organisations_systems_anchor_batches() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		let records = || batch(vec![record(DOCTOR_A, PATIENT, 1)]);
		for who in [DOCTOR_A, ADMIN_A, OPERATOR_A, PATIENT, STRANGER] {
			assert_noop!(
				Emr::add_records(signed(who), records()),
				Error::<Test>::NotRecordImporter
			);
		}
	});
}
