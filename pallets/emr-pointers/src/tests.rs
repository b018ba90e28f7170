//! Unit tests: anchoring and who may, versions and who may supersede them, the retirement
//! of old versions, the tamper check, key envelopes and who may seal them, erasure, the
//! migration to version 1, the invariants. Every test ends with the invariant check
//! ([`crate::mock::TestExt`]).

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
		assert_eq!(RecordByHash::<Test>::get(hash(1)), None);
		assert!(!PatientRecords::<Test>::contains_key(PATIENT, 0));
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
			assert_eq!(RecordByHash::<Test>::get(hash(n)), None);
			assert!(!PatientRecords::<Test>::contains_key(PATIENT, id));
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
		assert_eq!(
			PatientRecords::<Test>::iter_key_prefix(PATIENT).collect::<Vec<_>>(),
			vec![other]
		);
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

mod properties {
	//! Whatever calls are made, in any order, by anyone: a refused call writes nothing, and
	//! the invariants hold after each call.

	use super::*;
	use proptest::prelude::*;

	/// The accounts that act: patients, clinicians of both hospitals, an admin, an operator.
	const ACCOUNTS: [u64; 8] =
		[PATIENT, OTHER_PATIENT, DOCTOR_A, NURSE_A, DOCTOR_B, ADMIN_A, ADMIN_B, OPERATOR_A];

	/// The store `who` anchors in: mostly their own organisation's (or hospital A's, for a
	/// patient), sometimes hospital B's.
	fn store(who: u64, elsewhere: bool) -> u32 {
		match (elsewhere, who) {
			(true, _) => HOSPITAL_B,
			(false, DOCTOR_B | ADMIN_B) => HOSPITAL_B,
			(false, _) => HOSPITAL_A,
		}
	}

	#[derive(Clone, Debug)]
	enum Op {
		Add {
			author: usize,
			patient: usize,
			elsewhere: bool,
			content: u8,
			readers: Vec<usize>,
		},
		Amend {
			author: usize,
			previous: u64,
			elsewhere: bool,
			content: u8,
			readers: Vec<usize>,
		},
		AddEnvelopes {
			who: usize,
			record: u64,
			readers: Vec<usize>,
		},
		RemoveEnvelope {
			who: usize,
			record: u64,
			reader: usize,
		},
		Erase {
			who: usize,
			record: u64,
		},
		/// The patient revokes one of the grants the test starts with.
		Revoke(u64),
	}

	fn op() -> impl Strategy<Value = Op> {
		let who = 0..ACCOUNTS.len();
		// Mostly those who write: the patient and the clinicians.
		let writer = prop_oneof![4 => 0usize..1, 4 => 2usize..5, 1 => 0..ACCOUNTS.len()];
		let patient = prop_oneof![9 => Just(0usize), 1 => Just(1usize)];
		let elsewhere = proptest::bool::weighted(0.2);
		// Often the newest record (`LATEST`), so that chains grow long.
		let record = prop_oneof![1 => Just(LATEST), 1 => 0u64..6];
		let content = 0u8..24;
		// Mostly readers who may read: the patients and the clinicians.
		let readers =
			proptest::collection::vec(prop_oneof![9 => 0usize..5, 1 => 0..ACCOUNTS.len()], 0..3);
		prop_oneof![
			4 => (writer.clone(), patient, elsewhere, content.clone(), readers.clone())
				.prop_map(|(author, patient, elsewhere, content, readers)| Op::Add {
					author,
					patient,
					elsewhere,
					content,
					readers
				}),
			4 => (writer, record.clone(), elsewhere, content, readers.clone()).prop_map(
				|(author, previous, elsewhere, content, readers)| Op::Amend {
					author,
					previous,
					elsewhere,
					content,
					readers
				}
			),
			2 => (who.clone(), record.clone(), readers)
				.prop_map(|(who, record, readers)| Op::AddEnvelopes { who, record, readers }),
			2 => (who.clone(), record.clone(), who.clone())
				.prop_map(|(who, record, reader)| Op::RemoveEnvelope { who, record, reader }),
			1 => (who, record).prop_map(|(who, record)| Op::Erase { who, record }),
			1 => (0u64..2).prop_map(Op::Revoke),
		]
	}

	/// Stands for the newest record's id.
	const LATEST: u64 = u64::MAX;

	fn id(record: u64) -> RecordId {
		match record {
			LATEST => NextRecordId::<Test>::get().saturating_sub(1),
			id => id,
		}
	}

	fn sealed_to(readers: &[usize]) -> Envelopes<Test> {
		envelopes(&readers.iter().map(|r| ACCOUNTS[*r]).collect::<Vec<_>>())
	}

	/// Applies `op` through the pallet's `do_*` functions, which (unlike dispatched calls)
	/// run without a storage layer: what a refused call leaves is what it wrote.
	fn apply(op: Op) -> DispatchResult {
		match op {
			Op::Add { author, patient, elsewhere, content, readers } => Emr::do_add_record(
				ACCOUNTS[author],
				ACCOUNTS[patient],
				RecordCategory::Observation,
				cid(content.into()),
				hash(content),
				store(ACCOUNTS[author], elsewhere),
				sealed_to(&readers),
			),
			Op::Amend { author, previous, elsewhere, content, readers } => Emr::do_amend_record(
				ACCOUNTS[author],
				id(previous),
				cid(content.into()),
				hash(content),
				store(ACCOUNTS[author], elsewhere),
				sealed_to(&readers),
			),
			Op::AddEnvelopes { who, record, readers } => {
				Emr::do_add_envelopes(ACCOUNTS[who], id(record), sealed_to(&readers))
			},
			Op::RemoveEnvelope { who, record, reader } => {
				Emr::do_remove_envelope(ACCOUNTS[who], id(record), ACCOUNTS[reader])
			},
			Op::Erase { who, record } => Emr::do_erase_record(ACCOUNTS[who], id(record)),
			Op::Revoke(grant) => {
				pallet_access_control::Pallet::<Test>::revoke_grant(signed(PATIENT), grant)
			},
		}
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(200))]

		#[test]
		fn refused_calls_write_nothing_and_invariants_hold(
			ops in proptest::collection::vec(op(), 1..60)
		) {
			new_test_ext().execute_with(|| {
				// Grants 0 and 1: both hospitals write (and may not supersede each other).
				grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
				grant_org(HOSPITAL_B, AccessLevel::ReadWrite);
				// Everyone but OTHER_PATIENT has a key.
				register_keys(&[PATIENT, DOCTOR_A, NURSE_A, DOCTOR_B, ADMIN_A, ADMIN_B, OPERATOR_A]);
				for op in ops {
					let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
					if apply(op.clone()).is_err() {
						let after = sp_io::storage::root(sp_runtime::StateVersion::V1);
						prop_assert_eq!(before, after, "{:?} failed but changed state", op);
					}
					prop_assert_eq!(Emr::do_try_state(), Ok(()), "after {:?}", op);
				}
				Ok(())
			})?;
		}
	}
}
