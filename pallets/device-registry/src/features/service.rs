//! What the custodian reports and keeps of a device: its condition, usage, operators and
//! service log, with every opening of the log audited.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_report_condition(
		staff: StaffMembership,
		id: DeviceId,
		condition: Condition,
		location: Option<LocationCode>,
	) -> DispatchResult {
		Self::ensure_location(&location)?;
		let mut device = Self::device(id)?;
		ensure!(device.lifecycle != Lifecycle::InTransit, Error::<T>::InTransit);
		ensure!(staff.acts_for(device.custodian, &SERVICE_ROLES), Error::<T>::NotAuthorised);
		device.condition = condition;
		if location.is_some() {
			device.location = location;
		}
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::ConditionReported { device: id, condition });
		Ok(())
	}

	pub(crate) fn do_report_usage(
		staff: StaffMembership,
		id: DeviceId,
		working_hours: u32,
		operating_cycles: u32,
	) -> DispatchResult {
		let mut device = Self::device(id)?;
		ensure!(device.lifecycle != Lifecycle::InTransit, Error::<T>::InTransit);
		ensure!(
			staff.acts_for(
				device.custodian,
				&[StaffRole::DeviceOperator, StaffRole::FieldServiceEngineer]
			),
			Error::<T>::NotAuthorised
		);
		ensure!(
			working_hours >= device.working_hours && operating_cycles >= device.operating_cycles,
			Error::<T>::CounterDecreased
		);
		device.working_hours = working_hours;
		device.operating_cycles = operating_cycles;
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::UsageReported { device: id, working_hours, operating_cycles });
		Ok(())
	}

	pub(crate) fn do_assign_operators(
		staff: StaffMembership,
		id: DeviceId,
		operators: BoundedVec<T::AccountId, T::MaxOperators>,
	) -> DispatchResult {
		let device = Self::device(id)?;
		ensure!(device.lifecycle != Lifecycle::InTransit, Error::<T>::InTransit);
		ensure!(staff.acts_for(device.custodian, &[StaffRole::Admin]), Error::<T>::NotAuthorised);
		for (i, operator) in operators.iter().enumerate() {
			ensure!(
				T::Membership::has_role(operator, device.custodian, StaffRole::DeviceOperator),
				Error::<T>::NotAnOperator
			);
			ensure!(!operators[..i].contains(operator), Error::<T>::DuplicateOperator);
		}
		let count = operators.len() as u32;
		Operators::<T>::insert(id, operators);
		Self::deposit_event(Event::OperatorsAssigned { device: id, count });
		Ok(())
	}

	/// Whether `staff` may append to and open `device`'s service log: the manufacturer's
	/// service staff, and the custodian's unless the custodian is a carrier on the way (a
	/// device on its way, recalled there or not, has a recipient).
	pub(crate) fn services(staff: &StaffMembership, device: &Device) -> bool {
		(device.recipient.is_none() && staff.acts_for(device.custodian, &SERVICE_ROLES))
			|| staff.acts_for(device.manufacturer, &SERVICE_ROLES)
	}

	pub(crate) fn do_append_log(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		kind: LogKind,
		cid: Cid,
		hash: DocumentHash,
	) -> DispatchResult {
		let device = Self::device(id)?;
		ensure!(Self::services(&staff, &device), Error::<T>::NotAuthorised);
		ensure!(is_cid_v1(&cid), Error::<T>::InvalidCid);
		let entry = ServiceLogLength::<T>::get(id);
		ServiceLogLength::<T>::insert(id, entry.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		ServiceLog::<T>::insert(
			id,
			entry,
			LogEntry { kind, cid, hash, author: who, org: staff.org, at: Self::now() },
		);
		Self::deposit_event(Event::LogAppended { device: id, entry, kind });
		Ok(())
	}

	pub(crate) fn do_open_log(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		entry: u32,
	) -> DispatchResult {
		let device = Self::device(id)?;
		ensure!(Self::services(&staff, &device), Error::<T>::NotAuthorised);
		ensure!(ServiceLog::<T>::contains_key(id, entry), Error::<T>::LogEntryNotFound);
		Self::note_opening(who, id, entry)
	}

	/// Adds `who`'s opening of `entry` to `device`'s log audit.
	fn note_opening(who: T::AccountId, id: DeviceId, entry: u32) -> DispatchResult {
		let index = LogAccessCount::<T>::get(id);
		LogAccessCount::<T>::insert(id, index.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		LogAccesses::<T>::insert(id, index, (who.clone(), entry, Self::now()));
		Self::deposit_event(Event::LogOpened { device: id, entry, reader: who });
		Ok(())
	}

	/// The message a reader signs for `request` (`medchain_primitives::records::request_message`).
	pub fn log_request_message(request: &LogReadRequest<BlockNumberFor<T>>) -> alloc::vec::Vec<u8> {
		medchain_primitives::records::request_message::<T>(LOG_REQUEST_CONTEXT, request)
	}

	pub(crate) fn do_open_log_for(
		store: StaffMembership,
		reader: T::AccountId,
		request: LogReadRequest<BlockNumberFor<T>>,
		signature: SignatureOf<T>,
	) -> DispatchResult {
		ensure!(store.has_role(StaffRole::RecordStore), Error::<T>::NotStoreOperator);
		ensure!(store.org == request.store, Error::<T>::NotStoreOperator);
		let device = Self::device(request.device)?;
		let entry = ServiceLog::<T>::get(request.device, request.entry)
			.ok_or(Error::<T>::LogEntryNotFound)?;
		ensure!(entry.org == request.store, Error::<T>::WrongStore);
		let message = Self::log_request_message(&request);
		T::Requests::spend(&reader, &message, request.nonce, request.valid_until, &signature)
			.map_err(|refusal| match refusal {
				RequestRefusal::Expired => Error::<T>::LogRequestExpired,
				RequestRefusal::TooFarAhead => Error::<T>::LogRequestTooFarAhead,
				RequestRefusal::Stale => Error::<T>::StaleLogRequest,
				RequestRefusal::BadSignature => Error::<T>::BadSignature,
			})?;
		let staff = T::Membership::active_staff(&reader).ok_or(Error::<T>::NotAuthorised)?;
		ensure!(Self::services(&staff, &device), Error::<T>::NotAuthorised);
		Self::note_opening(reader, request.device, request.entry)
	}
}
