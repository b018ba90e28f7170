//! Unit tests: anchoring and who may, versions, the tamper check, key envelopes, erasure.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use medchain_primitives::{RecordCategory, RecordLookup};
use pallet_access_control::{AccessLevel, Grantee, Purpose, Scope};

type Emr = Pallet<Test>;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// A valid CIDv1 (base32) that differs for each `n`.
fn cid(n: u32) -> Cid {
	let tail: Vec<u8> = format!("{n:08}").bytes().map(|d| b'a' + (d - b'0')).collect();
	Cid::try_from([b"bafybeig".as_slice(), &tail].concat()).unwrap()
}

fn hash(n: u8) -> ContentHash {
	[n; 32]
}

fn envelopes(readers: &[u64]) -> Envelopes<Test> {
	Envelopes::<Test>::try_from(
		readers
			.iter()
			.map(|r| (*r, Envelope::<Test>::try_from(vec![7u8; 4]).unwrap()))
			.collect::<Vec<_>>(),
	)
	.unwrap()
}

fn none() -> Envelopes<Test> {
	envelopes(&[])
}

/// The patient grants `org` `access` to everything, until revoked.
fn grant_org(org: u32, access: AccessLevel) {
	assert_ok!(pallet_access_control::Pallet::<Test>::grant_access(
		signed(PATIENT),
		Grantee::Organisation(org),
		Scope::AllCategories,
		access,
		Purpose::Treatment,
		None,
		None
	));
}

fn register_keys(accounts: &[u64]) {
	for who in accounts {
		assert_ok!(Emr::register_encryption_key(signed(*who), [*who as u8; 32]));
	}
}

/// DOCTOR_A (with hospital A's read-write grant) anchors record 0 of PATIENT.
fn doctor_anchors(n: u8) -> RecordId {
	let id = NextRecordId::<Test>::get();
	assert_ok!(Emr::add_record(
		signed(DOCTOR_A),
		PATIENT,
		RecordCategory::Observation,
		cid(n.into()),
		hash(n),
		HOSPITAL_A,
		none()
	));
	id
}

#[test]
fn a_patient_anchors_their_own_record() {
	new_test_ext().execute_with(|| {
		register_keys(&[PATIENT]);
		assert_ok!(Emr::add_record(
			signed(PATIENT),
			PATIENT,
			RecordCategory::DocumentReference,
			cid(1),
			hash(1),
			HOSPITAL_A,
			envelopes(&[PATIENT])
		));
		let record = Records::<Test>::get(0).unwrap();
		assert_eq!(record.author, PATIENT);
		assert_eq!(record.author_org, None);
		assert_eq!(
			(record.version, record.previous, record.status),
			(1, None, RecordStatus::Current)
		);
		assert_eq!(record.created_at, START);
		assert!(System::events().iter().any(|e| e.event
			== RuntimeEvent::EmrPointers(Event::RecordAnchored {
				record: 0,
				patient: PATIENT,
				author: PATIENT,
				category: RecordCategory::DocumentReference,
				content_hash: hash(1),
				version: 1,
				previous: None,
			})));
		System::assert_last_event(
			Event::EnvelopesAdded { record: 0, readers: vec![PATIENT] }.into(),
		);
		assert!(KeyEnvelopes::<Test>::contains_key(0, PATIENT));
		assert_eq!(Emr::verify_record(0, hash(1)), Verification::Current { record: 0 });
		assert_eq!(Emr::verify_for_patient(&PATIENT, hash(1)), Verification::Current { record: 0 });
		assert_eq!(Emr::verify_for_patient(&OTHER_PATIENT, hash(1)), Verification::Unknown);
		assert_eq!(Emr::verify_record(0, hash(2)), Verification::Unknown);
		let subject = Emr::subject(0).unwrap();
		assert_eq!((subject.patient, subject.store, subject.erased), (PATIENT, HOSPITAL_A, false));
	});
}

#[test]
fn clinical_staff_anchor_only_with_write_consent() {
	new_test_ext().execute_with(|| {
		let add = |who: u64, n: u8| {
			Emr::add_record(
				signed(who),
				PATIENT,
				RecordCategory::Observation,
				cid(n.into()),
				hash(n),
				HOSPITAL_A,
				none(),
			)
		};
		// Registered, clinical, but no consent: the named error.
		assert_noop!(add(DOCTOR_A, 1), Error::<Test>::NotAuthorised);
		grant_org(HOSPITAL_A, AccessLevel::Read);
		assert_noop!(add(DOCTOR_A, 1), Error::<Test>::NotAuthorised);
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		assert_ok!(add(DOCTOR_A, 1));
		assert_eq!(Records::<Test>::get(0).unwrap().author_org, Some(HOSPITAL_A));
		// Hospital B's doctor has no grant; an operator holds no clinical role.
		assert_noop!(add(DOCTOR_B, 2), Error::<Test>::NotAuthorised);
		assert_noop!(add(OPERATOR_A, 2), Error::<Test>::NotClinicalStaff);
		assert_noop!(add(STRANGER, 2), Error::<Test>::NotClinicalStaff);
		assert_noop!(add(OTHER_PATIENT, 2), Error::<Test>::NotClinicalStaff);
	});
}

