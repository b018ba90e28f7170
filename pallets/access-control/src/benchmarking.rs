//! Benchmarks of the access-control pallet's calls, each at its worst case: the patient's
//! grants filled to one short of `MaxGrantsPerPatient`, none of which covers the caller, so
//! that every access check reads them all.

use super::*;
use crate::Pallet as Access;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use medchain_primitives::OrganisationKind;
use sp_runtime::traits::Saturating;

/// A registered patient.
fn patient<T: Config>() -> T::AccountId {
	let patient: T::AccountId = account("patient", 0, 0);
	T::Membership::register_patient_for_benchmarks(&patient).expect("a patient can be registered");
	patient
}

/// Active staff of a new organisation of `kind` holding `roles`; returns it with its org.
fn new_staff<T: Config>(
	name: &'static str,
	kind: OrganisationKind,
	roles: &[StaffRole],
) -> (T::AccountId, OrgId) {
	let who: T::AccountId = account(name, 0, 0);
	let org = T::Membership::register_staff_for_benchmarks(&who, kind, roles)
		.expect("staff can be registered");
	(who, org)
}

/// Fills `patient`'s request queue: `MaxRequestsPerPatient` requests from as many
/// organisations, asked at `requested_at`; the first from `first` (a person of `first_org`).
fn fill_requests<T: Config>(
	patient: &T::AccountId,
	requested_at: Moment,
	first: &T::AccountId,
	first_org: OrgId,
) {
	let max = T::MaxRequestsPerPatient::get();
	for i in 0..max {
		let (requester, org) = if i == 0 {
			(first.clone(), first_org)
		} else {
			(account::<T::AccountId>("requester", i, 0), OrgId::MAX - i)
		};
		let id = NextRequestId::<T>::get();
		NextRequestId::<T>::put(id + 1);
		Requests::<T>::insert(
			patient,
			id,
			AccessRequest {
				grantee: Grantee::Person(requester.clone()),
				requester,
				scope: Scope::AllCategories,
				access: AccessLevel::Read,
				purpose: Purpose::Treatment,
				valid_until: None,
				requested_at,
				org,
				requester_epoch: 0,
			},
		);
	}
	RequestCount::<T>::insert(patient, max);
}

/// A break-glass access by a new hospital doctor to `patient`; returns its id.
fn broken_glass<T: Config>(patient: &T::AccountId) -> BreakGlassId {
	let (doctor, _) = new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
	let staff = T::Membership::active_staff(&doctor).expect("active");
	Access::<T>::do_break_glass(doctor, staff, patient.clone(), EmergencyReason::LifeThreatening)
		.expect("break-glass");
	NextBreakGlassId::<T>::get() - 1
}

