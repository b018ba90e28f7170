//! The ways around consent an insider had, each closed: grants revived by registering again,
//! forged audit entries, unbounded break-glass, requests that never expire, blocked queues,
//! and a stolen patient key.

use super::*;

fn roles(list: &[StaffRole]) -> medchain_primitives::StaffRoles {
	BoundedVec::try_from(list.to_vec()).unwrap()
}

// ---- a grant to a person never outlives the standing it was given to ----

#[test]
fn removal_ends_a_personal_grant_and_registering_again_never_revives_it() {
	run(|| {
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		// Registered again, as a doctor of the same hospital: the grant stays dead.
		assert_ok!(Consortium::add_staff(signed(ADMIN_B), DOCTOR_B, roles(&[StaffRole::Doctor])));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		// Nor as staff elsewhere, in any role.
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert_ok!(Consortium::add_staff(signed(ADMIN_A), DOCTOR_B, roles(&[StaffRole::Nurse])));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		// A new grant from the patient is what gives access again.
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn re_registered_as_a_patient_a_removed_doctor_gets_nothing_back() {
	run(|| {
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert_ok!(Consortium::register_patient(signed(ADMIN_A), DOCTOR_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn losing_every_clinical_role_ends_a_personal_grant_and_regaining_one_does_not_revive_it() {
	run(|| {
		grant(Grantee::Person(DOCTOR_B), AccessLevel::ReadWrite, None);
		// Gaining a non-clinical role changes nothing.
		assert_ok!(Consortium::set_staff_roles(
			signed(ADMIN_B),
			DOCTOR_B,
			roles(&[StaffRole::Doctor, StaffRole::DeviceOperator])
		));
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_ok!(Consortium::set_staff_roles(
			signed(ADMIN_B),
			DOCTOR_B,
			roles(&[StaffRole::DeviceOperator])
		));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert!(!Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::Observation));
		assert_ok!(Consortium::set_staff_roles(
			signed(ADMIN_B),
			DOCTOR_B,
			roles(&[StaffRole::Doctor])
		));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn a_deregistered_relative_loses_a_personal_grant_for_good() {
	run(|| {
		grant(Grantee::Person(OTHER_PATIENT), AccessLevel::Read, None);
		assert!(Access::can_access(&OTHER_PATIENT, OBSERVATION));
		assert_ok!(Consortium::deregister_patient(signed(ADMIN_A), OTHER_PATIENT));
		assert_ok!(Consortium::register_patient(signed(ADMIN_A), OTHER_PATIENT));
		assert!(!Access::can_access(&OTHER_PATIENT, OBSERVATION));
	});
}

#[test]
fn a_grant_to_a_person_on_staff_needs_a_clinical_role() {
	run(|| {
		assert_noop!(
			Access::grant_access(
				signed(PATIENT),
				Grantee::Person(OPERATOR_A),
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None,
				None
			),
			Error::<Test>::GranteeNotClinical
		);
	});
}

#[test]
fn a_request_whose_requester_left_cannot_be_approved() {
	run(|| {
		assert_ok!(Access::request_access(
			signed(DOCTOR_B),
			PATIENT,
			false,
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			None
		));
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert_ok!(Consortium::add_staff(signed(ADMIN_B), DOCTOR_B, roles(&[StaffRole::Doctor])));
		assert_noop!(Access::approve_request(signed(PATIENT), 0), Error::<Test>::RequesterGone);
		assert_ok!(Access::deny_request(signed(PATIENT), 0));
	});
}

// ---- the audit trail shows who really asked ----

#[test]
fn only_a_record_store_account_of_the_store_reports_a_read_and_only_with_the_readers_signature() {
	run(|| {
		grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		let (request, signature) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_A, 5);
		// Other staff of the store's organisation may not, whatever their role.
		for staff in [OPERATOR_A, ADMIN_A, DOCTOR_A] {
			assert_noop!(
				Access::record_access_for(
					signed(staff),
					DOCTOR_B,
					request.clone(),
					signature.clone()
				),
				Error::<Test>::NotStoreOperator
			);
		}
		// A signature by someone else, or over another request, does not verify.
		let forged = sp_runtime::testing::TestSignature(STORE_A, signature.1.clone());
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, request.clone(), forged),
			Error::<Test>::BadSignature
		);
		let other = ReadRequest { nonce: 6, ..request.clone() };
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, other, signature.clone()),
			Error::<Test>::BadSignature
		);
		// The request must name the store that holds the record.
		let (elsewhere, elsewhere_signature) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_B, 5);
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, elsewhere, elsewhere_signature),
			Error::<Test>::WrongStore
		);
		assert_ok!(Access::record_access_for(
			signed(STORE_A),
			DOCTOR_B,
			request.clone(),
			signature.clone()
		));
		System::assert_last_event(
			Event::RecordAccessed {
				patient: PATIENT,
				record: IMAGING,
				reader: DOCTOR_B,
				basis: AccessBasis::Grant(0),
				index: 0,
				reported_by: STORE_A,
			}
			.into(),
		);
		assert_eq!(ReadNonces::<Test>::get(DOCTOR_B), 5);
		// Once audited, never again: the same or an older request is stale.
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, request, signature),
			Error::<Test>::StaleReadRequest
		);
		let (older, older_signature) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_A, 4);
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, older, older_signature),
			Error::<Test>::StaleReadRequest
		);
		assert_eq!(AuditLength::<Test>::get(PATIENT), 1);
	});
}

