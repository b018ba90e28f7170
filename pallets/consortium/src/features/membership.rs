//! How the other pallets ask who may do what: [`ConsortiumMembership`], answered from this
//! pallet's storage.

use crate::*;

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

/// Who an account is: the queries the runtime API, the gate and [`ConsortiumMembership`]
/// answer from.
impl<T: Config> Pallet<T> {
	/// The organisation, kind and roles of `who` if it is staff of an active organisation.
	pub fn active_staff(who: &T::AccountId) -> Option<StaffMembership> {
		let record = Staff::<T>::get(who)?;
		let org = Organisations::<T>::get(record.org)?;
		(org.status == OrganisationStatus::Active).then_some(StaffMembership {
			org: record.org,
			kind: org.kind,
			roles: record.roles,
		})
	}

	/// What `who` is in the consortium, if anything (for the runtime API). A recovered
	/// patient key is the patient it signs for; a patient account whose key was replaced is
	/// nothing (it signs nothing).
	pub fn account_role(who: &T::AccountId) -> Option<AccountRole<BlockNumberFor<T>>> {
		if let Some(record) = Staff::<T>::get(who) {
			let active = Organisations::<T>::get(record.org)
				.is_some_and(|org| org.status == OrganisationStatus::Active);
			return Some(AccountRole::Staff { org: record.org, roles: record.roles, active });
		}
		// A recovered patient's key signs as the patient; the account it replaced, as no one.
		let patient = Self::acting_patient(who)?;
		Patients::<T>::get(patient).map(|p| AccountRole::Patient {
			registered_by: p.registered_by,
			registered_at: p.registered_at,
		})
	}

	/// Up to `limit` staff accounts of `org` with their roles, after `start_after` (the last
	/// account of the previous page), in storage order.
	pub fn staff_page(
		org: OrgId,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Vec<(T::AccountId, StaffRoles)> {
		let accounts = match start_after {
			Some(last) => OrganisationStaff::<T>::iter_key_prefix_from(
				org,
				OrganisationStaff::<T>::hashed_key_for(org, last),
			),
			None => OrganisationStaff::<T>::iter_key_prefix(org),
		};
		accounts
			.filter_map(|who| Staff::<T>::get(&who).map(|record| (who, record.roles)))
			.take(limit as usize)
			.collect()
	}

	/// Whether the gate lets `who` sign transactions at all: active staff, a registered
	/// patient's current key, or an exempt governance key.
	pub fn may_transact(who: &T::AccountId) -> bool {
		T::GateExempt::contains(who) || Self::member(who).is_some()
	}

	/// What the transaction gate knows of `who`: active staff, a patient's current key, or
	/// nothing.
	pub fn member(who: &T::AccountId) -> Option<Member> {
		if let Some(membership) = Self::active_staff(who) {
			return Some(Member::Staff(membership));
		}
		Self::acting_patient(who).map(|_| Member::Patient)
	}

	/// Whether `who` is a registered patient.
	pub fn is_patient(who: &T::AccountId) -> bool {
		Patients::<T>::contains_key(who)
	}
}
