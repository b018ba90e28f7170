//! Storage: the migrations to versions 1 and 2, the storage version of a new chain, and the invariants catching broken state.

use super::*;

/// Version 0's state of five records: a live chain 0 → 1 (record 0 with the patient's
/// envelope), a single record 2, and an erased chain 3 → 4 (pointers marked erased, still
/// indexed, their envelopes gone).
fn version_0_records(erased_at: Moment) {
	use crate::migrations::{v1::v0, v2::v1};
	for (id, previous, status) in [
		(0, None, v0::RecordStatus::Superseded { by: 1 }),
		(1, Some(0), v0::RecordStatus::Current),
		(2, None, v0::RecordStatus::Current),
		(3, None, v0::RecordStatus::Erased { at: erased_at }),
		(4, Some(3), v0::RecordStatus::Erased { at: erased_at }),
	] {
		let n = id as u8 + 1;
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
		v1::RecordByHash::<Test>::insert(hash(n), id);
		v1::PatientRecords::<Test>::insert(PATIENT, id, ());
	}
	KeyEnvelopes::<Test>::insert(0, PATIENT, Envelope::<Test>::try_from(vec![7u8; 4]).unwrap());
	EnvelopeCount::<Test>::insert(0, 1);
	NextRecordId::<Test>::put(5);
}

#[test]
fn migrations_from_v0_keep_only_erasure_receipts_then_lean_records() {
	use crate::migrations::{v1::v0, v2::v1, MigrateV0ToV1, MigrateV1ToV2};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let erased_at = START + 5;
		version_0_records(erased_at);
		StorageVersion::new(0).put::<EmrPointers>();
		assert_eq!(
			Records::<Test>::iter_values().count(),
			0,
			"no version 0 pointer decodes as 2's"
		);

		// 0 → 1: the erased pointers become receipts.
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Emr::on_chain_storage_version(), StorageVersion::new(1));
		for (id, n) in [(3, 4), (4, 5)] {
			assert_eq!(ErasedRecords::<Test>::get(id), Some(erased_at));
			assert!(!v0::Records::<Test>::contains_key(id));
			assert_eq!(v1::RecordByHash::<Test>::get(hash(n)), None);
			assert!(!v1::PatientRecords::<Test>::contains_key(PATIENT, id));
		}
		assert_eq!(
			v1::Records::<Test>::iter_values().count(),
			3,
			"the live pointers are version 1's"
		);

		// 1 → 2: lean pointers, a paged index, no hash index.
		#[cfg(feature = "try-runtime")]
		MigrateV1ToV2::<Test>::try_on_runtime_upgrade(true).expect("pre- and post-checks pass");
		#[cfg(not(feature = "try-runtime"))]
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Emr::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(v1::RecordByHash::<Test>::iter_keys().count(), 0);
		assert_eq!(PatientRecords::<Test>::get(PATIENT, 0).into_inner(), vec![0, 1, 2]);
		let first = Records::<Test>::get(0).unwrap();
		assert_eq!(first.status, RecordStatus::Superseded { by: 1 });
		assert_eq!((first.page, first.cid.len()), (0, 36));
		assert_eq!(
			medchain_primitives::cid_v1_text(&first.cid).unwrap().into_bytes(),
			cid(1).to_vec()
		);
		assert_eq!(EnvelopeCount::<Test>::get(0), 1);
		assert_eq!(Emr::verify_record(0, hash(2)), Verification::Current { record: 1 });
		assert_eq!(
			Emr::verify_for_patient(&PATIENT, hash(1)),
			Verification::Superseded { record: 0, current: 1 }
		);
		for (id, n) in [(3, 4), (4, 5)] {
			assert_eq!(Emr::verify_record(id, hash(n)), Verification::Erased { record: id });
		}
		assert_eq!(ids(Emr::records_of(&PATIENT, &PATIENT, None, None, 10)), vec![1, 2]);
		assert_ok!(Emr::do_try_state());

		// At version 2 neither does anything.
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(ErasedRecords::<Test>::iter_keys().count(), 2);
		assert_eq!(Records::<Test>::iter_keys().count(), 3);
		assert_ok!(Emr::do_try_state());
	});
}

