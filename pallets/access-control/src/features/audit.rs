//! The audit trail: every opening of a record, submitted by the reader or, with the reader's
//! signature over the request, by the record store that served it.

use crate::*;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// The message a reader signs for `request` (`medchain_primitives::records::request_message`).
	pub fn read_request_message(request: &ReadRequest<BlockNumberFor<T>>) -> Vec<u8> {
		medchain_primitives::records::request_message::<T>(READ_REQUEST_CONTEXT, request)
	}

	pub(crate) fn do_record_access_for(
		store_operator: T::AccountId,
		staff: StaffMembership,
		reader: T::AccountId,
		request: ReadRequest<BlockNumberFor<T>>,
		signature: T::Signature,
	) -> DispatchResult {
		ensure!(staff.has_role(StaffRole::RecordStore), Error::<T>::NotStoreOperator);
		let subject = Self::live_subject(request.record)?;
		ensure!(request.store == subject.store, Error::<T>::WrongStore);
		ensure!(staff.org == subject.store, Error::<T>::NotStoreOperator);
		let message = Self::read_request_message(&request);
		Self::spend(&reader, &message, request.nonce, request.valid_until, &signature).map_err(
			|refusal| match refusal {
				RequestRefusal::Expired => Error::<T>::ReadRequestExpired,
				RequestRefusal::TooFarAhead => Error::<T>::ReadRequestTooFarAhead,
				RequestRefusal::Stale => Error::<T>::StaleReadRequest,
				RequestRefusal::BadSignature => Error::<T>::BadSignature,
			},
		)?;
		Self::do_record_access(reader.clone(), request.record, subject, store_operator)
	}

	pub(crate) fn do_record_access(
		reader: T::AccountId,
		record: RecordId,
		subject: RecordSubject<T::AccountId>,
		reported_by: T::AccountId,
	) -> DispatchResult {
		// The entry names the key that asked; its access is that of the account it acts as.
		let acting = T::Membership::acting_as(&reader).ok_or(Error::<T>::NotAuthorised)?;
		let basis = Self::access_basis(&acting, &subject.patient, subject.category, false)
			.ok_or(Error::<T>::NotAuthorised)?;
		let patient = subject.patient;
		let index = AuditLength::<T>::get(&patient);
		AuditLength::<T>::insert(&patient, index.saturating_add(1));
		AuditTrail::<T>::insert(
			&patient,
			index,
			AuditEntry {
				reader: reader.clone(),
				org: T::Membership::organisation_of(&reader),
				record,
				basis,
				at: Self::now(),
				reported_by: reported_by.clone(),
			},
		);
		Self::deposit_event(Event::RecordAccessed {
			patient,
			record,
			reader,
			basis,
			index,
			reported_by,
		});
		Ok(())
	}
}

impl<T: Config> SignedRequests<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	type Signature = T::Signature;

	fn spend(
		signer: &T::AccountId,
		message: &[u8],
		nonce: u64,
		valid_until: BlockNumberFor<T>,
		signature: &T::Signature,
	) -> Result<(), RequestRefusal> {
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(valid_until >= now, RequestRefusal::Expired);
		ensure!(valid_until <= Self::latest_valid_until(), RequestRefusal::TooFarAhead);
		ensure!(nonce > ReadNonces::<T>::get(signer), RequestRefusal::Stale);
		// Raw, or wrapped as a browser extension signs bytes.
		ensure!(
			signature.verify(message, signer)
				|| signature.verify(&medchain_primitives::wrapped_bytes(message)[..], signer),
			RequestRefusal::BadSignature
		);
		ReadNonces::<T>::insert(signer, nonce);
		Ok(())
	}

	fn latest_valid_until() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number().saturating_add(T::MaxReadRequestAge::get())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn sign_for_benchmarks(message: &[u8]) -> (T::AccountId, T::Signature) {
		T::BenchmarkHelper::sign(&medchain_primitives::wrapped_bytes(message))
	}
}
