//! Organisations: admission, suspension, reinstatement, removal and reaping its staff.

use super::*;

// ---- admit_organisation ----

#[test]
fn governance_admits_an_organisation_whose_admin_exists_without_a_balance() {
	run(|| {
		assert!(!System::account_exists(&NEW_ADMIN));
		assert_ok!(Consortium::admit_organisation(
			RuntimeOrigin::root(),
			OrganisationKind::Manufacturer,
			NEW_ADMIN
		));
		System::assert_last_event(
			Event::OrganisationAdmitted {
				org: 3,
				kind: OrganisationKind::Manufacturer,
				admin: NEW_ADMIN,
			}
			.into(),
		);
		let org = Organisations::<Test>::get(3).unwrap();
		assert_eq!(org.kind, OrganisationKind::Manufacturer);
		assert_eq!(org.status, OrganisationStatus::Active);
		assert_eq!((org.admins, org.staff, org.admitted_at), (1, 1, 1));
		assert_eq!(OrganisationCount::<Test>::get(), 4);
		assert_eq!(NextOrganisationId::<Test>::get(), 4);
		assert!(System::account_exists(&NEW_ADMIN));
		assert_eq!(System::providers(&NEW_ADMIN), 1);
		assert!(Consortium::has_role(&NEW_ADMIN, 3, StaffRole::Admin));
	});
}