#[test]
fn a_read_request_is_good_for_a_few_blocks_only() {
	run(|| {
		grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		let (request, signature) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_A, 1);
		System::set_block_number(request.valid_until + 1);
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, request, signature),
			Error::<Test>::ReadRequestExpired
		);
		let far = ReadRequest {
			record: IMAGING,
			store: HOSPITAL_A,
			nonce: 2,
			valid_until: System::block_number() + READ_REQUEST_AGE + 1,
		};
		let signature =
			sp_runtime::testing::TestSignature(DOCTOR_B, Access::read_request_message(&far));
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, far, signature),
			Error::<Test>::ReadRequestTooFarAhead
		);
		let (erased, erased_signature) = signed_request(DOCTOR_B, ERASED, HOSPITAL_A, 3);
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, erased, erased_signature),
			Error::<Test>::RecordErased
		);
	});
}

// ---- break-glass: who, how often, and reviewed outside the clinician's organisation ----

#[test]
fn only_a_hospitals_doctors_and_nurses_break_the_glass() {
	run(|| {
		let reason = EmergencyReason::LifeThreatening;
		for clinician in [LAB_DOCTOR, PHARMACIST] {
			assert_noop!(
				Access::break_glass(signed(clinician), PATIENT, reason),
				Error::<Test>::NotEmergencyStaff
			);
		}
		assert_ok!(Access::break_glass(signed(NURSE_A), PATIENT, reason));
		assert_ok!(Access::break_glass(signed(DOCTOR_B), PATIENT, reason));
	});
}

#[test]
fn break_glass_is_not_renewed_while_open_and_is_bounded_per_day() {
	run(|| {
		let reason = EmergencyReason::UrgentTreatment;
		assert_ok!(Access::break_glass(signed(DOCTOR_B), PATIENT, reason));
		assert_noop!(
			Access::break_glass(signed(DOCTOR_B), PATIENT, reason),
			Error::<Test>::BreakGlassStillOpen
		);
		// After it ends, again: the clinician's second (and last) today.
		set_time(START + BREAK_GLASS_MS);
		assert_ok!(Access::break_glass(signed(DOCTOR_B), PATIENT, reason));
		set_time(START + 2 * BREAK_GLASS_MS);
		assert_noop!(
			Access::break_glass(signed(DOCTOR_B), OTHER_PATIENT, reason),
			Error::<Test>::ClinicianBreakGlassLimit
		);
		// The patient's third today, by another clinician; then the patient's bound.
		assert_ok!(Access::break_glass(signed(NURSE_A), PATIENT, reason));
		assert_noop!(
			Access::break_glass(signed(DOCTOR_A), PATIENT, reason),
			Error::<Test>::PatientBreakGlassLimit
		);
		// A new UTC day starts both counts afresh.
		set_time((START / 86_400_000 + 1) * 86_400_000);
		assert_ok!(Access::break_glass(signed(DOCTOR_A), PATIENT, reason));
		assert_ok!(Access::break_glass(signed(DOCTOR_B), OTHER_PATIENT, reason));
	});
}

