//! Benchmarks of the EMR pointers pallet's calls, each at its worst case: a clinician
//! writing under an organisation grant that is the last of the most grants one grantee may
//! hold, the clinician and every reader holding that many grants none of which is in force
//! (the patient's bound permitting), envelopes for the most readers, an amendment that
//! retires the oldest version with every envelope, erasure of the longest version chain with
//! every envelope; and each patient's last index page full, so that the record opens a new
//! one.

use super::*;
use crate::Pallet as Emr;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use medchain_primitives::{OrgId, OrganisationKind};

fn patient<T: Config>() -> T::AccountId {
	let patient: T::AccountId = account("patient", 0, 0);
	T::Membership::register_patient_for_benchmarks(&patient).expect("a patient");
	EncryptionKeys::<T>::insert(&patient, [1; 32]);
	patient
}

/// A doctor of a new hospital the patient granted read-write access (the last grant a
/// consent check of the doctor reads).
fn doctor<T: Config>(patient: &T::AccountId) -> (T::AccountId, OrgId) {
	let doctor: T::AccountId = account("doctor", 0, 0);
	let org = T::Membership::register_staff_for_benchmarks(
		&doctor,
		OrganisationKind::Hospital,
		&[StaffRole::Doctor],
	)
	.expect("a doctor");
	T::Consent::idle_grants_for_benchmarks(patient, &doctor).expect("idle grants");
	T::Consent::grant_for_benchmarks(patient, org).expect("a grant");
	EncryptionKeys::<T>::insert(&doctor, [2; 32]);
	(doctor, org)
}

/// `n` readers with keys, all clinical staff of `org` (which the patient granted access),
/// each holding grants of `patient` that are not in force (as far as the patient's bound
/// leaves room).
fn readers<T: Config>(patient: &T::AccountId, org: OrgId, n: u32) -> Envelopes<T> {
	let envelope: Envelope<T> =
		vec![7u8; T::MaxEnvelopeLength::get() as usize].try_into().expect("fits its bound");
	let mut envelopes = Envelopes::<T>::default();
	for i in 0..n {
		let reader: T::AccountId = account("reader", i, 1);
		T::Membership::add_staff_for_benchmarks(&reader, org, &[StaffRole::Nurse]).expect("staff");
		T::Consent::idle_grants_for_benchmarks(patient, &reader).expect("idle grants");
		EncryptionKeys::<T>::insert(&reader, [3; 32]);
		envelopes.try_push((reader, envelope.clone())).expect("within the bound");
	}
	envelopes
}

/// A CIDv1 (raw, sha2-256), as the record vault names ciphertext, that differs for each `n`.
fn cid(n: u32) -> Cid {
	let mut digest = [0u8; 32];
	digest[..4].copy_from_slice(&n.to_le_bytes());
	Cid::try_from(medchain_primitives::raw_cid_v1(&digest).into_bytes()).expect("59 bytes fit")
}

/// Fills `patient`'s last index page with records the patient anchored in `store`, written
/// directly (their checks are not what is measured), so that the next record opens a page.
fn full_page<T: Config>(patient: &T::AccountId, store: OrgId) {
	let page = PatientPages::<T>::get(patient);
	let held = PatientRecords::<T>::decode_len(patient, page).unwrap_or(0) as u32;
	for _ in held..RECORDS_PER_PAGE {
		let id = NextRecordId::<T>::get();
		let filler = u32::MAX - id as u32;
		let pointer = Record {
			patient: patient.clone(),
			author: patient.clone(),
			author_org: None,
			category: RecordCategory::Observation,
			cid: cid_bytes(&cid(filler)).expect("a CIDv1"),
			content_hash: hash(filler),
			created_at: 0,
			store,
			version: 1,
			previous: None,
			status: RecordStatus::Current,
			page,
		};
		Records::<T>::insert(id, pointer);
		PatientRecords::<T>::try_append(patient, page, id).expect("the page has room");
		NextRecordId::<T>::put(id + 1);
	}
}

fn hash(n: u32) -> ContentHash {
	let mut hash = [0u8; 32];
	hash[..4].copy_from_slice(&n.to_le_bytes());
	hash
}

