//! The pallet's invariants, checked by `try_state` and the tests.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants: every trail is intact; every device of an order points back to it; every
	/// recall in force is confirmed and covers what its index says; every implanted device
	/// was last implanted under the pseudonym it is implanted under; no reporter is past
	/// the bound.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for order in Orders::<T>::iter_keys() {
			ensure!(Self::order_trail_intact(order), "an order's trail is broken");
		}
		for device in DeviceTrailHead::<T>::iter_keys() {
			ensure!(Self::device_trail_intact(device), "a device's trail is broken");
		}
		for (id, devices) in OrderDevices::<T>::iter() {
			for device in devices.iter() {
				ensure!(DeviceOrder::<T>::get(device) == Some(id), "a device lost its order");
			}
		}
		for recall in RecalledLots::<T>::iter_values().chain(RecalledModels::<T>::iter_values()) {
			ensure!(
				Recalls::<T>::get(recall).is_some_and(|r| r.status == RecallStatus::Confirmed),
				"a recall in force is not confirmed"
			);
		}
		for (device, pseudonym) in ImplantedIn::<T>::iter() {
			ensure!(
				DeviceUses::<T>::get(device, pseudonym)
					.is_some_and(|u| u.last == PatientUse::Implant),
				"an implant has no use under its pseudonym"
			);
		}
		ensure!(
			ReportsFiled::<T>::iter_values().all(|n| n <= T::MaxReportsPerDevice::get()),
			"a reporter is past the bound of reports on a device"
		);
		Ok(())
	}
}
