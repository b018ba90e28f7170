//! The registry's invariants, checked by `try_state` and the tests.

use crate::*;

/// Invariants (`try_state`): every device is indexed under its UDI, lot, model and custodian,
/// and every index entry names a device that has that UDI, lot, model or custodian; a device in transit has a
/// recipient, and only a device in transit (or recalled on its way) has one; no id is at or
/// past the next one; every bound company prefix has its agency's shape.
impl<T: Config> Pallet<T> {
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextDeviceId::<T>::get();
		let mut count = 0usize;
		for (id, device) in Devices::<T>::iter() {
			count += 1;
			ensure!(id < next, "a device id is not below the next id");
			ensure!(
				DeviceByUdi::<T>::get(udi_key(&device.udi)) == Some(id),
				"a device is not indexed under its UDI"
			);
			ensure!(
				DevicesOfModel::<T>::contains_key(model_key(&device.udi.di), id),
				"a device is not indexed under its model"
			);
			ensure!(
				DevicesOfCustodian::<T>::contains_key(device.custodian, id),
				"a device is not indexed under its custodian"
			);
			if let Some(lot) = &device.udi.lot {
				ensure!(
					DevicesOfLot::<T>::contains_key(lot_key(&device.udi.di, lot), id),
					"a device is not indexed under its lot"
				);
			}
			match device.lifecycle {
				Lifecycle::InTransit => {
					ensure!(device.recipient.is_some(), "a device in transit has no recipient")
				},
				Lifecycle::Recalled => {},
				_ => ensure!(device.recipient.is_none(), "a device at rest has a recipient"),
			}
		}
		ensure!(DeviceByUdi::<T>::iter_keys().count() == count, "a UDI index entry has no device");
		for (key, id) in DeviceByUdi::<T>::iter() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|d| udi_key(&d.udi) == key),
				"a UDI index entry names another device"
			);
		}
		for (key, id, ()) in DevicesOfModel::<T>::iter() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|d| model_key(&d.udi.di) == key),
				"a model index entry names another model's device"
			);
		}
		for (key, id, ()) in DevicesOfLot::<T>::iter() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|d| d
					.udi
					.lot
					.as_ref()
					.is_some_and(|lot| lot_key(&d.udi.di, lot) == key)),
				"a lot index entry names another lot's device"
			);
		}
		for (org, id, ()) in DevicesOfCustodian::<T>::iter() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|d| d.custodian == org),
				"a custodian index entry names a device another organisation holds"
			);
		}
		for prefix in IssuerPrefixes::<T>::iter_keys() {
			ensure!(
				issuers::is_company_prefix(prefix.agency, &prefix.code),
				"a bound company prefix does not have its agency's shape"
			);
		}
		Ok(())
	}
}
