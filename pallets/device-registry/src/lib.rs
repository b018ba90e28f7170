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
//! | `register_device` | — | a manufacturer's service staff (Admin, FieldServiceEngineer, DeviceOperator) |
//! | `release` | Manufactured | the manufacturer's service staff |
//! | `dispatch` | Released, Installed, InService, Maintenance | the custodian's service staff; the carrier must be a logistics firm |
//! | `install` | InTransit | the recipient's Admin or FieldServiceEngineer; the recipient becomes custodian |
//! | `put_in_service` | Installed, Maintenance | the custodian's service staff |
//! | `start_maintenance` | InService | a FieldServiceEngineer of the custodian or the manufacturer |
//! | `recall` | any but Recalled/Decommissioned | a regulator's RegulatoryOfficer |
//! | `decommission` | any but InTransit/Recalled/Decommissioned | the custodian's Admin or FieldServiceEngineer |
//!
//! Anything else is `InvalidTransition` (wrong state) or `NotAuthorised` (wrong role or
//! organisation). `Recalled` and `Decommissioned` are final.
//!
//! A device is also `Recalled` when a recall of its whole lot or model is in force
//! ([`Config::Recalls`], the traceability pallet): that is decided when the device is read,
//! so a recall of any size costs one write. Every registration, lifecycle move and change
//! of hands is reported to [`Config::Hooks`] (the traceability pallet keeps each device's
//! trail from them, and holds back the devices of an order the regulator has not approved).
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
//! ## Data privacy
//!
//! Device identifiers, codes, organisation ids and hashes only; documents (profiles, logs,
//! photos) stay off chain, named by CID.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::*;
use medchain_primitives::{
	is_cid_v1, ConsortiumMembership, Moment, OrgId, OrganisationKind, StaffMembership, StaffRole,
};
use sp_runtime::traits::{BlakeTwo256, Hash};

/// What another pallet learns from (and may veto in) the registry: every change a device
/// goes through. The traceability pallet keeps each device's trail from these.
pub trait DeviceHooks<AccountId> {
	/// A manufacturer's staff `by` registered `device`.
	fn registered(device: DeviceId, manufacturer: OrgId, by: &AccountId);
	/// `device` is about to move from `from` to `to`, by `by` of `org`: an error refuses it.
	fn lifecycle_changing(
		device: DeviceId,
		from: Lifecycle,
		to: Lifecycle,
		by: &AccountId,
		org: OrgId,
	) -> DispatchResult;
	/// `device` passed from organisation `from` to `to`, by `by` of `org`.
	fn custody_changed(device: DeviceId, from: OrgId, to: OrgId, by: &AccountId, org: OrgId);
}

impl<AccountId> DeviceHooks<AccountId> for () {
	fn registered(_: DeviceId, _: OrgId, _: &AccountId) {}
	fn lifecycle_changing(
		_: DeviceId,
		_: Lifecycle,
		_: Lifecycle,
		_: &AccountId,
		_: OrgId,
	) -> DispatchResult {
		Ok(())
	}
	fn custody_changed(_: DeviceId, _: OrgId, _: OrgId, _: &AccountId, _: OrgId) {}
}

/// Recalls of whole lots or models, kept elsewhere (the traceability pallet).
pub trait LotRecalls {
	/// Whether a recall in force covers the model with this key or, if given, this lot.
	fn covers(model_key: &[u8; 32], lot_key: Option<&[u8; 32]>) -> bool;
}

impl LotRecalls for () {
	fn covers(_: &[u8; 32], _: Option<&[u8; 32]>) -> bool {
		false
	}
}

