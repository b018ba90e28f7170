//! Key recovery: consent follows the patient's recovered key and leaves the key it replaced.

use super::*;

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
