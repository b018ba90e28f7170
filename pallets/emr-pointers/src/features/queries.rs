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

	/// Whether `content_hash` is the current version of `record`: looks through the versions
	/// of `record`'s chain the chain holds (at most `MaxVersions`). An erased record's hash is
	/// no longer known: any hash asked with its id is answered `Erased`.
	pub fn verify_record(record: RecordId, content_hash: ContentHash) -> Verification {
		let chain = Self::versions(record);
		match chain.iter().position(|(_, version)| version.content_hash == content_hash) {
			Some(found) => Self::verification_in(&chain, found),
			None if ErasedRecords::<T>::contains_key(record) => Verification::Erased { record },
			None => Verification::Unknown,
		}
	}

	/// Whether `content_hash` is a version of any record of `patient`. Reads the patient's
	/// records (there is no index by hash: it would cost every record 72 bytes and a write).
	/// Erased records leave no hash behind, so their copies are answered `Unknown` here.
	pub fn verify_for_patient(patient: &T::AccountId, content_hash: ContentHash) -> Verification {
		let found = PatientRecords::<T>::iter_prefix_values(patient)
			.flatten()
			.find(|id| Records::<T>::get(id).is_some_and(|r| r.content_hash == content_hash));
		let Some(record) = found else { return Verification::Unknown };
		let chain = Self::versions(record);
		match chain.iter().position(|(id, _)| *id == record) {
			Some(at) => Self::verification_in(&chain, at),
			None => Verification::Unknown,
		}
	}

	/// What the tamper check answers for the version at `found` of `chain` (oldest first).
	fn verification_in(chain: &[(RecordId, Record<T::AccountId>)], found: usize) -> Verification {
		let Some((record, version)) = chain.get(found) else { return Verification::Unknown };
		match version.status {
			RecordStatus::Current => Verification::Current { record: *record },
			RecordStatus::Superseded { .. } => Verification::Superseded {
				record: *record,
				current: chain.last().map_or(*record, |(id, _)| *id),
			},
		}
	}

	/// Up to `limit` current records of `patient` (of `category`, if given) that `viewer`
	/// may read, with ids after `start_after`, in id order. Erased records are never listed.
	/// Reads the index pages from the one that lists `start_after` (or the first) and the
	/// records on them until the page is full, and asks the consent once per category.
	pub fn records_of(
		viewer: &T::AccountId,
		patient: &T::AccountId,
		category: Option<RecordCategory>,
		start_after: Option<RecordId>,
		limit: u32,
	) -> Vec<(RecordId, Record<T::AccountId>)> {
		let mut decided = alloc::collections::BTreeMap::<RecordCategory, bool>::new();
		// A record being listed names its page; a cursor erased since starts from page 0.
		let first_page = start_after.and_then(Records::<T>::get).map_or(0, |r| r.page);
		let last_page = PatientPages::<T>::get(patient);
		let mut page = Vec::new();
		for number in first_page..=last_page {
			for id in PatientRecords::<T>::get(patient, number) {
				if page.len() as u32 >= limit {
					return page;
				}
				if start_after.is_some_and(|after| id <= after) {
					continue;
				}
				let Some(pointer) = Records::<T>::get(id) else { continue };
				if pointer.status == RecordStatus::Current
					&& category.is_none_or(|c| pointer.category == c)
					&& *decided
						.entry(pointer.category)
						.or_insert_with(|| Self::may_read(viewer, &pointer))
				{
					page.push((id, pointer));
				}
			}
		}
		page
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
