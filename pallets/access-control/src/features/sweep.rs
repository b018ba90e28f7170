//! The idle-time sweep: grants whose period has ended are deleted, so that they stop
//! counting against `MaxGrantsPerPatient`. Access never depends on it.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Deletes expired grants, resuming where the last sweep stopped, within `limit`;
	/// returns the weight used.
	pub fn sweep_expired_grants(limit: Weight) -> Weight {
		let (base, per_grant) = Self::sweep_costs();
		let mut used = base;
		if !limit.all_gte(used.saturating_add(per_grant)) {
			return Weight::zero();
		}
		let now = Self::now();
		let mut grants = match ExpirySweepCursor::<T>::get() {
			Some(key) => Grants::<T>::iter_from(key.into_inner()),
			None => Grants::<T>::iter(),
		};
		let mut cursor = None;
		while limit.all_gte(used.saturating_add(per_grant)) {
			let Some((patient, grant, terms)) = grants.next() else {
				// A full pass: the next sweep starts from the beginning.
				cursor = None;
				break;
			};
			used = used.saturating_add(per_grant);
			cursor = Some(Grants::<T>::hashed_key_for(&patient, grant));
			if terms.valid_until.is_some_and(|until| until <= now) {
				Self::remove_grant(&patient, grant, &terms.grantee);
				Self::deposit_event(Event::ExpiredGrantRemoved { patient, grant });
			}
		}
		match cursor.and_then(|key| BoundedVec::try_from(key).ok()) {
			Some(key) => ExpirySweepCursor::<T>::put(key),
			None => ExpirySweepCursor::<T>::kill(),
		}
		used
	}

	/// What a sweep of expired grants costs: its base, and each grant it looks at (the
	/// benchmark's intercept and slope).
	pub fn sweep_costs() -> (Weight, Weight) {
		let base = T::WeightInfo::sweep_expired_grants(0);
		(base, T::WeightInfo::sweep_expired_grants(1).saturating_sub(base))
	}
}
