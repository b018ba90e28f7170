//! Benchmarks of the access-control pallet's calls, each at its worst case: the patient's
//! grants filled to one short of `MaxGrantsPerPatient`, the most a patient may give one
//! grantee to the caller and to the caller's organisation, none of them in force, so that an
//! access check reads every grant it may read.

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

/// Fills `patient`'s grants to one short of the bound: `each` grants to each of `checked`
/// first, then `MaxGrantsPerGrantee` to each of as many new laboratories as it takes. None is
/// in force (each starts in a day), so none covers anything an access check asks. Returns the
/// id of the first grant to `checked`.
fn fill_grants<T: Config>(
	patient: &T::AccountId,
	checked: &[Grantee<T::AccountId>],
	each: u32,
) -> GrantId {
	let first = NextGrantId::<T>::get();
	let not_yet = Access::<T>::idle_grant_for_benchmarks;
	let room = T::MaxGrantsPerPatient::get().saturating_sub(1);
	let per_filler = T::MaxGrantsPerGrantee::get();
	let mut given = 0;
	for grantee in checked {
		for _ in 0..each.min(room.saturating_sub(given)) {
			Access::<T>::do_grant(patient, not_yet(grantee.clone())).expect("room for a grant");
			given += 1;
		}
	}
	let mut laboratory = 0;
	while given < room {
		let admin: T::AccountId = account("filler", laboratory, 0);
		let org = T::Membership::register_staff_for_benchmarks(
			&admin,
			OrganisationKind::Laboratory,
			&[StaffRole::LabTechnician],
		)
		.expect("a laboratory");
		for _ in 0..per_filler.min(room - given) {
			Access::<T>::do_grant(patient, not_yet(Grantee::Organisation(org)))
				.expect("room for a grant");
			given += 1;
		}
		laboratory += 1;
	}
	first
}

/// The grantees an access check of `who` (of `org`) reads.
fn checked<T: Config>(who: &T::AccountId, org: OrgId) -> [Grantee<T::AccountId>; 2] {
	[Grantee::Person(who.clone()), Grantee::Organisation(org)]
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn grant_access() {
		let patient = patient::<T>();
		let (_, hospital) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let room = T::MaxGrantsPerGrantee::get() - 1;
		fill_grants::<T>(&patient, &[Grantee::Organisation(hospital)], room);

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
		let (_, org) = new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let grantee = [Grantee::Organisation(org)];
		let grant = fill_grants::<T>(&patient, &grantee, T::MaxGrantsPerGrantee::get());

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
		let (doctor, org) =
			new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let room = T::MaxGrantsPerGrantee::get() - 1;
		fill_grants::<T>(&patient, &[Grantee::Organisation(org)], room);
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
		fill_grants::<T>(&patient, &checked::<T>(&doctor, org), T::MaxGrantsPerGrantee::get());
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
	/// grant read, access by break-glass, the signature verified in its second form (wrapped
	/// as a browser extension signs, after the raw form fails).
	#[benchmark]
	fn record_access_for() {
		let patient = patient::<T>();
		let (store, org) =
			new_staff::<T>("store", OrganisationKind::Hospital, &[StaffRole::RecordStore]);
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
			Access::<T>::sign_for_benchmarks(&Access::<T>::read_request_message(&request));
		T::Membership::add_staff_for_benchmarks(&reader, org, &[StaffRole::Doctor])
			.expect("the reader joins the hospital");
		fill_grants::<T>(&patient, &checked::<T>(&reader, org), T::MaxGrantsPerGrantee::get());
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

	/// The idle-time sweep over `g` expired grants, each of another patient (so each deletion
	/// writes another patient's count and index entry): the intercept is the sweep's base
	/// cost, the slope each grant's.
	#[benchmark]
	fn sweep_expired_grants(g: Linear<0, { T::MaxGrantsPerPatient::get() }>) {
		let (_, org) = new_staff::<T>("doctor", OrganisationKind::Hospital, &[StaffRole::Doctor]);
		let now = Access::<T>::now();
		let grantee = Grantee::Organisation(org);
		let grant = Grant {
			grantee: grantee.clone(),
			scope: Scope::AllCategories,
			access: AccessLevel::Read,
			purpose: Purpose::Treatment,
			valid_from: 0,
			valid_until: Some(now),
			granted_at: 0,
			grantee_epoch: 0,
		};
		let patients: Vec<T::AccountId> = (0..g).map(|i| account("patient", i, 1)).collect();
		for (id, patient) in patients.iter().enumerate() {
			let id = id as GrantId;
			Grants::<T>::insert(patient, id, grant.clone());
			GrantCount::<T>::insert(patient, 1);
			GrantsTo::<T>::insert(patient, &grantee, BoundedVec::truncate_from(vec![id]));
		}
		NextGrantId::<T>::put(GrantId::from(g));

		#[block]
		{
			Access::<T>::sweep_expired_grants(Weight::MAX);
		}

		assert!(patients.iter().all(|patient| GrantCount::<T>::get(patient) == 0));
		assert_eq!(GrantsTo::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Access, crate::mock::new_test_ext(), crate::mock::Test);
}
