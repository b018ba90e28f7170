//! The try-runtime run of the next runtime upgrade (`--features try-runtime`; scripts/test.sh
//! runs it with the benchmarks).

use super::*;

/// The try-runtime run of the next upgrade (`--features try-runtime`): on a state as the
/// previous runtimes left it (consortium storage version 0, no patient counts; traceability
/// version 0, an implant by patient account and a lot recall in version 1's shape, and none
/// of version 3's lists; access control version 1, grants without the grantee index; the
/// device registry at version 0, without its index by custodian), the
/// runtime's `Migrations` with their pre- and post-upgrade checks, then every pallet's
/// `try_state`, as `try-runtime on-runtime-upgrade` runs them against a live chain.
#[test]
fn the_upgrade_migrations_pass_try_runtime() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<Consortium>();
		let _ = pallet_consortium::PatientsRegistered::<Runtime>::clear(u32::MAX, None);
		// Traceability at version 0: a lead implanted in Eve, by her account.
		StorageVersion::new(0).put::<Traceability>();
		StorageVersion::new(0).put::<DeviceRegistry>();
		let eve = Sr25519Keyring::Eve.to_account_id();
		let implant = pallet_traceability::DeviceUse {
			last: pallet_traceability::PatientUse::Implant,
			last_at: 1,
			first_at: 1,
			hospital: genesis_config_presets::DEMO_HOSPITAL_A,
		};
		pallet_traceability::migrations::v1::old::DevicesUsedOn::<Runtime>::insert(
			&eve, 0, implant,
		);
		pallet_traceability::migrations::v1::old::ImplantedIn::<Runtime>::insert(0, &eve);
		// Alice's recall of a lot, in force, as versions 0 and 1 kept it.
		let alice = Sr25519Keyring::Alice.to_account_id();
		let (di, lot): (pallet_device_registry::UdiDi, pallet_device_registry::ProductionId) =
			(b"00643169007222".to_vec().try_into().unwrap(), b"LOT-1".to_vec().try_into().unwrap());
		let lot_key = pallet_device_registry::lot_key(&di, &lot);
		pallet_traceability::migrations::v2::old::Recalls::<Runtime>::insert(
			0,
			pallet_traceability::migrations::v2::old::Recall {
				scope: pallet_traceability::migrations::v2::old::RecallScope::Lot { di, lot },
				reason: b"FSCA".to_vec().try_into().unwrap(),
				event: None,
				issued_by: alice.clone(),
				issuer_org: 0,
				issued_at: 1,
				status: pallet_traceability::RecallStatus::Confirmed,
				decided: None,
			},
		);
		pallet_traceability::RecalledLots::<Runtime>::insert(lot_key, 0);
		// Access control at version 1: Eve's five grants to Hospital A, not indexed, one more
		// than version 2 lets a patient give one grantee.
		StorageVersion::new(1).put::<AccessControl>();
		let hospital =
			pallet_access_control::Grantee::Organisation(genesis_config_presets::DEMO_HOSPITAL_A);
		let grant = pallet_access_control::Grant {
			grantee: hospital.clone(),
			scope: pallet_access_control::Scope::AllCategories,
			access: pallet_access_control::AccessLevel::Read,
			purpose: pallet_access_control::Purpose::Treatment,
			valid_from: 0,
			valid_until: None,
			granted_at: 0,
			grantee_epoch: 0,
		};
		for id in 0..5 {
			pallet_access_control::Grants::<Runtime>::insert(&eve, id, grant.clone());
		}
		pallet_access_control::GrantCount::<Runtime>::insert(&eve, 5);
		pallet_access_control::NextGrantId::<Runtime>::put(5);
		let weight = Executive::try_runtime_upgrade(frame_try_runtime::UpgradeCheckSelect::All)
			.expect("the migrations and their checks pass");
		assert!(
			weight.all_lte(configs::RuntimeBlockWeights::get().max_block),
			"the upgrade fits a block"
		);
		assert_eq!(Consortium::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Traceability::on_chain_storage_version(), StorageVersion::new(3));
		assert_eq!(DeviceRegistry::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(AccessControl::on_chain_storage_version(), StorageVersion::new(2));
		// The four newest of Eve's grants stay, indexed; the oldest went.
		let kept = pallet_access_control::GrantsTo::<Runtime>::get(&eve, &hospital);
		assert_eq!(kept.into_inner(), vec![1, 2, 3, 4]);
		assert!(!pallet_access_control::Grants::<Runtime>::contains_key(&eve, 0));
		assert_eq!(pallet_access_control::GrantCount::<Runtime>::get(&eve), 4);
		let recall = pallet_traceability::Recalls::<Runtime>::get(0).expect("migrated");
		assert_eq!(recall.approvals.into_inner(), vec![(alice, 1)]);
		// Listed in force by version 3's migration, after version 2's gave it its shape.
		let in_force = pallet_traceability::Pallet::<Runtime>::recalls_in(
			pallet_traceability::RecallStatus::Confirmed,
			None,
			10,
		);
		assert_eq!(in_force.into_iter().map(|(id, _)| id).collect::<Vec<_>>(), vec![0]);
		let migrated = pallet_traceability::migrations::v1::migrated_pseudonym(0);
		assert_eq!(pallet_traceability::ImplantedIn::<Runtime>::get(0), Some(migrated));
		assert_eq!(pallet_traceability::DeviceUses::<Runtime>::get(0, migrated), Some(implant));
		// The demo consortium's patients: Eve (Hospital A) and Ferdie (Hospital B).
		for hospital in
			[genesis_config_presets::DEMO_HOSPITAL_A, genesis_config_presets::DEMO_HOSPITAL_B]
		{
			assert_eq!(pallet_consortium::PatientsRegistered::<Runtime>::get(hospital), 1);
		}
	});
}
