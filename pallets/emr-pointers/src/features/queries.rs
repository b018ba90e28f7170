//! What the runtime API and other pallets ask: a record's versions, the tamper check, a
//! patient's records, and a record's subject for the consent pallet.

use crate::*;

impl<T: Config> Pallet<T> {
	/// A record version's pointer, if it was anchored.
	pub fn record(record: RecordId) -> Option<Record<T::AccountId>> {
		Records::<T>::get(record)
	}

	/// The version chain `record` belongs to, oldest first: the versions the chain still
	/// holds (at most `MaxVersions`; retired and erased ones are gone).
	pub fn versions(record: RecordId) -> Vec<(RecordId, Record<T::AccountId>)> {
		let Some(mut pointer) = Records::<T>::get(record) else {
			return Vec::new();
		};
		let max = T::MaxVersions::get();
		// Forward to the current version: a chain holds at most `MaxVersions` versions.
		let mut current = record;
		for _ in 1..max {
			let RecordStatus::Superseded { by } = pointer.status else { break };
			let Some(newer) = Records::<T>::get(by) else { break };
			(current, pointer) = (by, newer);
		}
		// Back to the oldest version still held.
		let mut previous = pointer.previous;
		let mut chain = alloc::vec![(current, pointer)];
		while (chain.len() as u32) < max {
			let Some(id) = previous else { break };
			let Some(older) = Records::<T>::get(id) else { break };
			previous = older.previous;
			chain.push((id, older));
		}
		chain.reverse();
		chain
	}

	/// Whether `content_hash` is the current version of `record`. An erased record's hash is
	/// no longer known: any hash asked with its id is answered `Erased`.
	pub fn verify_record(record: RecordId, content_hash: ContentHash) -> Verification {
		match RecordByHash::<T>::get(content_hash) {
			Some(found) if Self::chain_of(found).contains(&record) => Self::verification(found),
			_ if ErasedRecords::<T>::contains_key(record) => Verification::Erased { record },
			_ => Verification::Unknown,
		}
	}

	/// Whether `content_hash` is a version of any record of `patient`. Erased records leave
	/// no hash behind, so their copies are answered `Unknown` here.
	pub fn verify_for_patient(patient: &T::AccountId, content_hash: ContentHash) -> Verification {
		match RecordByHash::<T>::get(content_hash) {
			Some(found) if Records::<T>::get(found).is_some_and(|r| &r.patient == patient) => {
				Self::verification(found)
			},
			_ => Verification::Unknown,
		}
	}

	fn chain_of(record: RecordId) -> Vec<RecordId> {
		Self::versions(record).into_iter().map(|(id, _)| id).collect()
	}

	fn verification(record: RecordId) -> Verification {
		match Records::<T>::get(record).map(|r| r.status) {
			Some(RecordStatus::Current) => Verification::Current { record },
			Some(RecordStatus::Superseded { .. }) => Verification::Superseded {
				record,
				current: Self::chain_of(record).last().copied().unwrap_or(record),
			},
			None => Verification::Unknown,
		}
	}

	/// Up to `limit` current records of `patient` (of `category`, if given) that `viewer`
	/// may read, with ids after `start_after`, in id order. Erased records are never listed.
	pub fn records_of(
		viewer: &T::AccountId,
		patient: &T::AccountId,
		category: Option<RecordCategory>,
		start_after: Option<RecordId>,
		limit: u32,
	) -> Vec<(RecordId, Record<T::AccountId>)> {
		let mut ids: Vec<RecordId> = PatientRecords::<T>::iter_key_prefix(patient)
			.filter(|id| start_after.is_none_or(|after| *id > after))
			.collect();
		ids.sort();
		ids.into_iter()
			.filter_map(|id| Records::<T>::get(id).map(|r| (id, r)))
			.filter(|(_, r)| r.status == RecordStatus::Current)
			.filter(|(_, r)| category.is_none_or(|c| r.category == c))
			.filter(|(_, r)| viewer == patient || T::Consent::may_read(viewer, patient, r.category))
			.take(limit as usize)
			.collect()
	}
}

impl<T: Config> RecordLookup<T::AccountId> for Pallet<T> {
	/// The record's subject; none for an erased record (as for an unknown one).
	fn subject(record: RecordId) -> Option<RecordSubject<T::AccountId>> {
		Records::<T>::get(record).map(|r| RecordSubject {
			patient: r.patient,
			category: r.category,
			store: r.store,
		})
	}

	fn is_erased(record: RecordId) -> bool {
		ErasedRecords::<T>::contains_key(record)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(
		patient: &T::AccountId,
		category: RecordCategory,
		store: OrgId,
	) -> Option<RecordId> {
		let record = NextRecordId::<T>::get();
		let n = record.to_le_bytes();
		let mut content_hash = [0u8; 32];
		content_hash[..8].copy_from_slice(&n);
		let cid =
			Cid::try_from(medchain_primitives::raw_cid_v1(&content_hash).into_bytes()).ok()?;
		Self::do_add_record(
			patient.clone(),
			patient.clone(),
			category,
			cid,
			content_hash,
			store,
			Default::default(),
		)
		.ok()?;
		Some(record)
	}
}
