//! The checks calls start with: who is calling (governance or a signer, an admin), whether
//! an account is free to register, and whether roles suit an organisation's kind.

use crate::*;

impl<T: Config> Pallet<T> {
	/// `None` when governance makes the call, else the signer (calls that governance and a
	/// signer may both make).
	pub(crate) fn signer_unless_governance(
		origin: frame_system::pallet_prelude::OriginFor<T>,
	) -> Result<Option<T::AccountId>, sp_runtime::DispatchError> {
		match T::GovernanceOrigin::try_origin(origin) {
			Ok(_) => Ok(None),
			Err(origin) => Ok(Some(frame_system::ensure_signed(origin)?)),
		}
	}

	/// The caller's organisation, if the caller is an admin of an active organisation.
	pub(crate) fn ensure_admin(caller: &T::AccountId) -> Result<StaffMembership, Error<T>> {
		Self::active_staff(caller)
			.filter(|m| m.has_role(StaffRole::Admin))
			.ok_or(Error::<T>::NotAdmin)
	}

	/// Fails if `who` is already staff, a patient or a patient's key.
	pub(crate) fn ensure_unregistered(who: &T::AccountId) -> Result<(), Error<T>> {
		ensure!(
			!Staff::<T>::contains_key(who)
				&& !Patients::<T>::contains_key(who)
				&& !PatientKeys::<T>::contains_key(who),
			Error::<T>::AlreadyRegistered
		);
		Ok(())
	}

	pub(crate) fn ensure_roles_allowed(
		kind: OrganisationKind,
		roles: &StaffRoles,
	) -> Result<(), Error<T>> {
		ensure!(roles.iter().all(|role| role.is_allowed_for(kind)), Error::<T>::RoleNotAllowed);
		Ok(())
	}
}
