//! Versions: amending adds one and never overwrites, who may supersede, and the retirement of the oldest in a full chain.

use super::*;

#[test]
fn amending_adds_a_version_and_never_overwrites() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		let first = doctor_anchors(1);
		assert_ok!(Emr::amend_record(signed(DOCTOR_A), first, cid(2), hash(2), HOSPITAL_A, none()));
		let second = 1;
		let old = Records::<Test>::get(first).unwrap();
		assert_eq!(old.status, RecordStatus::Superseded { by: second });
		assert_eq!(old.content_hash, hash(1), "the old version is kept as it was");
		let new = Records::<Test>::get(second).unwrap();
		assert_eq!(
			(new.version, new.previous, new.category),
			(2, Some(first), RecordCategory::Observation)
		);
		assert_eq!(
			Emr::versions(first).iter().map(|(id, _)| *id).collect::<Vec<_>>(),
			vec![first, second]
		);
		assert_eq!(Emr::versions(second).len(), 2);
		// The tamper check tells an old copy from the current one.
		assert_eq!(
			Emr::verify_record(first, hash(1)),
			Verification::Superseded { record: first, current: second }
		);
		assert_eq!(Emr::verify_record(second, hash(2)), Verification::Current { record: second });
		assert_eq!(Emr::verify_record(first, hash(2)), Verification::Current { record: second });
		assert_noop!(
			Emr::amend_record(signed(DOCTOR_A), first, cid(3), hash(3), HOSPITAL_A, none()),
			Error::<Test>::NotCurrent
		);
		assert_noop!(
			Emr::amend_record(signed(DOCTOR_B), second, cid(3), hash(3), HOSPITAL_A, none()),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Emr::amend_record(signed(DOCTOR_A), 99, cid(3), hash(3), HOSPITAL_A, none()),
			Error::<Test>::RecordNotFound
		);
		assert_ok!(Emr::amend_record(signed(PATIENT), second, cid(3), hash(3), HOSPITAL_A, none()));
		// The patient wrote the current version: only the patient supersedes it.
		assert_noop!(
			Emr::amend_record(signed(DOCTOR_A), 2, cid(4), hash(4), HOSPITAL_A, none()),
			Error::<Test>::NotAmender
		);
	});
}

#[test]
fn only_the_patient_and_the_authors_organisation_supersede_a_version() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		grant_org(HOSPITAL_B, AccessLevel::ReadWrite);
		let first = doctor_anchors(1);
		// Hospital B may write the patient's records, but not supersede hospital A's.
		assert_noop!(amend(DOCTOR_B, first, 2, HOSPITAL_B), Error::<Test>::NotAmender);
		// The author's colleague may.
		assert_ok!(amend(NURSE_A, first, 2, HOSPITAL_A));
		let second = 1;
		System::assert_last_event(
			Event::RecordAnchored {
				record: second,
				patient: PATIENT,
				author: NURSE_A,
				category: RecordCategory::Observation,
				content_hash: hash(2),
				version: 2,
				previous: Some(first),
			}
			.into(),
		);
		assert_eq!(
			Records::<Test>::get(first).unwrap().status,
			RecordStatus::Superseded { by: second }
		);
		// The patient always may, into any member's store.
		assert_noop!(amend(DOCTOR_B, second, 3, HOSPITAL_B), Error::<Test>::NotAmender);
		assert_ok!(amend(PATIENT, second, 3, HOSPITAL_B));
		// A version the patient wrote, only the patient supersedes.
		assert_noop!(amend(DOCTOR_A, 2, 4, HOSPITAL_A), Error::<Test>::NotAmender);
		assert_noop!(amend(DOCTOR_B, 2, 4, HOSPITAL_B), Error::<Test>::NotAmender);
		// Without the consent to write, the colleague is refused before that.
		assert_noop!(amend(OPERATOR_A, 2, 4, HOSPITAL_A), Error::<Test>::NotClinicalStaff);
	});
}

