//! What the runtime API answers: a patient's grants, requests, audit trail, consent history
//! and break-glass accesses, and the reviews waiting for an organisation. Every list that can
//! grow without bound is paged.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The patient's grants with whether each is in force now (at most
	/// `MaxGrantsPerPatient`).
	pub fn grants_of(patient: &T::AccountId) -> Vec<(GrantId, Grant<T::AccountId>, bool)> {
		let now = Self::now();
		let mut grants: Vec<_> = Grants::<T>::iter_prefix(patient)
			.map(|(id, grant)| {
				let in_force = grant.in_force_at(now);
				(id, grant, in_force)
			})
			.collect();
		grants.sort_by_key(|(id, _, _)| *id);
		grants
	}

	/// Requests waiting for the patient, expired ones included (at most
	/// `MaxRequestsPerPatient`).
	pub fn requests_of(patient: &T::AccountId) -> Vec<(RequestId, AccessRequest<T::AccountId>)> {
		let mut requests: Vec<_> = Requests::<T>::iter_prefix(patient).collect();
		requests.sort_by_key(|(id, _)| *id);
		requests
	}

	/// Up to `limit` entries of the patient's audit trail from index `start`, oldest first.
	pub fn audit_page(
		patient: &T::AccountId,
		start: u64,
		limit: u32,
	) -> Vec<(u64, AuditEntry<T::AccountId>)> {
		let end = AuditLength::<T>::get(patient).min(start.saturating_add(limit.into()));
		(start..end)
			.filter_map(|i| AuditTrail::<T>::get(patient, i).map(|entry| (i, entry)))
			.collect()
	}

	/// Up to `limit` entries of the patient's consent history from index `start`.
	pub fn consent_page(
		patient: &T::AccountId,
		start: u64,
		limit: u32,
	) -> Vec<(u64, ConsentEvent<T::AccountId>)> {
		let end = ConsentHistoryLength::<T>::get(patient).min(start.saturating_add(limit.into()));
		(start..end)
			.filter_map(|i| ConsentHistory::<T>::get(patient, i).map(|event| (i, event)))
			.collect()
	}

	/// Up to `limit` break-glass accesses to the patient after the id `start_after` (in storage
	/// order), with whether each is still open.
	pub fn break_glass_of(
		patient: &T::AccountId,
		start_after: Option<BreakGlassId>,
		limit: u32,
	) -> Vec<(BreakGlassId, BreakGlassAccess<T::AccountId>, bool)> {
		let ids = match start_after {
			Some(last) => PatientBreakGlass::<T>::iter_key_prefix_from(
				patient,
				PatientBreakGlass::<T>::hashed_key_for(patient, last),
			),
			None => PatientBreakGlass::<T>::iter_key_prefix(patient),
		};
		Self::page_of_accesses(ids, limit)
	}

	/// Up to `limit` break-glass accesses by `org`'s clinicians awaiting its review, after the id
	/// `start_after`, each with whether it still gives access.
	pub fn open_reviews(
		org: OrgId,
		start_after: Option<BreakGlassId>,
		limit: u32,
	) -> Vec<(BreakGlassId, BreakGlassAccess<T::AccountId>, bool)> {
		let ids = match start_after {
			Some(last) => OpenReviews::<T>::iter_key_prefix_from(
				org,
				OpenReviews::<T>::hashed_key_for(org, last),
			),
			None => OpenReviews::<T>::iter_key_prefix(org),
		};
		Self::page_of_accesses(ids, limit)
	}

	/// Up to `limit` break-glass accesses to patients `hospital` registered that the patients
	/// flagged, after the id `start_after`: what its admins (and governance) review.
	pub fn flagged_reviews(
		hospital: OrgId,
		start_after: Option<BreakGlassId>,
		limit: u32,
	) -> Vec<(BreakGlassId, BreakGlassAccess<T::AccountId>, bool)> {
		let ids = match start_after {
			Some(last) => FlaggedReviews::<T>::iter_key_prefix_from(
				hospital,
				FlaggedReviews::<T>::hashed_key_for(hospital, last),
			),
			None => FlaggedReviews::<T>::iter_key_prefix(hospital),
		};
		Self::page_of_accesses(ids, limit)
	}

	/// The accesses `ids` names, up to `limit`, each with whether it is still open. Pages
	/// come in storage order (`Twox64Concat` of the id, not id order): the next page starts
	/// after the last id of this one.
	fn page_of_accesses(
		ids: impl Iterator<Item = BreakGlassId>,
		limit: u32,
	) -> Vec<(BreakGlassId, BreakGlassAccess<T::AccountId>, bool)> {
		let now = Self::now();
		ids.take(limit as usize)
			.filter_map(|id| BreakGlassAccesses::<T>::get(id).map(|access| (id, access)))
			.map(|(id, access)| {
				let open = now < access.expires_at;
				(id, access, open)
			})
			.collect()
	}
}
