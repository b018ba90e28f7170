//! Storage migrations of the consortium pallet, one module per storage version. The runtime
//! lists the ones to run in its `Migrations`; each runs once, guarded by the version it
//! moves from (`VersionedMigration`), and checks itself under `try-runtime`.

use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

use crate::{Config, Pallet};

/// Version 0 → 1: count the patients each hospital has registered.
pub mod v1 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::{collections::BTreeMap, vec::Vec};
	use frame_support::{traits::Get, weights::Weight};
	#[cfg(feature = "try-runtime")]
	use medchain_primitives::OrgId;

	use crate::PatientsRegistered;

	/// Fills [`PatientsRegistered`] from [`crate::Patients`]: one read a patient, one write a
	/// hospital. Version 0 kept no count; from version 1, registration keeps it.
	pub struct CountPatientsPerHospital<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CountPatientsPerHospital<T> {
		fn on_runtime_upgrade() -> Weight {
			let counts = Pallet::<T>::count_patients_per_hospital();
			let patients: u64 = counts.values().map(|count| u64::from(*count)).sum();
			let hospitals = counts.len() as u64;
			for (hospital, count) in counts {
				PatientsRegistered::<T>::insert(hospital, count);
			}
			T::DbWeight::get().reads_writes(patients, hospitals)
		}

		/// The counts as version 0 implies them, for `post_upgrade` to compare.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			frame_support::ensure!(
				PatientsRegistered::<T>::iter().next().is_none(),
				"version 0 has no patient counts"
			);
			Ok(Pallet::<T>::count_patients_per_hospital().encode())
		}

		/// Every hospital's count is its patients', and nothing else was counted.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let expected = BTreeMap::<OrgId, u32>::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state does not decode")?;
			let counted: BTreeMap<OrgId, u32> = PatientsRegistered::<T>::iter().collect();
			frame_support::ensure!(counted == expected, "patient counts differ from the patients");
			Ok(())
		}
	}
}

/// The migration to version 1, run only on storage at version 0, which it then sets to 1.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	v1::CountPatientsPerHospital<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