#[test]
fn a_record_the_patient_wrote_is_amended_only_by_the_patient() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		assert_ok!(Emr::add_record(
			signed(PATIENT),
			PATIENT,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			HOSPITAL_A,
			none()
		));
		assert_noop!(amend(DOCTOR_A, 0, 2, HOSPITAL_A), Error::<Test>::NotAmender);
		assert_ok!(amend(PATIENT, 0, 2, HOSPITAL_A));
	});
}

#[test]
fn amending_a_full_chain_retires_its_oldest_version() {
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
		assert_ok!(amend(DOCTOR_A, 0, 2, HOSPITAL_A));
		assert_ok!(amend(DOCTOR_A, 1, 3, HOSPITAL_A));
		assert_eq!(ids(Emr::versions(2)), vec![0, 1, 2]);
		assert_eq!(MAX_VERSIONS, 3);
		// An amendment refused for its envelope retires nothing.
		assert_noop!(
			Emr::amend_record(
				signed(DOCTOR_A),
				2,
				cid(4),
				hash(4),
				HOSPITAL_A,
				envelopes(&[OTHER_PATIENT])
			),
			Error::<Test>::NoEncryptionKey
		);

		// A fourth version: the oldest goes, and the store learns which ciphertext.
		assert_ok!(Emr::amend_record(
			signed(DOCTOR_A),
			2,
			cid(4),
			hash(4),
			HOSPITAL_A,
			envelopes(&[PATIENT])
		));
		assert!(emitted(Event::VersionRetired {
			record: 0,
			patient: PATIENT,
			content_hash: hash(1),
			envelopes_removed: 2,
		}));
		assert!(!Records::<Test>::contains_key(0));
		assert!(!PatientRecords::<Test>::get(PATIENT, 0).contains(&0));
		assert_eq!(KeyEnvelopes::<Test>::iter_prefix(0).count(), 0);
		assert!(!EnvelopeCount::<Test>::contains_key(0));
		assert!(!ErasedRecords::<Test>::contains_key(0), "retired, not erased");
		assert_eq!(EnvelopeCount::<Test>::get(3), 1);

		// The chain holds the newest three; the next version names a pointer it no longer
		// holds, and the version number keeps counting.
		assert_eq!(ids(Emr::versions(1)), vec![1, 2, 3]);
		assert_eq!(ids(Emr::versions(3)), vec![1, 2, 3]);
		assert!(Emr::versions(0).is_empty());
		assert_eq!(Records::<Test>::get(1).unwrap().previous, Some(0));
		assert_eq!(Records::<Test>::get(3).unwrap().version, 4);
		// The chain no longer vouches for the retired version.
		assert_eq!(Emr::verify_record(0, hash(1)), Verification::Unknown);
		assert_eq!(Emr::verify_record(1, hash(1)), Verification::Unknown);
		assert_eq!(Emr::verify_for_patient(&PATIENT, hash(1)), Verification::Unknown);
		assert_eq!(Emr::verify_record(1, hash(4)), Verification::Current { record: 3 });
		assert_eq!(
			Emr::verify_record(3, hash(2)),
			Verification::Superseded { record: 1, current: 3 }
		);
		assert_noop!(
			Emr::add_envelopes(signed(PATIENT), 0, envelopes(&[PATIENT])),
			Error::<Test>::RecordNotFound
		);

		// Amending never locks: the next amendment retires the next oldest.
		assert_ok!(amend(PATIENT, 3, 5, HOSPITAL_A));
		assert!(emitted(Event::VersionRetired {
			record: 1,
			patient: PATIENT,
			content_hash: hash(2),
			envelopes_removed: 0,
		}));
		assert_eq!(ids(Emr::versions(2)), vec![2, 3, 4]);
		// Erasure erases the versions the chain holds.
		assert_ok!(Emr::erase_record(signed(PATIENT), 4));
		for id in [2, 3, 4] {
			assert!(ErasedRecords::<Test>::contains_key(id));
		}
		for id in [0, 1] {
			assert!(!ErasedRecords::<Test>::contains_key(id));
		}
	});
}