#[test]
fn add_record_errors() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		let add = |patient: u64, cid: Cid, n: u8, store: u32| {
			Emr::add_record(
				signed(DOCTOR_A),
				patient,
				RecordCategory::Observation,
				cid,
				hash(n),
				store,
				none(),
			)
		};
		assert_noop!(add(DOCTOR_B, cid(1), 1, HOSPITAL_A), Error::<Test>::NotPatient);
		assert_noop!(add(PATIENT, cid(1), 1, 42), Error::<Test>::UnknownStore);
		for bad in
			[&b"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"[..], b"bafy", b"bAFYBEIG00000000"]
		{
			assert_noop!(
				add(PATIENT, Cid::try_from(bad.to_vec()).unwrap(), 1, HOSPITAL_A),
				Error::<Test>::InvalidCid
			);
		}
		assert_ok!(add(PATIENT, cid(1), 1, HOSPITAL_A));
		assert_noop!(add(PATIENT, cid(2), 1, HOSPITAL_A), Error::<Test>::DuplicateContent);
	});
}

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
		// The patient removes any envelope.
		assert_ok!(Emr::remove_envelope(signed(PATIENT), 0, DOCTOR_A));
		assert_eq!(EnvelopeCount::<Test>::get(0), 1);
		assert_noop!(
			Emr::remove_envelope(signed(PATIENT), 9, DOCTOR_A),
			Error::<Test>::RecordNotFound
		);
	});
}

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
		assert_noop!(
			Emr::amend_record(signed(DOCTOR_A), 2, cid(4), hash(4), HOSPITAL_A, none()),
			Error::<Test>::TooManyVersions
		);
	});
}

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
		for id in [first, 1] {
			assert!(matches!(
				Records::<Test>::get(id).unwrap().status,
				RecordStatus::Erased { at: START }
			));
			assert_eq!(KeyEnvelopes::<Test>::iter_prefix(id).count(), 0);
			assert_eq!(
				Verification::Erased { record: id },
				Emr::verify_record(id, Records::<Test>::get(id).unwrap().content_hash)
			);
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
fn staff_anchor_only_in_their_own_store() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		assert_noop!(
			Emr::add_record(
				signed(DOCTOR_A),
				PATIENT,
				RecordCategory::Observation,
				cid(1),
				hash(1),
				HOSPITAL_B,
				none()
			),
			Error::<Test>::UnknownStore
		);
		// The patient may keep their own record in any member's store.
		assert_ok!(Emr::add_record(
			signed(PATIENT),
			PATIENT,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			HOSPITAL_B,
			none()
		));
	});
}

#[test]
fn an_admin_erases_only_what_their_organisation_holds_in_every_version() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		grant_org(HOSPITAL_B, AccessLevel::ReadWrite);
		let first = doctor_anchors(1);
		// Hospital B's doctor amends it into hospital B's store.
		assert_ok!(Emr::amend_record(signed(DOCTOR_B), first, cid(2), hash(2), HOSPITAL_B, none()));
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
		assert!(matches!(
			Records::<Test>::get(record).unwrap().status,
			RecordStatus::Erased { .. }
		));
	});
}

#[test]
fn records_are_listed_to_those_who_may_read_them() {
	new_test_ext().execute_with(|| {
		grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
		let a = doctor_anchors(1);
		let b = doctor_anchors(2);
		assert_ok!(Emr::add_record(
			signed(PATIENT),
			PATIENT,
			RecordCategory::ImagingStudy,
			cid(3),
			hash(3),
			HOSPITAL_A,
			none()
		));
		let ids = |viewer: u64, category, after, limit| -> Vec<RecordId> {
			Emr::records_of(&viewer, &PATIENT, category, after, limit)
				.into_iter()
				.map(|(id, _)| id)
				.collect()
		};
		assert_eq!(ids(PATIENT, None, None, 10), vec![a, b, 2]);
		assert_eq!(ids(DOCTOR_A, None, None, 10), vec![a, b, 2]);
		assert_eq!(ids(DOCTOR_A, Some(RecordCategory::ImagingStudy), None, 10), vec![2]);
		assert_eq!(ids(PATIENT, None, Some(a), 1), vec![b]);
		assert!(ids(DOCTOR_B, None, None, 10).is_empty());
		// Superseded versions are not listed.
		assert_ok!(Emr::amend_record(signed(DOCTOR_A), a, cid(4), hash(4), HOSPITAL_A, none()));
		assert_eq!(ids(PATIENT, None, None, 10), vec![b, 2, 3]);
	});
}

#[test]
fn exhausted_record_ids_are_a_named_error() {
	new_test_ext().execute_with(|| {
		NextRecordId::<Test>::put(RecordId::MAX);
		assert_noop!(
			Emr::add_record(
				signed(PATIENT),
				PATIENT,
				RecordCategory::Observation,
				cid(1),
				hash(1),
				HOSPITAL_A,
				none()
			),
			Error::<Test>::IdsExhausted
		);
	});
}
