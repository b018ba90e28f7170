//! The pallet's invariants, checked by `try_state` and after every test.

use super::*;

impl<T: Config> Pallet<T> {
	/// The pallet's invariants: the indexes and envelope counts match the pointers, an
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
				RecordByHash::<T>::get(pointer.content_hash) == Some(id),
				"a record missing from the hash index"
			);
			ensure!(
				PatientRecords::<T>::contains_key(&pointer.patient, id),
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
		for (hash, id) in RecordByHash::<T>::iter() {
			ensure!(
				Records::<T>::get(id).is_some_and(|r| r.content_hash == hash),
				"a hash index entry without its record"
			);
		}
		for (patient, id) in PatientRecords::<T>::iter_keys() {
			ensure!(
				Records::<T>::get(id).is_some_and(|r| r.patient == patient),
				"a patient index entry without its record"
			);
		}
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
