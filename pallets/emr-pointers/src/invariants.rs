//! The pallet's invariants, checked by `try_state` and after every test.

use super::*;

impl<T: Config> Pallet<T> {
	/// The pallet's invariants: the patient index and envelope counts match the pointers, an
	/// erased record left nothing but its receipt, and version chains are linked both ways
	/// and hold at most `MaxVersions` versions.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;

		let next = NextRecordId::<T>::get();
		let max_versions = T::MaxVersions::get();
		for (id, pointer) in Records::<T>::iter() {
			ensure!(id < next, "a record id not yet assigned");
			ensure!(!ErasedRecords::<T>::contains_key(id), "an erased record kept its pointer");
			ensure!(
				PatientRecords::<T>::get(&pointer.patient, pointer.page).contains(&id),
				"a record missing from its patient's index"
			);
			if let RecordStatus::Superseded { by } = pointer.status {
				ensure!(
					Records::<T>::get(by).is_some_and(|newer| {
						newer.previous == Some(id)
							&& newer.version == pointer.version.saturating_add(1)
					}),
					"a version superseded by a record that does not follow it"
				);
			}
			if let Some(older) = pointer.previous.and_then(Records::<T>::get) {
				ensure!(
					older.status == RecordStatus::Superseded { by: id },
					"a version's predecessor is not superseded by it"
				);
			}
			if pointer.status == RecordStatus::Current {
				let mut held = 1u32;
				let mut cursor = pointer.previous;
				while let Some(older) = cursor.and_then(Records::<T>::get) {
					held = held.saturating_add(1);
					ensure!(held <= max_versions, "a record holds more than MaxVersions versions");
					cursor = older.previous;
				}
			}
		}
		// Each patient's pages list each of the patient's records once, on the page its
		// pointer names, in ascending order from page to page, none past the last page.
		let mut listed = BTreeMap::<T::AccountId, BTreeMap<u32, RecordPage>>::new();
		for (patient, page, ids) in PatientRecords::<T>::iter() {
			ensure!(!ids.is_empty(), "an empty index page is stored");
			ensure!(page <= PatientPages::<T>::get(&patient), "an index page past the last");
			for id in &ids {
				ensure!(
					Records::<T>::get(id).is_some_and(|r| r.patient == patient && r.page == page),
					"a patient index entry without its record"
				);
			}
			listed.entry(patient).or_default().insert(page, ids);
		}
		// With every record on its page (above), ascending order lists each exactly once.
		for pages in listed.values() {
			let ids: Vec<RecordId> = pages.values().flatten().copied().collect();
			ensure!(ids.windows(2).all(|w| w[0] < w[1]), "a patient's index is out of order");
		}
		ensure!(PatientPages::<T>::iter_values().all(|last| last > 0), "a last page 0 is stored");
		let mut counted = BTreeMap::<RecordId, u32>::new();
		for (id, _) in KeyEnvelopes::<T>::iter_keys() {
			ensure!(Records::<T>::contains_key(id), "an envelope of a record the chain lacks");
			let count = counted.entry(id).or_default();
			*count = count.saturating_add(1);
		}
		let stored: BTreeMap<RecordId, u32> = EnvelopeCount::<T>::iter().collect();
		ensure!(stored.values().all(|count| *count > 0), "a zero envelope count is stored");
		ensure!(
			stored.values().all(|count| *count <= T::MaxEnvelopesPerRecord::get()),
			"a record with more than MaxEnvelopesPerRecord envelopes"
		);
		ensure!(stored == counted, "envelope counts do not match the envelopes");
		for id in ErasedRecords::<T>::iter_keys() {
			ensure!(id < next, "an erasure receipt for a record id not yet assigned");
		}
		Ok(())
	}
}
