//! Storage: the migration to version 1, the storage version of a new chain, and the invariants catching broken state.

use super::*;

#[test]
fn migration_to_v1_keeps_only_erasure_receipts() {
	use crate::migrations::{v1::v0, MigrateV0ToV1};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		register_keys(&[PATIENT]);
		// A live chain (0 → 1, with an envelope) and a single record 2: stored alike in
		// versions 0 and 1.
		assert_ok!(Emr::add_record(
			signed(DOCTOR_A),
			PATIENT,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			HOSPITAL_A,
			envelopes(&[PATIENT])
		));
		assert_ok!(amend(DOCTOR_A, 0, 2, HOSPITAL_A));
		doctor_anchors(3);
		// An erased chain (3 → 4) as version 0 left it: pointers marked erased, still
		// indexed, their envelopes gone.
		let erased_at = START + 5;
		for (id, n, previous, status) in [
			(3, 4, None, v0::RecordStatus::Superseded { by: 4 }),
			(4, 5, Some(3), v0::RecordStatus::Current),
		] {
			let status = match status {
				v0::RecordStatus::Current | v0::RecordStatus::Superseded { .. } => {
					v0::RecordStatus::Erased { at: erased_at }
				},
				erased => erased,
			};
			v0::Records::<Test>::insert(
				id,
				v0::Record {
					patient: PATIENT,
					author: DOCTOR_A,
					author_org: Some(HOSPITAL_A),
					category: RecordCategory::Observation,
					cid: cid(n.into()),
					content_hash: hash(n),
					created_at: START,
					store: HOSPITAL_A,
					version: if previous.is_some() { 2 } else { 1 },
					previous,
					status,
				},
			);
			RecordByHash::<Test>::insert(hash(n), id);
			PatientRecords::<Test>::insert(PATIENT, id, ());
		}
		NextRecordId::<Test>::put(5);
		StorageVersion::new(0).put::<EmrPointers>();
		assert!(Emr::do_try_state().is_err(), "version 0's erased pointers are not version 1's");

		#[cfg(feature = "try-runtime")]
		MigrateV0ToV1::<Test>::try_on_runtime_upgrade(true).expect("pre- and post-checks pass");
		#[cfg(not(feature = "try-runtime"))]
		MigrateV0ToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Emr::on_chain_storage_version(), StorageVersion::new(1));
		for (id, n) in [(3, 4), (4, 5)] {
			assert_eq!(ErasedRecords::<Test>::get(id), Some(erased_at));
			assert!(!v0::Records::<Test>::contains_key(id));
			assert_eq!(RecordByHash::<Test>::get(hash(n)), None);
			assert!(!PatientRecords::<Test>::contains_key(PATIENT, id));
			assert_eq!(Emr::verify_record(id, hash(n)), Verification::Erased { record: id });
		}
		// The live records are as they were.
		assert_eq!(Records::<Test>::iter_keys().count(), 3);
		assert_eq!(Records::<Test>::get(0).unwrap().status, RecordStatus::Superseded { by: 1 });
		assert_eq!(EnvelopeCount::<Test>::get(0), 1);
		assert_eq!(Emr::verify_record(0, hash(2)), Verification::Current { record: 1 });
		assert_eq!(ids(Emr::records_of(&PATIENT, &PATIENT, None, None, 10)), vec![1, 2]);
		assert_ok!(Emr::do_try_state());

		// At version 1 it does nothing.
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(ErasedRecords::<Test>::iter_keys().count(), 2);
		assert_eq!(Records::<Test>::iter_keys().count(), 3);
	});
}

#[test]
fn new_chains_start_at_storage_version_1() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	new_test_ext().execute_with(|| {
		assert_eq!(Emr::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(Emr::in_code_storage_version(), StorageVersion::new(1));
	});
}

/// The invariant `corrupt` breaks, if any; storage is left as it was.
fn broken_invariant(corrupt: impl FnOnce()) -> Option<&'static str> {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	use sp_runtime::DispatchError;
	with_transaction(|| {
		corrupt();
		let broken = match Emr::do_try_state() {
			Ok(()) => None,
			Err(DispatchError::Other(invariant)) => Some(invariant),
			Err(other) => panic!("invariants fail with messages, not {other:?}"),
		};
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(broken))
	})
	.unwrap()
}

#[test]
fn the_invariants_catch_broken_state() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		register_keys(&[PATIENT]);
		assert_ok!(Emr::add_record(
			signed(DOCTOR_A),
			PATIENT,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			HOSPITAL_A,
			envelopes(&[PATIENT])
		));
		assert_ok!(amend(DOCTOR_A, 0, 2, HOSPITAL_A));
		assert_eq!(broken_invariant(|| ()), None);
		let envelope = Envelope::<Test>::try_from(vec![7u8; 4]).unwrap();
		let breaks = |corrupt: &dyn Fn(), invariant: &str| {
			let broken = broken_invariant(corrupt);
			assert!(broken.is_some_and(|b| b.contains(invariant)), "{invariant}: {broken:?}");
		};

		breaks(&|| EnvelopeCount::<Test>::insert(0, 2), "envelope counts do not match");
		breaks(&|| EnvelopeCount::<Test>::insert(1, 0), "zero envelope count");
		breaks(&|| KeyEnvelopes::<Test>::insert(1, PATIENT, &envelope), "do not match");
		breaks(
			&|| {
				KeyEnvelopes::<Test>::insert(9, PATIENT, &envelope);
				EnvelopeCount::<Test>::insert(9, 1);
			},
			"an envelope of a record the chain lacks",
		);
		breaks(
			&|| {
				for reader in [1, 2, 3] {
					KeyEnvelopes::<Test>::insert(0, reader, &envelope);
				}
				EnvelopeCount::<Test>::insert(0, 4);
			},
			"more than MaxEnvelopesPerRecord",
		);
		breaks(&|| ErasedRecords::<Test>::insert(0, START), "an erased record kept its pointer");
		breaks(&|| ErasedRecords::<Test>::insert(7, START), "receipt for a record id not yet");
		breaks(&|| RecordByHash::<Test>::remove(hash(1)), "missing from the hash index");
		breaks(&|| RecordByHash::<Test>::insert(hash(9), 1), "hash index entry without");
		breaks(&|| PatientRecords::<Test>::remove(PATIENT, 1), "missing from its patient's");
		breaks(&|| PatientRecords::<Test>::insert(OTHER_PATIENT, 1, ()), "patient index entry");
		breaks(&|| NextRecordId::<Test>::put(1), "a record id not yet assigned");
		breaks(
			&|| Records::<Test>::mutate(1, |r| r.as_mut().unwrap().version = 5),
			"superseded by a record that does not follow it",
		);
		breaks(
			&|| Records::<Test>::mutate(0, |r| r.as_mut().unwrap().status = RecordStatus::Current),
			"predecessor is not superseded by it",
		);
		// A chain holding more than MaxVersions versions: bring a retired version back.
		assert_ok!(amend(DOCTOR_A, 1, 3, HOSPITAL_A));
		assert_ok!(amend(DOCTOR_A, 2, 4, HOSPITAL_A));
		assert!(!Records::<Test>::contains_key(0));
		breaks(
			&|| {
				let mut first = Records::<Test>::get(1).unwrap();
				first.status = RecordStatus::Superseded { by: 1 };
				first.version = 1;
				first.previous = None;
				first.content_hash = hash(1);
				Records::<Test>::insert(0, &first);
				RecordByHash::<Test>::insert(hash(1), 0);
				PatientRecords::<Test>::insert(PATIENT, 0, ());
			},
			"more than MaxVersions versions",
		);
	});
}
