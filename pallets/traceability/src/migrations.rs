//! Storage migrations of the traceability pallet, one module per storage version, listed by
//! the runtime in its `Migrations`; each runs once, guarded by the version it moves from.

use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

use crate::{Config, Pallet};

pub mod v2;
pub mod v3;

/// Version 0 → 1: no patient account left beside a device or a health outcome
/// (docs/privacy.md). Uses on patients move to pseudonyms, the device trails that named a
/// patient are rewritten and re-chained, and patients' own adverse-event reports name the
/// [`v1::UNLINKED`] account instead of the patient.
pub mod v1 {
	use super::*;
	use crate::{
		link_hash, AdverseEvents, AfterSalesKind, DeviceEvent, DeviceTrail, DeviceTrailHead,
		DeviceUse, DeviceUses, ImplantedIn, LinkHash, OrderId, PatientUse, ReportSource,
		ReportsFiled, TrailHead, TrailLink, UsePseudonym,
	};
	use alloc::{
		collections::{BTreeMap, BTreeSet},
		vec::Vec,
	};
	use codec::{Decode, Encode};
	use frame_support::{
		storage_alias, traits::Get, weights::Weight, Blake2_128Concat, PalletId, Twox64Concat,
	};
	use medchain_primitives::devices::{DeviceId, Lifecycle};
	use medchain_primitives::OrgId;
	use sp_runtime::traits::AccountIdConversion;

	/// The account that stands, after this migration, where a patient's account stood as
	/// the reporter of their own adverse event: nobody holds its key.
	pub const UNLINKED: PalletId = PalletId(*b"mc/unlnk");

	/// The pseudonym this migration gives the `index`-th patient (in order of first use) a
	/// device was used on: `migrated`, `0xff` bytes, then the index (big-endian); it says
	/// nothing of the patient. The hospital that recorded the use still knows whom it used the
	/// device on.
	pub fn migrated_pseudonym(index: u32) -> UsePseudonym {
		let mut pseudonym = [0xff; 32];
		pseudonym[..8].copy_from_slice(b"migrated");
		pseudonym[28..].copy_from_slice(&index.to_be_bytes());
		pseudonym
	}

	/// Version 0's storage that named patients.
	pub mod old {
		use super::*;

		/// Version 0's uses, by patient.
		#[storage_alias]
		pub type DevicesUsedOn<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Twox64Concat,
			DeviceId,
			DeviceUse,
		>;

		/// Version 0's index of the patients of each device.
		#[storage_alias]
		pub type PatientsOfDevice<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			DeviceId,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			(),
		>;

		/// Version 0's implants, by the patient's account.
		#[storage_alias]
		pub type ImplantedIn<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, DeviceId, <T as frame_system::Config>::AccountId>;
	}

	/// A device-trail entry as version 0 stored it: a use named the patient.
	#[derive(Encode, Decode)]
	pub enum OldDeviceEvent<AccountId> {
		/// As now.
		Registered { manufacturer: OrgId },
		/// As now.
		Lifecycle { from: Lifecycle, to: Lifecycle },
		/// As now.
		Custody { from: OrgId, to: OrgId },
		/// As now.
		Produced { order: OrderId },
		/// As now.
		RegulatorDecision { order: OrderId, approved: bool },
		/// With the patient's account.
		UsedOn { patient: AccountId, usage: PatientUse },
		/// As now.
		AdverseEventReported { event: u64 },
		/// As now.
		AfterSales { order: OrderId, kind: AfterSalesKind },
	}

	/// A device-trail link as version 0 stored it.
	type OldLink<AccountId> = TrailLink<OldDeviceEvent<AccountId>, AccountId>;

	/// What a version-0 entry becomes, and whether it named a patient.
	fn unlinked<AccountId>(old: OldDeviceEvent<AccountId>) -> (DeviceEvent, bool) {
		use OldDeviceEvent as Old;
		match old {
			Old::Registered { manufacturer } => (DeviceEvent::Registered { manufacturer }, false),
			Old::Lifecycle { from, to } => (DeviceEvent::Lifecycle { from, to }, false),
			Old::Custody { from, to } => (DeviceEvent::Custody { from, to }, false),
			Old::Produced { order } => (DeviceEvent::Produced { order }, false),
			Old::RegulatorDecision { order, approved } => {
				(DeviceEvent::RegulatorDecision { order, approved }, false)
			},
			Old::UsedOn { usage, .. } => (DeviceEvent::UsedOn { usage }, true),
			Old::AdverseEventReported { event } => {
				(DeviceEvent::AdverseEventReported { event }, false)
			},
			Old::AfterSales { order, kind } => (DeviceEvent::AfterSales { order, kind }, false),
		}
	}

	/// Moves uses to pseudonyms, rewrites and re-chains every device trail, and replaces
	/// patients as reporters; counts each reporter's reports per device.
	pub struct UnlinkPatients<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UnlinkPatients<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			let unlinked_account: T::AccountId = UNLINKED.into_account_truncating();