/// Roles that service a device: they append to and open its log.
pub const SERVICE_ROLES: [StaffRole; 3] =
	[StaffRole::Admin, StaffRole::FieldServiceEngineer, StaffRole::DeviceOperator];

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Who is staff of which organisation, with which roles (the consortium pallet).
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// The chain's time.
		type Time: UnixTime;

		/// Recalls of whole lots and models: a device they cover reads as `Recalled`.
		type Recalls: LotRecalls;

		/// Told of every registration, lifecycle move and change of hands.
		type Hooks: DeviceHooks<Self::AccountId>;

		/// The most operators one device may have assigned.
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every registered device, by id.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Twox64Concat, DeviceId, Device, OptionQuery>;

	/// The id the next device gets.
	#[pallet::storage]
	pub type NextDeviceId<T: Config> = StorageValue<_, DeviceId, ValueQuery>;

	/// Each device by the hash of its UDI (UDI-DI, serial, lot): a UDI is registered once.
	#[pallet::storage]
	pub type DeviceByUdi<T: Config> = StorageMap<_, Identity, [u8; 32], DeviceId, OptionQuery>;

	/// The devices of each lot, by the hash of (UDI-DI, lot): what a lot recall reaches.
	#[pallet::storage]
	pub type DevicesOfLot<T: Config> =
		StorageDoubleMap<_, Identity, [u8; 32], Twox64Concat, DeviceId, (), OptionQuery>;

	/// The devices of each model, by the hash of its UDI-DI: what a model recall reaches.
	#[pallet::storage]
	pub type DevicesOfModel<T: Config> =
		StorageDoubleMap<_, Identity, [u8; 32], Twox64Concat, DeviceId, (), OptionQuery>;

	/// The custodian's staff assigned to operate each device.
	#[pallet::storage]
	pub type Operators<T: Config> = StorageMap<
		_,
		Twox64Concat,
		DeviceId,
		BoundedVec<T::AccountId, T::MaxOperators>,
		ValueQuery,
	>;

	/// Each device's service log, numbered from 0.
	#[pallet::storage]
	pub type ServiceLog<T: Config> = StorageDoubleMap<
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
	pub type ServiceLogLength<T: Config> = StorageMap<_, Twox64Concat, DeviceId, u32, ValueQuery>;

	/// Every opening of a device's log entries, numbered from 0: (reader, entry, time).
	#[pallet::storage]
	pub type LogAccesses<T: Config> = StorageDoubleMap<
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
	pub type LogAccessCount<T: Config> = StorageMap<_, Twox64Concat, DeviceId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A manufacturer registered a device.
		DeviceRegistered {
			/// The device's id.
			device: DeviceId,
			/// The manufacturer.
			manufacturer: OrgId,
			/// Who registered it.
			by: T::AccountId,
		},
		/// A device moved in its lifecycle.
		LifecycleChanged {
			/// The device.
			device: DeviceId,
			/// Its previous state.
			from: Lifecycle,
			/// Its state now.
			to: Lifecycle,
			/// Who moved it.
			by: T::AccountId,
		},
		/// A device changed hands.
		CustodyChanged {
			/// The device.
			device: DeviceId,
			/// The previous custodian.
			from: OrgId,
			/// The custodian now.
			to: OrgId,
		},
		/// The custodian reported a device's condition.
		ConditionReported {
			/// The device.
			device: DeviceId,
			/// The condition.
			condition: Condition,
		},
		/// The custodian reported a device's usage.
		UsageReported {
			/// The device.
			device: DeviceId,
			/// Working hours so far.
			working_hours: u32,
			/// Operating cycles so far.
			operating_cycles: u32,
		},
		/// The custodian's admin assigned a device's operators.
		OperatorsAssigned {
			/// The device.
			device: DeviceId,
			/// How many operators it has now.
			count: u32,
		},
		/// An entry was added to a device's service log.
		LogAppended {
			/// The device.
			device: DeviceId,
			/// The entry's index.
			entry: u32,
			/// What it is.
			kind: LogKind,
		},
		/// A service-log entry was opened (the audit of log access).
		LogOpened {
			/// The device.
			device: DeviceId,
			/// The entry.
			entry: u32,
			/// Who opened it.
			reader: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No device has this id.
		DeviceNotFound,
		/// A device with this UDI is already registered.
		DuplicateUdi,
		/// The UDI has an empty device identifier.
		InvalidUdi,
		/// The UDI has neither a serial nor a lot number.
		MissingProductionId,
		/// The CID is not a CIDv1 in base32 string form.
		InvalidCid,
		/// The caller's role or organisation may not do this to this device.
		NotAuthorised,
		/// The device's lifecycle state does not allow this.
		InvalidTransition,
		/// The carrier is not an active logistics firm.
		NotACarrier,
		/// The organisation is not an active member.
		UnknownOrganisation,
		/// Working hours or operating cycles may only grow.
		CounterDecreased,
		/// An assigned operator is not the custodian's active DeviceOperator.
		NotAnOperator,
		/// The same operator is listed twice.
		DuplicateOperator,
		/// The service log has no such entry.
		LogEntryNotFound,
		/// The device is in transit: only its delivery may change it.
		InTransit,
		/// An id counter is exhausted.
		IdsExhausted,
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
		/// Origin: a manufacturer's Admin, FieldServiceEngineer or DeviceOperator. The UDI
		/// needs a serial or a lot and must be new. Emits `DeviceRegistered`.
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
	}
}

