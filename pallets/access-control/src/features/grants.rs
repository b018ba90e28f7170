//! Grants: given and revoked by the patient, decided at every check, swept once expired; and
//! the one answer every store enforces, [`Pallet::can_access`].

use crate::*;

impl<T: Config> Pallet<T> {
	/// On what grounds `who` may open (`write`: also add) `patient`'s records of `category`
	/// now, if at all. `who` is the account a signer acts as (a patient's account, not its
	/// recovered key: see `can_access`). Reads only the grants to `who` and to their
	/// organisation (at most `MaxGrantsPerGrantee` each, [`GrantsTo`]), however many grants
	/// the patient gave others.
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
		let applies = |grant: &Grant<T::AccountId>| {
			grant.in_force_at(now)
				&& grant.scope.covers(category)
				&& (!write || grant.access == AccessLevel::ReadWrite)
		};
		// A person's grant holds only while they stand as they stood when given it: a
		// clinician still clinical, a patient still registered, the epoch unchanged.
		let as_person = clinical_org.is_some() || T::Membership::is_patient(who);
		let by_person = as_person
			.then(|| {
				let epoch = T::Membership::registration_epoch(who);
				Self::grant_to(patient, &Grantee::Person(who.clone()), |grant| {
					applies(grant) && grant.grantee_epoch == epoch
				})
			})
			.flatten();
		let by_grant = by_person.or_else(|| {
			clinical_org.and_then(|org| {
				Self::grant_to(patient, &Grantee::Organisation(org), |grant| applies(grant))
			})
		});
		if by_grant.is_some() || write {
			return by_grant;
		}
		let id = LatestBreakGlass::<T>::get(patient, who)?;
		let access = BreakGlassAccesses::<T>::get(id)?;
		(now < access.expires_at && clinical_org == Some(access.org))
			.then_some(AccessBasis::BreakGlass(id))
	}

	/// The first of `patient`'s grants to `grantee` that `applies` to.
	fn grant_to(
		patient: &T::AccountId,
		grantee: &Grantee<T::AccountId>,
		applies: impl Fn(&Grant<T::AccountId>) -> bool,
	) -> Option<AccessBasis> {
		GrantsTo::<T>::get(patient, grantee).into_iter().find_map(|id| {
			Grants::<T>::get(patient, id)
				.filter(|grant| applies(grant))
				.map(|_| AccessBasis::Grant(id))
		})
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
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		let mut to_grantee = GrantsTo::<T>::get(patient, &grant.grantee);
		to_grantee.try_push(id).map_err(|_| Error::<T>::TooManyGrantsToGrantee)?;
		NextGrantId::<T>::put(next);
		GrantCount::<T>::insert(patient, count.saturating_add(1));
		GrantsTo::<T>::insert(patient, &grant.grantee, to_grantee);
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
		let terms = Grants::<T>::get(&patient, grant).ok_or(Error::<T>::GrantNotFound)?;
		Self::remove_grant(&patient, grant, &terms.grantee);
		Self::log_consent(&patient, ConsentChange::Revoked(grant), patient.clone(), Self::now());
		Self::deposit_event(Event::AccessRevoked { patient, grant });
		Ok(())
	}

	/// A grant to `grantee` of everything, in force only from a day on: it applies to no
	/// check now, yet each check of `grantee` reads it. For benchmarks' worst cases.
	#[cfg(feature = "runtime-benchmarks")]
	pub(crate) fn idle_grant_for_benchmarks(grantee: Grantee<T::AccountId>) -> Grant<T::AccountId> {
		let now = Self::now();
		Grant {
			grantee,
			scope: Scope::AllCategories,
			access: AccessLevel::ReadWrite,
			purpose: Purpose::Treatment,
			valid_from: now.saturating_add(24 * 3_600_000),
			valid_until: None,
			granted_at: now,
			grantee_epoch: 0,
		}
	}

	/// Deletes a grant with its count and index entry (revocation and the sweep).
	pub(crate) fn remove_grant(
		patient: &T::AccountId,
		grant: GrantId,
		grantee: &Grantee<T::AccountId>,
	) {
		Grants::<T>::remove(patient, grant);
		GrantCount::<T>::mutate(patient, |count| *count = count.saturating_sub(1));
		// No empty list is kept: a grantee without grants has no entry.
		GrantsTo::<T>::mutate_exists(patient, grantee, |ids| {
			*ids = ids
				.take()
				.map(|mut list| {
					list.retain(|id| *id != grant);
					list
				})
				.filter(|list| !list.is_empty());
		});
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
		let grantee = Grantee::Organisation(org);
		for _ in 1..T::MaxGrantsPerGrantee::get() {
			Self::do_grant(patient, Self::idle_grant_for_benchmarks(grantee.clone()))?;
		}
		let now = Self::now();
		let grant = Grant {
			grantee,
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

	#[cfg(feature = "runtime-benchmarks")]
	fn idle_grants_for_benchmarks(
		patient: &T::AccountId,
		person: &T::AccountId,
	) -> Result<(), DispatchError> {
		let room = T::MaxGrantsPerPatient::get().saturating_sub(GrantCount::<T>::get(patient));
		for _ in 0..T::MaxGrantsPerGrantee::get().min(room) {
			let grant = Self::idle_grant_for_benchmarks(Grantee::Person(person.clone()));
			Self::do_grant(patient, grant)?;
		}
		Ok(())
	}
}
