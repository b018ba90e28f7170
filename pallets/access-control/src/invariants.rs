//! The pallet's invariants, checked by `try_state` and after every unit test.

use super::*;
use alloc::collections::BTreeMap;

/// Whether the stored per-patient counts (zeros aside) are exactly the entries counted per
/// patient (`keys`: the first key of every entry), each within `max`.
fn counts_agree<K: Ord>(
	keys: impl Iterator<Item = K>,
	stored: impl Iterator<Item = (K, u32)>,
	max: u32,
) -> bool {
	let mut counted = BTreeMap::new();
	for key in keys {
		*counted.entry(key).or_insert(0u32) += 1;
	}
	let stored: BTreeMap<K, u32> = stored.filter(|(_, count)| *count > 0).collect();
	stored == counted && stored.values().all(|count| *count <= max)
}

impl<T: Config> Pallet<T> {
	/// Counts equal the entries they count and stay within their bounds; ids are below the
	/// next id; the break-glass indexes agree with the accesses; a review waits in exactly
	/// the queue its state names.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(
			counts_agree(
				Grants::<T>::iter_keys().map(|(patient, _)| patient),
				GrantCount::<T>::iter(),
				T::MaxGrantsPerPatient::get()
			),
			"grant counts differ from the grants, or exceed the bound"
		);
		ensure!(
			Grants::<T>::iter_keys().all(|(_, id)| id < NextGrantId::<T>::get()),
			"grant id not yet assigned"
		);
		// The grantee index lists every grant exactly once, under its patient and grantee.
		let mut indexed = 0usize;
		for (patient, grantee, ids) in GrantsTo::<T>::iter() {
			ensure!(!ids.is_empty(), "an empty grantee index entry is kept");
			for id in ids {
				indexed += 1;
				ensure!(
					Grants::<T>::get(&patient, id).is_some_and(|grant| grant.grantee == grantee),
					"a grantee index entry names no grant of that patient and grantee"
				);
			}
		}
		ensure!(indexed == Grants::<T>::iter_keys().count(), "a grant is not indexed once");

		ensure!(
			counts_agree(
				Requests::<T>::iter_keys().map(|(patient, _)| patient),
				RequestCount::<T>::iter(),
				T::MaxRequestsPerPatient::get()
			),
			"request counts differ from the requests, or exceed the bound"
		);
		for (patient, id, request) in Requests::<T>::iter() {
			ensure!(id < NextRequestId::<T>::get(), "request id not yet assigned");
			let same_org = Requests::<T>::iter_prefix_values(&patient)
				.filter(|other| other.org == request.org)
				.count();
			ensure!(same_org == 1, "two requests of one organisation wait for a patient");
		}

		ensure!(
			counts_agree(
				BlockedRequesters::<T>::iter_keys().map(|(patient, _)| patient),
				BlockedCount::<T>::iter(),
				T::MaxBlockedPerPatient::get()
			),
			"block counts differ from the blocks, or exceed the bound"
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
