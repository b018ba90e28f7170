//! Benchmarks of the consortium pallet's calls, each at its worst case, and of its
//! transaction gate.

use super::*;
use crate::Pallet as Consortium;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;

/// Admits a hospital and returns it with its admin.
fn hospital_with_admin<T: Config>() -> (OrgId, T::AccountId) {
	let admin: T::AccountId = account("admin", 0, 0);
	let org = Consortium::<T>::do_admit_organisation(OrganisationKind::Hospital, admin.clone())
		.expect("the consortium has room for one organisation");
	(org, admin)
}

/// Adds staff to `org` until one place is left, so that the bound check is the last one.
fn fill_staff<T: Config>(org: OrgId, kind: OrganisationKind) {
	let room = T::MaxStaffPerOrganisation::get().saturating_sub(2);
	for i in 0..room {
		let who: T::AccountId = account("staff", i, 1);
		let roles = normalise_roles::<T>([StaffRole::Admin]).expect("one role");
		Consortium::<T>::insert_staff(org, kind, &who, roles).expect("room for staff");
	}
}

/// A patient of a new hospital whose key was already recovered once (to `new-key` 0), with
/// a second recovery (to `new-key` 1) under way; returns the patient and the hospital's admin.
fn patient_recovering<T: Config>() -> Result<(T::AccountId, T::AccountId), BenchmarkError> {
	let admin: T::AccountId = account("recovering-admin", 0, 0);
	Consortium::<T>::do_admit_organisation(OrganisationKind::Hospital, admin.clone())
		.map_err(|_| BenchmarkError::Stop("cannot admit a hospital"))?;
	let patient: T::AccountId = account("recovering-patient", 0, 0);
	Consortium::<T>::do_register_patient(&admin, patient.clone())
		.map_err(|_| BenchmarkError::Stop("cannot register a patient"))?;
	Consortium::<T>::do_force_key_recovery(patient.clone(), account("new-key", 0, 0))
		.map_err(|_| BenchmarkError::Stop("cannot recover a key"))?;
	Consortium::<T>::do_start_key_recovery(&admin, patient.clone(), account("new-key", 1, 0))
		.map_err(|_| BenchmarkError::Stop("cannot start a recovery"))?;
	Ok((patient, admin))
}

