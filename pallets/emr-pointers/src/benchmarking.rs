//! Benchmarks of the EMR pointers pallet's calls, each at its worst case: a clinician
//! writing under an organisation grant, envelopes for the most readers, erasure of the
//! longest version chain with every envelope.

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

/// A doctor of a new hospital the patient granted read-write access.
fn doctor<T: Config>(patient: &T::AccountId) -> (T::AccountId, OrgId) {
	let doctor: T::AccountId = account("doctor", 0, 0);
	let org = T::Membership::register_staff_for_benchmarks(
		&doctor,
		OrganisationKind::Hospital,
		&[StaffRole::Doctor],
	)
	.expect("a doctor");
	T::Consent::grant_for_benchmarks(patient, org).expect("a grant");
	EncryptionKeys::<T>::insert(&doctor, [2; 32]);
	(doctor, org)
}

/// `n` readers with keys, all clinical staff of `org` (which the patient granted access).
fn readers<T: Config>(org: OrgId, n: u32) -> Envelopes<T> {
	let envelope: Envelope<T> =
		vec![7u8; T::MaxEnvelopeLength::get() as usize].try_into().expect("fits its bound");
	let mut envelopes = Envelopes::<T>::default();
	for i in 0..n {
		let reader: T::AccountId = account("reader", i, 1);
		T::Membership::add_staff_for_benchmarks(&reader, org, &[StaffRole::Nurse]).expect("staff");
		EncryptionKeys::<T>::insert(&reader, [3; 32]);
		envelopes.try_push((reader, envelope.clone())).expect("within the bound");
	}
	envelopes
}

fn cid(n: u32) -> Cid {
	let tail: alloc::vec::Vec<u8> = (0..8).map(|i| b'a' + ((n >> (i * 3)) & 7) as u8).collect();
	Cid::try_from([b"bafybeig".as_slice(), &tail].concat()).expect("a short CID")
}

fn hash(n: u32) -> ContentHash {
	let mut hash = [0u8; 32];
	hash[..4].copy_from_slice(&n.to_le_bytes());
	hash
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
		let envelopes = readers::<T>(org, n);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(doctor),
			patient,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			org,
			envelopes,
		);

		assert_eq!(EnvelopeCount::<T>::get(0), n);
	}

	#[benchmark]
	fn add_envelopes(n: Linear<1, { T::MaxEnvelopesPerRecord::get() }>) {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		Emr::<T>::do_add_record(
			doctor.clone(),
			patient,
			RecordCategory::Observation,
			cid(1),
			hash(1),
			org,
			Default::default(),
			None,
		)
		.expect("a record");
		let envelopes = readers::<T>(org, n);

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor), 0, envelopes);

		assert_eq!(EnvelopeCount::<T>::get(0), n);
	}

	#[benchmark]
	fn remove_envelope() {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		let envelopes = readers::<T>(org, 1);
		let reader = envelopes[0].0.clone();
		Emr::<T>::do_add_record(
			doctor,
			patient.clone(),
			RecordCategory::Observation,
			cid(1),
			hash(1),
			org,
			envelopes,
			None,
		)
		.expect("a record");

		#[extrinsic_call]
		_(RawOrigin::Signed(patient), 0, reader.clone());

		assert!(!KeyEnvelopes::<T>::contains_key(0, &reader));
	}

	#[benchmark]
	fn erase_record() {
		let patient = patient::<T>();
		let (doctor, org) = doctor::<T>(&patient);
		let envelopes = readers::<T>(org, T::MaxEnvelopesPerRecord::get());
		for version in 0..T::MaxVersions::get() {
			let previous = version.checked_sub(1).map(u64::from);
			Emr::<T>::do_add_record(
				doctor.clone(),
				patient.clone(),
				RecordCategory::Observation,
				cid(version),
				hash(version),
				org,
				envelopes.clone(),
				previous,
			)
			.expect("a version");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(patient), 0);

		assert!(matches!(
			Records::<T>::get(0).map(|r| r.status),
			Some(RecordStatus::Erased { .. })
		));
	}

	impl_benchmark_test_suite!(Emr, crate::mock::new_test_ext(), crate::mock::Test);
}