#[test]
fn the_v2_migration_fills_pages_of_64_in_id_order() {
	use crate::migrations::{v2::v1, MigrateV1ToV2};
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		// 130 records of PATIENT and one of OTHER_PATIENT between them, as version 1 kept them.
		for id in 0..131u64 {
			let patient = if id == 70 { OTHER_PATIENT } else { PATIENT };
			let n = (id % 251) as u8;
			v1::Records::<Test>::insert(
				id,
				v1::Record {
					patient,
					author: patient,
					author_org: None,
					category: RecordCategory::Observation,
					cid: cid(id as u32),
					content_hash: [n; 32],
					created_at: START,
					store: HOSPITAL_A,
					version: 1,
					previous: None,
					status: RecordStatus::Current,
				},
			);
			v1::PatientRecords::<Test>::insert(patient, id, ());
			v1::RecordByHash::<Test>::insert([n; 32], id);
		}
		NextRecordId::<Test>::put(131);
		StorageVersion::new(1).put::<EmrPointers>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		let pages: Vec<Vec<RecordId>> =
			(0..3).map(|page| PatientRecords::<Test>::get(PATIENT, page).into_inner()).collect();
		assert_eq!(pages[0], (0..64).collect::<Vec<_>>());
		assert_eq!(pages[1], (64..70).chain(71..129).collect::<Vec<_>>());
		assert_eq!(pages[2], vec![129, 130]);
		assert_eq!(
			(PatientPages::<Test>::get(PATIENT), PatientPages::<Test>::get(OTHER_PATIENT)),
			(2, 0)
		);
		assert_eq!(PatientRecords::<Test>::get(OTHER_PATIENT, 0).into_inner(), vec![70]);
		assert_eq!(Records::<Test>::get(100).unwrap().page, 1);
		let listed = ids(Emr::records_of(&PATIENT, &PATIENT, None, Some(60), 10));
		assert_eq!(listed, vec![61, 62, 63, 64, 65, 66, 67, 68, 69, 71]);
		assert_ok!(Emr::do_try_state());
	});
}

#[test]
fn new_chains_start_at_storage_version_2() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	new_test_ext().execute_with(|| {
		assert_eq!(Emr::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Emr::in_code_storage_version(), StorageVersion::new(2));
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
		let page = |ids: Vec<RecordId>| RecordPage::truncate_from(ids);
		breaks(
			&|| PatientRecords::<Test>::insert(PATIENT, 0, page(vec![0])),
			"missing from its patient's",
		);
		breaks(
			&|| PatientRecords::<Test>::insert(OTHER_PATIENT, 0, page(vec![1])),
			"patient index entry",
		);
		breaks(&|| PatientRecords::<Test>::insert(PATIENT, 0, page(vec![1, 0])), "out of order");
		breaks(&|| PatientRecords::<Test>::insert(PATIENT, 0, page(vec![0, 1, 1])), "out of order");
		breaks(&|| PatientRecords::<Test>::insert(PATIENT, 3, page(vec![])), "an empty index page");
		breaks(&|| PatientRecords::<Test>::insert(PATIENT, 3, page(vec![7])), "past the last");
		breaks(&|| PatientPages::<Test>::insert(PATIENT, 0), "a last page 0");
		breaks(
			&|| Records::<Test>::mutate(1, |r| r.as_mut().unwrap().page = 1),
			"missing from its patient's",
		);
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
				PatientRecords::<Test>::mutate(PATIENT, 0, |ids| ids.try_insert(0, 0).unwrap());
			},
			"more than MaxVersions versions",
		);
	});
}