/// The longest chain: its newest version is `MaxVersions - 1` and the oldest, 0, goes
/// next. Its first version has envelopes for `readers`; the others have `others`.
fn full_chain<T: Config>(
	doctor: &T::AccountId,
	patient: &T::AccountId,
	org: OrgId,
	readers: &Envelopes<T>,
	others: &Envelopes<T>,
) -> RecordId {
	Emr::<T>::do_add_record(
		doctor.clone(),
		patient.clone(),
		RecordCategory::Observation,
		cid(0),
		hash(0),
		org,
		readers.clone(),
	)
	.expect("the first version");
	for version in 1..T::MaxVersions::get() {
		Emr::<T>::do_amend_record(
			doctor.clone(),
			u64::from(version - 1),
			cid(version),
			hash(version),
			org,
			others.clone(),
		)
		.expect("a version");
	}
	u64::from(T::MaxVersions::get() - 1)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_encryption_key() {
		let patient = patient::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), [9; 32]);

		assert_eq!(EncryptionKeys::<T>::get(&patient), Some([9; 32]));
	}

	#[benchmark]
	fn add_record(n: Linear<0, { T::MaxEnvelopesPerRecord::get() }>) {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		let envelopes = readers::<T>(&patient, org, n);
		full_page::<T>(&patient, org);
		let record = NextRecordId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(doctor),
			patient.clone(),
			RecordCategory::Observation,
			cid(1),
			hash(1),
			org,
			envelopes,
		);

		assert_eq!(EnvelopeCount::<T>::get(record), n);
		assert_eq!(PatientPages::<T>::get(&patient), 1, "a new page");
	}

	#[benchmark]
	fn add_envelopes(n: Linear<1, { T::MaxEnvelopesPerRecord::get() }>) {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		let envelopes = readers::<T>(&patient, org, n);
		Emr::<T>::do_add_record(
			doctor.clone(),
			patient,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			org,
			Default::default(),
		)
		.expect("a record");

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor), 0, envelopes);

		assert_eq!(EnvelopeCount::<T>::get(0), n);
	}

	#[benchmark]
	fn remove_envelope() {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		let envelopes = readers::<T>(&patient, org, 1);
		let reader = envelopes[0].0.clone();
		Emr::<T>::do_add_record(
			doctor,
			patient.clone(),
			RecordCategory::Observation,
			cid(1),
			hash(1),
			org,
			envelopes,
		)
		.expect("a record");

		#[extrinsic_call]
		_(RawOrigin::Signed(patient), 0, reader.clone());

		assert!(!KeyEnvelopes::<T>::contains_key(0, &reader));
	}

	/// A clinician of the author's organisation amends a record that holds `MaxVersions`
	/// versions, the oldest with the most envelopes: it is retired.
	#[benchmark]
	fn amend_record(n: Linear<0, { T::MaxEnvelopesPerRecord::get() }>) {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		let envelopes = readers::<T>(&patient, org, T::MaxEnvelopesPerRecord::get());
		let current = full_chain::<T>(&doctor, &patient, org, &envelopes, &Default::default());
		full_page::<T>(&patient, org);
		let new: Envelopes<T> = envelopes
			.into_iter()
			.take(n as usize)
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.expect("within the bound");
		let versions = T::MaxVersions::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor), current, cid(versions), hash(versions), org, new);

		assert!(!Records::<T>::contains_key(0), "the oldest version is retired");
		assert_eq!(EnvelopeCount::<T>::get(0), 0);
		assert_eq!(EnvelopeCount::<T>::get(NextRecordId::<T>::get() - 1), n);
		assert_eq!(PatientPages::<T>::get(&patient), 1, "a new page");
	}

	/// The longest chain, every version with the most envelopes.
	#[benchmark]
	fn erase_record() {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		let envelopes = readers::<T>(&patient, org, T::MaxEnvelopesPerRecord::get());
		full_chain::<T>(&doctor, &patient, org, &envelopes, &envelopes);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient), 0);

		assert!(!Records::<T>::contains_key(0));
		assert!(ErasedRecords::<T>::contains_key(0));
	}

	/// A batch of `n` records, each of another patient by another clinician of the caller's
	/// hospital, each clinician's and the hospital's grants at their worst case, each
	/// patient's last index page full.
	#[benchmark]
	fn add_records(n: Linear<1, { T::MaxBatchRecords::get() }>) {
		let importer: T::AccountId = account("integration", 0, 0);
		let org = T::Membership::register_staff_for_benchmarks(
			&importer,
			OrganisationKind::Hospital,
			&[StaffRole::Integration],
		)
		.expect("an integration account");
		let mut records = BatchRecords::<T>::default();
		for i in 0..n {
			let patient: T::AccountId = account("patient", i, 2);
			T::Membership::register_patient_for_benchmarks(&patient).expect("a patient");
			let author: T::AccountId = account("author", i, 2);
			T::Membership::add_staff_for_benchmarks(&author, org, &[StaffRole::Doctor])
				.expect("a doctor");
			T::Consent::idle_grants_for_benchmarks(&patient, &author).expect("idle grants");
			T::Consent::grant_for_benchmarks(&patient, org).expect("a grant");
			full_page::<T>(&patient, org);
			let record = BatchRecord {
				patient,
				author,
				category: RecordCategory::Observation,
				cid: cid(i),
				content_hash: hash(i),
			};
			records.try_push(record).expect("within the bound");
		}

		let first = NextRecordId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(importer), records);

		assert_eq!(NextRecordId::<T>::get(), first + u64::from(n));
	}

	impl_benchmark_test_suite!(Emr, crate::mock::new_test_ext(), crate::mock::Test);
}
