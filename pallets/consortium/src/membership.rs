//! How the other pallets ask who may do what: [`ConsortiumMembership`], answered from this
//! pallet's storage.

use super::*;

impl<T: Config> ConsortiumMembership<T::AccountId> for Pallet<T> {
	fn active_staff(who: &T::AccountId) -> Option<StaffMembership> {
		Pallet::<T>::active_staff(who)
	}

	fn is_patient(who: &T::AccountId) -> bool {
		Pallet::<T>::is_patient(who)
	}

	fn acting_as(signer: &T::AccountId) -> Option<T::AccountId> {
		Pallet::<T>::acting_as(signer)
	}

	fn active_organisation(org: OrgId) -> Option<OrganisationKind> {
		Organisations::<T>::get(org)
			.filter(|o| o.status == OrganisationStatus::Active)
			.map(|o| o.kind)
	}

	fn registration_epoch(who: &T::AccountId) -> u32 {
		RegistrationEpochs::<T>::get(who)
	}

	fn registering_hospital(patient: &T::AccountId) -> Option<OrgId> {
		Patients::<T>::get(patient).map(|record| record.registered_by)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_staff_for_benchmarks(
		who: &T::AccountId,
		kind: OrganisationKind,
		roles: &[StaffRole],
	) -> Result<OrgId, DispatchError> {
		let org = Self::do_admit_organisation(kind, who.clone())?;
		let mut all = roles.to_vec();
		all.push(StaffRole::Admin);
		let roles = normalise_roles::<T>(all)?;
		Self::ensure_roles_allowed(kind, &roles)?;
		Staff::<T>::insert(who, StaffRecord { org, roles });
		Ok(org)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add_staff_for_benchmarks(
		who: &T::AccountId,
		org: OrgId,
		roles: &[StaffRole],
	) -> Result<(), DispatchError> {
		let kind = Organisations::<T>::get(org).ok_or(Error::<T>::OrganisationNotFound)?.kind;
		let roles = normalise_roles::<T>(roles.to_vec())?;
		Self::insert_staff(org, kind, who, roles)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_patient_for_benchmarks(who: &T::AccountId) -> Result<(), DispatchError> {
		let hospital = NextOrganisationId::<T>::get();
		let admin: T::AccountId = frame_benchmarking::account("hospital-admin", hospital, 0);
		Self::do_admit_organisation(OrganisationKind::Hospital, admin)?;
		Self::insert_patient(hospital, who, frame_system::Pallet::<T>::block_number())
	}
}
