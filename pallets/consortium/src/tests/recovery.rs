//! Patient key recovery: attested by the registering hospital, delayed, cancellable by the
//! patient's key, forced by governance; the new key acts as the patient, the old as no one.

use super::{transaction_gate::gate, *};
use crate::{KeyRecoveries, Member, PatientKeyOf, PatientKeys};
use sp_runtime::DispatchResult;

const NEW_KEY: u64 = 60;
const NEWER_KEY: u64 = 61;

fn start(new_key: u64) -> DispatchResult {
	Consortium::start_key_recovery(signed(HOSPITAL_ADMIN), PATIENT, new_key)
}

fn wait_out_the_delay() {
	System::set_block_number(System::block_number() + KEY_RECOVERY_DELAY);
}

#[test]
fn the_registering_hospitals_admin_attests_a_new_key_that_acts_as_the_patient_after_the_delay() {
	run(|| {
		assert_ok!(start(NEW_KEY));
		let ready_at = 1 + KEY_RECOVERY_DELAY;
		System::assert_last_event(
			Event::KeyRecoveryStarted {
				patient: PATIENT,
				new_key: NEW_KEY,
				hospital: HOSPITAL,
				ready_at,
			}
			.into(),
		);
		// Nothing changes during the delay.
		assert_eq!(Consortium::acting_patient(&PATIENT), Some(PATIENT));
		assert_eq!(Consortium::acting_as(&NEW_KEY), Some(NEW_KEY));
		assert!(!Consortium::may_transact(&NEW_KEY));
		System::set_block_number(ready_at - 1);
		assert_noop!(
			Consortium::complete_key_recovery(signed(DOCTOR), PATIENT),
			Error::<Test>::KeyRecoveryNotReady
		);

		System::set_block_number(ready_at);
		assert_ok!(Consortium::complete_key_recovery(signed(DOCTOR), PATIENT));
		System::assert_last_event(
			Event::PatientKeyReplaced { patient: PATIENT, old_key: PATIENT, new_key: NEW_KEY }
				.into(),
		);
		// The new key signs as the patient; the patient's account signs for no one, though it
		// stays the patient every grant, record and history names.
		assert_eq!(Consortium::acting_patient(&NEW_KEY), Some(PATIENT));
		assert_eq!(Consortium::acting_as(&PATIENT), None);
		assert!(Consortium::is_patient(&PATIENT));
		assert!(Consortium::may_transact(&NEW_KEY));
		assert!(!Consortium::may_transact(&PATIENT));
		assert_eq!(Consortium::member(&NEW_KEY), Some(Member::Patient));
		assert_eq!(Consortium::member(&PATIENT), None);
		assert!(gate(PATIENT).is_err());
		assert!(System::account_exists(&NEW_KEY));
		assert_eq!(
			Consortium::account_role(&NEW_KEY),
			Some(AccountRole::Patient { registered_by: HOSPITAL, registered_at: 0 })
		);
		assert_eq!(Consortium::account_role(&PATIENT), None);
		assert!(!KeyRecoveries::<Test>::contains_key(PATIENT));
		// The patient's registration epoch stays: grants to the patient as a person hold.
		assert_eq!(Consortium::registration_epoch(&PATIENT), 0);
	});
}

#[test]
fn a_second_recovery_retires_the_first_new_key() {
	run(|| {
		assert_ok!(Consortium::force_key_recovery(RuntimeOrigin::root(), PATIENT, NEW_KEY));
		assert_ok!(start(NEWER_KEY));
		// The patient's current key is the one that may cancel now, not the patient account.
		assert_noop!(
			Consortium::cancel_key_recovery(signed(PATIENT), PATIENT),
			Error::<Test>::NotRecoveryParty
		);
		wait_out_the_delay();
		assert_ok!(Consortium::complete_key_recovery(signed(HOSPITAL_ADMIN), PATIENT));
		System::assert_last_event(
			Event::PatientKeyReplaced { patient: PATIENT, old_key: NEW_KEY, new_key: NEWER_KEY }
				.into(),
		);
		assert_eq!(Consortium::acting_patient(&NEWER_KEY), Some(PATIENT));
		// The retired key is an unregistered account again: it acts as itself, which is nobody.
		assert_eq!(Consortium::acting_patient(&NEW_KEY), None);
		assert!(!Consortium::may_transact(&NEW_KEY));
		assert_eq!(Consortium::acting_patient(&PATIENT), None);
	});
}

#[test]
fn the_patients_key_the_hospital_or_governance_cancels_a_recovery() {
	run(|| {
		for canceller in [signed(PATIENT), signed(HOSPITAL_ADMIN), RuntimeOrigin::root()] {
			assert_ok!(start(NEW_KEY));
			assert_ok!(Consortium::cancel_key_recovery(canceller, PATIENT));
			System::assert_last_event(Event::KeyRecoveryCancelled { patient: PATIENT }.into());
			assert!(!KeyRecoveries::<Test>::contains_key(PATIENT));
			wait_out_the_delay();
			assert_noop!(
				Consortium::complete_key_recovery(signed(DOCTOR), PATIENT),
				Error::<Test>::NoKeyRecovery
			);
			assert_eq!(Consortium::acting_patient(&PATIENT), Some(PATIENT));
		}
	});
}

