//! Requests: asking, approving, denying, expiring, one per organisation, blocked requesters.

use super::*;

#[test]
fn a_clinicians_request_becomes_a_grant_when_approved() {
	run(|| {
		assert_ok!(Access::request_access(
			signed(DOCTOR_B),
			PATIENT,
			false,
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			Some(START + HOUR)
		));
		System::assert_last_event(
			Event::AccessRequested {
				patient: PATIENT,
				request: 0,
				requester: DOCTOR_B,
				grantee: Grantee::Person(DOCTOR_B),
			}
			.into(),
		);
		assert_eq!(Access::requests_of(&PATIENT).len(), 1);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_noop!(
			Access::approve_request(signed(OTHER_PATIENT), 0),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(Access::approve_request(signed(PATIENT), 0));
		assert_eq!(last_event(), Event::RequestApproved { patient: PATIENT, request: 0, grant: 0 });
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_eq!(RequestCount::<Test>::get(PATIENT), 0);
		assert_eq!(Grants::<Test>::get(PATIENT, 0).unwrap().valid_until, Some(START + HOUR));
	});
}

#[test]
fn a_hospital_asks_for_its_staff_and_the_patient_denies() {
	run(|| {
		// An admin may ask for the organisation (hospital-to-hospital), not for themself.
		assert_noop!(ask(ADMIN_B, false), Error::<Test>::NotClinicalStaff);
		assert_ok!(Access::request_access(
			signed(ADMIN_B),
			PATIENT,
			true,
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::CareManagement,
			None
		));
		assert_eq!(
			Requests::<Test>::get(PATIENT, 0).unwrap().grantee,
			Grantee::Organisation(HOSPITAL_B)
		);
		assert_ok!(Access::deny_request(signed(PATIENT), 0));
		System::assert_last_event(Event::RequestDenied { patient: PATIENT, request: 0 }.into());
		assert!(Access::requests_of(&PATIENT).is_empty());
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_noop!(Access::deny_request(signed(PATIENT), 0), Error::<Test>::RequestNotFound);
	});
}

#[test]
fn request_errors() {
	run(|| {
		let ask = |who: u64, patient: u64, scope, until| {
			Access::request_access(
				signed(who),
				patient,
				false,
				scope,
				AccessLevel::Read,
				Purpose::Treatment,
				until,
			)
		};
		assert_noop!(ask(STRANGER, PATIENT, Scope::AllCategories, None), Error::<Test>::NotStaff);
		assert_noop!(
			ask(PATIENT, OTHER_PATIENT, Scope::AllCategories, None),
			Error::<Test>::NotStaff
		);
		assert_noop!(
			ask(OPERATOR_A, PATIENT, Scope::AllCategories, None),
			Error::<Test>::NotClinicalStaff
		);
		assert_noop!(
			ask(DOCTOR_B, DOCTOR_A, Scope::AllCategories, None),
			Error::<Test>::NotPatient
		);
		assert_noop!(ask(DOCTOR_B, PATIENT, only(&[]), None), Error::<Test>::EmptyScope);
		assert_noop!(
			ask(DOCTOR_B, PATIENT, Scope::AllCategories, Some(START)),
			Error::<Test>::InvalidPeriod
		);
		assert_ok!(ask(DOCTOR_B, PATIENT, Scope::AllCategories, None));
		// One waiting request per requester and patient.
		assert_noop!(
			ask(DOCTOR_B, PATIENT, Scope::AllCategories, None),
			Error::<Test>::DuplicateRequest
		);
		assert_ok!(ask(DOCTOR_A, PATIENT, Scope::AllCategories, None));
		assert_eq!(RequestCount::<Test>::get(PATIENT), MAX_REQUESTS);
		assert_noop!(
			ask(PHARMACIST, PATIENT, Scope::AllCategories, None),
			Error::<Test>::TooManyRequests
		);
		assert_noop!(Access::approve_request(signed(DOCTOR_B), 0), Error::<Test>::NotPatient);
	});
}

#[test]
fn approving_a_request_whose_requester_left_fails_and_keeps_the_request() {
	run(|| {
		assert_ok!(ask(DOCTOR_B, false));
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert_noop!(Access::approve_request(signed(PATIENT), 0), Error::<Test>::RequesterGone);
		assert!(Requests::<Test>::contains_key(PATIENT, 0));
	});
}

#[test]
fn a_request_whose_requester_left_cannot_be_approved() {
	run(|| {
		assert_ok!(ask(DOCTOR_B, false));
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert_ok!(Consortium::add_staff(signed(ADMIN_B), DOCTOR_B, roles(&[StaffRole::Doctor])));
		assert_noop!(Access::approve_request(signed(PATIENT), 0), Error::<Test>::RequesterGone);
		assert_ok!(Access::deny_request(signed(PATIENT), 0));
	});
}

// ---- requests expire, one per organisation waits, a requester can be blocked ----

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
