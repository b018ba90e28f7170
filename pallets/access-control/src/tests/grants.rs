//! Grants: giving, scoping, expiring and revoking consent, and the standing a grant needs.

use super::*;

#[test]
fn a_patient_grants_an_organisation_whose_clinical_staff_then_read() {
	run(|| {
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		let id = grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, Some(START + HOUR));
		System::assert_last_event(
			Event::AccessGranted {
				patient: PATIENT,
				grant: id,
				grantee: Grantee::Organisation(HOSPITAL_B),
				access: AccessLevel::Read,
				valid_until: Some(START + HOUR),
			}
			.into(),
		);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		// Read, not write; staff of other organisations, and the admin, are not covered.
		assert!(!Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::Observation));
		assert!(!Access::can_access(&DOCTOR_A, OBSERVATION));
		assert!(!Access::can_access(&ADMIN_B, OBSERVATION));
		assert_eq!(GrantCount::<Test>::get(PATIENT), 1);
		assert_eq!(Access::consent_page(&PATIENT, 0, 10)[0].1.change, ConsentChange::Granted(id));
	});
}

#[test]
fn a_grant_expires_at_the_exact_moment_it_ends_and_starts_at_the_moment_it_begins() {
	run(|| {
		assert_ok!(Access::grant_access(
			signed(PATIENT),
			Grantee::Person(DOCTOR_B),
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			Some(START + 10),
			Some(START + HOUR),
		));
		set_time(START + 9);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION), "before it starts");
		set_time(START + 10);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION), "from the moment it starts");
		set_time(START + HOUR - 1);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION), "until the last millisecond");
		set_time(START + HOUR);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION), "not at the moment it ends");
		// Queries report it as not in force, without anything having flipped it.
		assert!(!Access::grants_of(&PATIENT)[0].2);
		assert_noop!(
			Access::record_access(signed(DOCTOR_B), OBSERVATION),
			Error::<Test>::NotAuthorised
		);
	});
}

#[test]
fn a_scope_limits_the_categories() {
	run(|| {
		assert_ok!(Access::grant_access(
			signed(PATIENT),
			Grantee::Person(DOCTOR_B),
			only(&[RecordCategory::Observation]),
			AccessLevel::ReadWrite,
			Purpose::Treatment,
			None,
			None,
		));
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert!(!Access::can_access(&DOCTOR_B, IMAGING));
		assert!(Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::Observation));
		assert!(!Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::ImagingStudy));
	});
}

#[test]
fn grant_errors() {
	run(|| {
		let try_grant = |who: u64, grantee, scope, from, until| {
			Access::grant_access(
				signed(who),
				grantee,
				scope,
				AccessLevel::Read,
				Purpose::Treatment,
				from,
				until,
			)
		};
		assert_noop!(
			try_grant(DOCTOR_A, Grantee::Person(DOCTOR_B), Scope::AllCategories, None, None),
			Error::<Test>::NotPatient
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(PATIENT), Scope::AllCategories, None, None),
			Error::<Test>::GrantToSelf
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(STRANGER), Scope::AllCategories, None, None),
			Error::<Test>::UnknownGrantee
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Organisation(42), Scope::AllCategories, None, None),
			Error::<Test>::UnknownGrantee
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(DOCTOR_B), only(&[]), None, None),
			Error::<Test>::EmptyScope
		);
		// Ends before it starts; ends now (already over).
		assert_noop!(
			try_grant(
				PATIENT,
				Grantee::Person(DOCTOR_B),
				Scope::AllCategories,
				Some(START + 5),
				Some(START + 5)
			),
			Error::<Test>::InvalidPeriod
		);
		assert_noop!(
			try_grant(
				PATIENT,
				Grantee::Person(DOCTOR_B),
				Scope::AllCategories,
				Some(START - HOUR),
				Some(START)
			),
			Error::<Test>::InvalidPeriod
		);
		for _ in 0..MAX_GRANTS_PER_GRANTEE {
			grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		}
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(DOCTOR_B), Scope::AllCategories, None, None),
			Error::<Test>::TooManyGrantsToGrantee
		);
		for _ in MAX_GRANTS_PER_GRANTEE..MAX_GRANTS {
			grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		}
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(DOCTOR_B), Scope::AllCategories, None, None),
			Error::<Test>::TooManyGrants
		);
	});
}

