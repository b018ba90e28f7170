//! # Device registry pallet
//!
//! Medical devices by their UDI: who made them, who holds them, where they are in their life,
//! their condition and usage, and their service log. The traceability pallet (orders,
//! adverse events, recalls of lots) builds on it.
//!
//! ## Lifecycle and who moves a device
//!
//! ```text
//! Manufactured ─release─▶ Released ─dispatch─▶ InTransit ─install─▶ Installed ─put_in_service─▶ InService
//!                                                                          InService ⇄ Maintenance
//! Installed, InService, Maintenance ─dispatch─▶ InTransit   (to another member, or back for repair)
//! any state but the final ones ─recall─▶ Recalled      any state but InTransit and the final ones ─decommission─▶ Decommissioned
//! ```
//!
//! | call | from | who |
//! | --- | --- | --- |
//! | `register_device` | — | the service staff (Admin, FieldServiceEngineer, DeviceOperator) of the manufacturer the UDI-DI belongs to |
//! | `release` | Manufactured | the manufacturer's service staff |
//! | `dispatch` | Released, Installed, InService, Maintenance | the custodian's service staff; the carrier must be a logistics firm |
//! | `install` | InTransit | the recipient's Admin or FieldServiceEngineer; the recipient becomes custodian |
//! | `put_in_service` | Installed, Maintenance | the custodian's service staff |
//! | `start_maintenance` | InService | a FieldServiceEngineer of the custodian or the manufacturer |
//! | `recall` | any but Recalled/Decommissioned | a regulator's RegulatoryOfficer |
//! | `decommission` | any but InTransit/Recalled/Decommissioned | the custodian's Admin or FieldServiceEngineer |
//! | `set_aside` | recalled on its way | the carrier's service staff: returned to the manufacturer or quarantined, it rests `Released` with its holder |
//!
//! Anything else is `InvalidTransition` (wrong state) or `NotAuthorised` (wrong role or
//! organisation). `Recalled` and `Decommissioned` are final.
//!
//! A device is also `Recalled` when a recall of its whole lot or model is in force
//! ([`Config::RecallStatus`], the traceability pallet): that is decided when the device is
//! read, so a recall of any size costs one write. Every registration, lifecycle move and
//! change of hands is reported to [`Config::OnDeviceEvent`] (the traceability pallet keeps
//! each device's trail from them, and holds back the devices of an order the regulator has
//! not approved).
//!
//! Other pallets see the registry only through [`DeviceRegistry`] (`medchain-primitives`),
//! which [`Pallet`] implements in `features/interface.rs`; its storage and `do_*` functions
//! are its own.
//!
//! The custodian's DeviceOperators and FieldServiceEngineers report usage (working hours
//! and operating cycles, which only grow) and condition; its admins name the device's
//! operators (a list shown to clinicians, cleared when the device changes hands). None of
//! this while the device is in transit: the carrier only carries it.
//! FieldServiceEngineers, DeviceOperators and Admins of the custodian or the manufacturer
//! append to the service log and open its entries; every opening is recorded
//! (`LogOpened`, `LogAccesses`). A carrier is never the log's custodian: while a device is
//! in transit only its manufacturer's staff reach the log.
//!
//! ## Who owns a UDI
//!
//! A UDI-DI starts with the company prefix its issuing agency (GS1, HIBCC, ICCBBA) gave the
//! manufacturer. Governance binds each prefix to that manufacturer (`bind_prefix`, at genesis
//! for the demo consortium); a device is registered only by the manufacturer its UDI-DI's
//! prefix is bound to, so nobody registers, squats or recalls another's devices
//! ([`issuers`] reads the agencies' shapes).
//!
//! ## Data privacy
//!
//! Device identifiers, codes, organisation ids and hashes only; documents (profiles, logs,
//! photos) stay off chain, named by CID.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod events;
mod features;
mod invariants;
pub mod issuers;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use medchain_primitives::devices::*;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::*;
use medchain_primitives::{
	codes, is_cid_v1, ConsortiumMembership, Moment, OrgId, OrganisationKind, RequestRefusal,
	SignedRequests, StaffMembership, StaffRole,
};

/// The signature a reader signs a [`LogReadRequest`] with.
pub type SignatureOf<T> = <<T as Config>::Requests as SignedRequests<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
>>::Signature;

