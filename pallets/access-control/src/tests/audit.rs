//! The audit trail: every opening is written, a refused one changes nothing, and it shows who
//! really asked (a store reports a read only with the reader's fresh signed request).

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
fn a_read_request_signed_by_a_browser_extension_is_good_too() {
	run(|| {
		grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		let (request, raw) = signed_request(DOCTOR_B, IMAGING, HOSPITAL_A, 1);
		// Extensions sign `<Bytes>message</Bytes>`; anything else around the message is no
		// signature over it.
		let half =
			sp_runtime::testing::TestSignature(DOCTOR_B, [b"<Bytes>".as_slice(), &raw.1].concat());
		assert_noop!(
			Access::record_access_for(signed(STORE_A), DOCTOR_B, request.clone(), half),
			Error::<Test>::BadSignature
		);
		let wrapped = sp_runtime::testing::TestSignature(
			DOCTOR_B,
			medchain_primitives::wrapped_bytes(&raw.1),
		);
		assert_ok!(Access::record_access_for(signed(STORE_A), DOCTOR_B, request, wrapped));
		assert_eq!(ReadNonces::<Test>::get(DOCTOR_B), 1);
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
