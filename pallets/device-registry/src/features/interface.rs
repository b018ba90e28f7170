//! The registry as other pallets see it: [`DeviceRegistry`], the one seam between this
//! pallet and those built on it (traceability). Each move goes through the same `do_*`
//! function as the registry's own call, so its rules and its listener apply alike.

use crate::*;
use alloc::boxed::Box;

impl<T: Config> DeviceRegistry<T::AccountId> for Pallet<T> {
	fn device(id: DeviceId) -> Option<Device> {
		Self::current(id)
	}

	fn registered_device(id: DeviceId) -> Option<Device> {
		Devices::<T>::get(id)
	}

	fn exists(id: DeviceId) -> bool {
		Devices::<T>::contains_key(id)
	}

	fn issuer_of(di: &UdiDi) -> Option<OrgId> {
		Self::owner_of(di).ok()
	}

	fn devices_of_lot(lot_key: [u8; 32], start_after: Option<DeviceId>) -> DeviceIds {
		match start_after {
			Some(after) => Box::new(DevicesOfLot::<T>::iter_key_prefix_from(
				lot_key,
				DevicesOfLot::<T>::hashed_key_for(lot_key, after),
			)),
			None => Box::new(DevicesOfLot::<T>::iter_key_prefix(lot_key)),
		}
	}

	fn devices_of_model(model_key: [u8; 32], start_after: Option<DeviceId>) -> DeviceIds {
		match start_after {
			Some(after) => Box::new(DevicesOfModel::<T>::iter_key_prefix_from(
				model_key,
				DevicesOfModel::<T>::hashed_key_for(model_key, after),
			)),
			None => Box::new(DevicesOfModel::<T>::iter_key_prefix(model_key)),
		}
	}

	fn ensure_location(location: &Option<LocationCode>) -> DispatchResult {
		Ok(Self::ensure_location(location)?)
	}

	fn transition(
		who: T::AccountId,
		staff: StaffMembership,
		device: DeviceId,
		to: Lifecycle,
	) -> DispatchResult {
		Self::do_transition(who, staff, device, to)
	}

	fn dispatch(
		who: T::AccountId,
		staff: StaffMembership,
		device: DeviceId,
		carrier: OrgId,
		recipient: OrgId,
	) -> DispatchResult {
		Self::do_dispatch(who, staff, device, carrier, recipient)
	}

	fn install(
		who: T::AccountId,
		staff: StaffMembership,
		device: DeviceId,
		location: Option<LocationCode>,
	) -> DispatchResult {
		Self::do_install(who, staff, device, location)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn bind_gs1_prefix_for_benchmarks(
		prefix: &[u8],
		manufacturer: OrgId,
	) -> Result<(), DispatchError> {
		let code = prefix.to_vec().try_into().map_err(|_| Error::<T>::InvalidPrefix)?;
		Self::do_bind_prefix(CompanyPrefix { agency: IssuingAgency::Gs1, code }, manufacturer)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_device_for_benchmarks(
		maker: T::AccountId,
		udi: Udi,
		profile: DeviceProfile,
	) -> Result<DeviceId, DispatchError> {
		let id = NextDeviceId::<T>::get();
		Self::register_device(frame_system::RawOrigin::Signed(maker).into(), udi, profile)?;
		Ok(id)
	}
}
