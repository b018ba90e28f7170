//! Recalls of lots and of a model's production: issued, approved by regulatory officers (a
//! model by two) or put in force by governance, dismissed before, withdrawn by governance
//! after; each in force as one entry per lot or model the registry reads every device in
//! scope against.

use crate::*;
use alloc::boxed::Box;

use medchain_primitives::devices::DeviceIds;

impl<T: Config> Pallet<T> {
	/// The recall in force on a device, if any.
	pub fn recall_of(device: DeviceId) -> Option<RecallId> {
		let device = T::Devices::registered_device(device)?;
		let (model, lot) = recall_keys(&device.udi);
		Self::recall_in_force(&model, lot.as_ref(), device.registered_at)
	}

	/// The recall in force on the lot with key `lot_key` (first) or on the production of the
	/// model with key `model_key` up to a time at or after `registered_at`, if any.
	fn recall_in_force(
		model_key: &[u8; 32],
		lot_key: Option<&[u8; 32]>,
		registered_at: Moment,
	) -> Option<RecallId> {
		lot_key.and_then(RecalledLots::<T>::get).or_else(|| {
			RecalledModels::<T>::get(model_key)
				.filter(|(_, until)| registered_at <= *until)
				.map(|(id, _)| id)
		})
	}

	/// The devices in a recall's scope, after `start_after`: each lot's in turn (each in
	/// storage order), or the model's registered by the recall's time.
	pub(crate) fn devices_in_scope(
		scope: &RecallScope,
		start_after: Option<DeviceId>,
	) -> DeviceIds {
		match scope {
			RecallScope::Lots { di, lots } => {
				let keys: Vec<[u8; 32]> = lots.iter().map(|lot| lot_key(di, lot)).collect();
				// Resume in the lot of the last device listed, after it.
				let first = match start_after {
					None => 0,
					Some(after) => {
						let lot_of = |d: Device| d.udi.lot.map(|lot| lot_key(&d.udi.di, &lot));
						let key = T::Devices::registered_device(after).and_then(lot_of);
						match key.and_then(|key| keys.iter().position(|k| *k == key)) {
							Some(index) => index,
							None => return Box::new(core::iter::empty()),
						}
					},
				};
				Box::new(keys.into_iter().enumerate().skip(first).flat_map(move |(index, key)| {
					T::Devices::devices_of_lot(key, start_after.filter(|_| index == first))
				}))
			},
			RecallScope::Model { di, until } => {
				let until = *until;
				Box::new(T::Devices::devices_of_model(model_key(di), start_after).filter(
					move |id| {
						T::Devices::registered_device(*id)
							.is_some_and(|device| device.registered_at <= until)
					},
				))
			},
		}
	}

	/// Checks a scope: lots listed once each, every one with a registered device; a model
	/// with a registered device, its time not in the future.
	fn check_scope(scope: &RecallScope) -> DispatchResult {
		match scope {
			RecallScope::Lots { di, lots } => {
				ensure!(!lots.is_empty(), Error::<T>::NothingToRecall);
				for (index, lot) in lots.iter().enumerate() {
					Self::ensure_lot(lot)?;
					ensure!(
						lots.iter().take(index).all(|earlier| earlier != lot),
						Error::<T>::DuplicateLot
					);
					let key = lot_key(di, lot);
					ensure!(
						T::Devices::devices_of_lot(key, None).next().is_some(),
						Error::<T>::NothingToRecall
					);
				}
			},
			RecallScope::Model { di, until } => {
				ensure!(*until <= Self::now(), Error::<T>::CutoffInFuture);
				let key = model_key(di);
				ensure!(
					T::Devices::devices_of_model(key, None).next().is_some(),
					Error::<T>::NothingToRecall
				);
			},
		}
		Ok(())
	}

