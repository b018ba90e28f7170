//! The audit trail: every opening is written, and a refused one changes nothing.

use super::*;

#[test]
fn every_opening_is_audited_and_refusals_change_nothing() {
	run(|| {
		grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		assert_ok!(Access::record_access(signed(DOCTOR_B), OBSERVATION));
		assert_eq!(
			last_event(),
			Event::RecordAccessed {
				patient: PATIENT,
				record: OBSERVATION,
				reader: DOCTOR_B,
				basis: AccessBasis::Grant(0),
				index: 0,
				reported_by: DOCTOR_B,
			}
		);
		assert_ok!(Access::record_access(signed(PATIENT), IMAGING));
		// The store (hospital A's record-store account) reports for a reader who asked.
		let (request, signature) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_A, 1);
		assert_ok!(Access::record_access_for(signed(STORE_A), DOCTOR_B, request, signature));
		let trail = Access::audit_page(&PATIENT, 0, 10);
		assert_eq!(trail.len(), 3);
		assert_eq!(trail[1].1.basis, AccessBasis::Patient);
		assert_eq!((trail[2].1.reader, trail[2].1.reported_by), (DOCTOR_B, STORE_A));
		assert_eq!(trail[2].1.org, Some(HOSPITAL_B));
		// Paging.
		assert_eq!(Access::audit_page(&PATIENT, 1, 1)[0].0, 1);
		assert!(Access::audit_page(&PATIENT, 3, 10).is_empty());

		assert_noop!(
			Access::record_access(signed(DOCTOR_A), OBSERVATION),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(Access::record_access(signed(PATIENT), ERASED), Error::<Test>::RecordErased);
		assert_noop!(Access::record_access(signed(PATIENT), 9999), Error::<Test>::RecordNotFound);
		let (request, signature) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_A, 2);
		assert_noop!(
			Access::record_access_for(signed(DOCTOR_B), DOCTOR_B, request, signature),
			Error::<Test>::NotStoreOperator
		);
		let (request, signature) = signed_request(DOCTOR_A, IMAGING, HOSPITAL_A, 2);
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_A, request, signature),
			Error::<Test>::NotAuthorised
		);
		let (request, signature) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_A, 2);
		assert_noop!(
			Access::record_access_for(signed(STRANGER), DOCTOR_B, request, signature),
			Error::<Test>::NotStaff
		);
		let (request, signature) = signed_request(DOCTOR_B, 9999, HOSPITAL_A, 2);
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, request, signature),
			Error::<Test>::RecordNotFound
		);
		assert_noop!(
			Access::record_access(RuntimeOrigin::none(), IMAGING),
			DispatchError::BadOrigin
		);
	});
}
