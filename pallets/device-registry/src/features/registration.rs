//! Registration: a manufacturer's service staff register a device under a UDI-DI bound to
//! their organisation; the indexes by UDI, lot, model and custodian are written with it.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Register a device for `who` (of `staff`), checking as `register_device` does.
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
		DevicesOfCustodian::<T>::insert(staff.org, id, ());
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
}
