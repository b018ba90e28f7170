//! An organisation's staff: added, given roles and removed by its admins; reaped once the
//! organisation is gone; kept alive without a balance.

use crate::*;

/// Sorts `roles` and drops duplicates; `NoRoles` if none remain.
pub(crate) fn normalise_roles<T: Config>(
	roles: impl Into<Vec<StaffRole>>,
) -> Result<StaffRoles, Error<T>> {
	let mut roles: Vec<StaffRole> = roles.into();
	roles.sort();
	roles.dedup();
	ensure!(!roles.is_empty(), Error::<T>::NoRoles);
	// After deduplication there are at most as many roles as variants: the bound.
	StaffRoles::try_from(roles).map_err(|_| Error::<T>::NoRoles)
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_add_staff(
		caller: &T::AccountId,
		who: T::AccountId,
		roles: StaffRoles,
	) -> DispatchResult {
		let admin = Self::ensure_admin(caller)?;
		let roles = normalise_roles::<T>(roles)?;
		Self::insert_staff(admin.org, admin.kind, &who, roles.clone())?;
		Self::deposit_event(Event::StaffAdded { org: admin.org, who, roles });
		Ok(())
	}

	/// Records `who` as staff of `org` (of `kind`) with `roles`, after every check; counts it
	/// and gives the account a provider reference.
	pub(crate) fn insert_staff(
		org: OrgId,
		kind: OrganisationKind,
		who: &T::AccountId,
		roles: StaffRoles,
	) -> DispatchResult {
		Self::ensure_unregistered(who)?;
		Self::ensure_roles_allowed(kind, &roles)?;
		let is_admin = roles.contains(&StaffRole::Admin);
		Organisations::<T>::try_mutate(org, |entry| {
			let organisation = entry.as_mut().ok_or(Error::<T>::OrganisationNotFound)?;
			ensure!(
				organisation.staff < T::MaxStaffPerOrganisation::get(),
				Error::<T>::TooManyStaff
			);
			organisation.staff = organisation.staff.saturating_add(1);
			if is_admin {
				organisation.admins = organisation.admins.saturating_add(1);
			}
			Ok::<_, DispatchError>(())
		})?;
		Staff::<T>::insert(who, StaffRecord { org, roles });
		OrganisationStaff::<T>::insert(org, who, ());
		Self::keep_alive(who);
		Ok(())
	}

	pub(crate) fn do_set_staff_roles(
		caller: &T::AccountId,
		who: T::AccountId,
		roles: StaffRoles,
	) -> DispatchResult {
		let admin = Self::ensure_admin(caller)?;
		let roles = normalise_roles::<T>(roles)?;
		Self::ensure_roles_allowed(admin.kind, &roles)?;
		let record = Staff::<T>::get(&who)
			.filter(|record| record.org == admin.org)
			.ok_or(Error::<T>::NotStaffOfOrganisation)?;
		let was_admin = record.roles.contains(&StaffRole::Admin);
		let is_admin = roles.contains(&StaffRole::Admin);
		if was_admin != is_admin {
			Organisations::<T>::try_mutate(admin.org, |entry| {
				let organisation = entry.as_mut().ok_or(Error::<T>::OrganisationNotFound)?;
				organisation.admins = if is_admin {
					organisation.admins.saturating_add(1)
				} else {
					ensure!(organisation.admins > 1, Error::<T>::LastAdmin);
					organisation.admins - 1
				};
				Ok::<_, DispatchError>(())
			})?;
		}
		// Losing every clinical role ends the access patients gave the person.
		let was_clinical = record.roles.iter().any(|role| role.is_clinical());
		if was_clinical && !roles.iter().any(|role| role.is_clinical()) {
			Self::end_standing(&who);
		}
		Staff::<T>::insert(&who, StaffRecord { org: admin.org, roles: roles.clone() });
		Self::deposit_event(Event::StaffRolesChanged { org: admin.org, who, roles });
		Ok(())
	}

	pub(crate) fn do_remove_staff(caller: &T::AccountId, who: T::AccountId) -> DispatchResult {
		let admin = Self::ensure_admin(caller)?;
		let record = Staff::<T>::get(&who)
			.filter(|record| record.org == admin.org)
			.ok_or(Error::<T>::NotStaffOfOrganisation)?;
		let was_admin = record.roles.contains(&StaffRole::Admin);
		Organisations::<T>::try_mutate(admin.org, |entry| {
			let organisation = entry.as_mut().ok_or(Error::<T>::OrganisationNotFound)?;
			if was_admin {
				ensure!(organisation.admins > 1, Error::<T>::LastAdmin);
				organisation.admins -= 1;
			}
			organisation.staff = organisation.staff.saturating_sub(1);
			Ok::<_, DispatchError>(())
		})?;
		Self::drop_staff(admin.org, &who);
		Self::deposit_event(Event::StaffRemoved { org: admin.org, who });
		Ok(())
	}

	pub(crate) fn do_reap_staff(who: T::AccountId) -> DispatchResult {
		let record = Staff::<T>::get(&who).ok_or(Error::<T>::NotStaff)?;
		ensure!(!Organisations::<T>::contains_key(record.org), Error::<T>::OrganisationStillMember);
		Self::drop_staff(record.org, &who);
		Self::deposit_event(Event::StaffReaped { org: record.org, who });
		Ok(())
	}

	/// Deletes `who`'s staff records. The account itself stays (see [`KeptAlive`]).
	pub(crate) fn drop_staff(org: OrgId, who: &T::AccountId) {
		Staff::<T>::remove(who);
		OrganisationStaff::<T>::remove(org, who);
		Self::end_standing(who);
		// The account's window stays: removed and added again, it must not start afresh.
	}

	/// Moves `who` to its next registration epoch: every grant to it as a person ends for
	/// good.
	pub(crate) fn end_standing(who: &T::AccountId) {
		RegistrationEpochs::<T>::mutate(who, |epoch| *epoch = epoch.saturating_add(1));
	}

	/// Gives `who` a provider reference unless it already has ours: it exists from now on,
	/// without a balance, and is never reaped.
	pub(crate) fn keep_alive(who: &T::AccountId) {
		if !KeptAlive::<T>::contains_key(who) {
			frame_system::Pallet::<T>::inc_providers(who);
			KeptAlive::<T>::insert(who, ());
		}
	}
}