	/// Puts a recall in force: the registry reads its devices as recalled from now on. A
	/// model recall to a later time replaces the one in force on the model (which is
	/// returned, superseded); any other overlap is `AlreadyRecalled`.
	fn enforce(id: RecallId, recall: &mut Recall<T::AccountId>) -> Result<(), DispatchError> {
		match &recall.scope {
			RecallScope::Lots { di, lots } => {
				for lot in lots.iter() {
					let key = lot_key(di, lot);
					ensure!(!RecalledLots::<T>::contains_key(key), Error::<T>::AlreadyRecalled);
					RecalledLots::<T>::insert(key, id);
				}
			},
			RecallScope::Model { di, until } => {
				let key = model_key(di);
				if let Some((old, old_until)) = RecalledModels::<T>::get(key) {
					ensure!(*until > old_until, Error::<T>::AlreadyRecalled);
					if let Some(mut replaced) = Recalls::<T>::get(old) {
						let was = replaced.status;
						replaced.status = RecallStatus::Superseded;
						Self::store_recall(old, replaced, Some(was));
					}
					recall.supersedes = Some(old);
				}
				RecalledModels::<T>::insert(key, (id, *until));
			},
		}
		recall.status = RecallStatus::Confirmed;
		Ok(())
	}

	pub(crate) fn do_issue_recall(
		who: T::AccountId,
		staff: StaffMembership,
		scope: RecallScope,
		reason: ReasonCode,
		event: Option<AdverseEventId>,
	) -> DispatchResult {
		let officer = Self::is_officer(&staff);
		ensure!(
			officer
				|| (T::Devices::issuer_of(scope.di()) == Some(staff.org)
					&& staff.acts_for(staff.org, &SERVICE_ROLES)),
			Error::<T>::NotAuthorised
		);
		Self::ensure_reason(&reason)?;
		Self::check_scope(&scope)?;
		if let Some(event) = event {
			ensure!(AdverseEvents::<T>::contains_key(event), Error::<T>::AdverseEventNotFound);
		}
		let id = Self::next_id::<NextRecallId<T>>()?;
		let now = Self::now();
		let mut recall = Recall {
			scope: scope.clone(),
			reason,
			event,
			issued_by: who.clone(),
			issuer_org: staff.org,
			issued_at: now,
			status: RecallStatus::Pending,
			approvals: BoundedVec::new(),
			dismissed: None,
			enforced_by_governance: None,
			supersedes: None,
			withdrawn: None,
		};
		if officer {
			recall.approvals = BoundedVec::truncate_from(alloc::vec![(who, now)]);
			if scope.approvals_needed() <= 1 {
				Self::enforce(id, &mut recall)?;
			}
		}
		let status = recall.status;
		Self::store_recall(id, recall, None);
		Self::deposit_event(Event::RecallIssued { recall: id, scope, status });
		Ok(())
	}

	/// A regulatory officer approves a pending recall; once it has the approvals its scope
	/// needs, it is in force.
	pub(crate) fn do_approve_recall(
		who: T::AccountId,
		staff: StaffMembership,
		id: RecallId,
	) -> DispatchResult {
		ensure!(Self::is_officer(&staff), Error::<T>::NotAuthorised);
		let mut recall = Self::pending(id)?;
		ensure!(
			recall.approvals.iter().all(|(officer, _)| *officer != who),
			Error::<T>::AlreadyApproved
		);
		recall
			.approvals
			.try_push((who.clone(), Self::now()))
			.map_err(|_| Error::<T>::AlreadyApproved)?;
		if recall.approvals.len() as u32 >= recall.scope.approvals_needed() {
			Self::enforce(id, &mut recall)?;
			Self::store_confirmed(id, recall);
		} else {
			Self::store_recall(id, recall, Some(RecallStatus::Pending));
			Self::deposit_event(Event::RecallApproved { recall: id, officer: who });
		}
		Ok(())
	}

	pub(crate) fn do_dismiss_recall(
		who: T::AccountId,
		staff: StaffMembership,
		id: RecallId,
		reason: ReasonCode,
	) -> DispatchResult {
		ensure!(Self::is_officer(&staff), Error::<T>::NotAuthorised);
		let mut recall = Self::pending(id)?;
		Self::ensure_reason(&reason)?;
		recall.status = RecallStatus::Dismissed;
		recall.dismissed = Some((who, Self::now()));
		Self::store_recall(id, recall, Some(RecallStatus::Pending));
		Self::deposit_event(Event::RecallDismissed { recall: id, reason });
		Ok(())
	}

