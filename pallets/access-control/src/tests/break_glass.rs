//! Break-glass: opening for its time to live, the review, and the cascade from the consortium.

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
