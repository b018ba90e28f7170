//! Erasure: every version shredded, who may erase, and the receipt that is all that stays.

use super::*;

#[test]
fn erasure_shreds_every_version_and_leaves_a_receipt() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		register_keys(&[PATIENT, DOCTOR_A]);
		let first = doctor_anchors(1);
		assert_ok!(Emr::add_envelopes(signed(PATIENT), first, envelopes(&[PATIENT, DOCTOR_A])));
		assert_ok!(Emr::amend_record(
			signed(DOCTOR_A),
			first,
			cid(2),
			hash(2),
			HOSPITAL_A,
			envelopes(&[PATIENT])
		));
		assert!(pallet_access_control::Pallet::<Test>::can_access(&DOCTOR_A, 1));

		assert_noop!(Emr::erase_record(signed(DOCTOR_A), first), Error::<Test>::NotAuthorised);
		assert_noop!(Emr::erase_record(signed(ADMIN_B), first), Error::<Test>::NotAuthorised);
		assert_noop!(Emr::erase_record(signed(OTHER_PATIENT), first), Error::<Test>::NotAuthorised);
		// Erasing any version erases the chain.
		assert_ok!(Emr::erase_record(signed(PATIENT), first));
		let receipts: Vec<_> = System::events()
			.into_iter()
			.filter_map(|e| match e.event {
				RuntimeEvent::EmrPointers(Event::RecordErased {
					record,
					content_hash,
					envelopes_removed,
					erased_by,
					..
				}) => Some((record, content_hash, envelopes_removed, erased_by)),
				_ => None,
			})
			.collect();
		assert_eq!(receipts, vec![(1, hash(2), 1, PATIENT), (0, hash(1), 2, PATIENT)]);
		for (id, n) in [(first, 1), (1, 2)] {
			assert_eq!(ErasedRecords::<Test>::get(id), Some(START));
			assert!(!Records::<Test>::contains_key(id));
			assert_eq!(KeyEnvelopes::<Test>::iter_prefix(id).count(), 0);
			assert_eq!(Emr::verify_record(id, hash(n)), Verification::Erased { record: id });
		}
		assert!(!pallet_access_control::Pallet::<Test>::can_access(&PATIENT, 1), "nobody opens it");
		assert_noop!(Emr::erase_record(signed(PATIENT), first), Error::<Test>::RecordErased);
		assert_noop!(
			Emr::add_envelopes(signed(PATIENT), 1, envelopes(&[PATIENT])),
			Error::<Test>::RecordErased
		);
		assert_noop!(Emr::erase_record(signed(PATIENT), 99), Error::<Test>::RecordNotFound);
	});
}

#[test]
fn an_admin_erases_only_what_their_organisation_holds_in_every_version() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		grant_org(HOSPITAL_B, AccessLevel::ReadWrite);
		let first = doctor_anchors(1);
		// The patient amends it into hospital B's store.
		assert_ok!(Emr::amend_record(signed(PATIENT), first, cid(2), hash(2), HOSPITAL_B, none()));
		// Neither hospital's admin holds every version: only the patient may erase it.
		assert_noop!(Emr::erase_record(signed(ADMIN_B), 1), Error::<Test>::NotAuthorised);
		assert_noop!(Emr::erase_record(signed(ADMIN_A), first), Error::<Test>::NotAuthorised);
		assert_ok!(Emr::erase_record(signed(PATIENT), 1));
	});
}

#[test]
fn the_storing_hospitals_admin_erases_on_request() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		let record = doctor_anchors(1);
		assert_ok!(Emr::erase_record(signed(ADMIN_A), record));
		assert!(!Records::<Test>::contains_key(record));
		assert_eq!(ErasedRecords::<Test>::get(record), Some(START));
	});
}

#[test]
fn an_erased_record_leaves_only_its_receipt() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		register_keys(&[PATIENT, DOCTOR_A]);
		assert_ok!(Emr::add_record(
			signed(DOCTOR_A),
			PATIENT,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			HOSPITAL_A,
			envelopes(&[PATIENT, DOCTOR_A])
		));
		assert_ok!(Emr::amend_record(
			signed(DOCTOR_A),
			0,
			cid(2),
			hash(2),
			HOSPITAL_A,
			envelopes(&[PATIENT])
		));
		let other = doctor_anchors(3);
		let erased_at = START + 60_000;
		pallet_timestamp::Now::<Test>::put(erased_at);

		assert_ok!(Emr::erase_record(signed(PATIENT), 1));
		System::assert_last_event(
			Event::RecordErased {
				record: 0,
				patient: PATIENT,
				content_hash: hash(1),
				envelopes_removed: 2,
				erased_by: PATIENT,
				at: erased_at,
			}
			.into(),
		);
		for (id, n) in [(0, 1), (1, 2)] {
			// Only the receipt stays.
			assert_eq!(ErasedRecords::<Test>::get(id), Some(erased_at));
			assert!(!Records::<Test>::contains_key(id));
			assert!(!PatientRecords::<Test>::get(PATIENT, 0).contains(&id));
			assert_eq!(KeyEnvelopes::<Test>::iter_prefix(id).count(), 0);
			assert!(!EnvelopeCount::<Test>::contains_key(id));
			// What the chain answers about it.
			assert_eq!(Emr::verify_record(id, hash(n)), Verification::Erased { record: id });
			assert_eq!(Emr::verify_record(id, hash(9)), Verification::Erased { record: id });
			assert_eq!(Emr::verify_for_patient(&PATIENT, hash(n)), Verification::Unknown);
			assert_eq!(Emr::subject(id), None);
			assert!(Emr::is_erased(id));
			assert!(Emr::versions(id).is_empty());
			assert!(!pallet_access_control::Pallet::<Test>::can_access(&PATIENT, id));
		}
		// The patient's other record stays, and only it is listed.
		assert_eq!(PatientRecords::<Test>::get(PATIENT, 0).into_inner(), vec![other]);
		assert_eq!(ids(Emr::records_of(&PATIENT, &PATIENT, None, None, 10)), vec![other]);
		assert_eq!(Emr::verify_record(other, hash(3)), Verification::Current { record: other });
		assert_eq!(Emr::verify_record(7, hash(3)), Verification::Unknown);
		// Nothing more is done with it.
		assert_noop!(
			Emr::remove_envelope(signed(PATIENT), 0, PATIENT),
			Error::<Test>::RecordErased
		);
		assert_noop!(
			Emr::add_envelopes(signed(PATIENT), 1, envelopes(&[PATIENT])),
			Error::<Test>::RecordErased
		);
		assert_noop!(amend(PATIENT, 1, 4, HOSPITAL_A), Error::<Test>::RecordErased);
		assert_noop!(Emr::erase_record(signed(PATIENT), 0), Error::<Test>::RecordErased);
	});
}