#[test]
fn only_governance_admits() {
	run(|| {
		for caller in [HOSPITAL_ADMIN, REGULATOR_ADMIN, STRANGER, GOVERNANCE_KEY] {
			assert_noop!(
				Consortium::admit_organisation(
					signed(caller),
					OrganisationKind::Hospital,
					NEW_ADMIN
				),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn an_admin_must_be_unregistered() {
	run(|| {
		for taken in [DOCTOR, PATIENT] {
			assert_noop!(
				Consortium::admit_organisation(
					RuntimeOrigin::root(),
					OrganisationKind::Hospital,
					taken
				),
				Error::<Test>::AlreadyRegistered
			);
		}
	});
}

#[test]
fn admission_stops_at_max_organisations() {
	run(|| {
		for admin in 0..(MAX_ORGANISATIONS - 3) as u64 {
			assert_ok!(Consortium::admit_organisation(
				RuntimeOrigin::root(),
				OrganisationKind::Supplier,
				100 + admin
			));
		}
		assert_noop!(
			Consortium::admit_organisation(RuntimeOrigin::root(), OrganisationKind::Supplier, 200),
			Error::<Test>::TooManyOrganisations
		);
		// Removing one frees a place; the id is not reused.
		assert_ok!(Consortium::remove_organisation(RuntimeOrigin::root(), PHARMACY));
		assert_ok!(Consortium::admit_organisation(
			RuntimeOrigin::root(),
			OrganisationKind::Supplier,
			200
		));
		assert!(Organisations::<Test>::get(PHARMACY).is_none());
		assert_eq!(Consortium::organisation_of(&200), Some(MAX_ORGANISATIONS));
	});
}

#[test]
fn organisation_ids_never_wrap() {
	run(|| {
		NextOrganisationId::<Test>::put(u32::MAX);
		assert_noop!(
			Consortium::admit_organisation(
				RuntimeOrigin::root(),
				OrganisationKind::Supplier,
				NEW_ADMIN
			),
			Error::<Test>::OrganisationIdsExhausted
		);
	});
}

// ---- suspend / reinstate / remove ----

#[test]
fn suspension_cuts_all_staff_at_once_and_reinstatement_restores_them() {
	run(|| {
		assert!(Consortium::active_staff(&DOCTOR).is_some());
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		System::assert_last_event(Event::OrganisationSuspended { org: HOSPITAL }.into());
		for who in [HOSPITAL_ADMIN, DOCTOR] {
			assert_eq!(Consortium::active_staff(&who), None);
			assert_eq!(Consortium::organisation_of(&who), None);
			assert!(!Consortium::may_transact(&who));
		}
		assert_eq!(<Consortium as ConsortiumMembership<u64>>::active_organisation(HOSPITAL), None);
		// The records are untouched: only the organisation's state changed.
		assert!(Staff::<Test>::contains_key(DOCTOR));
		assert_eq!(
			Consortium::account_role(&DOCTOR),
			Some(AccountRole::Staff {
				org: HOSPITAL,
				roles: roles(&[StaffRole::Doctor, StaffRole::Nurse]),
				active: false
			})
		);
		// A suspended organisation's admin cannot act.
		assert_noop!(
			Consortium::add_staff(signed(HOSPITAL_ADMIN), NEW_STAFF, roles(&[StaffRole::Nurse])),
			Error::<Test>::NotAdmin
		);

		assert_ok!(Consortium::reinstate_organisation(RuntimeOrigin::root(), HOSPITAL));
		System::assert_last_event(Event::OrganisationReinstated { org: HOSPITAL }.into());
		assert!(Consortium::has_role(&DOCTOR, HOSPITAL, StaffRole::Doctor));
		assert_eq!(
			<Consortium as ConsortiumMembership<u64>>::active_organisation(HOSPITAL),
			Some(OrganisationKind::Hospital)
		);
	});
}

#[test]
fn suspend_and_reinstate_errors() {
	run(|| {
		assert_noop!(
			Consortium::suspend_organisation(RuntimeOrigin::root(), 42),
			Error::<Test>::OrganisationNotFound
		);
		assert_noop!(
			Consortium::reinstate_organisation(RuntimeOrigin::root(), 42),
			Error::<Test>::OrganisationNotFound
		);
		assert_noop!(
			Consortium::reinstate_organisation(RuntimeOrigin::root(), HOSPITAL),
			Error::<Test>::OrganisationNotSuspended
		);
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_noop!(
			Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL),
			Error::<Test>::OrganisationNotActive
		);
	});
}

#[test]
fn only_governance_suspends_reinstates_and_removes() {
	run(|| {
		let bad = DispatchError::BadOrigin;
		assert_noop!(Consortium::suspend_organisation(signed(REGULATOR_ADMIN), HOSPITAL), bad);
		assert_noop!(Consortium::remove_organisation(signed(HOSPITAL_ADMIN), HOSPITAL), bad);
		assert_noop!(Consortium::remove_organisation(RuntimeOrigin::none(), HOSPITAL), bad);
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_noop!(Consortium::reinstate_organisation(signed(HOSPITAL_ADMIN), HOSPITAL), bad);
	});
}

#[test]
fn removal_cuts_staff_and_reaping_clears_their_records() {
	run(|| {
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_ok!(Consortium::remove_organisation(RuntimeOrigin::root(), HOSPITAL));
		System::assert_last_event(Event::OrganisationRemoved { org: HOSPITAL }.into());
		assert_eq!(OrganisationCount::<Test>::get(), 2);
		assert_eq!(Consortium::active_staff(&DOCTOR), None);
		assert!(!Consortium::may_transact(&DOCTOR));
		assert_noop!(
			Consortium::remove_organisation(RuntimeOrigin::root(), HOSPITAL),
			Error::<Test>::OrganisationNotFound
		);
		// Patients stay registered: their account is theirs, not the hospital's.
		assert!(Consortium::is_patient(&PATIENT));

		// A removed organisation's staff record can be reaped by anyone…
		assert_ok!(Consortium::reap_staff(signed(PHARMACIST), DOCTOR));
		System::assert_last_event(Event::StaffReaped { org: HOSPITAL, who: DOCTOR }.into());
		assert!(!Staff::<Test>::contains_key(DOCTOR));
		assert!(!OrganisationStaff::<Test>::contains_key(HOSPITAL, DOCTOR));
		// …and the account can then join another organisation, keeping its one provider.
		assert_ok!(Consortium::add_staff(
			signed(PHARMACY_ADMIN),
			DOCTOR,
			roles(&[StaffRole::Pharmacist])
		));
		assert_eq!(System::providers(&DOCTOR), 1);
		assert_ok!(Consortium::reap_staff(signed(PHARMACIST), HOSPITAL_ADMIN));
	});
}

#[test]
fn reap_staff_errors() {
	run(|| {
		assert_noop!(
			Consortium::reap_staff(signed(PHARMACIST), DOCTOR),
			Error::<Test>::OrganisationStillMember
		);
		assert_noop!(Consortium::reap_staff(signed(PHARMACIST), STRANGER), Error::<Test>::NotStaff);
		assert_noop!(
			Consortium::reap_staff(RuntimeOrigin::none(), DOCTOR),
			DispatchError::BadOrigin
		);
	});
}