impl<T: Config> Pallet<T> {
	/// The device registered with this UDI, if any.
	pub fn device_by_udi(udi: &Udi) -> Option<DeviceId> {
		DeviceByUdi::<T>::get(Self::udi_key(udi))
	}

	/// Up to `limit` devices of a lot with ids after `start_after`, in id order.
	pub fn devices_of_lot(
		di: &UdiDi,
		lot: &ProductionId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> alloc::vec::Vec<DeviceId> {
		let mut ids: alloc::vec::Vec<DeviceId> =
			DevicesOfLot::<T>::iter_key_prefix(Self::lot_key(di, lot))
				.filter(|id| start_after.is_none_or(|after| *id > after))
				.collect();
		ids.sort();
		ids.truncate(limit as usize);
		ids
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

	fn now() -> Moment {
		medchain_primitives::now_millis::<T::Time>()
	}

	fn ensure_staff(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, StaffMembership), DispatchError> {
		let who = ensure_signed(origin)?;
		let staff = T::Membership::active_staff(&who).ok_or(Error::<T>::NotAuthorised)?;
		Ok((who, staff))
	}

	/// A device as it stands: `Recalled` if a recall of its lot or model is in force.
	pub fn current(device: DeviceId) -> Option<Device> {
		Devices::<T>::get(device).map(|mut device| {
			if !device.lifecycle.is_final() && Self::under_recall(&device.udi) {
				device.lifecycle = Lifecycle::Recalled;
			}
			device
		})
	}

	/// Whether a recall in force covers this UDI's model or lot.
	pub fn under_recall(udi: &Udi) -> bool {
		let (model, lot) = Self::recall_keys(udi);
		T::Recalls::covers(&model, lot.as_ref())
	}

	/// The keys recalls of this UDI's model and (if it has one) lot are kept under.
	pub fn recall_keys(udi: &Udi) -> ([u8; 32], Option<[u8; 32]>) {
		(Self::model_key(&udi.di), udi.lot.as_ref().map(|lot| Self::lot_key(&udi.di, lot)))
	}

	fn device(device: DeviceId) -> Result<Device, Error<T>> {
		Self::current(device).ok_or(Error::<T>::DeviceNotFound)
	}

	/// The key of a UDI in [`DeviceByUdi`].
	pub fn udi_key(udi: &Udi) -> [u8; 32] {
		BlakeTwo256::hash_of(&(&udi.di, &udi.serial, &udi.lot)).into()
	}

	/// The key of a model in [`DevicesOfModel`].
	pub fn model_key(di: &UdiDi) -> [u8; 32] {
		BlakeTwo256::hash_of(di).into()
	}

	/// The key of a lot in [`DevicesOfLot`].
	pub fn lot_key(di: &UdiDi, lot: &ProductionId) -> [u8; 32] {
		BlakeTwo256::hash_of(&(di, lot)).into()
	}

	/// Whether `staff` holds any of `roles` at `org`.
	pub fn acts_for(staff: &StaffMembership, org: OrgId, roles: &[StaffRole]) -> bool {
		staff.org == org && roles.iter().any(|role| staff.has_role(*role))
	}

	/// Whether the lifecycle allows `from` → `to`.
	pub fn allowed(from: Lifecycle, to: Lifecycle) -> bool {
		use Lifecycle::*;
		match (from, to) {
			(Manufactured, Released)
			| (Released | Installed | InService | Maintenance, InTransit)
			| (InTransit, Installed)
			| (Installed | Maintenance, InService)
			| (InService, Maintenance) => true,
			// A carrier holds a device only to deliver it: it cannot retire it on the way.
			(InTransit, Decommissioned) => false,
			(from, Recalled | Decommissioned) => !from.is_final(),
			_ => false,
		}
	}

	/// Whether `staff` may move `device` to `to` (the role half of the lifecycle table).
	fn may_move(staff: &StaffMembership, device: &Device, to: Lifecycle) -> bool {
		use StaffRole::*;
		match to {
			Lifecycle::Released => Self::acts_for(staff, device.manufacturer, &SERVICE_ROLES),
			Lifecycle::InTransit | Lifecycle::InService => {
				Self::acts_for(staff, device.custodian, &SERVICE_ROLES)
			},
			Lifecycle::Installed => device
				.recipient
				.is_some_and(|r| Self::acts_for(staff, r, &[Admin, FieldServiceEngineer])),
			Lifecycle::Maintenance => {
				Self::acts_for(staff, device.custodian, &[FieldServiceEngineer])
					|| Self::acts_for(staff, device.manufacturer, &[FieldServiceEngineer])
			},
			Lifecycle::Recalled => {
				staff.kind == OrganisationKind::Regulator && staff.has_role(RegulatoryOfficer)
			},
			Lifecycle::Decommissioned => {
				Self::acts_for(staff, device.custodian, &[Admin, FieldServiceEngineer])
			},
			Lifecycle::Manufactured => false,
		}
	}

	/// Checks the role and the state, then moves `device` to `to`; returns it, moved, for
	/// the caller to store.
	fn checked_move(
		who: &T::AccountId,
		staff: &StaffMembership,
		id: DeviceId,
		to: Lifecycle,
	) -> Result<Device, DispatchError> {
		let mut device = Self::device(id)?;
		ensure!(Self::may_move(staff, &device, to), Error::<T>::NotAuthorised);
		ensure!(Self::allowed(device.lifecycle, to), Error::<T>::InvalidTransition);
		let from = device.lifecycle;
		T::Hooks::lifecycle_changing(id, from, to, who, staff.org)?;
		device.lifecycle = to;
		Self::deposit_event(Event::LifecycleChanged { device: id, from, to, by: who.clone() });
		Ok(device)
	}

	/// Move `device` to `to` for `who` (of `staff`), checking role and state as the calls do.
	pub fn do_transition(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		to: Lifecycle,
	) -> DispatchResult {
		let device = Self::checked_move(&who, &staff, id, to)?;
		Devices::<T>::insert(id, device);
		Ok(())
	}

	fn do_register(
		who: T::AccountId,
		staff: StaffMembership,
		udi: Udi,
		profile: DeviceProfile,
	) -> DispatchResult {
		ensure!(
			staff.kind == OrganisationKind::Manufacturer
				&& SERVICE_ROLES.iter().any(|r| staff.has_role(*r)),
			Error::<T>::NotAuthorised
		);
		ensure!(!udi.di.is_empty(), Error::<T>::InvalidUdi);
		ensure!(udi.serial.is_some() || udi.lot.is_some(), Error::<T>::MissingProductionId);
		ensure!(is_cid_v1(&profile.profile_cid), Error::<T>::InvalidCid);
		let key = Self::udi_key(&udi);
		ensure!(!DeviceByUdi::<T>::contains_key(key), Error::<T>::DuplicateUdi);
		let id = NextDeviceId::<T>::get();
		NextDeviceId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		DeviceByUdi::<T>::insert(key, id);
		if let Some(lot) = &udi.lot {
			DevicesOfLot::<T>::insert(Self::lot_key(&udi.di, lot), id, ());
		}
		DevicesOfModel::<T>::insert(Self::model_key(&udi.di), id, ());
		Devices::<T>::insert(
			id,
			Device {
				udi,
				profile,
				manufacturer: staff.org,
				custodian: staff.org,
				recipient: None,
				location: None,
				lifecycle: Lifecycle::Manufactured,
				condition: Condition {
					status: RecordStatus::Active,
					availability: Availability::Available,
					reason: StatusReason::Offline,
					mode: OperatingMode::Normal,
				},
				working_hours: 0,
				operating_cycles: 0,
				registered_at: Self::now(),
			},
		);
		T::Hooks::registered(id, staff.org, &who);
		Self::deposit_event(Event::DeviceRegistered {
			device: id,
			manufacturer: staff.org,
			by: who,
		});
		Ok(())
	}

	/// Hand `device` to `carrier` for `recipient`, checking as `dispatch` does.
	pub fn do_dispatch(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		carrier: OrgId,
		recipient: OrgId,
	) -> DispatchResult {
		let mut device = Self::checked_move(&who, &staff, id, Lifecycle::InTransit)?;
		ensure!(
			T::Membership::active_organisation(carrier) == Some(OrganisationKind::Logistics),
			Error::<T>::NotACarrier
		);
		ensure!(
			T::Membership::active_organisation(recipient).is_some(),
			Error::<T>::UnknownOrganisation
		);
		let from = device.custodian;
		device.custodian = carrier;
		device.recipient = Some(recipient);
		device.location = None;
		Devices::<T>::insert(id, device);
		Operators::<T>::remove(id);
		T::Hooks::custody_changed(id, from, carrier, &who, staff.org);
		Self::deposit_event(Event::CustodyChanged { device: id, from, to: carrier });
		Ok(())
	}

	/// Install an arrived `device` at its recipient, checking as `install` does.
	pub fn do_install(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		location: Option<LocationCode>,
	) -> DispatchResult {
		let mut device = Self::checked_move(&who, &staff, id, Lifecycle::Installed)?;
		let from = device.custodian;
		// `may_move` checked the caller acts for the recipient, so there is one.
		let to = device.recipient.take().unwrap_or(staff.org);
		device.custodian = to;
		device.location = location;
		Devices::<T>::insert(id, device);
		T::Hooks::custody_changed(id, from, to, &who, staff.org);
		Self::deposit_event(Event::CustodyChanged { device: id, from, to });
		Ok(())
	}

	fn do_report_condition(
		staff: StaffMembership,
		id: DeviceId,
		condition: Condition,
		location: Option<LocationCode>,
	) -> DispatchResult {
		let mut device = Self::device(id)?;
		ensure!(device.lifecycle != Lifecycle::InTransit, Error::<T>::InTransit);
		ensure!(
			Self::acts_for(&staff, device.custodian, &SERVICE_ROLES),
			Error::<T>::NotAuthorised
		);
		device.condition = condition;
		if location.is_some() {
			device.location = location;
		}
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::ConditionReported { device: id, condition });
		Ok(())
	}

	fn do_report_usage(
		staff: StaffMembership,
		id: DeviceId,
		working_hours: u32,
		operating_cycles: u32,
	) -> DispatchResult {
		let mut device = Self::device(id)?;
		ensure!(device.lifecycle != Lifecycle::InTransit, Error::<T>::InTransit);
		ensure!(
			Self::acts_for(
				&staff,
				device.custodian,
				&[StaffRole::DeviceOperator, StaffRole::FieldServiceEngineer]
			),
			Error::<T>::NotAuthorised
		);
		ensure!(
			working_hours >= device.working_hours && operating_cycles >= device.operating_cycles,
			Error::<T>::CounterDecreased
		);
		device.working_hours = working_hours;
		device.operating_cycles = operating_cycles;
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::UsageReported { device: id, working_hours, operating_cycles });
		Ok(())
	}

