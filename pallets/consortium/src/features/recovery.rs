//! Patient key recovery: a patient who lost their key, or whose key was stolen, goes on under
//! a new one. Nothing moves: grants, records and histories stay under the patient's account,
//! the new key acts as that account ([`Pallet::acting_as`]) and the key it replaces acts as
//! no one. No single insider can take a patient over: the hospital's admin only attests a new
//! key, which waits `KeyRecoveryDelay` blocks while the patient's current key can cancel it;
//! a thief who cancels every recovery is overruled by governance.

use crate::*;
use sp_runtime::Saturating;

impl<T: Config> Pallet<T> {
	/// The account `signer` acts as. A recovered patient key acts as its patient's account;
	/// a patient account whose key was replaced acts as no one (`None`); every other account
	/// acts as itself. Every pallet asks this of a signer before it looks the signer up.
	pub fn acting_as(signer: &T::AccountId) -> Option<T::AccountId> {
		if let Some(patient) = PatientKeys::<T>::get(signer) {
			return Some(patient);
		}
		(!PatientKeyOf::<T>::contains_key(signer)).then(|| signer.clone())
	}

	/// The registered patient `signer` signs for, if any: the patient account itself, or its
	/// recovered key.
	pub fn acting_patient(signer: &T::AccountId) -> Option<T::AccountId> {
		Self::acting_as(signer).filter(Self::is_patient)
	}

	pub(crate) fn do_start_key_recovery(
		caller: &T::AccountId,
		patient: T::AccountId,
		new_key: T::AccountId,
	) -> DispatchResult {
		let record = Patients::<T>::get(&patient).ok_or(Error::<T>::NotPatient)?;
		let admin = Self::ensure_admin(caller)?;
		ensure!(admin.org == record.registered_by, Error::<T>::RegisteredElsewhere);
		ensure!(!KeyRecoveries::<T>::contains_key(&patient), Error::<T>::KeyRecoveryUnderWay);
		Self::ensure_unregistered(&new_key)?;
		let ready_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::KeyRecoveryDelay::get());
		KeyRecoveries::<T>::insert(
			&patient,
			KeyRecovery {
				new_key: new_key.clone(),
				hospital: admin.org,
				attested_by: caller.clone(),
				ready_at,
			},
		);
		Self::deposit_event(Event::KeyRecoveryStarted {
			patient,
			new_key,
			hospital: admin.org,
			ready_at,
		});
		Ok(())
	}

	/// Cancels `patient`'s recovery; `by` is the signer, `None` for governance.
	pub(crate) fn do_cancel_key_recovery(
		by: Option<&T::AccountId>,
		patient: T::AccountId,
	) -> DispatchResult {
		let recovery = KeyRecoveries::<T>::get(&patient).ok_or(Error::<T>::NoKeyRecovery)?;
		if let Some(caller) = by {
			// The patient's key, else an admin of the attesting hospital (read only if needed).
			ensure!(
				Self::acting_as(caller).as_ref() == Some(&patient)
					|| Self::ensure_admin(caller).is_ok_and(|admin| admin.org == recovery.hospital),
				Error::<T>::NotRecoveryParty
			);
		}
		KeyRecoveries::<T>::remove(&patient);
		Self::deposit_event(Event::KeyRecoveryCancelled { patient });
		Ok(())
	}

	pub(crate) fn do_complete_key_recovery(patient: T::AccountId) -> DispatchResult {
		let recovery = KeyRecoveries::<T>::get(&patient).ok_or(Error::<T>::NoKeyRecovery)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() >= recovery.ready_at,
			Error::<T>::KeyRecoveryNotReady
		);
		Self::replace_key(patient, recovery.new_key)
	}

	pub(crate) fn do_force_key_recovery(
		patient: T::AccountId,
		new_key: T::AccountId,
	) -> DispatchResult {
		ensure!(Self::is_patient(&patient), Error::<T>::NotPatient);
		Self::replace_key(patient, new_key)
	}

	/// Makes `new_key` sign for `patient`, retires the key it replaces and ends any recovery
	/// under way; emits `PatientKeyReplaced`.
	fn replace_key(patient: T::AccountId, new_key: T::AccountId) -> DispatchResult {
		// Checked again on completion: the key may have been registered during the delay.
		Self::ensure_unregistered(&new_key)?;
		let old_key = PatientKeyOf::<T>::get(&patient).unwrap_or_else(|| patient.clone());
		PatientKeys::<T>::remove(&old_key);
		PatientKeys::<T>::insert(&new_key, &patient);
		PatientKeyOf::<T>::insert(&patient, &new_key);
		KeyRecoveries::<T>::remove(&patient);
		Self::keep_alive(&new_key);
		Self::deposit_event(Event::PatientKeyReplaced { patient, old_key, new_key });
		Ok(())
	}

	/// Forgets `patient`'s recovered key and any recovery under way (on deregistration).
	pub(crate) fn forget_keys(patient: &T::AccountId) {
		if let Some(key) = PatientKeyOf::<T>::take(patient) {
			PatientKeys::<T>::remove(key);
		}
		KeyRecoveries::<T>::remove(patient);
	}
}
