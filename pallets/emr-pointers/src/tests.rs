//! Unit tests: anchoring and who may (here); batches (`tests/batches.rs`); key envelopes
//! (`tests/envelopes.rs`), versions
//! and their retirement (`tests/versions.rs`), erasure (`tests/erasure.rs`), the patient's
//! index in pages (`tests/index.rs`), the migrations and the invariants (`tests/state.rs`), and a property test over random calls
//! (`tests/properties.rs`). Every test ends with the invariant check
//! ([`crate::mock::new_test_ext`]).

mod batches;
mod envelopes;
mod erasure;
mod index;
mod properties;
mod state;
mod versions;

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use medchain_primitives::{RecordCategory, RecordLookup};
use pallet_access_control::{AccessLevel, Grantee, Purpose, Scope};

type Emr = Pallet<Test>;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// A CIDv1 (raw, sha2-256) that differs for each `n`.
fn cid(n: u32) -> Cid {
	let mut digest = [0u8; 32];
	digest[..4].copy_from_slice(&n.to_le_bytes());
	Cid::try_from(medchain_primitives::raw_cid_v1(&digest).into_bytes()).unwrap()
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

/// DOCTOR_A (with hospital A's read-write grant) anchors a record of PATIENT, without
/// envelopes; returns its id.
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

/// `who` amends `previous` with content `n`, in `store`, without envelopes.
fn amend(who: u64, previous: RecordId, n: u8, store: u32) -> DispatchResult {
	Emr::amend_record(signed(who), previous, cid(n.into()), hash(n), store, none())
}

fn ids(chain: Vec<(RecordId, Record<u64>)>) -> Vec<RecordId> {
	chain.into_iter().map(|(id, _)| id).collect()
}

/// Whether `event` was deposited.
fn emitted(event: Event<Test>) -> bool {
	System::events().iter().any(|e| e.event == RuntimeEvent::EmrPointers(event.clone()))
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
		assert_eq!((subject.patient, subject.store), (PATIENT, HOSPITAL_A));
		assert!(!Emr::is_erased(0));
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
			// CIDv0, too short, not base32, and base32 letters that decode to no CID.
			[
				&b"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"[..],
				b"bafy",
				b"bAFYBEIG00000000",
				b"bafybeigaaaaaaaaaaaa",
			] {
			assert_noop!(
				add(PATIENT, Cid::try_from(bad.to_vec()).unwrap(), 1, HOSPITAL_A),
				Error::<Test>::InvalidCid
			);
		}
		// The same content twice is two records (a copy anchored again is no threat: each
		// pointer answers for itself).
		assert_ok!(add(PATIENT, cid(1), 1, HOSPITAL_A));
		assert_ok!(add(PATIENT, cid(1), 1, HOSPITAL_A));
		assert_eq!(Emr::verify_record(1, hash(1)), Verification::Current { record: 1 });
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