	fn do_assign_operators(
		staff: StaffMembership,
		id: DeviceId,
		operators: BoundedVec<T::AccountId, T::MaxOperators>,
	) -> DispatchResult {
		let device = Self::device(id)?;
		ensure!(device.lifecycle != Lifecycle::InTransit, Error::<T>::InTransit);
		ensure!(
			Self::acts_for(&staff, device.custodian, &[StaffRole::Admin]),
			Error::<T>::NotAuthorised
		);
		for (i, operator) in operators.iter().enumerate() {
			ensure!(
				T::Membership::has_role(operator, device.custodian, StaffRole::DeviceOperator),
				Error::<T>::NotAnOperator
			);
			ensure!(!operators[..i].contains(operator), Error::<T>::DuplicateOperator);
		}
		let count = operators.len() as u32;
		Operators::<T>::insert(id, operators);
		Self::deposit_event(Event::OperatorsAssigned { device: id, count });
		Ok(())
	}

	/// Whether `staff` may append to and open `device`'s service log: the manufacturer's
	/// service staff, and the custodian's unless the custodian is a carrier on the way.
	fn services(staff: &StaffMembership, device: &Device) -> bool {
		(device.lifecycle != Lifecycle::InTransit
			&& device.recipient.is_none()
			&& Self::acts_for(staff, device.custodian, &SERVICE_ROLES))
			|| Self::acts_for(staff, device.manufacturer, &SERVICE_ROLES)
	}

