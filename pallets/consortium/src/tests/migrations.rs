//! The storage migrations.

use super::*;

/// Storage as version 0 left it: patients without counts.
fn as_version_0() {
	use frame_support::traits::StorageVersion;
	StorageVersion::new(0).put::<Consortium>();
	let _ = PatientsRegistered::<Test>::clear(u32::MAX, None);
}

#[test]
fn migration_to_v1_counts_each_hospitals_patients_once() {
	use crate::migrations::MigrateV0ToV1;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	run(|| {
		assert_ok!(Consortium::register_patient(signed(HOSPITAL_ADMIN), 40));
		assert_ok!(Consortium::register_patient(signed(HOSPITAL_ADMIN), 41));
		as_version_0();
		assert_eq!(PatientsRegistered::<Test>::get(HOSPITAL), 0);

		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(PatientsRegistered::<Test>::get(HOSPITAL), 3);
		assert_eq!(PatientsRegistered::<Test>::get(PHARMACY), 0);
		assert_eq!(Consortium::on_chain_storage_version(), StorageVersion::new(1));
		assert_ok!(Consortium::do_try_state());

		// Once at version 1 it does nothing: a second run counts nothing twice.
		System::set_block_number(REGISTRATION_WINDOW);
		assert_ok!(Consortium::register_patient(signed(HOSPITAL_ADMIN), 42));
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(PatientsRegistered::<Test>::get(HOSPITAL), 4);
	});
}

#[test]
fn new_chains_start_at_the_current_storage_version() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	run(|| {
		assert_eq!(Consortium::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(PatientsRegistered::<Test>::get(HOSPITAL), 1);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_to_v1_passes_its_own_checks() {
	use crate::migrations::MigrateV0ToV1;
	use frame_support::traits::OnRuntimeUpgrade;
	run(|| {
		assert_ok!(Consortium::register_patient(signed(HOSPITAL_ADMIN), 40));
		as_version_0();
		// pre_upgrade, the migration, post_upgrade.
		assert_ok!(MigrateV0ToV1::<Test>::try_on_runtime_upgrade(true));
		// A count that does not match the patients fails post_upgrade.
		as_version_0();
		PatientsRegistered::<Test>::insert(PHARMACY, 1);
		assert!(MigrateV0ToV1::<Test>::try_on_runtime_upgrade(true).is_err());
		as_version_0();
		assert_ok!(MigrateV0ToV1::<Test>::try_on_runtime_upgrade(true));
	});
}

#[test]
fn migration_to_v2_keeps_every_window_with_its_count() {
	use crate::migrations::{v2::OldTransactionWindow, MigrateV1ToV2};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	run(|| {
		StorageVersion::new(1).put::<Consortium>();
		let old = OldTransactionWindow { start: 10u64, count: 2 };
		let key = TransactionWindows::<Test>::hashed_key_for(DOCTOR);
		frame_support::storage::unhashed::put_raw(&key, &codec::Encode::encode(&old));

		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(
			TransactionWindows::<Test>::get(DOCTOR),
			Some(TransactionWindow { start: 10, count: 2, weight: 0, length: 0 })
		);
		assert_eq!(Consortium::on_chain_storage_version(), StorageVersion::new(2));
	});
}
