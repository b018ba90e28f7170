//! The checks calls start with: the chain's time, who is calling (a patient, staff), a
//! record still alive; and the consent history every change is written to.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The chain's time now, in milliseconds since the Unix epoch.
	pub fn now() -> Moment {
		medchain_primitives::now_millis::<T::Time>()
	}

	/// The patient account the signer signs for (itself, or the patient whose recovered key
	/// it is).
	pub(crate) fn ensure_patient(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		T::Membership::ensure_patient(origin, Error::<T>::NotPatient)
	}

	/// The signer and its standing as active staff, or [`Error::NotStaff`].
	pub(crate) fn ensure_staff(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, StaffMembership), DispatchError> {
		T::Membership::ensure_staff(origin, Error::<T>::NotStaff)
	}

	/// The record's subject, if it exists and was not erased.
	pub(crate) fn live_subject(record: RecordId) -> Result<RecordSubject<T::AccountId>, Error<T>> {
		ensure!(!T::Records::is_erased(record), Error::<T>::RecordErased);
		T::Records::subject(record).ok_or(Error::<T>::RecordNotFound)
	}

	/// Appends to `patient`'s consent history.
	pub(crate) fn log_consent(
		patient: &T::AccountId,
		change: ConsentChange,
		by: T::AccountId,
		at: Moment,
	) {
		let index = ConsentHistoryLength::<T>::get(patient);
		ConsentHistoryLength::<T>::insert(patient, index.saturating_add(1));
		ConsentHistory::<T>::insert(patient, index, ConsentEvent { change, by, at });
	}
}
