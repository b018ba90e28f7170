//! Admitting, suspending, reinstating and removing member organisations (governance).

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_admit_organisation(
		kind: OrganisationKind,
		admin: T::AccountId,
	) -> Result<OrgId, DispatchError> {
		Self::ensure_unregistered(&admin)?;
		let org = Self::insert_organisation(kind)?;
		let roles = normalise_roles::<T>([StaffRole::Admin])?;
		// Cannot fail: a new organisation has no staff and Admin is allowed everywhere.
		Self::insert_staff(org, kind, &admin, roles)?;
		Self::deposit_event(Event::OrganisationAdmitted { org, kind, admin });
		Ok(org)
	}

	/// Records a new active organisation (without staff yet) and returns its id.
	pub(crate) fn insert_organisation(kind: OrganisationKind) -> Result<OrgId, DispatchError> {
		let count = OrganisationCount::<T>::get();
		ensure!(count < T::MaxOrganisations::get(), Error::<T>::TooManyOrganisations);
		let org = NextOrganisationId::<T>::get();
		let next = org.checked_add(1).ok_or(Error::<T>::OrganisationIdsExhausted)?;
		Organisations::<T>::insert(
			org,
			Organisation {
				kind,
				status: OrganisationStatus::Active,
				admins: 0,
				staff: 0,
				admitted_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		NextOrganisationId::<T>::put(next);
		OrganisationCount::<T>::put(count.saturating_add(1));
		Ok(org)
	}

	pub(crate) fn do_suspend_organisation(org: OrgId) -> DispatchResult {
		use OrganisationStatus::*;
		Self::change_status(org, Active, Suspended, Error::<T>::OrganisationNotActive)?;
		Self::deposit_event(Event::OrganisationSuspended { org });
		Ok(())
	}

	pub(crate) fn do_reinstate_organisation(org: OrgId) -> DispatchResult {
		use OrganisationStatus::*;
		Self::change_status(org, Suspended, Active, Error::<T>::OrganisationNotSuspended)?;
		Self::deposit_event(Event::OrganisationReinstated { org });
		Ok(())
	}

	/// Moves `org` from status `from` to `to`; `not_from` if it is in another status.
	pub(crate) fn change_status(
		org: OrgId,
		from: OrganisationStatus,
		to: OrganisationStatus,
		not_from: Error<T>,
	) -> DispatchResult {
		Organisations::<T>::try_mutate(org, |entry| {
			let organisation = entry.as_mut().ok_or(Error::<T>::OrganisationNotFound)?;
			ensure!(organisation.status == from, not_from);
			organisation.status = to;
			Ok(())
		})
	}

	pub(crate) fn do_remove_organisation(org: OrgId) -> DispatchResult {
		ensure!(Organisations::<T>::contains_key(org), Error::<T>::OrganisationNotFound);
		Organisations::<T>::remove(org);
		OrganisationCount::<T>::mutate(|count| *count = count.saturating_sub(1));
		Self::deposit_event(Event::OrganisationRemoved { org });
		Ok(())
	}
}

/// What the runtime API reads of the members.
impl<T: Config> Pallet<T> {
	/// An organisation, if it is a member (active or suspended).
	pub fn organisation(org: OrgId) -> Option<Organisation<BlockNumberFor<T>>> {
		Organisations::<T>::get(org)
	}

	/// Every member organisation, in id order (at most `MaxOrganisations`).
	pub fn organisations() -> Vec<(OrgId, Organisation<BlockNumberFor<T>>)> {
		let mut all: Vec<_> = Organisations::<T>::iter().collect();
		all.sort_by_key(|(org, _)| *org);
		all
	}
}