/// Fills `patient`'s grants to one short of the bound, each to `org`, Read only, for one
/// category the benchmarks never ask about: none of them covers anything they check.
fn fill_grants<T: Config>(patient: &T::AccountId, org: OrgId) {
	let now = Access::<T>::now();
	for _ in 1..T::MaxGrantsPerPatient::get() {
		let grant = Grant {
			grantee: Grantee::Organisation(org),
			scope: Scope::Categories(
				vec![RecordCategory::Immunization].try_into().expect("one category fits"),
			),
			access: AccessLevel::Read,
			purpose: Purpose::Research,
			valid_from: now,
			valid_until: None,
			granted_at: now,
			grantee_epoch: 0,
		};
		Access::<T>::do_grant(patient, grant).expect("room for a grant");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn grant_access() {
		let patient = patient::<T>();
		let (_, filler) =
			new_staff::<T>("filler", OrganisationKind::Laboratory, &[StaffRole::LabTechnician]);
		fill_grants::<T>(&patient, filler);
		let (_, hospital) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(patient.clone()),
			Grantee::Organisation(hospital),
			Scope::AllCategories,
			AccessLevel::ReadWrite,
			Purpose::Treatment,
			None,
			None,
		);

		assert_eq!(GrantCount::<T>::get(&patient), T::MaxGrantsPerPatient::get());
	}

	#[benchmark]
	fn revoke_grant() {
		let patient = patient::<T>();
		let (_, org) = new_staff::<T>("filler", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		fill_grants::<T>(&patient, org);
		let grant = NextGrantId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), grant);

		assert!(!Grants::<T>::contains_key(&patient, grant));
	}

	/// The worst case: the queue full of requests, every one expired and deleted first.
	#[benchmark]
	fn request_access() {
		let patient = patient::<T>();
		let (doctor, _) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let stranger: T::AccountId = account("stranger", 0, 0);
		fill_requests::<T>(&patient, 0, &stranger, OrgId::MAX);
		T::BenchmarkHelper::set_now(T::RequestLifetime::get().saturating_add(1));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(doctor),
			patient.clone(),
			true,
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			None,
		);

		assert_eq!(RequestCount::<T>::get(&patient), 1);
	}

	/// Blocking a person whose request waits among a full queue.
	#[benchmark]
	fn block_requester() {
		let patient = patient::<T>();
		let requester: T::AccountId = account("requester", 0, 0);
		fill_requests::<T>(&patient, Access::<T>::now(), &requester, OrgId::MAX);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), Grantee::Person(requester));

		assert_eq!(RequestCount::<T>::get(&patient), T::MaxRequestsPerPatient::get() - 1);
	}

	#[benchmark]
	fn unblock_requester() {
		let patient = patient::<T>();
		let requester: T::AccountId = account("requester", 0, 0);
		Access::<T>::do_block_requester(patient.clone(), Grantee::Person(requester.clone()))
			.expect("room to block");

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), Grantee::Person(requester));

		assert_eq!(BlockedCount::<T>::get(&patient), 0);
	}

	#[benchmark]
	fn flag_break_glass() {
		let patient = patient::<T>();
		let id = broken_glass::<T>(&patient);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), id);

		assert!(matches!(
			BreakGlassAccesses::<T>::get(id).map(|a| a.review),
			Some(Review::Flagged { .. })
		));
	}

	#[benchmark]
	fn review_flagged() -> Result<(), BenchmarkError> {
		let patient = patient::<T>();
		let id = broken_glass::<T>(&patient);
		Access::<T>::do_flag_break_glass(patient, id).expect("flagged");
		let origin =
			T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, ReviewOutcome::Unjustified);

		assert!(matches!(
			BreakGlassAccesses::<T>::get(id).map(|a| a.review),
			Some(Review::ClosedByGovernance { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn approve_request() {
		let patient = patient::<T>();
		let (_, filler) =
			new_staff::<T>("filler", OrganisationKind::Laboratory, &[StaffRole::LabTechnician]);
		fill_grants::<T>(&patient, filler);
		let (doctor, org) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let staff = T::Membership::active_staff(&doctor).expect("active");
		Access::<T>::do_request_access(
			doctor,
			staff,
			patient.clone(),
			true,
			crate::AskedTerms {
				scope: Scope::AllCategories,
				access: AccessLevel::Read,
				purpose: Purpose::Treatment,
				valid_until: None,
			},
		)
		.expect("a request");
		let request = NextRequestId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), request);

		assert!(Access::<T>::grants_of(&patient)
			.iter()
			.any(|(_, g, _)| g.grantee == Grantee::Organisation(org)));
	}

	#[benchmark]
	fn deny_request() {
		let patient = patient::<T>();
		let (doctor, _) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let staff = T::Membership::active_staff(&doctor).expect("active");
		Access::<T>::do_request_access(
			doctor,
			staff,
			patient.clone(),
			false,
			crate::AskedTerms {
				scope: Scope::AllCategories,
				access: AccessLevel::Read,
				purpose: Purpose::Treatment,
				valid_until: None,
			},
		)
		.expect("a request");

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), 0);

		assert_eq!(RequestCount::<T>::get(&patient), 0);
	}

	#[benchmark]
	fn break_glass() {
		let patient = patient::<T>();
		let (doctor, _) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor), patient.clone(), EmergencyReason::LifeThreatening);

		assert_eq!(Access::<T>::break_glass_of(&patient, None, 10).len(), 1);
	}

	#[benchmark]
	fn close_review() {
		let patient = patient::<T>();
		let (doctor, _) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let staff = T::Membership::active_staff(&doctor).expect("active");
		Access::<T>::do_break_glass(doctor, staff, patient, EmergencyReason::LifeThreatening)
			.expect("break-glass");
		let id = NextBreakGlassId::<T>::get() - 1;
		// The reviewer must be another admin of the clinician's organisation; the membership
		// trait makes one account per organisation, so point the access at the reviewer's.
		let (reviewer, reviewer_org) = new_staff::<T>("reviewer", OrganisationKind::Hospital, &[]);
		BreakGlassAccesses::<T>::mutate(id, |access| {
			if let Some(access) = access {
				OpenReviews::<T>::remove(access.org, id);
				access.org = reviewer_org;
			}
		});
		OpenReviews::<T>::insert(reviewer_org, id, ());

		#[extrinsic_call]
		_(RawOrigin::Signed(reviewer), id, ReviewOutcome::Justified);

		assert!(BreakGlassAccesses::<T>::get(id).is_some_and(|a| a.review != Review::Open));
	}

	#[benchmark]
	fn record_access() {
		let patient = patient::<T>();
		let (doctor, org) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let (_, filler) =
			new_staff::<T>("filler", OrganisationKind::Laboratory, &[StaffRole::LabTechnician]);
		fill_grants::<T>(&patient, filler);
		let record = T::Records::create_for_benchmarks(&patient, RecordCategory::Observation, org)
			.expect("a record");
		// The longest path: every grant read, access by break-glass.
		let staff = T::Membership::active_staff(&doctor).expect("active");
		Access::<T>::do_break_glass(
			doctor.clone(),
			staff,
			patient.clone(),
			EmergencyReason::LifeThreatening,
		)
		.expect("break-glass");

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor), record);

		assert_eq!(AuditLength::<T>::get(&patient), 1);
	}

	/// A store reports a read for a reader who asked, with the reader's signature: every
	/// grant read, access by break-glass, the signature verified.
	#[benchmark]
	fn record_access_for() {
		let patient = patient::<T>();
		let (store, org) =
			new_staff::<T>("store", OrganisationKind::Hospital, &[StaffRole::RecordStore]);
		let (_, filler) =
			new_staff::<T>("filler", OrganisationKind::Laboratory, &[StaffRole::LabTechnician]);
		fill_grants::<T>(&patient, filler);
		let record = T::Records::create_for_benchmarks(&patient, RecordCategory::Observation, org)
			.expect("a record");
		let request = ReadRequest {
			record,
			store: org,
			nonce: 1,
			// Good for as long as it may be: the harness moves block 0 to 1 before the call.
			valid_until: frame_system::Pallet::<T>::block_number()
				.saturating_add(T::MaxReadRequestAge::get()),
		};
		let (reader, signature) =
			T::BenchmarkHelper::sign(&Access::<T>::read_request_message(&request));
		T::Membership::add_staff_for_benchmarks(&reader, org, &[StaffRole::Doctor])
			.expect("the reader joins the hospital");
		let staff = T::Membership::active_staff(&reader).expect("active");
		Access::<T>::do_break_glass(
			reader.clone(),
			staff,
			patient.clone(),
			EmergencyReason::LifeThreatening,
		)
		.expect("break-glass");

		#[extrinsic_call]
		_(RawOrigin::Signed(store), reader, request, signature);

		assert_eq!(AuditLength::<T>::get(&patient), 1);
	}

	/// The idle-time sweep over `g` expired grants of one patient (each deleted): the
	/// intercept is the sweep's base cost, the slope each grant's.
	#[benchmark]
	fn sweep_expired_grants(g: Linear<0, { T::MaxGrantsPerPatient::get() }>) {
		let patient = patient::<T>();
		let (_, org) = new_staff::<T>("filler", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let now = Access::<T>::now();
		let grant = Grant {
			grantee: Grantee::Organisation(org),
			scope: Scope::AllCategories,
			access: AccessLevel::Read,
			purpose: Purpose::Treatment,
			valid_from: 0,
			valid_until: Some(now),
			granted_at: 0,
			grantee_epoch: 0,
		};
		for id in 0..g {
			Grants::<T>::insert(&patient, GrantId::from(id), grant.clone());
		}
		GrantCount::<T>::insert(&patient, g);

		#[block]
		{
			Access::<T>::sweep_expired_grants(Weight::MAX);
		}

		assert_eq!(GrantCount::<T>::get(&patient), 0);
	}

	impl_benchmark_test_suite!(Access, crate::mock::new_test_ext(), crate::mock::Test);
}