#[test]
fn a_patient_flags_a_break_glass_for_their_hospital_or_governance_to_review() {
	run(|| {
		assert_ok!(Access::break_glass(
			signed(DOCTOR_B),
			PATIENT,
			EmergencyReason::LifeThreatening
		));
		// The clinician's organisation judged it justified; the patient disagrees.
		assert_ok!(Access::close_review(signed(ADMIN_B), 0, ReviewOutcome::Justified));
		assert_noop!(
			Access::flag_break_glass(signed(OTHER_PATIENT), 0),
			Error::<Test>::NotYourBreakGlass
		);
		assert_noop!(
			Access::flag_break_glass(signed(PATIENT), 9),
			Error::<Test>::BreakGlassNotFound
		);
		assert_ok!(Access::flag_break_glass(signed(PATIENT), 0));
		System::assert_last_event(
			Event::EmergencyAccessFlagged { id: 0, patient: PATIENT, hospital: HOSPITAL_A }.into(),
		);
		assert_noop!(Access::flag_break_glass(signed(PATIENT), 0), Error::<Test>::AlreadyFlagged);
		assert_eq!(Access::flagged_reviews(HOSPITAL_A, None, 10).len(), 1);
		// Not the clinician's organisation now: the hospital that registered the patient.
		assert_noop!(
			Access::close_review(signed(ADMIN_B), 0, ReviewOutcome::Justified),
			Error::<Test>::NotReviewer
		);
		assert_ok!(Access::close_review(signed(ADMIN_A), 0, ReviewOutcome::Unjustified));
		assert!(Access::flagged_reviews(HOSPITAL_A, None, 10).is_empty());
		assert_noop!(
			Access::review_flagged(RuntimeOrigin::root(), 0, ReviewOutcome::Justified),
			Error::<Test>::NotFlagged
		);
	});
}

#[test]
fn governance_reviews_a_flagged_break_glass() {
	run(|| {
		assert_ok!(Access::break_glass(
			signed(DOCTOR_A),
			PATIENT,
			EmergencyReason::LifeThreatening
		));
		assert_ok!(Access::flag_break_glass(signed(PATIENT), 0));
		assert!(Access::open_reviews(HOSPITAL_A, None, 10).is_empty(), "no longer the org's");
		assert_noop!(
			Access::review_flagged(signed(ADMIN_A), 0, ReviewOutcome::Justified),
			DispatchError::BadOrigin
		);
		// The accessor's own admin is also the registering hospital's: never the accessor.
		assert_noop!(
			Access::close_review(signed(DOCTOR_A), 0, ReviewOutcome::Justified),
			Error::<Test>::NotReviewer
		);
		assert_ok!(Access::review_flagged(RuntimeOrigin::root(), 0, ReviewOutcome::Unjustified));
		System::assert_last_event(
			Event::EmergencyAccessReviewedByGovernance {
				id: 0,
				outcome: ReviewOutcome::Unjustified,
			}
			.into(),
		);
		assert!(matches!(
			BreakGlassAccesses::<Test>::get(0).unwrap().review,
			Review::ClosedByGovernance { outcome: ReviewOutcome::Unjustified, .. }
		));
	});
}

#[test]
fn a_patients_break_glass_list_is_paged() {
	run(|| {
		let reason = EmergencyReason::LifeThreatening;
		for clinician in [DOCTOR_A, NURSE_A, DOCTOR_B] {
			assert_ok!(Access::break_glass(signed(clinician), PATIENT, reason));
		}
		let first = Access::break_glass_of(&PATIENT, None, 2);
		assert_eq!(first.len(), 2);
		let rest = Access::break_glass_of(&PATIENT, Some(first[1].0), 2);
		assert_eq!(rest.len(), 1);
		let mut all: Vec<_> = first.iter().chain(rest.iter()).map(|(id, _, _)| *id).collect();
		all.sort();
		assert_eq!(all, vec![0, 1, 2]);
	});
}

