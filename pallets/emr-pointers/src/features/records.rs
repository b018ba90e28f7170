//! Anchoring: who may write a patient's records, the checks every new pointer passes before
//! anything is written, and how a pointer is stored and removed with its index entries.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The account the origin's signer acts as: a recovered patient key signs as its
	/// patient; a key a recovery replaced is no one ([`Error::NotRegistered`]).
	pub(crate) fn signer(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let signer = ensure_signed(origin)?;
		Ok(T::Membership::acting_as(&signer).ok_or(Error::<T>::NotRegistered)?)
	}

	/// The chain's time now, in milliseconds since the Unix epoch.
	pub(crate) fn now() -> Moment {
		medchain_primitives::now_millis::<T::Time>()
	}

	/// The record, if it exists and was not erased.
	pub(crate) fn live_record(record: RecordId) -> Result<Record<T::AccountId>, Error<T>> {
		match Records::<T>::get(record) {
			Some(pointer) => Ok(pointer),
			None if ErasedRecords::<T>::contains_key(record) => Err(Error::<T>::RecordErased),
			None => Err(Error::<T>::RecordNotFound),
		}
	}

	/// Whether `who` may read `pointer`'s record: its patient, or whom the consent lets.
	pub(crate) fn may_read(who: &T::AccountId, pointer: &Record<T::AccountId>) -> bool {
		who == &pointer.patient || T::Consent::may_read(who, &pointer.patient, pointer.category)
	}

	pub(crate) fn do_add_record(
		author: T::AccountId,
		patient: T::AccountId,
		category: RecordCategory,
		cid: Cid,
		content_hash: ContentHash,
		store: OrgId,
		envelopes: Envelopes<T>,
	) -> DispatchResult {
		ensure!(T::Membership::is_patient(&patient), Error::<T>::NotPatient);
		let author_org = Self::ensure_writer(&author, &patient, category)?;
		let pointer = Record {
			patient,
			author,
			author_org,
			category,
			cid,
			content_hash,
			created_at: Self::now(),
			store,
			version: 1,
			previous: None,
			status: RecordStatus::Current,
		};
		let checked = Self::check_new_record(&pointer, &envelopes)?;
		Self::insert_record(checked, pointer, envelopes);
		Ok(())
	}

	/// The organisation `author` writes `patient`'s records of `category` for: none when the
	/// patient writes, else that of active clinical staff the consent lets write.
	pub(crate) fn ensure_writer(
		author: &T::AccountId,
		patient: &T::AccountId,
		category: RecordCategory,
	) -> Result<Option<OrgId>, DispatchError> {
		if author == patient {
			return Ok(None);
		}
		let staff = T::Membership::active_staff(author)
			.filter(|m| m.is_clinical())
			.ok_or(Error::<T>::NotClinicalStaff)?;
		ensure!(T::Consent::may_write(author, patient, category), Error::<T>::NotAuthorised);
		Ok(Some(staff.org))
	}

	/// Checks what a new pointer brings (its store, CID, hash and envelopes) and which id it
	/// gets; writes nothing.
	pub(crate) fn check_new_record(
		pointer: &Record<T::AccountId>,
		envelopes: &Envelopes<T>,
	) -> Result<NewRecord, DispatchError> {
		ensure!(
			T::Membership::active_organisation(pointer.store).is_some(),
			Error::<T>::UnknownStore
		);
		// Staff anchor in their own organisation's store; the patient chooses any member's.
		ensure!(
			pointer.author_org.is_none_or(|org| org == pointer.store),
			Error::<T>::UnknownStore
		);
		ensure!(is_cid_v1(&pointer.cid), Error::<T>::InvalidCid);
		ensure!(
			!RecordByHash::<T>::contains_key(pointer.content_hash),
			Error::<T>::DuplicateContent
		);
		let record = NextRecordId::<T>::get();
		let next = record.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		// The author seals the envelopes they give, to a record that has none yet.
		let envelopes = Self::check_envelopes(None, &pointer.author, pointer, envelopes)?;
		Ok(NewRecord { record, next, envelopes })
	}

	/// Stores a checked pointer with its index entries and envelopes; emits `RecordAnchored`
	/// (and `EnvelopesAdded`).
	pub(crate) fn insert_record(
		checked: NewRecord,
		pointer: Record<T::AccountId>,
		envelopes: Envelopes<T>,
	) {
		let NewRecord { record, next, envelopes: count } = checked;
		NextRecordId::<T>::put(next);
		Records::<T>::insert(record, &pointer);
		PatientRecords::<T>::insert(&pointer.patient, record, ());
		RecordByHash::<T>::insert(pointer.content_hash, record);
		Self::deposit_event(Event::RecordAnchored {
			record,
			patient: pointer.patient,
			author: pointer.author,
			category: pointer.category,
			content_hash: pointer.content_hash,
			version: pointer.version,
			previous: pointer.previous,
		});
		if !envelopes.is_empty() {
			Self::insert_envelopes(record, envelopes, count);
		}
	}

	/// Deletes a version's pointer, its index entries and its envelopes (retirement and
	/// erasure); returns how many envelopes were deleted.
	pub(crate) fn remove_version(record: RecordId, pointer: &Record<T::AccountId>) -> u32 {
		Records::<T>::remove(record);
		RecordByHash::<T>::remove(pointer.content_hash);
		PatientRecords::<T>::remove(&pointer.patient, record);
		// The count is exact (kept with every insert and removal), and bounds the clear.
		let removed = EnvelopeCount::<T>::take(record);
		let _ = KeyEnvelopes::<T>::clear_prefix(record, T::MaxEnvelopesPerRecord::get(), None);
		removed
	}
}

/// A new record that passed every check: its id, the id after it, and how many envelopes it
/// will have.
pub(crate) struct NewRecord {
	record: RecordId,
	next: RecordId,
	envelopes: u32,
}

impl NewRecord {
	/// The id the record gets.
	pub(crate) fn id(&self) -> RecordId {
		self.record
	}
}
