//! Break-glass: opening for its time to live, the review, and the cascade from the consortium;
//! who may break the glass and how often, a patient's flag and governance's review, paging.

use super::*;

#[test]
fn break_glass_opens_records_for_its_ttl_and_is_reviewed() {
	run(|| {
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_ok!(Access::break_glass(
			signed(DOCTOR_B),
			PATIENT,
			EmergencyReason::PatientUnableToConsent
		));
		System::assert_last_event(
			Event::EmergencyAccessStarted {
				id: 0,
				patient: PATIENT,
				accessor: DOCTOR_B,
				org: HOSPITAL_B,
				reason: EmergencyReason::PatientUnableToConsent,
				expires_at: START + BREAK_GLASS_MS,
			}
			.into(),
		);
		assert!(Access::can_access(&DOCTOR_B, IMAGING));
		assert_ok!(Access::record_access(signed(DOCTOR_B), IMAGING));
		assert_eq!(Access::audit_page(&PATIENT, 0, 10)[0].1.basis, AccessBasis::BreakGlass(0));
		// Read-only: break-glass never allows writing.
		assert!(!Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::Observation));
		// Listed for the patient, queued for review.
		assert_eq!(Access::break_glass_of(&PATIENT, None, 10).len(), 1);
		assert_eq!(Access::open_reviews(HOSPITAL_B, None, 10).len(), 1);
		// It ends by itself at the TTL.
		set_time(START + BREAK_GLASS_MS - 1);
		assert!(Access::can_access(&DOCTOR_B, IMAGING));
		set_time(START + BREAK_GLASS_MS);
		assert!(!Access::can_access(&DOCTOR_B, IMAGING));
		assert!(!Access::break_glass_of(&PATIENT, None, 10)[0].2);

		// Only an admin of the clinician's organisation closes the review.
		assert_noop!(
			Access::close_review(signed(ADMIN_A), 0, ReviewOutcome::Justified),
			Error::<Test>::NotReviewer
		);
		assert_noop!(
			Access::close_review(signed(DOCTOR_B), 0, ReviewOutcome::Justified),
			Error::<Test>::NotReviewer
		);
		assert_noop!(
			Access::close_review(signed(ADMIN_B), 7, ReviewOutcome::Justified),
			Error::<Test>::BreakGlassNotFound
		);
		assert_ok!(Access::close_review(signed(ADMIN_B), 0, ReviewOutcome::Justified));
		System::assert_last_event(
			Event::EmergencyAccessReviewed {
				id: 0,
				reviewer: ADMIN_B,
				outcome: ReviewOutcome::Justified,
			}
			.into(),
		);
		assert!(Access::open_reviews(HOSPITAL_B, None, 10).is_empty());
		assert_noop!(
			Access::close_review(signed(ADMIN_B), 0, ReviewOutcome::Unjustified),
			Error::<Test>::ReviewClosed
		);
		let history: Vec<_> =
			Access::consent_page(&PATIENT, 0, 10).into_iter().map(|(_, e)| e.change).collect();
		assert_eq!(history, vec![ConsentChange::BreakGlass(0), ConsentChange::Reviewed(0)]);
	});
}

#[test]
fn nobody_reviews_their_own_break_glass() {
	run(|| {
		// Hospital A's admin is also a doctor there.
		assert_ok!(Consortium::set_staff_roles(
			signed(ADMIN_A),
			ADMIN_A,
			BoundedVec::try_from(vec![StaffRole::Admin, StaffRole::Doctor]).unwrap()
		));
		assert_ok!(Access::break_glass(signed(ADMIN_A), PATIENT, EmergencyReason::UrgentTreatment));
		assert_noop!(
			Access::close_review(signed(ADMIN_A), 0, ReviewOutcome::Justified),
			Error::<Test>::NotReviewer
		);
	});
}

#[test]
fn break_glass_errors_and_cascade() {
	run(|| {
		let reason = EmergencyReason::LifeThreatening;
		assert_noop!(
			Access::break_glass(signed(OPERATOR_A), PATIENT, reason),
			Error::<Test>::NotEmergencyStaff
		);
		assert_noop!(
			Access::break_glass(signed(ADMIN_A), PATIENT, reason),
			Error::<Test>::NotEmergencyStaff
		);
		assert_noop!(
			Access::break_glass(signed(PATIENT), OTHER_PATIENT, reason),
			Error::<Test>::NotStaff
		);
		assert_noop!(
			Access::break_glass(signed(DOCTOR_A), DOCTOR_B, reason),
			Error::<Test>::NotPatient
		);
		assert_ok!(Access::break_glass(signed(DOCTOR_B), PATIENT, reason));
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION), "suspension ends break-glass too");
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