// ---- requests expire, one per organisation waits, a requester can be blocked ----

fn ask(who: u64, for_organisation: bool) -> DispatchResult {
	Access::request_access(
		signed(who),
		PATIENT,
		for_organisation,
		Scope::AllCategories,
		AccessLevel::Read,
		Purpose::Treatment,
		None,
	)
}

#[test]
fn a_request_expires_and_makes_room() {
	run(|| {
		assert_ok!(ask(DOCTOR_A, false));
		assert_ok!(ask(DOCTOR_B, false));
		assert_noop!(ask(PHARMACIST, false), Error::<Test>::TooManyRequests);
		set_time(START + REQUEST_LIFETIME_MS);
		assert_noop!(Access::approve_request(signed(PATIENT), 0), Error::<Test>::RequestExpired);
		// Asking again clears the expired ones first.
		assert_ok!(ask(PHARMACIST, false));
		assert!(System::events()
			.iter()
			.any(|e| e.event == Event::RequestExpired { patient: PATIENT, request: 0 }.into()));
		assert_eq!(Access::requests_of(&PATIENT).len(), 1);
		assert_eq!(RequestCount::<Test>::get(PATIENT), 1);
	});
}

#[test]
fn one_request_per_organisation_waits_for_a_patient() {
	run(|| {
		assert_ok!(ask(DOCTOR_A, false));
		assert_noop!(ask(NURSE_A, false), Error::<Test>::OrganisationRequestWaiting);
		assert_noop!(ask(ADMIN_A, true), Error::<Test>::OrganisationRequestWaiting);
		assert_ok!(ask(DOCTOR_B, true));
	});
}

#[test]
fn a_patient_blocks_a_person_or_an_organisation_from_asking() {
	run(|| {
		assert_ok!(ask(DOCTOR_B, false));
		assert_ok!(Access::block_requester(signed(PATIENT), Grantee::Organisation(HOSPITAL_B)));
		System::assert_last_event(
			Event::RequesterBlocked {
				patient: PATIENT,
				requester: Grantee::Organisation(HOSPITAL_B),
			}
			.into(),
		);
		assert!(Access::requests_of(&PATIENT).is_empty(), "its waiting request went too");
		assert_noop!(ask(DOCTOR_B, false), Error::<Test>::RequesterBlocked);
		assert_noop!(ask(ADMIN_B, true), Error::<Test>::RequesterBlocked);
		assert_noop!(
			Access::block_requester(signed(PATIENT), Grantee::Organisation(HOSPITAL_B)),
			Error::<Test>::AlreadyBlocked
		);
		assert_ok!(Access::block_requester(signed(PATIENT), Grantee::Person(PHARMACIST)));
		assert_noop!(ask(PHARMACIST, false), Error::<Test>::RequesterBlocked);
		assert_noop!(
			Access::block_requester(signed(PATIENT), Grantee::Person(DOCTOR_A)),
			Error::<Test>::TooManyBlocked
		);
		assert_noop!(
			Access::block_requester(signed(DOCTOR_A), Grantee::Person(PHARMACIST)),
			Error::<Test>::NotPatient
		);
		assert_ok!(Access::unblock_requester(signed(PATIENT), Grantee::Organisation(HOSPITAL_B)));
		assert_noop!(
			Access::unblock_requester(signed(PATIENT), Grantee::Organisation(HOSPITAL_B)),
			Error::<Test>::NotBlocked
		);
		assert_ok!(ask(DOCTOR_B, false));
		// Another patient's queue was never affected.
		assert_eq!(BlockedCount::<Test>::get(OTHER_PATIENT), 0);
	});
}

// ---- a patient's consent follows their recovered key, and leaves the key it replaced ----

const NEW_KEY: u64 = 900;
const RELATIVE_KEY: u64 = 901;

