//! Uses of devices on patients, by pseudonym: recorded by the hospital's clinicians, listed
//! per device and in a recall's scope for each hospital to resolve.

use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::DispatchResult, traits::Get};
use medchain_primitives::{
	devices::{DeviceId, DeviceRegistry, Lifecycle},
	OrganisationKind, StaffMembership,
};

use crate::{
	AffectedDevice, Config, DeviceEvent, DeviceUse, DeviceUses, Error, Event, ImplantedIn, Pallet,
	PatientUse, PseudonymousUse, RecallId, Recalls, UsePseudonym,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_record_use(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		pseudonym: UsePseudonym,
		usage: PatientUse,
	) -> DispatchResult {
		let device = T::Devices::device(id).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(
			staff.kind == OrganisationKind::Hospital
				&& staff.org == device.custodian
				&& staff.is_clinical(),
			Error::<T>::NotAuthorised
		);
		ensure!(pseudonym != UsePseudonym::default(), Error::<T>::InvalidPseudonym);
		let implanted = ImplantedIn::<T>::get(id);
		match usage {
			PatientUse::Implant | PatientUse::Procedure => {
				ensure!(
					matches!(device.lifecycle, Lifecycle::Installed | Lifecycle::InService),
					Error::<T>::DeviceNotUsable
				);
				ensure!(implanted.is_none(), Error::<T>::AlreadyImplanted);
			},
			PatientUse::Explant => {
				ensure!(implanted == Some(pseudonym), Error::<T>::NotImplanted);
			},
		}
		match usage {
			PatientUse::Implant => ImplantedIn::<T>::insert(id, pseudonym),
			PatientUse::Explant => ImplantedIn::<T>::remove(id),
			PatientUse::Procedure => {},
		}
		let now = Self::now();
		DeviceUses::<T>::mutate(id, pseudonym, |used| {
			let first_at = used.map_or(now, |u| u.first_at);
			*used = Some(DeviceUse { last: usage, last_at: now, first_at, hospital: staff.org });
		});
		Self::note_device(id, DeviceEvent::UsedOn { usage }, &who, Some(staff.org));
		Self::deposit_event(Event::DeviceUsed { device: id, hospital: staff.org, usage });
		Ok(())
	}

	/// Up to `limit` of a device's uses, after the pseudonym `start_after` (storage order).
	pub fn device_uses(
		device: DeviceId,
		start_after: Option<UsePseudonym>,
		limit: u32,
	) -> Vec<PseudonymousUse> {
		let iter = match start_after {
			Some(after) => DeviceUses::<T>::iter_prefix_from(
				device,
				DeviceUses::<T>::hashed_key_for(device, after),
			),
			None => DeviceUses::<T>::iter_prefix(device),
		};
		iter.take(limit as usize)
			.map(|(pseudonym, uses)| PseudonymousUse { pseudonym, uses })
			.collect()
	}

	/// Up to `limit` devices a recall reaches, after `start_after` (storage order): each
	/// with its custodian, state, and the pseudonyms it was used under.
	pub fn recall_scope(
		recall: RecallId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Vec<AffectedDevice> {
		let Some(recall) = Recalls::<T>::get(recall) else { return Vec::new() };
		Self::devices_in_scope(&recall.scope, start_after)
			.take(limit as usize)
			.filter_map(|id| T::Devices::device(id).map(|device| (id, device)))
			.map(|(id, device)| {
				let listed = T::MaxUsesListed::get();
				let mut uses = Self::device_uses(id, None, listed.saturating_add(1));
				let more_uses = uses.len() > listed as usize;
				uses.truncate(listed as usize);
				AffectedDevice {
					device: id,
					serial: device.udi.serial,
					lot: device.udi.lot,
					custodian: device.custodian,
					recipient: device.recipient,
					lifecycle: device.lifecycle,
					uses,
					more_uses,
				}
			})
			.collect()
	}
}
