//! The invariants (`do_try_state`) notice broken state.

use super::*;

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
