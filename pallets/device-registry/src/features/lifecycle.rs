//! A device's lifecycle: registration, the moves the table in `lib.rs` allows, and the
//! change of hands on dispatch and installation.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Whether the lifecycle allows `from` → `to`.
	pub fn allowed(from: Lifecycle, to: Lifecycle) -> bool {
		use Lifecycle::*;
		match (from, to) {
			(Manufactured, Released)
			| (Released | Installed | InService | Maintenance, InTransit)
			| (InTransit, Installed)
			| (Installed | Maintenance, InService)
			| (InService, Maintenance) => true,
			// A carrier holds a device only to deliver it: it cannot retire it on the way.
			(InTransit, Decommissioned) => false,
			(from, Recalled | Decommissioned) => !from.is_final(),
			_ => false,
		}
	}

	/// Whether `staff` may move `device` to `to` (the role half of the lifecycle table).
	pub(crate) fn may_move(staff: &StaffMembership, device: &Device, to: Lifecycle) -> bool {
		use StaffRole::*;
		match to {
			Lifecycle::Released => staff.acts_for(device.manufacturer, &SERVICE_ROLES),
			Lifecycle::InTransit | Lifecycle::InService => {
				staff.acts_for(device.custodian, &SERVICE_ROLES)
			},
			Lifecycle::Installed => {
				device.recipient.is_some_and(|r| staff.acts_for(r, &[Admin, FieldServiceEngineer]))
			},
			Lifecycle::Maintenance => {
				staff.acts_for(device.custodian, &[FieldServiceEngineer])
					|| staff.acts_for(device.manufacturer, &[FieldServiceEngineer])
			},
			Lifecycle::Recalled => {
				staff.kind == OrganisationKind::Regulator && staff.has_role(RegulatoryOfficer)
			},
			Lifecycle::Decommissioned => {
				staff.acts_for(device.custodian, &[Admin, FieldServiceEngineer])
			},
			Lifecycle::Manufactured => false,
		}
	}

	/// Checks the role and the state, then moves `device` to `to`; returns it, moved, for
	/// the caller to store.
	pub(crate) fn checked_move(
		who: &T::AccountId,
		staff: &StaffMembership,
		id: DeviceId,
		to: Lifecycle,
	) -> Result<Device, DispatchError> {
		let mut device = Self::device(id)?;
		ensure!(Self::may_move(staff, &device, to), Error::<T>::NotAuthorised);
		ensure!(Self::allowed(device.lifecycle, to), Error::<T>::InvalidTransition);
		let from = device.lifecycle;
		T::OnDeviceEvent::lifecycle_changing(id, from, to, who, staff.org)?;
		device.lifecycle = to;
		Self::deposit_event(Event::LifecycleChanged { device: id, from, to, by: who.clone() });
		Ok(device)
	}

	/// Move `device` to `to` for `who` (of `staff`), checking role and state as the calls do.
	pub(crate) fn do_transition(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		to: Lifecycle,
	) -> DispatchResult {
		let device = Self::checked_move(&who, &staff, id, to)?;
		Devices::<T>::insert(id, device);
		Ok(())
	}

	pub(crate) fn do_register(
		who: T::AccountId,
		staff: StaffMembership,
		udi: Udi,
		profile: DeviceProfile,
	) -> DispatchResult {
		ensure!(
			staff.kind == OrganisationKind::Manufacturer
				&& SERVICE_ROLES.iter().any(|r| staff.has_role(*r)),
			Error::<T>::NotAuthorised
		);
		ensure!(Self::owner_of(&udi.di)? == staff.org, Error::<T>::NotUdiOwner);
		ensure!(udi.serial.is_some() || udi.lot.is_some(), Error::<T>::MissingProductionId);
		ensure!(
			[&udi.serial, &udi.lot].into_iter().flatten().all(|id| codes::is_production_id(id)),
			Error::<T>::InvalidProductionId
		);
		ensure!(profile.has_valid_codes(), Error::<T>::InvalidCode);
		ensure!(is_cid_v1(&profile.profile_cid), Error::<T>::InvalidCid);
		let key = udi_key(&udi);
		ensure!(!DeviceByUdi::<T>::contains_key(key), Error::<T>::DuplicateUdi);
		let id = NextDeviceId::<T>::get();
		NextDeviceId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		DeviceByUdi::<T>::insert(key, id);
		if let Some(lot) = &udi.lot {
			DevicesOfLot::<T>::insert(lot_key(&udi.di, lot), id, ());
		}
		DevicesOfModel::<T>::insert(model_key(&udi.di), id, ());
		Devices::<T>::insert(
			id,
			Device {
				udi,
				profile,
				manufacturer: staff.org,
				custodian: staff.org,
				recipient: None,
				location: None,
				lifecycle: Lifecycle::Manufactured,
				condition: Condition {
					status: RecordStatus::Active,
					availability: Availability::Available,
					reason: StatusReason::Offline,
					mode: OperatingMode::Normal,
				},
				working_hours: 0,
				operating_cycles: 0,
				registered_at: Self::now(),
			},
		);
		T::OnDeviceEvent::registered(id, staff.org, &who);
		Self::deposit_event(Event::DeviceRegistered {
			device: id,
			manufacturer: staff.org,
			by: who,
		});
		Ok(())
	}

	/// Hand `device` to `carrier` for `recipient`, checking as `dispatch` does.
	pub(crate) fn do_dispatch(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		carrier: OrgId,
		recipient: OrgId,
	) -> DispatchResult {
		let mut device = Self::checked_move(&who, &staff, id, Lifecycle::InTransit)?;
		ensure!(
			T::Membership::active_organisation(carrier) == Some(OrganisationKind::Logistics),
			Error::<T>::NotACarrier
		);
		ensure!(
			T::Membership::active_organisation(recipient).is_some(),
			Error::<T>::UnknownOrganisation
		);
		let from = device.custodian;
		device.custodian = carrier;
		device.recipient = Some(recipient);
		device.location = None;
		Devices::<T>::insert(id, device);
		Operators::<T>::remove(id);
		T::OnDeviceEvent::custody_changed(id, from, carrier, &who, staff.org);
		Self::deposit_event(Event::CustodyChanged { device: id, from, to: carrier });
		Ok(())
	}

	/// Install an arrived `device` at its recipient, checking as `install` does.
	pub(crate) fn do_install(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		location: Option<LocationCode>,
	) -> DispatchResult {
		Self::ensure_location(&location)?;
		let mut device = Self::checked_move(&who, &staff, id, Lifecycle::Installed)?;
		let from = device.custodian;
		// `may_move` checked the caller acts for the recipient, so there is one.
		let to = device.recipient.take().unwrap_or(staff.org);
		device.custodian = to;
		device.location = location;
		Devices::<T>::insert(id, device);
		T::OnDeviceEvent::custody_changed(id, from, to, &who, staff.org);
		Self::deposit_event(Event::CustodyChanged { device: id, from, to });
		Ok(())
	}

	/// Set aside a device recalled on its way, checking as `set_aside` does.
	pub(crate) fn do_set_aside(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		disposition: Disposition,
	) -> DispatchResult {
		let mut device = Devices::<T>::get(id).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(staff.acts_for(device.custodian, &SERVICE_ROLES), Error::<T>::NotAuthorised);
		// On its way and recalled: one by one (stored `Recalled`), or by a recall of its lot
		// or model in force.
		let recalled = device.lifecycle == Lifecycle::Recalled
			|| (device.lifecycle == Lifecycle::InTransit && Self::under_recall(&device));
		ensure!(recalled && device.recipient.is_some(), Error::<T>::NotRecalledInTransit);
		// It rests with its holder, no longer on its way: `Released`, read as recalled while
		// the recall is in force; a device recalled one by one stays `Recalled`.
		if device.lifecycle == Lifecycle::InTransit {
			let (from, to) = (Lifecycle::InTransit, Lifecycle::Released);
			T::OnDeviceEvent::lifecycle_changing(id, from, to, &who, staff.org)?;
			Self::deposit_event(Event::LifecycleChanged { device: id, from, to, by: who.clone() });
			device.lifecycle = to;
		}
		device.recipient = None;
		let from = device.custodian;
		if disposition == Disposition::Returned {
			device.custodian = device.manufacturer;
		}
		let to = device.custodian;
		Devices::<T>::insert(id, device);
		if from != to {
			T::OnDeviceEvent::custody_changed(id, from, to, &who, staff.org);
			Self::deposit_event(Event::CustodyChanged { device: id, from, to });
		}
		Self::deposit_event(Event::SetAside { device: id, disposition });
		Ok(())
	}
}
