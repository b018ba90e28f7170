//! Recalls of lots and models: issued, confirmed or dismissed, put in force as one entry
//! the registry reads every device in scope against.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The recall in force on a device's lot or model, if any.
	pub fn recall_of(device: DeviceId) -> Option<RecallId> {
		let udi = pallet_device_registry::Devices::<T>::get(device)?.udi;
		let (model, lot) = Registry::<T>::recall_keys(&udi);
		Self::recall_in_force(&model, lot.as_ref())
	}

	/// The recall in force on the lot with key `lot_key` (first) or the model with key
	/// `model_key`, if any.
	fn recall_in_force(model_key: &[u8; 32], lot_key: Option<&[u8; 32]>) -> Option<RecallId> {
		lot_key.and_then(RecalledLots::<T>::get).or_else(|| RecalledModels::<T>::get(model_key))
	}

	/// The devices in a recall's scope, after `start_after`, in storage order.
	pub(crate) fn devices_in_scope(
		scope: &RecallScope,
		start_after: Option<DeviceId>,
	) -> alloc::boxed::Box<dyn Iterator<Item = DeviceId>> {
		match scope {
			RecallScope::Lot { di, lot } => {
				let key = Registry::<T>::lot_key(di, lot);
				match start_after {
					Some(after) => alloc::boxed::Box::new(DevicesOfLot::<T>::iter_key_prefix_from(
						key,
						DevicesOfLot::<T>::hashed_key_for(key, after),
					)),
					None => alloc::boxed::Box::new(DevicesOfLot::<T>::iter_key_prefix(key)),
				}
			},
			RecallScope::Model { di } => {
				let key = Registry::<T>::model_key(di);
				match start_after {
					Some(after) => {
						alloc::boxed::Box::new(DevicesOfModel::<T>::iter_key_prefix_from(
							key,
							DevicesOfModel::<T>::hashed_key_for(key, after),
						))
					},
					None => alloc::boxed::Box::new(DevicesOfModel::<T>::iter_key_prefix(key)),
				}
			},
		}
	}

	/// Puts a recall in force: the registry reads its devices as recalled from now on.
	pub(crate) fn enforce(id: RecallId, scope: &RecallScope) -> DispatchResult {
		match scope {
			RecallScope::Lot { di, lot } => {
				let key = Registry::<T>::lot_key(di, lot);
				ensure!(!RecalledLots::<T>::contains_key(key), Error::<T>::AlreadyRecalled);
				RecalledLots::<T>::insert(key, id);
			},
			RecallScope::Model { di } => {
				let key = Registry::<T>::model_key(di);
				ensure!(!RecalledModels::<T>::contains_key(key), Error::<T>::AlreadyRecalled);
				RecalledModels::<T>::insert(key, id);
			},
		}
		Ok(())
	}

	pub(crate) fn do_issue_recall(
		who: T::AccountId,
		staff: StaffMembership,
		scope: RecallScope,
		reason: ReasonCode,
		event: Option<AdverseEventId>,
	) -> DispatchResult {
		let first = Self::devices_in_scope(&scope, None).next();
		let status = if Self::is_officer(&staff) {
			RecallStatus::Confirmed
		} else {
			let maker = first.and_then(pallet_device_registry::Devices::<T>::get);
			ensure!(
				maker.is_some_and(|device| Registry::<T>::acts_for(
					&staff,
					device.manufacturer,
					&SERVICE_ROLES
				)),
				Error::<T>::NotAuthorised
			);
			RecallStatus::Pending
		};
		ensure!(first.is_some(), Error::<T>::NothingToRecall);
		ensure!(!reason.is_empty(), Error::<T>::EmptyCode);
		if let Some(event) = event {
			ensure!(AdverseEvents::<T>::contains_key(event), Error::<T>::AdverseEventNotFound);
		}
		let id = Self::next_id::<NextRecallId<T>>()?;
		if status == RecallStatus::Confirmed {
			Self::enforce(id, &scope)?;
		}
		Recalls::<T>::insert(
			id,
			Recall {
				scope: scope.clone(),
				reason,
				event,
				issued_by: who,
				issuer_org: staff.org,
				issued_at: Self::now(),
				status,
				decided: None,
			},
		);
		Self::deposit_event(Event::RecallIssued { recall: id, scope, status });
		Ok(())
	}

	pub(crate) fn do_decide_recall(
		who: T::AccountId,
		staff: StaffMembership,
		id: RecallId,
		dismissal: Option<ReasonCode>,
	) -> DispatchResult {
		ensure!(Self::is_officer(&staff), Error::<T>::NotAuthorised);
		let mut recall = Recalls::<T>::get(id).ok_or(Error::<T>::RecallNotFound)?;
		ensure!(recall.status == RecallStatus::Pending, Error::<T>::RecallNotPending);
		recall.decided = Some((who, Self::now()));
		match dismissal {
			None => {
				Self::enforce(id, &recall.scope)?;
				recall.status = RecallStatus::Confirmed;
				Recalls::<T>::insert(id, recall);
				Self::deposit_event(Event::RecallConfirmed { recall: id });
			},
			Some(reason) => {
				ensure!(!reason.is_empty(), Error::<T>::EmptyCode);
				recall.status = RecallStatus::Dismissed;
				Recalls::<T>::insert(id, recall);
				Self::deposit_event(Event::RecallDismissed { recall: id, reason });
			},
		}
		Ok(())
	}
}

/// The registry reads a device as recalled when a recall here is in force on its lot or
/// model.
impl<T: Config> LotRecalls for Pallet<T> {
	fn covers(model_key: &[u8; 32], lot_key: Option<&[u8; 32]>) -> bool {
		Self::recall_in_force(model_key, lot_key).is_some()
	}
}
