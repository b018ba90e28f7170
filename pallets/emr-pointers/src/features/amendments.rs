//! Amendments: who may supersede a version, and the retirement of a record's oldest version
//! that keeps `MaxVersions` a bound and never a lock.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_amend_record(
		author: T::AccountId,
		previous: RecordId,
		cid: Cid,
		content_hash: ContentHash,
		store: OrgId,
		envelopes: Envelopes<T>,
	) -> DispatchResult {
		let mut old = Self::live_record(previous)?;
		ensure!(old.status == RecordStatus::Current, Error::<T>::NotCurrent);
		ensure!(T::Membership::is_patient(&old.patient), Error::<T>::NotPatient);
		let author_org = Self::ensure_writer(&author, &old.patient, old.category)?;
		ensure!(Self::may_supersede(&author, author_org, &old), Error::<T>::NotAmender);
		let version = old.version.checked_add(1).ok_or(Error::<T>::TooManyVersions)?;
		let mut pointer = Record {
			patient: old.patient.clone(),
			author,
			author_org,
			category: old.category,
			cid: CidBytes::new(),
			content_hash,
			created_at: Self::now(),
			store,
			version,
			previous: Some(previous),
			status: RecordStatus::Current,
			page: 0,
		};
		let checked = Self::check_new_record(&mut pointer, &cid, &envelopes)?;
		// The chain holds at most `MaxVersions` versions: when it is full, the oldest goes.
		let chain = Self::versions(previous);
		let retiring =
			(chain.len() as u32 >= T::MaxVersions::get()).then(|| chain.into_iter().next());

		old.status = RecordStatus::Superseded { by: checked.id() };
		Records::<T>::insert(previous, old);
		if let Some((record, oldest)) = retiring.flatten() {
			Self::retire_version(record, oldest);
		}
		Self::insert_record(checked, pointer, envelopes);
		Ok(())
	}

	/// Whether `author` (of `author_org`, none for the patient), already allowed to write the
	/// record's category, may supersede `old`: the patient always; clinical staff only a
	/// version they wrote or one written in their organisation, so never the patient's own.
	fn may_supersede(
		author: &T::AccountId,
		author_org: Option<OrgId>,
		old: &Record<T::AccountId>,
	) -> bool {
		match author_org {
			None => true,
			Some(org) => author == &old.author || old.author_org == Some(org),
		}
	}

	/// Retires a record's oldest version: deletes its pointer, index entries and envelopes;
	/// emits `VersionRetired`.
	fn retire_version(record: RecordId, oldest: Record<T::AccountId>) {
		let envelopes_removed = Self::remove_version(record, &oldest);
		Self::deposit_event(Event::VersionRetired {
			record,
			patient: oldest.patient,
			content_hash: oldest.content_hash,
			envelopes_removed,
		});
	}
}
