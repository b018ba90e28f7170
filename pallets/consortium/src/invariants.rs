//! The pallet's invariants, checked by `try_state` and after every test.

use super::*;

impl<T: Config> Pallet<T> {
	/// The pallet's invariants: counts match the records, every member has an admin, every
	/// staff record is indexed under its organisation, and recovered keys and their patients
	/// name each other.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut members = 0u32;
		for (org, organisation) in Organisations::<T>::iter() {
			members += 1;
			let staff: Vec<_> = OrganisationStaff::<T>::iter_key_prefix(org).collect();
			let admins = staff
				.iter()
				.filter_map(Staff::<T>::get)
				.filter(|record| record.roles.contains(&StaffRole::Admin))
				.count() as u32;
			ensure!(staff.len() as u32 == organisation.staff, "staff count mismatch");
			ensure!(admins == organisation.admins, "admin count mismatch");
			ensure!(organisation.admins >= 1, "an organisation without an admin");
			ensure!(org < NextOrganisationId::<T>::get(), "organisation id not yet assigned");
		}
		ensure!(members == OrganisationCount::<T>::get(), "organisation count mismatch");
		for (who, record) in Staff::<T>::iter() {
			ensure!(
				OrganisationStaff::<T>::contains_key(record.org, &who),
				"staff record missing from its organisation's index"
			);
			ensure!(!record.roles.is_empty(), "staff without roles");
			ensure!(!Patients::<T>::contains_key(&who), "an account both staff and patient");
		}
		let counted: alloc::collections::BTreeMap<OrgId, u32> =
			PatientsRegistered::<T>::iter().filter(|(_, count)| *count > 0).collect();
		ensure!(
			counted == Self::count_patients_per_hospital(),
			"patient counts do not match the registered patients"
		);
		for (org, who) in OrganisationStaff::<T>::iter_keys() {
			ensure!(
				Staff::<T>::get(&who).is_some_and(|r| r.org == org),
				"index entry without its staff record"
			);
		}
		for (patient, key) in PatientKeyOf::<T>::iter() {
			ensure!(Patients::<T>::contains_key(&patient), "a recovered key of no patient");
			ensure!(
				PatientKeys::<T>::get(&key).as_ref() == Some(&patient),
				"a patient's key does not act as the patient"
			);
			ensure!(
				!Staff::<T>::contains_key(&key) && !Patients::<T>::contains_key(&key),
				"a patient key that is also staff or a patient"
			);
		}
		ensure!(
			PatientKeys::<T>::iter()
				.all(|(key, patient)| PatientKeyOf::<T>::get(&patient).as_ref() == Some(&key)),
			"a key acting as a patient whose key it is not"
		);
		ensure!(
			KeyRecoveries::<T>::iter_keys().all(|patient| Patients::<T>::contains_key(&patient)),
			"a key recovery for no patient"
		);
		Ok(())
	}
}
