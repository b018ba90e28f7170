//! Storage migrations of the device registry, one module per storage version. The runtime
//! lists the ones to run in its `Migrations`; each runs once, guarded by the version it moves
//! from (`VersionedMigration`), and checks itself under `try-runtime`.

use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

use crate::{Config, Pallet};

/// Version 0 → 1: every device indexed under the organisation that holds it
/// ([`crate::DevicesOfCustodian`]).
pub mod v1 {
	use super::*;
	use crate::{Devices, DevicesOfCustodian};
	use frame_support::{traits::Get, weights::Weight};

	/// Writes one custodian index entry per registered device. One block: the consortium's
	/// registry holds thousands of devices, not millions (a read and a write each).
	pub struct IndexCustodians<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexCustodians<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut devices = 0u64;
			for (id, device) in Devices::<T>::iter() {
				DevicesOfCustodian::<T>::insert(device.custodian, id, ());
				devices += 1;
			}
			T::DbWeight::get().reads_writes(devices + 1, devices)
		}

		/// Every device, and nothing else, is indexed under its custodian.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}
}

/// The migration to version 1, run only on storage at version 0, which it then sets to 1.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	v1::IndexCustodians<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