#[test]
fn nobody_else_cancels_a_recovery() {
	run(|| {
		assert_ok!(start(NEW_KEY));
		for caller in [DOCTOR, PHARMACY_ADMIN, REGULATOR_ADMIN, STRANGER, NEW_KEY] {
			assert_noop!(
				Consortium::cancel_key_recovery(signed(caller), PATIENT),
				Error::<Test>::NotRecoveryParty
			);
		}
		assert_noop!(
			Consortium::cancel_key_recovery(signed(PATIENT), 40),
			Error::<Test>::NoKeyRecovery
		);
	});
}

#[test]
fn only_an_admin_of_the_registering_hospital_starts_a_recovery() {
	run(|| {
		for caller in [DOCTOR, PATIENT, STRANGER, PHARMACIST] {
			assert_noop!(
				Consortium::start_key_recovery(signed(caller), PATIENT, NEW_KEY),
				Error::<Test>::NotAdmin
			);
		}
		assert_noop!(
			Consortium::start_key_recovery(signed(PHARMACY_ADMIN), PATIENT, NEW_KEY),
			Error::<Test>::RegisteredElsewhere
		);
		assert_noop!(
			Consortium::start_key_recovery(RuntimeOrigin::root(), PATIENT, NEW_KEY),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::start_key_recovery(signed(HOSPITAL_ADMIN), STRANGER, NEW_KEY),
			Error::<Test>::NotPatient
		);
		// A suspended hospital's admin is no admin.
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_noop!(start(NEW_KEY), Error::<Test>::NotAdmin);
	});
}

#[test]
fn the_new_key_must_be_nobody_yet_and_one_recovery_runs_at_a_time() {
	run(|| {
		for taken in [DOCTOR, PHARMACIST, PATIENT, HOSPITAL_ADMIN] {
			assert_noop!(start(taken), Error::<Test>::AlreadyRegistered);
		}
		assert_ok!(start(NEW_KEY));
		assert_noop!(start(NEWER_KEY), Error::<Test>::KeyRecoveryUnderWay);
		// Registered during the delay, the key cannot complete the recovery.
		assert_ok!(Consortium::add_staff(
			signed(PHARMACY_ADMIN),
			NEW_KEY,
			roles(&[StaffRole::Pharmacist])
		));
		wait_out_the_delay();
		assert_noop!(
			Consortium::complete_key_recovery(signed(DOCTOR), PATIENT),
			Error::<Test>::AlreadyRegistered
		);
		// A patient's current key is taken too.
		assert_ok!(Consortium::force_key_recovery(RuntimeOrigin::root(), PATIENT, NEWER_KEY));
		assert_noop!(
			Consortium::add_staff(signed(HOSPITAL_ADMIN), NEWER_KEY, roles(&[StaffRole::Doctor])),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			Consortium::register_patient(signed(HOSPITAL_ADMIN), NEWER_KEY),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn governance_replaces_a_key_at_once_over_a_recovery_under_way() {
	run(|| {
		assert_ok!(start(NEW_KEY));
		assert_noop!(
			Consortium::force_key_recovery(signed(HOSPITAL_ADMIN), PATIENT, NEWER_KEY),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::force_key_recovery(RuntimeOrigin::root(), STRANGER, NEWER_KEY),
			Error::<Test>::NotPatient
		);
		assert_ok!(Consortium::force_key_recovery(RuntimeOrigin::root(), PATIENT, NEWER_KEY));
		System::assert_last_event(
			Event::PatientKeyReplaced { patient: PATIENT, old_key: PATIENT, new_key: NEWER_KEY }
				.into(),
		);
		assert!(!KeyRecoveries::<Test>::contains_key(PATIENT));
		assert_eq!(Consortium::acting_patient(&NEWER_KEY), Some(PATIENT));
		assert_eq!(Consortium::acting_as(&NEW_KEY), Some(NEW_KEY));
	});
}

#[test]
fn deregistering_a_patient_forgets_its_keys_and_a_recovered_patient_is_only_governances_to_undo() {
	run(|| {
		assert_ok!(Consortium::force_key_recovery(RuntimeOrigin::root(), PATIENT, NEW_KEY));
		assert_ok!(start(NEWER_KEY));
		// The recovered key's use shows the account was in use, whatever its own nonce says.
		assert_noop!(
			Consortium::deregister_patient(signed(HOSPITAL_ADMIN), PATIENT),
			Error::<Test>::PatientHasTransacted
		);
		assert_ok!(Consortium::deregister_patient(RuntimeOrigin::root(), PATIENT));
		assert!(!PatientKeyOf::<Test>::contains_key(PATIENT));
		assert!(!PatientKeys::<Test>::contains_key(NEW_KEY));
		assert!(!KeyRecoveries::<Test>::contains_key(PATIENT));
		assert_eq!(Consortium::acting_patient(&NEW_KEY), None);
		assert_eq!(Consortium::acting_patient(&PATIENT), None);
	});
}
