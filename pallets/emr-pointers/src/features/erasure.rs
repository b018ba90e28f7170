//! Erasure (GDPR art. 17) by crypto-shredding: every version's pointer, index entries and
//! envelopes go; only a receipt with the erasure time stays.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_erase_record(who: T::AccountId, record: RecordId) -> DispatchResult {
		let target = Self::live_record(record)?;
		let chain = Self::versions(record);
		let is_admin_of = |org| {
			T::Membership::active_staff(&who)
				.is_some_and(|m| m.org == org && m.has_role(StaffRole::Admin))
		};
		// The patient erases any record; an organisation's admin only a record every version
		// of which its organisation stores or wrote.
		let allowed = who == target.patient
			|| chain.iter().all(|(_, version)| {
				is_admin_of(version.store) || version.author_org.is_some_and(is_admin_of)
			});
		ensure!(allowed, Error::<T>::NotAuthorised);

		let now = Self::now();
		for (id, version) in chain.into_iter().rev() {
			let envelopes_removed = Self::remove_version(id, &version);
			ErasedRecords::<T>::insert(id, now);
			Self::deposit_event(Event::RecordErased {
				record: id,
				patient: version.patient,
				content_hash: version.content_hash,
				envelopes_removed,
				erased_by: who.clone(),
				at: now,
			});
		}
		Ok(())
	}
}
