//! Weights of the consortium pallet's calls and of its transaction gate.
//!
//! Until the benchmark issue generates this file with frame-benchmarking on the reference
//! machine, each weight is an estimate: the storage reads and writes the call makes (counted
//! from the code, at the runtime's `DbWeight`) plus a fixed execution cost of 25 µs for a
//! call and 5 µs for the gate, well above what such small calls measure in polkadot-sdk's
//! own pallets. `()` is the same estimate with RocksDB costs, for tests.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	fn admit_organisation() -> Weight;
	fn suspend_organisation() -> Weight;
	fn reinstate_organisation() -> Weight;
	fn remove_organisation() -> Weight;
	fn add_staff() -> Weight;
	fn set_staff_roles() -> Weight;
	fn remove_staff() -> Weight;
	fn reap_staff() -> Weight;
	fn register_patient() -> Weight;
	fn check_membership() -> Weight;
}

/// Fixed execution cost of a call, before its storage accesses.
const CALL_BASE: Weight = Weight::from_parts(25_000_000, 4_000);
/// Fixed execution cost of the transaction gate, before its storage accesses.
const GATE_BASE: Weight = Weight::from_parts(5_000_000, 1_000);

/// Estimated weights at the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! estimated_weights {
	($db:ty) => {
		// Reads: Staff, Patients (registration check), OrganisationCount, NextOrganisationId,
		// Organisations, System.Account. Writes: Organisations, NextOrganisationId,
		// OrganisationCount, Staff, OrganisationStaff, System.Account.
		fn admit_organisation() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(6, 6))
		}
		// Reads/writes: Organisations.
		fn suspend_organisation() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(1, 1))
		}
		fn reinstate_organisation() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(1, 1))
		}
		// Reads: Organisations, OrganisationCount. Writes: the same.
		fn remove_organisation() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(2, 2))
		}
		// Reads: caller's Staff and Organisations, Staff, Patients, Organisations,
		// System.Account. Writes: Organisations, Staff, OrganisationStaff, System.Account.
		fn add_staff() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(6, 4))
		}
		// Reads: caller's Staff and Organisations, Staff, Organisations. Writes:
		// Organisations, Staff.
		fn set_staff_roles() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(4, 2))
		}
		// Reads: caller's Staff and Organisations, Staff, Organisations, System.Account.
		// Writes: Organisations, Staff, OrganisationStaff, TransactionWindows, System.Account.
		fn remove_staff() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(5, 5))
		}
		// Reads: Staff, Organisations, System.Account. Writes: Staff, OrganisationStaff,
		// TransactionWindows, System.Account.
		fn reap_staff() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(3, 4))
		}
		// Reads: caller's Staff and Organisations, Staff, Patients, PatientsRegistered,
		// System.Account. Writes: Patients, PatientsRegistered, System.Account.
		fn register_patient() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(6, 3))
		}
		// Reads: the exempt set (sudo key, council members: 2), Staff, Organisations,
		// Patients, TransactionWindows. Writes: TransactionWindows.
		fn check_membership() -> Weight {
			GATE_BASE.saturating_add(<$db>::get().reads_writes(6, 1))
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	estimated_weights!(T::DbWeight);
}

impl WeightInfo for () {
	estimated_weights!(RocksDbWeight);
}