#[frame_support::pallet_macros::import_section(events::events_and_errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Version 1 (spec 117) indexes devices by custodian ([`DevicesOfCustodian`]).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who is staff of which organisation, with which roles (the consortium pallet).
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// The chain's time.
		type Time: UnixTime;

		/// Recalls of whole lots and models: a device they cover reads as `Recalled`.
		type RecallStatus: RecallStatus;

		/// Told of every registration, lifecycle move and change of hands (and may refuse a
		/// move).
		type OnDeviceEvent: OnDeviceEvent<Self::AccountId>;

		/// Who binds UDI company prefixes to manufacturers (the consortium's governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most operators one device may have assigned.
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// Spends the signed requests with which a reader has a store serve them a log file
		/// (the access-control pallet, which keeps one sequence of nonces per reader for
		/// records and log files alike).
		type Requests: SignedRequests<Self::AccountId, BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every registered device, by id.
	#[pallet::storage]
	pub(crate) type Devices<T: Config> = StorageMap<_, Twox64Concat, DeviceId, Device, OptionQuery>;

	/// The id the next device gets.
	#[pallet::storage]
	pub(crate) type NextDeviceId<T: Config> = StorageValue<_, DeviceId, ValueQuery>;

	/// The manufacturer each UDI company prefix was issued to: only it registers (and
	/// recalls) devices under a UDI-DI carrying the prefix.
	#[pallet::storage]
	pub(crate) type IssuerPrefixes<T: Config> =
		StorageMap<_, Blake2_128Concat, CompanyPrefix, OrgId, OptionQuery>;

	/// Each device by the hash of its UDI (UDI-DI, serial, lot): a UDI is registered once.
	#[pallet::storage]
	pub(crate) type DeviceByUdi<T: Config> =
		StorageMap<_, Identity, [u8; 32], DeviceId, OptionQuery>;

	/// The devices of each lot, by the hash of (UDI-DI, lot): what a lot recall reaches.
	#[pallet::storage]
	pub(crate) type DevicesOfLot<T: Config> =
		StorageDoubleMap<_, Identity, [u8; 32], Twox64Concat, DeviceId, (), OptionQuery>;

	/// The devices of each model, by the hash of its UDI-DI: what a model recall reaches.
	#[pallet::storage]
	pub(crate) type DevicesOfModel<T: Config> =
		StorageDoubleMap<_, Identity, [u8; 32], Twox64Concat, DeviceId, (), OptionQuery>;

	/// The devices each organisation holds now, by custodian: what a hospital's device list
	/// and a FHIR `Device?organization=` search page through.
	#[pallet::storage]
	pub(crate) type DevicesOfCustodian<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, DeviceId, (), OptionQuery>;

	/// The custodian's staff assigned to operate each device.
	#[pallet::storage]
	pub(crate) type Operators<T: Config> = StorageMap<
		_,
		Twox64Concat,
		DeviceId,
		BoundedVec<T::AccountId, T::MaxOperators>,
		ValueQuery,
	>;

	/// Each device's service log, numbered from 0.
	#[pallet::storage]
	pub(crate) type ServiceLog<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DeviceId,
		Twox64Concat,
		u32,
		LogEntry<T::AccountId>,
		OptionQuery,
	>;

	/// How many entries each device's service log has.
	#[pallet::storage]
	pub(crate) type ServiceLogLength<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, u32, ValueQuery>;

	/// Every opening of a device's log entries, numbered from 0: (reader, entry, time).
	#[pallet::storage]
	pub(crate) type LogAccesses<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DeviceId,
		Twox64Concat,
		u32,
		(T::AccountId, u32, Moment),
		OptionQuery,
	>;

	/// How many openings each device's log has had.
	#[pallet::storage]
	pub(crate) type LogAccessCount<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// UDI company prefixes bound at genesis: the agency, the prefix as printed, and the
		/// genesis manufacturer it was issued to.
		pub issuer_prefixes: alloc::vec::Vec<(IssuingAgency, alloc::string::String, OrgId)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (agency, code, manufacturer) in &self.issuer_prefixes {
				let code =
					code.as_bytes().to_vec().try_into().expect("a prefix has 12 bytes at most");
				let prefix = CompanyPrefix { agency: *agency, code };
				Pallet::<T>::do_bind_prefix(prefix, *manufacturer).expect(
					"genesis prefixes must be well formed, distinct, of genesis manufacturers",
				);
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			medchain_primitives::weights::assert_calls_fit_a_block::<T>(
				"device_registry",
				&[
					("register_device", T::WeightInfo::register_device()),
					("a lifecycle transition", T::WeightInfo::transition()),
					("report", T::WeightInfo::report()),
					("assign_operators", T::WeightInfo::assign_operators(T::MaxOperators::get())),
					("append_log", T::WeightInfo::append_log()),
					("open_log_for", T::WeightInfo::open_log_for()),
					("bind_prefix", T::WeightInfo::bind_prefix()),
					("unbind_prefix", T::WeightInfo::unbind_prefix()),
					("set_aside", T::WeightInfo::set_aside()),
				],
			);
			medchain_primitives::weights::assert_calls_fit_block_length::<T>(
				"device_registry",
				&[
					("register_device", <(Udi, DeviceProfile)>::max_encoded_len()),
					(
						"assign_operators",
						<(DeviceId, BoundedVec<T::AccountId, T::MaxOperators>)>::max_encoded_len(),
					),
					("append_log", <(DeviceId, LogKind, Cid, DocumentHash)>::max_encoded_len()),
					(
						"open_log_for",
						<(T::AccountId, LogReadRequest<BlockNumberFor<T>>)>::max_encoded_len()
							// A signature is at most 65 bytes (ECDSA) plus its variant.
							.saturating_add(66),
					),
				],
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a device by its UDI, with its profile. The manufacturer is its first
		/// custodian; it starts `Manufactured`.
		///
		/// Origin: a manufacturer's Admin, FieldServiceEngineer or DeviceOperator, of the
		/// manufacturer the UDI-DI's company prefix is bound to. The UDI needs a serial or a
		/// lot and must be new. Emits `DeviceRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_device())]
		pub fn register_device(
			origin: OriginFor<T>,
			udi: Udi,
			profile: DeviceProfile,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_register(who, staff, udi, profile)
		}

		/// Release a manufactured device for distribution.
		///
		/// Origin: the manufacturer's service staff. Emits `LifecycleChanged`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transition())]
		pub fn release(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_transition(who, staff, device, Lifecycle::Released)
		}

		/// Hand a device to a carrier for `recipient`: a released device on its first
		/// journey, or an installed / in-service / maintained one moving to another member or
		/// back to its manufacturer.
		///
		/// Origin: the custodian's service staff. `carrier` must be an active logistics firm
		/// and `recipient` an active member. Emits `LifecycleChanged` and `CustodyChanged`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::transition())]
		pub fn dispatch(
			origin: OriginFor<T>,
			device: DeviceId,
			carrier: OrgId,
			recipient: OrgId,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_dispatch(who, staff, device, carrier, recipient)
		}

		/// Install a device that arrived: its recipient becomes its custodian.
		///
		/// Origin: the recipient's Admin or FieldServiceEngineer. Emits `LifecycleChanged`
		/// and `CustodyChanged`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::transition())]
		pub fn install(
			origin: OriginFor<T>,
			device: DeviceId,
			location: Option<LocationCode>,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_install(who, staff, device, location)
		}

		/// Put an installed (or maintained) device in service.
		///
		/// Origin: the custodian's service staff. Emits `LifecycleChanged`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::transition())]
		pub fn put_in_service(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_transition(who, staff, device, Lifecycle::InService)
		}

		/// Take a device out of service for maintenance.
		///
		/// Origin: a FieldServiceEngineer of the custodian or the manufacturer. Emits
		/// `LifecycleChanged`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::transition())]
		pub fn start_maintenance(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_transition(who, staff, device, Lifecycle::Maintenance)
		}

		/// Recall a device: out of use for good.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `LifecycleChanged`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::transition())]
		pub fn recall(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_transition(who, staff, device, Lifecycle::Recalled)
		}

		/// Decommission a device: out of use for good.
		///
		/// Origin: the custodian's Admin or FieldServiceEngineer. Emits `LifecycleChanged`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::transition())]
		pub fn decommission(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_transition(who, staff, device, Lifecycle::Decommissioned)
		}

		/// Report a device's condition (FHIR status, availability, status reason, operating
		/// mode) and, optionally, its new location.
		///
		/// Origin: the custodian's service staff. Emits `ConditionReported`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::report())]
		pub fn report_condition(
			origin: OriginFor<T>,
			device: DeviceId,
			condition: Condition,
			location: Option<LocationCode>,
		) -> DispatchResult {
			let (_, staff) = Self::ensure_staff(origin)?;
			Self::do_report_condition(staff, device, condition, location)
		}

		/// Report a device's usage counters, which only grow.
		///
		/// Origin: the custodian's DeviceOperator or FieldServiceEngineer. Emits
		/// `UsageReported`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::report())]
		pub fn report_usage(
			origin: OriginFor<T>,
			device: DeviceId,
			working_hours: u32,
			operating_cycles: u32,
		) -> DispatchResult {
			let (_, staff) = Self::ensure_staff(origin)?;
			Self::do_report_usage(staff, device, working_hours, operating_cycles)
		}

		/// Assign a device's operators (replacing the previous list).
		///
		/// Origin: the custodian's Admin. Every operator must be the custodian's active
		/// DeviceOperator. Emits `OperatorsAssigned`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::assign_operators(operators.len() as u32))]
		pub fn assign_operators(
			origin: OriginFor<T>,
			device: DeviceId,
			operators: BoundedVec<T::AccountId, T::MaxOperators>,
		) -> DispatchResult {
			let (_, staff) = Self::ensure_staff(origin)?;
			Self::do_assign_operators(staff, device, operators)
		}

		/// Add an entry to a device's service log: a document kept off chain, by CID and hash.
		///
		/// Origin: an Admin, FieldServiceEngineer or DeviceOperator of the custodian or the
		/// manufacturer. Emits `LogAppended`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::append_log())]
		pub fn append_log(
			origin: OriginFor<T>,
			device: DeviceId,
			kind: LogKind,
			cid: Cid,
			hash: DocumentHash,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_append_log(who, staff, device, kind, cid, hash)
		}

		/// Record that you opened a service-log entry (the audit of log access).
		///
		/// Origin: as for `append_log`. Emits `LogOpened`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::append_log())]
		pub fn open_log(origin: OriginFor<T>, device: DeviceId, entry: u32) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_open_log(who, staff, device, entry)
		}

		/// Record, for `reader`, that your store served them a service-log file they asked
		/// for: the same checks and entry as `open_log`, and the reader's signature over
		/// `request` ([`LogReadRequest`]), raw or wrapped in `<Bytes>…</Bytes>` as browser
		/// extensions sign, proves they asked.
		///
		/// Origin: a RecordStore account of the organisation whose staff added the entry (its
		/// store keeps the file). `request` must name the entry and this store, be valid now
		/// and for at most the access-control pallet's `MaxReadRequestAge` blocks, and carry a
		/// nonce larger than any of the reader's already audited (records' included). Emits
		/// `LogOpened`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::open_log_for())]
		pub fn open_log_for(
			origin: OriginFor<T>,
			reader: T::AccountId,
			request: LogReadRequest<BlockNumberFor<T>>,
			signature: SignatureOf<T>,
		) -> DispatchResult {
			let (_, staff) = Self::ensure_staff(origin)?;
			Self::do_open_log_for(staff, reader, request, signature)
		}

		/// Bind a UDI company prefix to the manufacturer its agency issued it to: from now on
		/// only that manufacturer registers devices under UDI-DIs carrying it. Where GS1
		/// prefixes nest, the longest bound one decides.
		///
		/// Origin: governance. Emits `PrefixBound`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::bind_prefix())]
		pub fn bind_prefix(
			origin: OriginFor<T>,
			prefix: CompanyPrefix,
			manufacturer: OrgId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_bind_prefix(prefix, manufacturer)
		}

		/// Unbind a UDI company prefix (its agency withdrew or transferred it): devices
		/// registered under it keep their manufacturer; new ones wait for a new binding.
		///
		/// Origin: governance. Emits `PrefixUnbound`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::unbind_prefix())]
		pub fn unbind_prefix(origin: OriginFor<T>, prefix: CompanyPrefix) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_unbind_prefix(prefix)
		}

		/// Set aside a device recalled on its way: return it to its manufacturer, who holds
		/// it from now on, or keep it in quarantine. Either way it is no longer on its way
		/// (its order delivers the rest) and rests `Released` with its holder, reading
		/// `Recalled` while the recall is in force.
		///
		/// Origin: the carrier's service staff. Emits `SetAside` (and `CustodyChanged` on a
		/// return).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::set_aside())]
		pub fn set_aside(
			origin: OriginFor<T>,
			device: DeviceId,
			disposition: Disposition,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_set_aside(who, staff, device, disposition)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The id the next registered device gets (ids are given in order, never reused).
	pub fn next_device_id() -> DeviceId {
		NextDeviceId::<T>::get()
	}

	/// The device registered with this UDI, if any.
	pub fn device_by_udi(udi: &Udi) -> Option<DeviceId> {
		DeviceByUdi::<T>::get(udi_key(udi))
	}

	/// Up to `limit` devices of a lot with ids after `start_after`, in id order.
	pub fn devices_of_lot(
		di: &UdiDi,
		lot: &ProductionId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> alloc::vec::Vec<DeviceId> {
		let mut ids: alloc::vec::Vec<DeviceId> =
			DevicesOfLot::<T>::iter_key_prefix(lot_key(di, lot))
				.filter(|id| start_after.is_none_or(|after| *id > after))
				.collect();
		ids.sort();
		ids.truncate(limit as usize);
		ids
	}

	/// Up to `limit` devices `custodian` holds now, after the id `start_after`, as they stand
	/// (in the index's order, which is not the ids').
	pub fn devices_of_custodian(
		custodian: OrgId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> alloc::vec::Vec<(DeviceId, Device)> {
		let ids = match start_after {
			Some(after) => DevicesOfCustodian::<T>::iter_key_prefix_from(
				custodian,
				DevicesOfCustodian::<T>::hashed_key_for(custodian, after),
			),
			None => DevicesOfCustodian::<T>::iter_key_prefix(custodian),
		};
		ids.take(limit as usize)
			.filter_map(|id| Self::current(id).map(|device| (id, device)))
			.collect()
	}

	/// Up to `limit` entries of a device's service log from index `start`.
	pub fn service_log(
		device: DeviceId,
		start: u32,
		limit: u32,
	) -> alloc::vec::Vec<(u32, LogEntry<T::AccountId>)> {
		let end = ServiceLogLength::<T>::get(device).min(start.saturating_add(limit));
		(start..end).filter_map(|i| ServiceLog::<T>::get(device, i).map(|e| (i, e))).collect()
	}

	/// Whether `who` may open `device`'s service log now (what `open_log` checks).
	pub fn may_open_log(who: &T::AccountId, device: DeviceId) -> bool {
		match (T::Membership::active_staff(who), Devices::<T>::get(device)) {
			(Some(staff), Some(device)) => Self::services(&staff, &device),
			_ => false,
		}
	}

	fn now() -> Moment {
		medchain_primitives::now_millis::<T::Time>()
	}

	/// The signer and its standing as active staff, or [`Error::NotAuthorised`].
	fn ensure_staff(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, StaffMembership), DispatchError> {
		T::Membership::ensure_staff(origin, Error::<T>::NotAuthorised)
	}

	/// A device as it stands: `Recalled` if a recall of its lot or model is in force.
	pub fn current(device: DeviceId) -> Option<Device> {
		Devices::<T>::get(device).map(|mut device| {
			if !device.lifecycle.is_final() && Self::under_recall(&device) {
				device.lifecycle = Lifecycle::Recalled;
			}
			device
		})
	}

	/// Whether a recall in force covers this device (by its UDI's lot, or its model and
	/// when it was registered).
	pub fn under_recall(device: &Device) -> bool {
		let (model, lot) = recall_keys(&device.udi);
		T::RecallStatus::covers(&model, lot.as_ref(), device.registered_at)
	}

	fn device(device: DeviceId) -> Result<Device, Error<T>> {
		Self::current(device).ok_or(Error::<T>::DeviceNotFound)
	}

	/// `InvalidLocation` unless `location` is absent or a GLN (`medchain_primitives::codes`):
	/// a location code must not name a person.
	pub fn ensure_location(location: &Option<LocationCode>) -> Result<(), Error<T>> {
		ensure!(
			location.as_ref().is_none_or(|code| codes::is_location(code)),
			Error::<T>::InvalidLocation
		);
		Ok(())
	}
}
