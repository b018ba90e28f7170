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

/// Version 1 → 2: the gate's windows also count weight and bytes.
pub mod v2 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use codec::{Decode, Encode};
	use frame_support::{traits::Get, weights::Weight};
	use frame_system::pallet_prelude::BlockNumberFor;

	use crate::{TransactionWindow, TransactionWindows};

	/// A window as version 1 stored it: transactions only.
	#[derive(Encode, Decode)]
	pub struct OldTransactionWindow<BlockNumber> {
		/// The first block of the window.
		pub start: BlockNumber,
		/// Transactions included in it.
		pub count: u32,
	}

	/// Rewrites every [`TransactionWindows`] entry with no weight or bytes counted yet (the
	/// window in progress at the upgrade counts its transactions only): one read and one
	/// write per registered account that has transacted.
	pub struct CountWeightAndBytes<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CountWeightAndBytes<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries = 0u64;
			TransactionWindows::<T>::translate::<OldTransactionWindow<BlockNumberFor<T>>, _>(
				|_, old| {
					entries += 1;
					Some(TransactionWindow {
						start: old.start,
						count: old.count,
						weight: 0,
						length: 0,
					})
				},
			);
			T::DbWeight::get().reads_writes(entries, entries)
		}

		/// How many windows there are, for `post_upgrade` to compare.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((TransactionWindows::<T>::iter_keys().count() as u64).encode())
		}

		/// Every window was kept and decodes as version 2.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
			let after = TransactionWindows::<T>::iter_values().count() as u64;
			frame_support::ensure!(before == after, "a window was lost or does not decode");
			Ok(())
		}
	}
}

/// The migration to version 2, run only on storage at version 1, which it then sets to 2.
pub type MigrateV1ToV2<T> = VersionedMigration<
	1,
	2,
	v2::CountWeightAndBytes<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
