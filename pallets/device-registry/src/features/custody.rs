//! Custody: the change of hands on dispatch and installation, and a recalled device set
//! aside on its way.

use crate::*;

impl<T: Config> Pallet<T> {
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
		Self::hand_over(id, &mut device, carrier);
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
		Self::hand_over(id, &mut device, to);
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
			let manufacturer = device.manufacturer;
			Self::hand_over(id, &mut device, manufacturer);
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

	/// Make `to` the custodian of `device` (stored as `id`), moving it in
	/// [`DevicesOfCustodian`]: the one place a device changes hands.
	fn hand_over(id: DeviceId, device: &mut Device, to: OrgId) {
		DevicesOfCustodian::<T>::remove(device.custodian, id);
		DevicesOfCustodian::<T>::insert(to, id, ());
		device.custodian = to;
	}
}
