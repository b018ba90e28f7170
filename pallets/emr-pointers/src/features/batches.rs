//! Batched anchoring: an organisation's integration engine or record store anchors many of
//! its clinicians' records in one call, each checked as `add_record` checks one.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_add_records(
		importer: T::AccountId,
		records: BatchRecords<T>,
	) -> DispatchResult {
		let store = T::Membership::active_staff(&importer)
			.filter(|m| m.has_role(StaffRole::Integration) || m.has_role(StaffRole::RecordStore))
			.ok_or(Error::<T>::NotRecordImporter)?
			.org;
		ensure!(!records.is_empty(), Error::<T>::EmptyBatch);
		let first = NextRecordId::<T>::get();
		let count = records.len() as u32;
		for record in records {
			// Never a patient's own record: a system does not sign for the patient.
			ensure!(
				T::Membership::active_staff(&record.author).is_some_and(|m| m.org == store),
				Error::<T>::AuthorNotOfStore
			);
			// The call is transactional: an error here undoes the records before it.
			Self::do_add_record(
				record.author,
				record.patient,
				record.category,
				record.cid,
				record.content_hash,
				store,
				Default::default(),
			)?;
		}
		Self::deposit_event(Event::BatchAnchored { by: importer, store, first, count });
		Ok(())
	}
}
