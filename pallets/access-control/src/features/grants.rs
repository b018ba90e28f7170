//! Grants: given and revoked by the patient, decided at every check, swept once expired; and
//! the one answer every store enforces, [`Pallet::can_access`].

use crate::*;

impl<T: Config> Pallet<T> {
	/// On what grounds `who` may open (`write`: also add) `patient`'s records of `category`
	/// now, if at all. `who` is the account a signer acts as (a patient's account, not its
	/// recovered key: see `can_access`). Reads the patient's grants (at most
	/// `MaxGrantsPerPatient`).
	pub fn access_basis(
		who: &T::AccountId,
		patient: &T::AccountId,
		category: RecordCategory,
		write: bool,
	) -> Option<AccessBasis> {
		if who == patient {
			return Some(AccessBasis::Patient);
		}
		let now = Self::now();
		let staff = T::Membership::active_staff(who);
		let clinical_org = staff.as_ref().filter(|m| m.is_clinical()).map(|m| m.org);
		// A person's grant holds only while they stand as they stood when given it: a
		// clinician still clinical, a patient still registered, the epoch unchanged.
		let as_person = clinical_org.is_some() || T::Membership::is_patient(who);
		let epoch = T::Membership::registration_epoch(who);
		let by_grant = Grants::<T>::iter_prefix(patient).find_map(|(id, grant)| {
			let applies = grant.in_force_at(now)
				&& grant.scope.covers(category)
				&& (!write || grant.access == AccessLevel::ReadWrite)
				&& match &grant.grantee {
					Grantee::Person(person) => {
						person == who && as_person && grant.grantee_epoch == epoch
					},
					Grantee::Organisation(org) => clinical_org == Some(*org),
				};
			applies.then_some(AccessBasis::Grant(id))
		});
		if by_grant.is_some() || write {
			return by_grant;
		}
		let id = LatestBreakGlass::<T>::get(patient, who)?;
		let access = BreakGlassAccesses::<T>::get(id)?;
		(now < access.expires_at && clinical_org == Some(access.org))
			.then_some(AccessBasis::BreakGlass(id))
	}

	/// Whether the key `reader` may open `record` now: the one answer the off-chain stores
	/// enforce. A recovered patient key reads as its patient; the key it replaced, as no one.
	pub fn can_access(reader: &T::AccountId, record: RecordId) -> bool {
		let Some(who) = T::Membership::acting_as(reader) else { return false };
		Self::live_subject(record).is_ok_and(|subject| {
			Self::access_basis(&who, &subject.patient, subject.category, false).is_some()
		})
	}

	/// Checks a grant's terms, binds a grant to a person to their registration epoch, and
	/// stores it for `patient`; emits `AccessGranted`.
	pub(crate) fn do_grant(
		patient: &T::AccountId,
		mut grant: Grant<T::AccountId>,
	) -> Result<GrantId, DispatchError> {
		grant.grantee_epoch = match &grant.grantee {
			Grantee::Person(person) => {
				ensure!(person != patient, Error::<T>::GrantToSelf);
				if let Some(staff) = T::Membership::active_staff(person) {
					ensure!(staff.is_clinical(), Error::<T>::GranteeNotClinical);
				} else {
					ensure!(T::Membership::is_patient(person), Error::<T>::UnknownGrantee);
				}
				T::Membership::registration_epoch(person)
			},
			Grantee::Organisation(org) => {
				ensure!(
					T::Membership::active_organisation(*org).is_some(),
					Error::<T>::UnknownGrantee
				);
				0
			},
		};
		Self::ensure_scope(&grant.scope)?;
		if let Some(until) = grant.valid_until {
			ensure!(until > grant.valid_from && until > Self::now(), Error::<T>::InvalidPeriod);
		}
		let count = GrantCount::<T>::get(patient);
		ensure!(count < T::MaxGrantsPerPatient::get(), Error::<T>::TooManyGrants);
		let id = NextGrantId::<T>::get();
		NextGrantId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		GrantCount::<T>::insert(patient, count.saturating_add(1));
		Self::deposit_event(Event::AccessGranted {
			patient: patient.clone(),
			grant: id,
			grantee: grant.grantee.clone(),
			access: grant.access,
			valid_until: grant.valid_until,
		});
		Grants::<T>::insert(patient, id, grant);
		Ok(id)
	}

	pub(crate) fn ensure_scope(scope: &Scope) -> Result<(), Error<T>> {
		if let Scope::Categories(list) = scope {
			ensure!(!list.is_empty(), Error::<T>::EmptyScope);
		}
		Ok(())
	}

	pub(crate) fn do_revoke_grant(patient: T::AccountId, grant: GrantId) -> DispatchResult {
		ensure!(Grants::<T>::contains_key(&patient, grant), Error::<T>::GrantNotFound);
		Grants::<T>::remove(&patient, grant);
		GrantCount::<T>::mutate(&patient, |count| *count = count.saturating_sub(1));
		Self::log_consent(&patient, ConsentChange::Revoked(grant), patient.clone(), Self::now());
		Self::deposit_event(Event::AccessRevoked { patient, grant });
		Ok(())
	}
}

/// The one answer the EMR pallet asks before a record is written or read.
impl<T: Config> ConsentCheck<T::AccountId> for Pallet<T> {
	fn may_read(who: &T::AccountId, patient: &T::AccountId, category: RecordCategory) -> bool {
		Self::access_basis(who, patient, category, false).is_some()
	}

	fn may_write(who: &T::AccountId, patient: &T::AccountId, category: RecordCategory) -> bool {
		Self::access_basis(who, patient, category, true).is_some()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(patient: &T::AccountId, org: OrgId) -> Result<(), DispatchError> {
		let now = Self::now();
		let grant = Grant {
			grantee: Grantee::Organisation(org),
			scope: Scope::AllCategories,
			access: AccessLevel::ReadWrite,
			purpose: Purpose::Treatment,
			valid_from: now,
			valid_until: None,
			granted_at: now,
			grantee_epoch: 0,
		};
		Self::do_grant(patient, grant).map(|_| ())
	}
}
