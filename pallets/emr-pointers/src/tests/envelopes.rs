//! Key envelopes: only for registered keys and entitled readers, added by readers themselves, pruned once access is lost.

use super::*;

#[test]
fn encryption_keys_are_for_registered_accounts() {
	new_test_ext().execute_with(|| {
		assert_ok!(Emr::register_encryption_key(signed(DOCTOR_B), [9; 32]));
		System::assert_last_event(Event::EncryptionKeyRegistered { who: DOCTOR_B }.into());
		assert_eq!(EncryptionKeys::<Test>::get(DOCTOR_B), Some([9; 32]));
		assert_noop!(
			Emr::register_encryption_key(signed(STRANGER), [9; 32]),
			Error::<Test>::NotRegistered
		);
	});
}

#[test]
fn envelopes_go_only_to_entitled_readers_with_keys() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		register_keys(&[PATIENT, DOCTOR_A, DOCTOR_B, OPERATOR_A, ADMIN_A]);
		let add = |readers: &[u64], n: u8| {
			Emr::add_record(
				signed(DOCTOR_A),
				PATIENT,
				RecordCategory::Observation,
				cid(n.into()),
				hash(n),
				HOSPITAL_A,
				envelopes(readers),
			)
		};
		assert_noop!(add(&[OTHER_PATIENT], 1), Error::<Test>::NoEncryptionKey);
		assert_noop!(add(&[DOCTOR_B], 1), Error::<Test>::ReaderNotAuthorised);
		assert_noop!(add(&[OPERATOR_A], 1), Error::<Test>::ReaderNotAuthorised);
		assert_noop!(add(&[DOCTOR_A, DOCTOR_A], 1), Error::<Test>::DuplicateReader);
		let empty =
			Envelopes::<Test>::try_from(vec![(PATIENT, Envelope::<Test>::default())]).unwrap();
		assert_noop!(
			Emr::add_record(
				signed(DOCTOR_A),
				PATIENT,
				RecordCategory::Observation,
				cid(1),
				hash(1),
				HOSPITAL_A,
				empty
			),
			Error::<Test>::EmptyEnvelope
		);
		assert_ok!(add(&[PATIENT, DOCTOR_A], 1));
		assert_eq!(EnvelopeCount::<Test>::get(0), 2);

		// Hospital B is granted read access: the patient seals the key to its doctor.
		grant_org(HOSPITAL_B, AccessLevel::Read);
		assert_noop!(
			Emr::add_envelopes(signed(OPERATOR_A), 0, envelopes(&[DOCTOR_B])),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Emr::add_envelopes(signed(PATIENT), 0, envelopes(&[DOCTOR_A])),
			Error::<Test>::DuplicateReader
		);
		assert_ok!(Emr::add_envelopes(signed(PATIENT), 0, envelopes(&[DOCTOR_B])));
		System::assert_last_event(
			Event::EnvelopesAdded { record: 0, readers: vec![DOCTOR_B] }.into(),
		);
		// The record is full.
		assert_noop!(
			Emr::add_envelopes(signed(PATIENT), 0, envelopes(&[ADMIN_A])),
			Error::<Test>::TooManyEnvelopes
		);
		assert_noop!(
			Emr::add_envelopes(signed(PATIENT), 9, envelopes(&[ADMIN_A])),
			Error::<Test>::RecordNotFound
		);
	});
}