			// Uses: each device's patients, in order of first use, get migrated pseudonyms.
			let mut uses: BTreeMap<DeviceId, Vec<(T::AccountId, DeviceUse)>> = BTreeMap::new();
			for (patient, device, used) in old::DevicesUsedOn::<T>::drain() {
				reads += 1;
				writes += 1;
				uses.entry(device).or_default().push((patient, used));
			}
			writes += old::PatientsOfDevice::<T>::clear(u32::MAX, None).unique as u64;
			let implanted: BTreeMap<DeviceId, T::AccountId> =
				old::ImplantedIn::<T>::drain().collect();
			reads += implanted.len() as u64;
			for (device, mut patients) in uses {
				patients.sort_by_key(|(_, used)| (used.first_at, used.last_at));
				for (index, (patient, used)) in patients.into_iter().enumerate() {
					let pseudonym = migrated_pseudonym(index as u32);
					DeviceUses::<T>::insert(device, pseudonym, used);
					if implanted.get(&device) == Some(&patient) {
						ImplantedIn::<T>::insert(device, pseudonym);
						writes += 1;
					}
					writes += 1;
				}
			}

			// Reports: a patient's own names the unlinked account; every reporter's reports
			// per device are counted, up to the bound.
			let mut patient_reports: BTreeSet<(DeviceId, u64)> = BTreeSet::new();
			let mut filed: BTreeMap<(T::AccountId, DeviceId), u32> = BTreeMap::new();
			AdverseEvents::<T>::translate::<crate::AdverseEvent<T::AccountId>, _>(
				|id, mut event| {
					reads += 1;
					writes += 1;
					if event.source == ReportSource::Patient {
						event.reporter = unlinked_account.clone();
						patient_reports.insert((event.device, id));
					} else {
						*filed.entry((event.reporter.clone(), event.device)).or_default() += 1;
					}
					Some(event)
				},
			);
			for ((reporter, device), count) in filed {
				ReportsFiled::<T>::insert(
					reporter,
					device,
					count.min(T::MaxReportsPerDevice::get()),
				);
				writes += 1;
			}

			// Trails: entries lose the patient, patients' report links their signer; the
			// trails that changed are re-chained from their first link.
			for device in DeviceTrailHead::<T>::iter_keys().collect::<Vec<_>>() {
				let head = DeviceTrailHead::<T>::get(device);
				reads += 1 + head.length as u64;
				let mut links = Vec::new();
				let mut changed = false;
				for index in 0..head.length {
					let key = DeviceTrail::<T>::hashed_key_for(device, index);
					let Some(old) =
						frame_support::storage::unhashed::get::<OldLink<T::AccountId>>(&key)
					else {
						continue;
					};
					let (entry, named) = unlinked(old.entry);
					let reported_by_patient = matches!(
						entry,
						DeviceEvent::AdverseEventReported { event }
							if patient_reports.contains(&(device, event))
					);
					let by = if reported_by_patient { unlinked_account.clone() } else { old.by };
					changed |= named || reported_by_patient;
					links.push((index, entry, by, old.org, old.at));
				}
				if !changed {
					continue;
				}
				let mut prev = LinkHash::default();
				for (index, entry, by, org, at) in links {
					let hash = link_hash(&prev, &entry, &by, &org, at);
					DeviceTrail::<T>::insert(
						device,
						index,
						TrailLink { entry, by, org, at, prev, hash },
					);
					prev = hash;
					writes += 1;
				}
				DeviceTrailHead::<T>::insert(device, TrailHead { length: head.length, hash: prev });
				writes += 1;
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		/// How many uses there were before.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((old::DevicesUsedOn::<T>::iter_keys().count() as u64).encode())
		}

		/// Every use moved, no index of patients is left, the trails are intact and every
		/// implant has its use.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let uses = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
			frame_support::ensure!(
				DeviceUses::<T>::iter().count() as u64 == uses,
				"a use was lost in the move to pseudonyms"
			);
			frame_support::ensure!(
				old::DevicesUsedOn::<T>::iter_keys().next().is_none()
					&& old::PatientsOfDevice::<T>::iter_keys().next().is_none(),
				"an index of patients is left"
			);
			// Its own invariants only: later versions' are checked after their migrations.
			Pallet::<T>::try_trails()?;
			Pallet::<T>::try_uses()
		}
	}
}

/// The migration to version 1, run only on storage at version 0, which it then sets to 1.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	v1::UnlinkPatients<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The migration to version 2, run only on storage at version 1, which it then sets to 2.
pub type MigrateV1ToV2<T> =
	VersionedMigration<1, 2, v2::ScopeRecalls<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The migration to version 3, run only on storage at version 2, which it then sets to 3.
pub type MigrateV2ToV3<T> =
	VersionedMigration<2, 3, v3::ListByStatus<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
