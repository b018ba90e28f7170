//! Staff: adding, roles, removal, the registration epoch, staff pages and membership queries.

use super::*;

// ---- staff ----

#[test]
fn an_admin_adds_staff_with_roles_normalised() {
	run(|| {
		let given =
			StaffRoles::try_from(vec![StaffRole::Nurse, StaffRole::Doctor, StaffRole::Nurse])
				.unwrap();
		assert_ok!(Consortium::add_staff(signed(HOSPITAL_ADMIN), NEW_STAFF, given));
		let stored = roles(&[StaffRole::Doctor, StaffRole::Nurse]);
		System::assert_last_event(
			Event::StaffAdded { org: HOSPITAL, who: NEW_STAFF, roles: stored.clone() }.into(),
		);
		assert_eq!(Staff::<Test>::get(NEW_STAFF).unwrap().roles, stored);
		assert!(OrganisationStaff::<Test>::contains_key(HOSPITAL, NEW_STAFF));
		assert_eq!(Organisations::<Test>::get(HOSPITAL).unwrap().staff, 3);
		assert!(System::account_exists(&NEW_STAFF));
		assert!(Consortium::has_role(&NEW_STAFF, HOSPITAL, StaffRole::Nurse));
		assert!(!Consortium::has_role(&NEW_STAFF, PHARMACY, StaffRole::Nurse));
		assert!(!Consortium::has_role(&NEW_STAFF, HOSPITAL, StaffRole::Admin));
	});
}

