//! Encryption keys and key envelopes: who may seal a record's content key to whom, and who
//! may remove an envelope.

use crate::*;
use alloc::collections::BTreeSet;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_encryption_key(
		who: T::AccountId,
		key: EncryptionKey,
	) -> DispatchResult {
		ensure!(
			T::Membership::active_staff(&who).is_some() || T::Membership::is_patient(&who),
			Error::<T>::NotRegistered
		);
		EncryptionKeys::<T>::insert(&who, key);
		Self::deposit_event(Event::EncryptionKeyRegistered { who });
		Ok(())
	}

	pub(crate) fn do_add_envelopes(
		who: T::AccountId,
		record: RecordId,
		envelopes: Envelopes<T>,
	) -> DispatchResult {
		let pointer = Self::live_record(record)?;
		ensure!(Self::may_read(&who, &pointer), Error::<T>::NotAuthorised);
		let count = Self::check_envelopes(Some(record), &who, &pointer, &envelopes)?;
		Self::insert_envelopes(record, envelopes, count);
		Ok(())
	}

	pub(crate) fn do_remove_envelope(
		who: T::AccountId,
		record: RecordId,
		reader: T::AccountId,
	) -> DispatchResult {
		let pointer = Self::live_record(record)?;
		ensure!(KeyEnvelopes::<T>::contains_key(record, &reader), Error::<T>::EnvelopeNotFound);
		ensure!(
			who == pointer.patient || !Self::may_read(&reader, &pointer),
			Error::<T>::ReaderStillAuthorised
		);
		KeyEnvelopes::<T>::remove(record, &reader);
		// No zero count is kept: a record without envelopes has no entry.
		EnvelopeCount::<T>::mutate_exists(record, |count| {
			*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
		});
		Self::deposit_event(Event::EnvelopeRemoved { record, reader });
		Ok(())
	}

	/// Checks envelopes that `sealer` gives for `record` (whose pointer is `pointer`; `None`:
	/// a record not yet stored, which has no envelopes), and returns how many the record will
	/// have; writes nothing. Only the patient, the record's author or the reader themself
	/// seals a reader's envelope; each reader has a key, may read the record, and has no
	/// envelope yet; the record stays within `MaxEnvelopesPerRecord`.
	pub(crate) fn check_envelopes(
		record: Option<RecordId>,
		sealer: &T::AccountId,
		pointer: &Record<T::AccountId>,
		envelopes: &Envelopes<T>,
	) -> Result<u32, DispatchError> {
		let count = record
			.map_or(0, EnvelopeCount::<T>::get)
			.checked_add(envelopes.len() as u32)
			.filter(|count| *count <= T::MaxEnvelopesPerRecord::get())
			.ok_or(Error::<T>::TooManyEnvelopes)?;
		let seals_any = sealer == &pointer.patient || sealer == &pointer.author;
		let mut readers = BTreeSet::new();
		for (reader, envelope) in envelopes {
			ensure!(seals_any || sealer == reader, Error::<T>::NotEnvelopeSealer);
			ensure!(!envelope.is_empty(), Error::<T>::EmptyEnvelope);
			ensure!(EncryptionKeys::<T>::contains_key(reader), Error::<T>::NoEncryptionKey);
			ensure!(Self::may_read(reader, pointer), Error::<T>::ReaderNotAuthorised);
			ensure!(
				readers.insert(reader)
					&& !record
						.is_some_and(|record| KeyEnvelopes::<T>::contains_key(record, reader)),
				Error::<T>::DuplicateReader
			);
		}
		Ok(count)
	}

	/// Stores checked envelopes, `count` in all for the record; emits `EnvelopesAdded`.
	pub(crate) fn insert_envelopes(record: RecordId, envelopes: Envelopes<T>, count: u32) {
		let mut readers = Vec::with_capacity(envelopes.len());
		for (reader, envelope) in envelopes {
			KeyEnvelopes::<T>::insert(record, &reader, envelope);
			readers.push(reader);
		}
		if count > 0 {
			EnvelopeCount::<T>::insert(record, count);
		}
		Self::deposit_event(Event::EnvelopesAdded { record, readers });
	}
}
