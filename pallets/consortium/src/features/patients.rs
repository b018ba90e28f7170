//! Patients: registered by a hospital's admins and registrars at a bounded rate, and a
//! registration made in error undone.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_patient(
		caller: &T::AccountId,
		patient: T::AccountId,
	) -> DispatchResult {
		let hospital = Self::active_staff(caller)
			.filter(|m| m.kind == OrganisationKind::Hospital)
			.ok_or(Error::<T>::NotHospitalStaff)?;
		ensure!(
			hospital.has_role(StaffRole::Admin) || hospital.has_role(StaffRole::Registrar),
			Error::<T>::NotRegistrar
		);
		let now = frame_system::Pallet::<T>::block_number();
		let window = T::RegistrationWindow::get();
		let start = if window.is_zero() { now } else { now - now % window };
		let count = match Registrations::<T>::get(hospital.org) {
			Some(registered) if registered.start == start => registered.count,
			_ => 0,
		};
		ensure!(count < T::MaxRegistrationsPerWindow::get(), Error::<T>::TooManyRegistrations);
		Self::insert_patient(hospital.org, &patient, now)?;
		Registrations::<T>::insert(
			hospital.org,
			RegistrationWindow { start, count: count.saturating_add(1) },
		);
		Self::deposit_event(Event::PatientRegistered { patient, hospital: hospital.org });
		Ok(())
	}

	/// Undoes `patient`'s registration; `by_admin` is the signer, `None` for governance.
	pub(crate) fn do_deregister_patient(
		by_admin: Option<&T::AccountId>,
		patient: T::AccountId,
	) -> DispatchResult {
		let record = Patients::<T>::get(&patient).ok_or(Error::<T>::NotPatient)?;
		if let Some(caller) = by_admin {
			let admin = Self::ensure_admin(caller)?;
			ensure!(admin.org == record.registered_by, Error::<T>::RegisteredElsewhere);
			// A recovered key means the account was in use, whatever its own nonce says.
			ensure!(
				frame_system::Pallet::<T>::account_nonce(&patient).is_zero()
					&& !PatientKeyOf::<T>::contains_key(&patient),
				Error::<T>::PatientHasTransacted
			);
		}
		Patients::<T>::remove(&patient);
		Self::forget_keys(&patient);
		Self::end_standing(&patient);
		PatientsRegistered::<T>::mutate_exists(record.registered_by, |count| {
			*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
		});
		Self::deposit_event(Event::PatientDeregistered { patient, hospital: record.registered_by });
		Ok(())
	}

	pub(crate) fn insert_patient(
		hospital: OrgId,
		patient: &T::AccountId,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		Self::ensure_unregistered(patient)?;
		Patients::<T>::insert(
			patient,
			PatientRecord { registered_by: hospital, registered_at: now },
		);
		PatientsRegistered::<T>::mutate(hospital, |count| *count = count.saturating_add(1));
		Self::keep_alive(patient);
		Ok(())
	}

	/// How many patients each hospital registered, counted from the patients' records (what
	/// [`PatientsRegistered`] must hold; its migration fills it from this).
	pub(crate) fn count_patients_per_hospital() -> alloc::collections::BTreeMap<OrgId, u32> {
		let mut counts = alloc::collections::BTreeMap::new();
		for (_, record) in Patients::<T>::iter() {
			*counts.entry(record.registered_by).or_insert(0u32) += 1;
		}
		counts
	}
}
