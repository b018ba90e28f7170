//! A device's lifecycle: the moves the table in `lib.rs` allows, and who may make each.

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
}