#[test]
fn envelopes_of_readers_who_lost_access_can_be_pruned_by_anyone() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		register_keys(&[PATIENT, DOCTOR_A, DOCTOR_B]);
		let access = pallet_access_control::Pallet::<Test>::grant_access;
		assert_ok!(access(
			signed(PATIENT),
			Grantee::Person(DOCTOR_B),
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			None,
			None
		));
		let grant_b = 1;
		assert_ok!(Emr::add_record(
			signed(DOCTOR_A),
			PATIENT,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			HOSPITAL_A,
			envelopes(&[PATIENT, DOCTOR_A, DOCTOR_B])
		));
		// While DOCTOR_B may read, only the patient may remove its envelope.
		assert_noop!(
			Emr::remove_envelope(signed(DOCTOR_A), 0, DOCTOR_B),
			Error::<Test>::ReaderStillAuthorised
		);
		assert_ok!(pallet_access_control::Pallet::<Test>::revoke_grant(signed(PATIENT), grant_b));
		assert_ok!(Emr::remove_envelope(signed(DOCTOR_A), 0, DOCTOR_B));
		System::assert_last_event(Event::EnvelopeRemoved { record: 0, reader: DOCTOR_B }.into());
		assert_noop!(
			Emr::remove_envelope(signed(PATIENT), 0, DOCTOR_B),
			Error::<Test>::EnvelopeNotFound
		);
		// The patient removes any envelope; a record without envelopes keeps no count.
		assert_ok!(Emr::remove_envelope(signed(PATIENT), 0, DOCTOR_A));
		assert_eq!(EnvelopeCount::<Test>::get(0), 1);
		assert_ok!(Emr::remove_envelope(signed(PATIENT), 0, PATIENT));
		assert!(!EnvelopeCount::<Test>::contains_key(0));
		assert_noop!(
			Emr::remove_envelope(signed(PATIENT), 9, DOCTOR_A),
			Error::<Test>::RecordNotFound
		);
	});
}

#[test]
fn readers_add_only_their_own_envelopes() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		grant_org(HOSPITAL_B, AccessLevel::Read);
		register_keys(&[PATIENT, DOCTOR_A, NURSE_A, DOCTOR_B]);
		let record = doctor_anchors(1);
		// DOCTOR_B may read the record, but seals its key to nobody else: not to take a
		// reader's place (the real envelope would be a DuplicateReader), not to fill the
		// record's slots.
		for readers in [&[NURSE_A][..], &[PATIENT], &[DOCTOR_B, NURSE_A], &[NURSE_A, DOCTOR_B]] {
			assert_noop!(
				Emr::add_envelopes(signed(DOCTOR_B), record, envelopes(readers)),
				Error::<Test>::NotEnvelopeSealer
			);
		}
		// Who may not read adds nothing.
		assert_noop!(
			Emr::add_envelopes(signed(OPERATOR_A), record, envelopes(&[NURSE_A])),
			Error::<Test>::NotAuthorised
		);
		// The reader themself may.
		assert_ok!(Emr::add_envelopes(signed(NURSE_A), record, envelopes(&[NURSE_A])));
		System::assert_last_event(Event::EnvelopesAdded { record, readers: vec![NURSE_A] }.into());
		// So may the record's author, for any reader who may read it.
		assert_ok!(Emr::add_envelopes(signed(DOCTOR_A), record, envelopes(&[PATIENT])));
		// And the patient.
		assert_ok!(Emr::add_envelopes(signed(PATIENT), record, envelopes(&[DOCTOR_B])));
		assert_eq!(EnvelopeCount::<Test>::get(record), MAX_ENVELOPES);
		let mut readers: Vec<u64> = KeyEnvelopes::<Test>::iter_key_prefix(record).collect();
		readers.sort();
		assert_eq!(readers, vec![NURSE_A, DOCTOR_B, PATIENT]);
	});
}

#[test]
fn a_patients_own_record_takes_envelopes_from_the_patient_and_each_reader() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::Read);
		register_keys(&[PATIENT, DOCTOR_A, NURSE_A]);
		assert_ok!(Emr::add_record(
			signed(PATIENT),
			PATIENT,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			HOSPITAL_A,
			none()
		));
		assert_noop!(
			Emr::add_envelopes(signed(DOCTOR_A), 0, envelopes(&[NURSE_A])),
			Error::<Test>::NotEnvelopeSealer
		);
		assert_ok!(Emr::add_envelopes(signed(DOCTOR_A), 0, envelopes(&[DOCTOR_A])));
		assert_ok!(Emr::add_envelopes(signed(PATIENT), 0, envelopes(&[NURSE_A])));
	});
}
