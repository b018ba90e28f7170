//! Requests: asked by clinicians or for their organisation, answered by the patient; they
//! expire, one per organisation waits at a time, and a patient may block a requester.

use crate::*;

/// The terms a requester asks for: those of the grant an approval gives.
pub(crate) struct AskedTerms {
	pub scope: Scope,
	pub access: AccessLevel,
	pub purpose: Purpose,
	pub valid_until: Option<Moment>,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_request_access(
		requester: T::AccountId,
		staff: StaffMembership,
		patient: T::AccountId,
		for_organisation: bool,
		terms: AskedTerms,
	) -> DispatchResult {
		let may_ask = staff.is_clinical() || (for_organisation && staff.has_role(StaffRole::Admin));
		ensure!(may_ask, Error::<T>::NotClinicalStaff);
		ensure!(T::Membership::is_patient(&patient), Error::<T>::NotPatient);
		ensure!(
			!BlockedRequesters::<T>::contains_key(&patient, Grantee::Person(requester.clone()))
				&& !BlockedRequesters::<T>::contains_key(
					&patient,
					Grantee::<T::AccountId>::Organisation(staff.org)
				),
			Error::<T>::RequesterBlocked
		);
		Self::ensure_scope(&terms.scope)?;
		let now = Self::now();
		if let Some(until) = terms.valid_until {
			ensure!(until > now, Error::<T>::InvalidPeriod);
		}
		// Expired requests make room; the rest must leave none from the same organisation,
		// so no organisation holds more than one place in a patient's queue.
		let lifetime = T::RequestLifetime::get();
		let (expired, waiting): (Vec<_>, Vec<_>) = Requests::<T>::iter_prefix(&patient)
			.partition(|(_, request)| request.expired_at(now, lifetime));
		ensure!(
			!waiting.iter().any(|(_, request)| request.requester == requester),
			Error::<T>::DuplicateRequest
		);
		ensure!(
			!waiting.iter().any(|(_, request)| request.org == staff.org),
			Error::<T>::OrganisationRequestWaiting
		);
		ensure!(
			(waiting.len() as u32) < T::MaxRequestsPerPatient::get(),
			Error::<T>::TooManyRequests
		);
		let id = NextRequestId::<T>::get();
		NextRequestId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		for (old, _) in expired {
			Requests::<T>::remove(&patient, old);
			Self::deposit_event(Event::RequestExpired { patient: patient.clone(), request: old });
		}
		RequestCount::<T>::insert(&patient, waiting.len() as u32 + 1);
		let grantee = if for_organisation {
			Grantee::Organisation(staff.org)
		} else {
			Grantee::Person(requester.clone())
		};
		Requests::<T>::insert(
			&patient,
			id,
			AccessRequest {
				requester: requester.clone(),
				grantee: grantee.clone(),
				scope: terms.scope,
				access: terms.access,
				purpose: terms.purpose,
				valid_until: terms.valid_until,
				requested_at: now,
				org: staff.org,
				requester_epoch: T::Membership::registration_epoch(&requester),
			},
		);
		Self::log_consent(&patient, ConsentChange::Requested(id), requester.clone(), now);
		Self::deposit_event(Event::AccessRequested { patient, request: id, requester, grantee });
		Ok(())
	}

	pub(crate) fn do_answer_request(
		patient: T::AccountId,
		request: RequestId,
		approve: bool,
	) -> DispatchResult {
		let asked = Requests::<T>::get(&patient, request).ok_or(Error::<T>::RequestNotFound)?;
		let now = Self::now();
		if approve {
			ensure!(!asked.expired_at(now, T::RequestLifetime::get()), Error::<T>::RequestExpired);
			if matches!(asked.grantee, Grantee::Person(_)) {
				ensure!(
					T::Membership::registration_epoch(&asked.requester) == asked.requester_epoch,
					Error::<T>::RequesterGone
				);
			}
		}
		Requests::<T>::remove(&patient, request);
		RequestCount::<T>::mutate(&patient, |count| *count = count.saturating_sub(1));
		if approve {
			let grant = Self::do_grant(
				&patient,
				Grant {
					grantee: asked.grantee,
					scope: asked.scope,
					access: asked.access,
					purpose: asked.purpose,
					valid_from: now,
					valid_until: asked.valid_until,
					granted_at: now,
					grantee_epoch: 0,
				},
			)?;
			Self::log_consent(
				&patient,
				ConsentChange::Approved { request, grant },
				patient.clone(),
				now,
			);
			Self::deposit_event(Event::RequestApproved { patient, request, grant });
		} else {
			Self::log_consent(&patient, ConsentChange::Denied(request), patient.clone(), now);
			Self::deposit_event(Event::RequestDenied { patient, request });
		}
		Ok(())
	}

	pub(crate) fn do_block_requester(
		patient: T::AccountId,
		requester: Grantee<T::AccountId>,
	) -> DispatchResult {
		ensure!(
			!BlockedRequesters::<T>::contains_key(&patient, &requester),
			Error::<T>::AlreadyBlocked
		);
		let count = BlockedCount::<T>::get(&patient);
		ensure!(count < T::MaxBlockedPerPatient::get(), Error::<T>::TooManyBlocked);
		BlockedRequesters::<T>::insert(&patient, &requester, ());
		BlockedCount::<T>::insert(&patient, count.saturating_add(1));
		// Their waiting requests go too (at most `MaxRequestsPerPatient`).
		let theirs: Vec<RequestId> = Requests::<T>::iter_prefix(&patient)
			.filter(|(_, request)| match &requester {
				Grantee::Person(person) => &request.requester == person,
				Grantee::Organisation(org) => request.org == *org,
			})
			.map(|(id, _)| id)
			.collect();
		for id in theirs {
			Requests::<T>::remove(&patient, id);
			RequestCount::<T>::mutate(&patient, |count| *count = count.saturating_sub(1));
		}
		Self::log_consent(&patient, ConsentChange::Blocked, patient.clone(), Self::now());
		Self::deposit_event(Event::RequesterBlocked { patient, requester });
		Ok(())
	}

	pub(crate) fn do_unblock_requester(
		patient: T::AccountId,
		requester: Grantee<T::AccountId>,
	) -> DispatchResult {
		ensure!(BlockedRequesters::<T>::contains_key(&patient, &requester), Error::<T>::NotBlocked);
		BlockedRequesters::<T>::remove(&patient, &requester);
		BlockedCount::<T>::mutate_exists(&patient, |count| {
			*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
		});
		Self::log_consent(&patient, ConsentChange::Unblocked, patient.clone(), Self::now());
		Self::deposit_event(Event::RequesterUnblocked { patient, requester });
		Ok(())
	}
}