	/// Governance puts a pending recall in force without waiting for the officers.
	pub(crate) fn do_enforce_recall(id: RecallId) -> DispatchResult {
		let mut recall = Self::pending(id)?;
		Self::enforce(id, &mut recall)?;
		recall.enforced_by_governance = Some(Self::now());
		Self::store_confirmed(id, recall);
		Ok(())
	}

	/// Stores a pending recall its approvals or governance just put in force, and announces
	/// it.
	fn store_confirmed(id: RecallId, recall: Recall<T::AccountId>) {
		let superseded = recall.supersedes;
		Self::store_recall(id, recall, Some(RecallStatus::Pending));
		Self::deposit_event(Event::RecallConfirmed { recall: id, superseded });
	}

	/// Governance withdraws a recall in force: its devices read as they are again, except
	/// those a recall it superseded covers, which is in force again.
	pub(crate) fn do_withdraw_recall(id: RecallId, reason: ReasonCode) -> DispatchResult {
		let mut recall = Recalls::<T>::get(id).ok_or(Error::<T>::RecallNotFound)?;
		ensure!(recall.status == RecallStatus::Confirmed, Error::<T>::RecallNotInForce);
		Self::ensure_reason(&reason)?;
		let mut restored = None;
		match &recall.scope {
			RecallScope::Lots { di, lots } => {
				for lot in lots.iter() {
					let key = lot_key(di, lot);
					if RecalledLots::<T>::get(key) == Some(id) {
						RecalledLots::<T>::remove(key);
					}
				}
			},
			RecallScope::Model { di, .. } => {
				let key = model_key(di);
				if RecalledModels::<T>::get(key).map(|(entry, _)| entry) == Some(id) {
					RecalledModels::<T>::remove(key);
				}
				let previous =
					recall.supersedes.and_then(|old| Some((old, Recalls::<T>::get(old)?)));
				if let Some((old, mut previous)) = previous {
					if let (RecallStatus::Superseded, RecallScope::Model { until, .. }) =
						(previous.status, &previous.scope)
					{
						RecalledModels::<T>::insert(key, (old, *until));
						previous.status = RecallStatus::Confirmed;
						Self::store_recall(old, previous, Some(RecallStatus::Superseded));
						restored = Some(old);
					}
				}
			},
		}
		recall.status = RecallStatus::Withdrawn;
		recall.withdrawn = Some(Withdrawal { at: Self::now(), reason: reason.clone() });
		Self::store_recall(id, recall, Some(RecallStatus::Confirmed));
		Self::deposit_event(Event::RecallWithdrawn { recall: id, reason, restored });
		Ok(())
	}

	/// Stores a recall, moving it in [`RecallsByStatus`] from the status it `was` in (none
	/// when new).
	fn store_recall(id: RecallId, recall: Recall<T::AccountId>, was: Option<RecallStatus>) {
		Self::refile::<RecallsByStatus<T>, _, _>(id, was, recall.status);
		Recalls::<T>::insert(id, recall);
	}

	fn pending(id: RecallId) -> Result<Recall<T::AccountId>, DispatchError> {
		let recall = Recalls::<T>::get(id).ok_or(Error::<T>::RecallNotFound)?;
		ensure!(recall.status == RecallStatus::Pending, Error::<T>::RecallNotPending);
		Ok(recall)
	}
}

/// The registry reads a device as recalled when a recall here is in force on its lot or on
/// its model's production up to its registration.
impl<T: Config> devices::RecallStatus for Pallet<T> {
	fn covers(model_key: &[u8; 32], lot_key: Option<&[u8; 32]>, registered_at: Moment) -> bool {
		Self::recall_in_force(model_key, lot_key, registered_at).is_some()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn recall_for_benchmarks(model_key: [u8; 32], lot_key: Option<[u8; 32]>) {
		match lot_key {
			Some(key) => RecalledLots::<T>::insert(key, RecallId::MAX),
			None => RecalledModels::<T>::insert(model_key, (RecallId::MAX, Moment::MAX)),
		}
	}
}

/// What the runtime API reads of recalls.
impl<T: Config> Pallet<T> {
	/// A recall, in whatever state it is.
	pub fn recall(recall: RecallId) -> Option<Recall<T::AccountId>> {
		Recalls::<T>::get(recall)
	}
}
