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

		#[block]
		{
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
		Ok(())
	}

	impl_benchmark_test_suite!(Consortium, crate::mock::new_test_ext(), crate::mock::Test);
}
