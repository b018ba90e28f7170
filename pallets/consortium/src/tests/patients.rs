//! Registering patients, the registration rate, and undoing a registration.

use super::{transaction_gate::gate, *};

#[test]
fn a_hospital_admin_registers_a_patient_who_exists_without_a_balance() {
	run(|| {
		let patient = 40;
		assert_ok!(Consortium::register_patient(signed(HOSPITAL_ADMIN), patient));
		System::assert_last_event(Event::PatientRegistered { patient, hospital: HOSPITAL }.into());
		assert!(Consortium::is_patient(&patient));
		assert!(System::account_exists(&patient));
		assert_eq!(Patients::<Test>::get(patient).unwrap().registered_by, HOSPITAL);
		assert_eq!(
			Consortium::account_role(&patient),
			Some(AccountRole::Patient { registered_by: HOSPITAL, registered_at: 1 })
		);
		assert!(Consortium::may_transact(&patient));
		// The genesis patient and this one.
		assert_eq!(PatientsRegistered::<Test>::get(HOSPITAL), 2);
	});
}

#[test]
fn only_active_hospital_staff_register_patients() {
	run(|| {
		for caller in [PHARMACIST, PHARMACY_ADMIN, REGULATOR_ADMIN, PATIENT, STRANGER] {
			assert_noop!(
				Consortium::register_patient(signed(caller), 40),
				Error::<Test>::NotHospitalStaff
			);
		}
		assert_noop!(
			Consortium::register_patient(RuntimeOrigin::root(), 40),
			DispatchError::BadOrigin
		);
		// Clinical staff of the hospital do not register patients.
		assert_noop!(Consortium::register_patient(signed(DOCTOR), 40), Error::<Test>::NotRegistrar);
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_noop!(
			Consortium::register_patient(signed(HOSPITAL_ADMIN), 40),
			Error::<Test>::NotHospitalStaff
		);
	});
}

#[test]
fn a_registrar_registers_patients_at_a_bounded_rate_per_hospital() {
	run(|| {
		let registrar = 30;
		assert_ok!(Consortium::add_staff(
			signed(HOSPITAL_ADMIN),
			registrar,
			roles(&[StaffRole::Registrar])
		));
		// A Registrar only at a hospital.
		assert_noop!(
			Consortium::add_staff(signed(PHARMACY_ADMIN), 31, roles(&[StaffRole::Registrar])),
			Error::<Test>::RoleNotAllowed
		);
		System::set_block_number(REGISTRATION_WINDOW + 1);
		for patient in 40..40 + u64::from(MAX_REGISTRATIONS) {
			assert_ok!(Consortium::register_patient(signed(registrar), patient));
		}
		// The hospital's bound, whoever registers: admins share it.
		for caller in [registrar, HOSPITAL_ADMIN] {
			assert_noop!(
				Consortium::register_patient(signed(caller), 60),
				Error::<Test>::TooManyRegistrations
			);
		}
		assert_eq!(Registrations::<Test>::get(HOSPITAL).unwrap().count, MAX_REGISTRATIONS);
		// The next window starts afresh.
		System::set_block_number(2 * REGISTRATION_WINDOW);
		assert_ok!(Consortium::register_patient(signed(HOSPITAL_ADMIN), 60));
		assert_eq!(Registrations::<Test>::get(HOSPITAL).unwrap().count, 1);
	});
}

#[test]
fn an_admin_undoes_a_registration_while_the_patient_has_signed_nothing() {
	run(|| {
		let patient = 40;
		assert_ok!(Consortium::register_patient(signed(HOSPITAL_ADMIN), patient));
		assert_eq!(gate(patient), Ok(()));
		// Only an admin of the registering hospital.
		assert_noop!(
			Consortium::deregister_patient(signed(DOCTOR), patient),
			Error::<Test>::NotAdmin
		);
		assert_noop!(
			Consortium::deregister_patient(signed(PHARMACY_ADMIN), patient),
			Error::<Test>::RegisteredElsewhere
		);
		assert_noop!(
			Consortium::deregister_patient(signed(HOSPITAL_ADMIN), DOCTOR),
			Error::<Test>::NotPatient
		);
		assert_ok!(Consortium::deregister_patient(signed(HOSPITAL_ADMIN), patient));
		assert_eq!(last_event(), Event::PatientDeregistered { patient, hospital: HOSPITAL });
		assert!(!Consortium::is_patient(&patient));
		// Its window stays: registered again, it would not start afresh.
		assert!(TransactionWindows::<Test>::contains_key(patient));
		assert_eq!(PatientsRegistered::<Test>::get(HOSPITAL), 1);
		// The account can no longer transact.
		assert_eq!(gate(patient), Err(InvalidTransaction::Custom(NOT_A_MEMBER).into()));
	});
}

#[test]
fn once_a_patient_has_signed_only_governance_undoes_its_registration() {
	run(|| {
		System::inc_account_nonce(PATIENT);
		assert_noop!(
			Consortium::deregister_patient(signed(HOSPITAL_ADMIN), PATIENT),
			Error::<Test>::PatientHasTransacted
		);
		assert_ok!(Consortium::deregister_patient(RuntimeOrigin::root(), PATIENT));
		assert_eq!(
			last_event(),
			Event::PatientDeregistered { patient: PATIENT, hospital: HOSPITAL }
		);
		assert!(!Consortium::may_transact(&PATIENT));
		// No count is left for a hospital without patients.
		assert!(!PatientsRegistered::<Test>::contains_key(HOSPITAL));
		assert_noop!(
			Consortium::deregister_patient(RuntimeOrigin::root(), PATIENT),
			Error::<Test>::NotPatient
		);
		assert_noop!(
			Consortium::deregister_patient(RuntimeOrigin::none(), PATIENT),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_patient_is_registered_once_and_never_as_staff() {
	run(|| {
		for taken in [PATIENT, DOCTOR, PHARMACIST] {
			assert_noop!(
				Consortium::register_patient(signed(HOSPITAL_ADMIN), taken),
				Error::<Test>::AlreadyRegistered
			);
		}
	});
}