fn all_roles_for(kind: OrganisationKind) -> StaffRoles {
	StaffRoles::truncate_from(
		StaffRole::ALL.into_iter().filter(|role| role.is_allowed_for(kind)).collect(),
	)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn admit_organisation() -> Result<(), BenchmarkError> {
		let mut i = 0;
		while OrganisationCount::<T>::get() < T::MaxOrganisations::get().saturating_sub(1) {
			i += 1;
			let admin: T::AccountId = account("member", i, 2);
			Consortium::<T>::do_admit_organisation(OrganisationKind::Supplier, admin)
				.map_err(|_| BenchmarkError::Stop("cannot fill the consortium"))?;
		}
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let admin: T::AccountId = account("admin", 0, 0);
		let org = NextOrganisationId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, OrganisationKind::Hospital, admin.clone());

		assert_eq!(Consortium::<T>::organisation_of(&admin), Some(org));
		Ok(())
	}

	#[benchmark]
	fn suspend_organisation() -> Result<(), BenchmarkError> {
		let (org, _) = hospital_with_admin::<T>();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_eq!(
			Organisations::<T>::get(org).map(|o| o.status),
			Some(OrganisationStatus::Suspended)
		);
		Ok(())
	}

	#[benchmark]
	fn reinstate_organisation() -> Result<(), BenchmarkError> {
		let (org, _) = hospital_with_admin::<T>();
		Consortium::<T>::do_suspend_organisation(org).expect("active");
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_eq!(
			Organisations::<T>::get(org).map(|o| o.status),
			Some(OrganisationStatus::Active)
		);
		Ok(())
	}

	#[benchmark]
	fn remove_organisation() -> Result<(), BenchmarkError> {
		let (org, _) = hospital_with_admin::<T>();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert!(Organisations::<T>::get(org).is_none());
		Ok(())
	}

	#[benchmark]
	fn add_staff() {
		let (org, admin) = hospital_with_admin::<T>();
		fill_staff::<T>(org, OrganisationKind::Hospital);
		let who: T::AccountId = account("new", 0, 0);
		let roles = all_roles_for(OrganisationKind::Hospital);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone(), roles);

		assert_eq!(Consortium::<T>::organisation_of(&who), Some(org));
	}

	#[benchmark]
	fn set_staff_roles() {
		let (org, admin) = hospital_with_admin::<T>();
		let who: T::AccountId = account("new", 0, 0);
		let nurse = normalise_roles::<T>([StaffRole::Nurse]).expect("one role");
		Consortium::<T>::insert_staff(org, OrganisationKind::Hospital, &who, nurse)
			.expect("room for staff");
		// Promoting to admin changes the admin count too: the longer path.
		let roles = all_roles_for(OrganisationKind::Hospital);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone(), roles.clone());

		assert_eq!(Staff::<T>::get(&who).map(|r| r.roles), Some(roles));
	}

	#[benchmark]
	fn remove_staff() {
		let (org, admin) = hospital_with_admin::<T>();
		let who: T::AccountId = account("new", 0, 0);
		let roles = all_roles_for(OrganisationKind::Hospital);
		Consortium::<T>::insert_staff(org, OrganisationKind::Hospital, &who, roles)
			.expect("room for staff");

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone());

		assert!(!Staff::<T>::contains_key(&who));
	}

	#[benchmark]
	fn reap_staff() {
		let (org, admin) = hospital_with_admin::<T>();
		let who: T::AccountId = account("new", 0, 0);
		let roles = all_roles_for(OrganisationKind::Hospital);
		Consortium::<T>::insert_staff(org, OrganisationKind::Hospital, &who, roles)
			.expect("room for staff");
		Consortium::<T>::do_remove_organisation(org).expect("a member");

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone());

		assert!(!Staff::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_patient() {
		// The hospital has registered patients in this window already: its count is read,
		// checked and written back.
		let (org, admin) = hospital_with_admin::<T>();
		let start = frame_system::Pallet::<T>::block_number();
		let window =
			RegistrationWindow { start: start - start % T::RegistrationWindow::get(), count: 1 };
		Registrations::<T>::insert(org, window);
		let patient: T::AccountId = account("patient", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), patient.clone());

		assert!(Consortium::<T>::is_patient(&patient));
	}

	#[benchmark]
	fn deregister_patient() -> Result<(), BenchmarkError> {
		// By the registering hospital's admin: the longer path (governance skips the admin's
		// and the patient's nonce checks).
		let (_, admin) = hospital_with_admin::<T>();
		let patient: T::AccountId = account("patient", 0, 0);
		Consortium::<T>::do_register_patient(&admin, patient.clone())
			.map_err(|_| BenchmarkError::Stop("cannot register a patient"))?;
		let window = TransactionWindow { start: Zero::zero(), count: 1, weight: 1, length: 1 };
		TransactionWindows::<T>::insert(&patient, window);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), patient.clone());

		assert!(!Consortium::<T>::is_patient(&patient));
		Ok(())
	}

	#[benchmark]
	fn start_key_recovery() -> Result<(), BenchmarkError> {
		let (_, admin) = hospital_with_admin::<T>();
		let patient: T::AccountId = account("patient", 0, 0);
		Consortium::<T>::do_register_patient(&admin, patient.clone())
			.map_err(|_| BenchmarkError::Stop("cannot register a patient"))?;
		let new_key: T::AccountId = account("new-key", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), patient.clone(), new_key);

		assert!(KeyRecoveries::<T>::contains_key(&patient));
		Ok(())
	}

	#[benchmark]
	fn cancel_key_recovery() -> Result<(), BenchmarkError> {
		// By the hospital's admin, whose key is not the patient's: the signer is looked up as
		// a patient key, then as an admin.
		let (patient, admin) = patient_recovering::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), patient.clone());

		assert!(!KeyRecoveries::<T>::contains_key(&patient));
		Ok(())
	}

	#[benchmark]
	fn complete_key_recovery() -> Result<(), BenchmarkError> {
		// A second recovery: the key it replaces is itself a recovered key, to be retired.
		let (patient, admin) = patient_recovering::<T>()?;
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + T::KeyRecoveryDelay::get(),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), patient.clone());

		let new_key: T::AccountId = account("new-key", 1, 0);
		assert_eq!(Consortium::<T>::acting_patient(&new_key), Some(patient));
		Ok(())
	}

	#[benchmark]
	fn force_key_recovery() -> Result<(), BenchmarkError> {
		// Over a recovered key and a recovery under way.
		let (patient, _) = patient_recovering::<T>()?;
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let new_key: T::AccountId = account("new-key", 2, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, patient.clone(), new_key.clone());

		assert_eq!(Consortium::<T>::acting_patient(&new_key), Some(patient));
		Ok(())
	}

	#[benchmark]
	fn check_membership() -> Result<(), BenchmarkError> {
		// A staff member of an active organisation (two reads to find), with a window already
		// open (read, checked, written back). A patient is found with two reads too (the staff
		// record missing, then the patient's); the runtime lets only staff remark.
		let (_, admin) = hospital_with_admin::<T>();
		let signer = admin;
		let now = frame_system::Pallet::<T>::block_number();
		let start = now - now % T::RateLimitWindow::get();
		TransactionWindows::<T>::insert(
			&signer,
			TransactionWindow { start, count: 1, weight: 1, length: 1 },
		);
		let call: <T as frame_system::Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: alloc::vec![] }.into();
		let load = extension::Load { weight: 1, length: 1, pending: 0 };
		let mut counted = false;
		// A recovered patient key takes the most reads to find (staff record missing, the
		// key, the patient); measured beside the staff path, so the gate's weight bounds both.
		let (patient, _) = patient_recovering::<T>()?;
		let key: T::AccountId = account("new-key", 0, 0);

		#[block]
		{
			assert_eq!(Consortium::<T>::member(&key), Some(Member::Patient));
			// What validate and prepare do for a signed transaction (the nonce read is the
			// pool's count of pending transactions).
			let _ = frame_system::Pallet::<T>::account_nonce(&signer);
			if let Ok((extension::Counted::Signer(who, window), _)) =
				extension::Counted::<T>::for_transaction(&signer, &call, load)
			{
				TransactionWindows::<T>::insert(who, window);
				counted = true;
			}
		}

		assert!(counted);
		assert_eq!(Consortium::<T>::acting_patient(&key), Some(patient));
		Ok(())
	}

	impl_benchmark_test_suite!(Consortium, crate::mock::new_test_ext(), crate::mock::Test);
}