#[test]
fn only_an_active_admin_adds_staff() {
	run(|| {
		let nurse = roles(&[StaffRole::Nurse]);
		for caller in [DOCTOR, PATIENT, STRANGER, GOVERNANCE_KEY] {
			assert_noop!(
				Consortium::add_staff(signed(caller), NEW_STAFF, nurse.clone()),
				Error::<Test>::NotAdmin
			);
		}
		assert_noop!(
			Consortium::add_staff(RuntimeOrigin::root(), NEW_STAFF, nurse),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_staff_errors() {
	run(|| {
		assert_noop!(
			Consortium::add_staff(signed(HOSPITAL_ADMIN), NEW_STAFF, roles(&[])),
			Error::<Test>::NoRoles
		);
		// A regulator can have a RegulatoryOfficer; a pharmacy cannot, nor a Doctor.
		assert_ok!(Consortium::add_staff(
			signed(REGULATOR_ADMIN),
			NEW_ADMIN,
			roles(&[StaffRole::RegulatoryOfficer])
		));
		assert!(Consortium::has_role(&NEW_ADMIN, REGULATOR, StaffRole::RegulatoryOfficer));
		for role in [StaffRole::RegulatoryOfficer, StaffRole::Doctor] {
			assert_noop!(
				Consortium::add_staff(signed(PHARMACY_ADMIN), NEW_STAFF, roles(&[role])),
				Error::<Test>::RoleNotAllowed
			);
		}
		for taken in [DOCTOR, PHARMACIST, PATIENT, REGULATOR_ADMIN] {
			assert_noop!(
				Consortium::add_staff(signed(HOSPITAL_ADMIN), taken, roles(&[StaffRole::Nurse])),
				Error::<Test>::AlreadyRegistered
			);
		}
	});
}

#[test]
fn an_organisation_holds_at_most_max_staff() {
	run(|| {
		// The hospital has its admin and the doctor.
		for who in 0..(MAX_STAFF - 2) as u64 {
			assert_ok!(Consortium::add_staff(
				signed(HOSPITAL_ADMIN),
				100 + who,
				roles(&[StaffRole::Nurse])
			));
		}
		assert_noop!(
			Consortium::add_staff(signed(HOSPITAL_ADMIN), 200, roles(&[StaffRole::Nurse])),
			Error::<Test>::TooManyStaff
		);
		// Other organisations have their own bound.
		assert_ok!(Consortium::add_staff(
			signed(PHARMACY_ADMIN),
			200,
			roles(&[StaffRole::Pharmacist])
		));
	});
}

#[test]
fn an_admin_changes_roles_and_the_admin_count_follows() {
	run(|| {
		let doctor_admin = roles(&[StaffRole::Admin, StaffRole::Doctor]);
		assert_ok!(Consortium::set_staff_roles(
			signed(HOSPITAL_ADMIN),
			DOCTOR,
			doctor_admin.clone()
		));
		System::assert_last_event(
			Event::StaffRolesChanged { org: HOSPITAL, who: DOCTOR, roles: doctor_admin }.into(),
		);
		assert_eq!(Organisations::<Test>::get(HOSPITAL).unwrap().admins, 2);
		assert!(!Consortium::has_role(&DOCTOR, HOSPITAL, StaffRole::Nurse));
		// With a second admin, the first may step down.
		assert_ok!(Consortium::set_staff_roles(
			signed(HOSPITAL_ADMIN),
			HOSPITAL_ADMIN,
			roles(&[StaffRole::Doctor])
		));
		assert_eq!(Organisations::<Test>::get(HOSPITAL).unwrap().admins, 1);
		assert_eq!(
			last_event(),
			Event::StaffRolesChanged {
				org: HOSPITAL,
				who: HOSPITAL_ADMIN,
				roles: roles(&[StaffRole::Doctor])
			}
		);
	});
}

#[test]
fn set_staff_roles_errors() {
	run(|| {
		assert_noop!(
			Consortium::set_staff_roles(
				signed(HOSPITAL_ADMIN),
				HOSPITAL_ADMIN,
				roles(&[StaffRole::Doctor])
			),
			Error::<Test>::LastAdmin
		);
		assert_noop!(
			Consortium::set_staff_roles(signed(HOSPITAL_ADMIN), DOCTOR, roles(&[])),
			Error::<Test>::NoRoles
		);
		assert_noop!(
			Consortium::set_staff_roles(
				signed(HOSPITAL_ADMIN),
				DOCTOR,
				roles(&[StaffRole::RegulatoryOfficer])
			),
			Error::<Test>::RoleNotAllowed
		);
		for other in [PHARMACIST, PATIENT, STRANGER] {
			assert_noop!(
				Consortium::set_staff_roles(
					signed(HOSPITAL_ADMIN),
					other,
					roles(&[StaffRole::Nurse])
				),
				Error::<Test>::NotStaffOfOrganisation
			);
		}
		for caller in [DOCTOR, PHARMACIST, STRANGER] {
			assert_noop!(
				Consortium::set_staff_roles(signed(caller), DOCTOR, roles(&[StaffRole::Nurse])),
				Error::<Test>::NotAdmin
			);
		}
	});
}

#[test]
fn an_admin_removes_staff_whose_account_lives_on_so_its_nonce_never_restarts() {
	run(|| {
		frame_system::Account::<Test>::mutate(DOCTOR, |account| account.nonce = 7);
		assert_ok!(Consortium::remove_staff(signed(HOSPITAL_ADMIN), DOCTOR));
		System::assert_last_event(Event::StaffRemoved { org: HOSPITAL, who: DOCTOR }.into());
		assert!(!Staff::<Test>::contains_key(DOCTOR));
		assert!(!OrganisationStaff::<Test>::contains_key(HOSPITAL, DOCTOR));
		assert_eq!(Organisations::<Test>::get(HOSPITAL).unwrap().staff, 1);
		assert!(!Consortium::may_transact(&DOCTOR));
		// The account is not reaped: its old transactions (nonces below 7) stay invalid.
		assert!(System::account_exists(&DOCTOR));
		assert_eq!(System::account_nonce(DOCTOR), 7);
	});
}

#[test]
fn remove_staff_errors() {
	run(|| {
		assert_noop!(
			Consortium::remove_staff(signed(HOSPITAL_ADMIN), HOSPITAL_ADMIN),
			Error::<Test>::LastAdmin
		);
		assert_noop!(
			Consortium::remove_staff(signed(HOSPITAL_ADMIN), PHARMACIST),
			Error::<Test>::NotStaffOfOrganisation
		);
		assert_noop!(
			Consortium::remove_staff(signed(PHARMACY_ADMIN), DOCTOR),
			Error::<Test>::NotStaffOfOrganisation
		);
		assert_noop!(Consortium::remove_staff(signed(DOCTOR), DOCTOR), Error::<Test>::NotAdmin);
		assert_noop!(Consortium::remove_staff(signed(PATIENT), DOCTOR), Error::<Test>::NotAdmin);
	});
}

#[test]
fn an_admin_may_leave_when_another_admin_remains() {
	run(|| {
		assert_ok!(Consortium::add_staff(
			signed(HOSPITAL_ADMIN),
			NEW_ADMIN,
			roles(&[StaffRole::Admin])
		));
		assert_ok!(Consortium::remove_staff(signed(HOSPITAL_ADMIN), HOSPITAL_ADMIN));
		assert_eq!(Organisations::<Test>::get(HOSPITAL).unwrap().admins, 1);
		assert_noop!(
			Consortium::remove_staff(signed(NEW_ADMIN), NEW_ADMIN),
			Error::<Test>::LastAdmin
		);
	});
}

#[test]
fn an_accounts_registration_epoch_moves_whenever_its_standing_ends() {
	run(|| {
		use medchain_primitives::ConsortiumMembership;
		let epoch = |who| <Consortium as ConsortiumMembership<u64>>::registration_epoch(&who);
		assert_eq!(epoch(DOCTOR), 0);
		// Gaining a role, or changing between clinical roles, keeps the standing.
		assert_ok!(Consortium::set_staff_roles(
			signed(HOSPITAL_ADMIN),
			DOCTOR,
			roles(&[StaffRole::Doctor, StaffRole::DeviceOperator])
		));
		assert_ok!(Consortium::set_staff_roles(
			signed(HOSPITAL_ADMIN),
			DOCTOR,
			roles(&[StaffRole::Nurse])
		));
		assert_eq!(epoch(DOCTOR), 0);
		// Losing every clinical role ends it; so does removal.
		assert_ok!(Consortium::set_staff_roles(
			signed(HOSPITAL_ADMIN),
			DOCTOR,
			roles(&[StaffRole::DeviceOperator])
		));
		assert_eq!(epoch(DOCTOR), 1);
		assert_ok!(Consortium::remove_staff(signed(HOSPITAL_ADMIN), DOCTOR));
		assert_eq!(epoch(DOCTOR), 2);
		// Registering again does not move it back.
		assert_ok!(Consortium::add_staff(
			signed(HOSPITAL_ADMIN),
			DOCTOR,
			roles(&[StaffRole::Doctor])
		));
		assert_eq!(epoch(DOCTOR), 2);
		// A patient's deregistration ends theirs.
		assert_ok!(Consortium::deregister_patient(signed(HOSPITAL_ADMIN), PATIENT));
		assert_eq!(epoch(PATIENT), 1);
		assert_eq!(<Consortium as ConsortiumMembership<u64>>::registering_hospital(&PATIENT), None);
	});
}

// ---- queries and origins ----

#[test]
fn staff_pages_cover_every_staff_account_once() {
	run(|| {
		assert_ok!(Consortium::add_staff(signed(HOSPITAL_ADMIN), 100, roles(&[StaffRole::Nurse])));
		assert_ok!(Consortium::add_staff(signed(HOSPITAL_ADMIN), 101, roles(&[StaffRole::Nurse])));
		let mut seen = Vec::new();
		let mut start = None;
		loop {
			let page = Consortium::staff_page(HOSPITAL, start, 3);
			assert!(page.len() <= 3);
			let Some((last, _)) = page.last().cloned() else { break };
			seen.extend(page.into_iter().map(|(who, _)| who));
			start = Some(last);
		}
		seen.sort();
		assert_eq!(seen, vec![HOSPITAL_ADMIN, DOCTOR, 100, 101]);
		assert!(Consortium::staff_page(42, None, 10).is_empty());
		assert_eq!(Consortium::account_role(&STRANGER), None);
	});
}

/// What the other pallets ask through `Config::Membership`: the one way permissions are
/// checked (`StaffMembership::acts_for`, `has_role`).
#[test]
fn membership_answers_for_the_right_accounts_only() {
	run(|| {
		let doctor = Consortium::active_staff(&DOCTOR).unwrap();
		assert_eq!((doctor.org, doctor.kind), (HOSPITAL, OrganisationKind::Hospital));
		assert!(doctor.acts_for(HOSPITAL, &[StaffRole::Doctor]));
		assert!(!doctor.acts_for(HOSPITAL, &[StaffRole::Admin]));
		for refused in [HOSPITAL_ADMIN, PHARMACIST, PATIENT] {
			assert!(!<Consortium as ConsortiumMembership<u64>>::has_role(
				&refused,
				HOSPITAL,
				StaffRole::Doctor
			));
		}
		assert!(Consortium::active_staff(&PHARMACIST).is_some());
		assert!(Consortium::active_staff(&PATIENT).is_none());
		assert_eq!(Consortium::acting_patient(&PATIENT), Some(PATIENT));
		assert_eq!(Consortium::acting_patient(&DOCTOR), None);
		assert_eq!(Consortium::acting_patient(&STRANGER), None);
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert!(Consortium::active_staff(&DOCTOR).is_none());
	});
}