	fn do_append_log(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		kind: LogKind,
		cid: Cid,
		hash: DocumentHash,
	) -> DispatchResult {
		let device = Self::device(id)?;
		ensure!(Self::services(&staff, &device), Error::<T>::NotAuthorised);
		ensure!(is_cid_v1(&cid), Error::<T>::InvalidCid);
		let entry = ServiceLogLength::<T>::get(id);
		ServiceLogLength::<T>::insert(id, entry.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		ServiceLog::<T>::insert(
			id,
			entry,
			LogEntry { kind, cid, hash, author: who, org: staff.org, at: Self::now() },
		);
		Self::deposit_event(Event::LogAppended { device: id, entry, kind });
		Ok(())
	}

	fn do_open_log(
		who: T::AccountId,
		staff: StaffMembership,
		id: DeviceId,
		entry: u32,
	) -> DispatchResult {
		let device = Self::device(id)?;
		ensure!(Self::services(&staff, &device), Error::<T>::NotAuthorised);
		ensure!(ServiceLog::<T>::contains_key(id, entry), Error::<T>::LogEntryNotFound);
		let index = LogAccessCount::<T>::get(id);
		LogAccessCount::<T>::insert(id, index.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		LogAccesses::<T>::insert(id, index, (who.clone(), entry, Self::now()));
		Self::deposit_event(Event::LogOpened { device: id, entry, reader: who });
		Ok(())
	}
}

/// Invariants (`try_state`): every device is indexed under its UDI, lot and model, and every
/// index entry names a device that has that UDI, lot or model; a device in transit has a
/// recipient, and only a device in transit (or recalled on its way) has one; no id is at or
/// past the next one.
#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextDeviceId::<T>::get();
		let mut count = 0usize;
		for (id, device) in Devices::<T>::iter() {
			count += 1;
			ensure!(id < next, "a device id is not below the next id");
			ensure!(
				DeviceByUdi::<T>::get(Self::udi_key(&device.udi)) == Some(id),
				"a device is not indexed under its UDI"
			);
			ensure!(
				DevicesOfModel::<T>::contains_key(Self::model_key(&device.udi.di), id),
				"a device is not indexed under its model"
			);
			if let Some(lot) = &device.udi.lot {
				ensure!(
					DevicesOfLot::<T>::contains_key(Self::lot_key(&device.udi.di, lot), id),
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
				Devices::<T>::get(id).is_some_and(|d| Self::udi_key(&d.udi) == key),
				"a UDI index entry names another device"
			);
		}
		for (key, id, ()) in DevicesOfModel::<T>::iter() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|d| Self::model_key(&d.udi.di) == key),
				"a model index entry names another model's device"
			);
		}
		for (key, id, ()) in DevicesOfLot::<T>::iter() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|d| d
					.udi
					.lot
					.as_ref()
					.is_some_and(|lot| Self::lot_key(&d.udi.di, lot) == key)),
				"a lot index entry names another lot's device"
			);
		}
		Ok(())
	}
}