#[test]
fn a_recovered_key_holds_the_patients_consent_and_the_replaced_key_nothing() {
	run(|| {
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		// The patient's relative (another patient) may read too.
		grant(Grantee::Person(OTHER_PATIENT), AccessLevel::Read, None);
		assert_ok!(Consortium::force_key_recovery(RuntimeOrigin::root(), PATIENT, NEW_KEY));
		assert_ok!(Consortium::force_key_recovery(
			RuntimeOrigin::root(),
			OTHER_PATIENT,
			RELATIVE_KEY
		));

		// Everything given stays, under the patient's account.
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_eq!(GrantCount::<Test>::get(PATIENT), 2);
		// The new keys read as the patient and the relative; the replaced ones, not at all.
		assert!(Access::can_access(&NEW_KEY, OBSERVATION));
		assert!(Access::can_access(&RELATIVE_KEY, OBSERVATION));
		assert!(!Access::can_access(&PATIENT, OBSERVATION));
		assert!(!Access::can_access(&OTHER_PATIENT, OBSERVATION));
		assert_noop!(
			Access::record_access(signed(PATIENT), OBSERVATION),
			Error::<Test>::NotAuthorised
		);
		let (request, signature) = signed_request(PATIENT, OBSERVATION, HOSPITAL_A, 1);
		assert_noop!(
			Access::record_access_for(signed(STORE_A), PATIENT, request, signature),
			Error::<Test>::NotAuthorised
		);

		// The replaced key gives and revokes nothing; the new one does, for the patient.
		assert_noop!(
			Access::grant_access(
				signed(PATIENT),
				Grantee::Organisation(HOSPITAL_B),
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None,
				None
			),
			Error::<Test>::NotPatient
		);
		assert_noop!(Access::revoke_grant(signed(PATIENT), 0), Error::<Test>::NotPatient);
		assert_ok!(Access::revoke_grant(signed(NEW_KEY), 0));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_eq!(GrantCount::<Test>::get(PATIENT), 1);

		// The relative's reading is audited under the patient, naming the key that asked.
		let (request, signature) = signed_request(RELATIVE_KEY, OBSERVATION, HOSPITAL_A, 1);
		assert_ok!(Access::record_access_for(signed(STORE_A), RELATIVE_KEY, request, signature));
		let entry = AuditTrail::<Test>::get(PATIENT, AuditLength::<Test>::get(PATIENT) - 1)
			.expect("an audit entry");
		assert_eq!(entry.reader, RELATIVE_KEY);
		assert!(matches!(entry.basis, AccessBasis::Grant(1)));
	});
}

// ---- the invariants notice broken state ----

#[test]
fn the_invariants_catch_broken_state() {
	let broken = |corrupt: fn()| {
		new_test_ext().execute_unchecked(|| {
			grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
			assert_ok!(ask(DOCTOR_B, false));
			assert_ok!(Access::break_glass(
				signed(DOCTOR_A),
				PATIENT,
				EmergencyReason::LifeThreatening
			));
			assert_ok!(Access::do_try_state());
			corrupt();
			Access::do_try_state().is_err()
		})
	};
	assert!(broken(|| GrantCount::<Test>::insert(PATIENT, 2)));
	assert!(broken(|| RequestCount::<Test>::insert(PATIENT, 0)));
	assert!(broken(|| BlockedCount::<Test>::insert(PATIENT, 1)));
	assert!(broken(|| OpenReviews::<Test>::remove(HOSPITAL_A, 0)));
	assert!(broken(|| FlaggedReviews::<Test>::insert(HOSPITAL_A, 0, ())));
	assert!(broken(|| PatientBreakGlass::<Test>::remove(PATIENT, 0)));
	assert!(broken(|| LatestBreakGlass::<Test>::insert(PATIENT, DOCTOR_B, 0)));
	assert!(broken(|| AuditLength::<Test>::insert(PATIENT, 3)));
	assert!(broken(|| ConsentHistoryLength::<Test>::insert(PATIENT, 9)));
	assert!(broken(|| NextGrantId::<Test>::put(0)));
	assert!(broken(|| {
		let mut request = Requests::<Test>::get(PATIENT, 0).unwrap();
		request.requester = NURSE_A;
		Requests::<Test>::insert(PATIENT, 7, request);
		RequestCount::<Test>::insert(PATIENT, 2);
		NextRequestId::<Test>::put(8);
	}));
}
