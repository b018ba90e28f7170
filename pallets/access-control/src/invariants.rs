//! The pallet's invariants, checked by `try_state` and after every unit test.

use super::*;
#[cfg(any(feature = "try-runtime", test))]
use alloc::collections::BTreeMap;

/// How many entries each first key of a double map has.
#[cfg(any(feature = "try-runtime", test))]
fn counts<K: Ord>(keys: impl Iterator<Item = K>) -> BTreeMap<K, u32> {
	let mut counts = BTreeMap::new();
	for key in keys {
		*counts.entry(key).or_insert(0u32) += 1;
	}
	counts
}

impl<T: Config> Pallet<T> {
	/// Counts equal the entries they count and stay within their bounds; ids are below the
	/// next id; the break-glass indexes agree with the accesses; a review waits in exactly
	/// the queue its state names.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let grants = counts(Grants::<T>::iter_keys().map(|(patient, _)| patient));
		for (patient, count) in GrantCount::<T>::iter().filter(|(_, count)| *count > 0) {
			ensure!(grants.get(&patient) == Some(&count), "grant count mismatch");
			ensure!(count <= T::MaxGrantsPerPatient::get(), "too many grants");
		}
		ensure!(
			grants.iter().all(|(patient, n)| GrantCount::<T>::get(patient) == *n),
			"grants without a count"
		);
		ensure!(
			Grants::<T>::iter_keys().all(|(_, id)| id < NextGrantId::<T>::get()),
			"grant id not yet assigned"
		);

		let requests = counts(Requests::<T>::iter_keys().map(|(patient, _)| patient));
		for (patient, count) in RequestCount::<T>::iter().filter(|(_, count)| *count > 0) {
			ensure!(requests.get(&patient) == Some(&count), "request count mismatch");
			ensure!(count <= T::MaxRequestsPerPatient::get(), "too many requests");
		}
		ensure!(
			requests.iter().all(|(patient, n)| RequestCount::<T>::get(patient) == *n),
			"requests without a count"
		);
		for (patient, id, request) in Requests::<T>::iter() {
			ensure!(id < NextRequestId::<T>::get(), "request id not yet assigned");
			let same_org = Requests::<T>::iter_prefix_values(&patient)
				.filter(|other| other.org == request.org)
				.count();
			ensure!(same_org == 1, "two requests of one organisation wait for a patient");
		}

		let blocked = counts(BlockedRequesters::<T>::iter_keys().map(|(patient, _)| patient));
		for (patient, count) in BlockedCount::<T>::iter() {
			ensure!(blocked.get(&patient) == Some(&count), "blocked count mismatch");
			ensure!(count <= T::MaxBlockedPerPatient::get(), "too many blocked");
		}
		ensure!(
			blocked.iter().all(|(patient, n)| BlockedCount::<T>::get(patient) == *n),
			"blocks without a count"
		);

		for (id, access) in BreakGlassAccesses::<T>::iter() {
			ensure!(id < NextBreakGlassId::<T>::get(), "break-glass id not yet assigned");
			ensure!(
				PatientBreakGlass::<T>::contains_key(&access.patient, id),
				"break-glass access not listed for its patient"
			);
			let open = OpenReviews::<T>::contains_key(access.org, id);
			let flagged_at = match access.review {
				Review::Flagged { hospital, .. } => Some(hospital),
				_ => None,
			};
			ensure!(open == (access.review == Review::Open), "open review queue mismatch");
			if let Some(hospital) = flagged_at {
				ensure!(
					FlaggedReviews::<T>::contains_key(hospital, id),
					"flagged review not queued"
				);
			}
		}
		for (patient, id) in PatientBreakGlass::<T>::iter_keys() {
			ensure!(
				BreakGlassAccesses::<T>::get(id).is_some_and(|a| a.patient == patient),
				"a patient's break-glass index names another access"
			);
		}
		for (org, id) in OpenReviews::<T>::iter_keys() {
			ensure!(
				BreakGlassAccesses::<T>::get(id)
					.is_some_and(|a| a.org == org && a.review == Review::Open),
				"an open review queued for an access that is not open"
			);
		}
		for (hospital, id) in FlaggedReviews::<T>::iter_keys() {
			ensure!(
				BreakGlassAccesses::<T>::get(id).is_some_and(
					|a| matches!(a.review, Review::Flagged { hospital: h, .. } if h == hospital)
				),
				"a flagged review queued for an access that is not flagged there"
			);
		}
		for (patient, accessor, id) in LatestBreakGlass::<T>::iter() {
			ensure!(
				BreakGlassAccesses::<T>::get(id)
					.is_some_and(|a| a.patient == patient && a.accessor == accessor),
				"latest break-glass index names another access"
			);
		}
		for (_, count) in PatientBreakGlassToday::<T>::iter() {
			ensure!(
				count.count <= T::MaxBreakGlassPerPatientPerDay::get(),
				"patient's daily break-glass bound exceeded"
			);
		}
		for (_, count) in ClinicianBreakGlassToday::<T>::iter() {
			ensure!(
				count.count <= T::MaxBreakGlassPerClinicianPerDay::get(),
				"clinician's daily break-glass bound exceeded"
			);
		}

		for (patient, length) in AuditLength::<T>::iter() {
			let entries = AuditTrail::<T>::iter_key_prefix(&patient).count() as u64;
			ensure!(entries == length, "audit length mismatch");
			ensure!(
				AuditTrail::<T>::iter_key_prefix(&patient).all(|i| i < length),
				"audit entry past the trail's length"
			);
		}
		ensure!(
			AuditTrail::<T>::iter_keys()
				.all(|(patient, _)| AuditLength::<T>::contains_key(patient)),
			"audit entries without a length"
		);
		for (patient, length) in ConsentHistoryLength::<T>::iter() {
			let entries = ConsentHistory::<T>::iter_key_prefix(&patient).count() as u64;
			ensure!(entries == length, "consent history length mismatch");
		}
		ensure!(
			ConsentHistory::<T>::iter_keys()
				.all(|(patient, _)| ConsentHistoryLength::<T>::contains_key(patient)),
			"consent history without a length"
		);
		Ok(())
	}
}
