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
		let mut pointer = Record {
			patient,
			author,
			author_org,
			category,
			cid: CidBytes::new(),
			content_hash,
			created_at: Self::now(),
			store,
			version: 1,
			previous: None,
			status: RecordStatus::Current,
			page: 0,
		};
		let checked = Self::check_new_record(&mut pointer, &cid, &envelopes)?;
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

	/// Checks what a new pointer brings (its store, CID and envelopes), and which id and
	/// index page it gets; sets the pointer's CID (in binary form) and page. Writes nothing.
	pub(crate) fn check_new_record(
		pointer: &mut Record<T::AccountId>,
		cid: &Cid,
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
		pointer.cid = cid_bytes(cid).ok_or(Error::<T>::InvalidCid)?;
		let record = NextRecordId::<T>::get();
		let next = record.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		// New ids go to the patient's last page, or to a new one when it is full.
		let last = PatientPages::<T>::get(&pointer.patient);
		let full = PatientRecords::<T>::decode_len(&pointer.patient, last)
			.is_some_and(|len| len as u32 >= RECORDS_PER_PAGE);
		pointer.page =
			if full { last.checked_add(1).ok_or(Error::<T>::IdsExhausted)? } else { last };
		// The author seals the envelopes they give, to a record that has none yet.
		let envelopes = Self::check_envelopes(None, &pointer.author, pointer, envelopes)?;
		Ok(NewRecord { record, next, new_page: full, envelopes })
	}

	/// Stores a checked pointer with its index entries and envelopes; emits `RecordAnchored`
	/// (and `EnvelopesAdded`).
	pub(crate) fn insert_record(
		checked: NewRecord,
		pointer: Record<T::AccountId>,
		envelopes: Envelopes<T>,
	) {
		let NewRecord { record, next, new_page, envelopes: count } = checked;
		NextRecordId::<T>::put(next);
		Records::<T>::insert(record, &pointer);
		if new_page {
			PatientPages::<T>::insert(&pointer.patient, pointer.page);
		}
		// `check_new_record` chose a page with room, so the append cannot fail.
		let _ = PatientRecords::<T>::try_append(&pointer.patient, pointer.page, record);
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
		PatientRecords::<T>::mutate_exists(&pointer.patient, pointer.page, |page| {
			if let Some(ids) = page {
				ids.retain(|id| *id != record);
				if ids.is_empty() {
					*page = None;
				}
			}
		});
		// The count is exact (kept with every insert and removal), and bounds the clear.
		let removed = EnvelopeCount::<T>::take(record);
		let _ = KeyEnvelopes::<T>::clear_prefix(record, T::MaxEnvelopesPerRecord::get(), None);
		removed
	}
}

/// A new record that passed every check: its id, the id after it, whether it opens a new page
/// of the patient's index, and how many envelopes it will have.
pub(crate) struct NewRecord {
	record: RecordId,
	next: RecordId,
	new_page: bool,
	envelopes: u32,
}

impl NewRecord {
	/// The id the record gets.
	pub(crate) fn id(&self) -> RecordId {
		self.record
	}
}