#[test]
fn a_check_reads_only_the_grants_to_the_reader_and_their_organisation() {
	use frame_support::{traits::Hooks, weights::Weight};
	run(|| {
		let hospital_b = Grantee::Organisation(HOSPITAL_B);
		let ids: Vec<GrantId> = (0..MAX_GRANTS_PER_GRANTEE)
			.map(|_| grant(hospital_b.clone(), AccessLevel::Read, Some(START + HOUR)))
			.collect();
		assert_eq!(GrantsTo::<Test>::get(PATIENT, &hospital_b).into_inner(), ids);
		// Full for hospital B, room for others.
		assert_noop!(
			Access::grant_access(
				signed(PATIENT),
				hospital_b.clone(),
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None,
				None
			),
			Error::<Test>::TooManyGrantsToGrantee
		);
		let doctor_a = grant(Grantee::Person(DOCTOR_A), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert!(Access::can_access(&DOCTOR_A, OBSERVATION));
		assert!(!Access::can_access(&PHARMACIST, OBSERVATION));
		// Revoking frees a place; the sweep keeps the index too.
		assert_ok!(Access::revoke_grant(signed(PATIENT), ids[0]));
		assert_eq!(GrantsTo::<Test>::get(PATIENT, &hospital_b).into_inner(), ids[1..]);
		set_time(START + HOUR);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		AccessControl::on_idle(1, Weight::MAX);
		assert!(!GrantsTo::<Test>::contains_key(PATIENT, &hospital_b));
		assert_eq!(
			GrantsTo::<Test>::get(PATIENT, Grantee::Person(DOCTOR_A)).into_inner(),
			[doctor_a]
		);
		grant(hospital_b, AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn revoking_cuts_access_at_once() {
	run(|| {
		let id = grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_noop!(Access::revoke_grant(signed(OTHER_PATIENT), id), Error::<Test>::GrantNotFound);
		assert_noop!(Access::revoke_grant(signed(DOCTOR_B), id), Error::<Test>::NotPatient);
		assert_ok!(Access::revoke_grant(signed(PATIENT), id));
		System::assert_last_event(Event::AccessRevoked { patient: PATIENT, grant: id }.into());
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_eq!(GrantCount::<Test>::get(PATIENT), 0);
		assert_noop!(Access::revoke_grant(signed(PATIENT), id), Error::<Test>::GrantNotFound);
	});
}

#[test]
fn an_organisation_grant_follows_its_staff_and_its_state() {
	run(|| {
		grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		// Suspending the organisation cuts its staff at once; reinstating restores them.
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_ok!(Consortium::reinstate_organisation(RuntimeOrigin::root(), HOSPITAL_B));
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		// Removing the staff member cuts them at once.
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn a_person_grant_ends_when_the_person_is_no_longer_registered() {
	run(|| {
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn the_patient_always_reads_and_writes_their_own_records() {
	run(|| {
		assert!(Access::can_access(&PATIENT, OBSERVATION));
		assert!(Access::may_write(&PATIENT, &PATIENT, RecordCategory::CarePlan));
		assert!(!Access::can_access(&OTHER_PATIENT, OBSERVATION));
		assert!(!Access::can_access(&PATIENT, ERASED), "nobody opens an erased record");
		assert!(!Access::can_access(&PATIENT, 9999), "nor a record that does not exist");
	});
}

#[test]
fn a_pharmacy_grant_covers_its_pharmacists() {
	run(|| {
		grant(Grantee::Organisation(PHARMACY), AccessLevel::Read, None);
		assert!(Access::can_access(&PHARMACIST, OBSERVATION));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
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
