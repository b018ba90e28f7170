//! # Traceability pallet
//!
//! A device's whole story, from order to patient, built on the device registry:
//!
//! - **Orders.** A hospital orders a model (or a custom device made to a patient's
//!   parameters, which travel off chain: the chain keeps their salted hash). The order
//!   collects an append-only, hash-linked trail of stages, each by its role and in this
//!   order: placed → parameters set (custom only) → materials recorded → produced (links the
//!   devices) → approved / rejected by a regulator → shipped → delivered → installed →
//!   after-sales. Shipping, delivering and installing drive the registry (release, dispatch,
//!   install, put in service), so the registry's roles and lifecycle apply to each device.
//! - **Device trails.** Every registration, lifecycle move and change of hands in the
//!   registry (including off-order transfers between hospitals, which are the registry's
//!   `dispatch` / `install`), every order stage that touches the device, every use on a
//!   patient and every adverse-event report appends a link to the device's own hash-linked
//!   trail: `trace(device)` reads it. A device produced for an order can be released or
//!   dispatched only once a regulator approved the order.
//! - **Use on patients.** Clinical staff of the hospital holding a device record an implant,
//!   an explant, or a use in a procedure under a pseudonym only their hospital can resolve
//!   (docs/privacy.md): the chain never learns on whom a device was used. An implanted
//!   device cannot be dispatched until it is explanted.
//! - **Adverse events.** Staff of any member report an event on a device with IMDRF/FDA-style
//!   codes and the CID of an off-chain narrative; a hospital's clinicians or a regulatory
//!   officer file a patient's own report for them (a patient signing one would tie their
//!   account to a device and a health outcome in public). Each reporter files at most
//!   [`Config::MaxReportsPerDevice`] reports on one device. Reports filed later than
//!   [`Config::ReportingDeadline`] after the reporter learned of the event are flagged late.
//!   A regulatory officer moves each through reported → under investigation →
//!   root cause found → closed (or rejected), with a reason code per step. Counts per year,
//!   source and seriousness are kept for the annual report.
//! - **Recalls** of listed lots or of a model's production up to a time (never what the
//!   model becomes later): a regulatory officer's recall of lots is in force at once, a model
//!   recall needs a second officer, a manufacturer's (only of UDI-DIs bound to it) waits for
//!   the officers; governance may put a pending recall in force or withdraw one in force
//!   (the recall keeps both). A carrier sets aside a device recalled on its way (the
//!   registry's `set_aside`) and the order delivers the rest. A recall in force is one entry;
//!   the registry reads every device it covers as `Recalled` (lazily, when the device is read),
//!   so no extrinsic loops over the devices, and `recall_scope` pages through them with their
//!   custodians and the pseudonyms they were used under, which each hospital resolves for
//!   its own patients.
//!
//! ## Trails
//!
//! Each link stores `prev` (the previous link's hash, zero for the first) and `hash`, the
//! BLAKE2-256 of the SCALE encoding of `(prev, entry, by, org, at)`. Anyone holding the
//! trail can recompute the chain; [`Pallet::order_trail_intact`] and
//! [`Pallet::device_trail_intact`] do so.
//!
//! ## Data privacy
//!
//! Codes, organisation ids, device ids, hashes and CIDs; no patient account, anywhere in this
//! pallet's storage, events or calls (docs/privacy.md, kept true by a property test).
//! Parameters, narratives and reports stay off chain.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod events;
mod features;
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use features::trails::link_hash;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use medchain_primitives::devices::{
	self, lot_key, model_key, recall_keys, Cid, Device, DeviceId, DeviceRegistry, DocumentHash,
	Lifecycle, LocationCode, OnDeviceEvent, UdiDi, SERVICE_ROLES,
};
use medchain_primitives::{
	codes, is_cid_v1, ConsortiumMembership, Moment, OrgId, OrganisationKind, StaffMembership,
	StaffRole,
};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	Saturating,
};

#[frame_support::pallet_macros::import_section(events::events_and_errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Version 3 (spec 117): orders indexed by organisation and status, adverse events and
	/// recalls by status (migrations::v3).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who is staff of which organisation, with which roles (the consortium pallet).
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// The device registry this pallet drives (orders move its devices) and reads (recalls
		/// reach its lots and models). Its listener, [`OnDeviceEvent`], and its recall status,
		/// [`devices::RecallStatus`], should be this pallet.
		type Devices: DeviceRegistry<Self::AccountId>;

		/// The chain's time.
		type Time: frame_support::traits::UnixTime;

		/// Who puts a pending recall in force or withdraws one (the consortium's governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most devices one order may have.
		#[pallet::constant]
		type MaxDevicesPerOrder: Get<u32>;

		/// How long (ms) after learning of an adverse event a report is on time.
		#[pallet::constant]
		type ReportingDeadline: Get<Moment>;

		/// The most uses `recall_scope` lists for one device.
		#[pallet::constant]
		type MaxUsesListed: Get<u32>;

		/// The most adverse-event reports one reporter may file on one device.
		#[pallet::constant]
		type MaxReportsPerDevice: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every order, by id.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, Order, OptionQuery>;

	/// The devices produced for each order.
	#[pallet::storage]
	pub type OrderDevices<T: Config> = StorageMap<
		_,
		Twox64Concat,
		OrderId,
		BoundedVec<DeviceId, T::MaxDevicesPerOrder>,
		ValueQuery,
	>;

	/// The id the next order gets.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// Each order's trail of stages, numbered from 0.
	#[pallet::storage]
	pub type OrderTrail<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrderId,
		Twox64Concat,
		u32,
		OrderTrailLink<T::AccountId>,
		OptionQuery,
	>;

	/// The length and last hash of each order's trail.
	#[pallet::storage]
	pub type OrderTrailHead<T: Config> =
		StorageMap<_, Twox64Concat, OrderId, TrailHead, ValueQuery>;

	/// The orders of each organisation, as the ordering hospital or the manufacturer.
	#[pallet::storage]
	pub type OrdersOf<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, OrderId, (), OptionQuery>;

	/// The orders at each stage: what a regulator's approval queue pages through.
	#[pallet::storage]
	pub type OrdersByStatus<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrderStatus, Twox64Concat, OrderId, (), OptionQuery>;

	/// The order each device was produced for.
	#[pallet::storage]
	pub type DeviceOrder<T: Config> = StorageMap<_, Twox64Concat, DeviceId, OrderId, OptionQuery>;

	/// Each device's trail, numbered from 0.
	#[pallet::storage]
	pub type DeviceTrail<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DeviceId,
		Twox64Concat,
		u32,
		DeviceTrailLink<T::AccountId>,
		OptionQuery,
	>;

	/// The length and last hash of each device's trail.
	#[pallet::storage]
	pub type DeviceTrailHead<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, TrailHead, ValueQuery>;

	/// Each device's uses, by the pseudonym of the patient: the latest use, when the first
	/// was, and the hospital that can resolve the pseudonym.
	#[pallet::storage]
	pub type DeviceUses<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DeviceId,
		Blake2_128Concat,
		UsePseudonym,
		DeviceUse,
		OptionQuery,
	>;

	/// The pseudonym of the patient each device is implanted in now.
	#[pallet::storage]
	pub type ImplantedIn<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, UsePseudonym, OptionQuery>;

	/// Every adverse-event report, by id.
	#[pallet::storage]
	pub type AdverseEvents<T: Config> =
		StorageMap<_, Twox64Concat, AdverseEventId, AdverseEvent<T::AccountId>, OptionQuery>;

	/// The id the next adverse-event report gets.
	#[pallet::storage]
	pub type NextAdverseEventId<T: Config> = StorageValue<_, AdverseEventId, ValueQuery>;

	/// The adverse-event reports at each step of their investigation: a regulator's queue.
	#[pallet::storage]
	pub type AdverseEventsByStatus<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		InvestigationStatus,
		Twox64Concat,
		AdverseEventId,
		(),
		OptionQuery,
	>;

	/// How many reports each reporter filed on each device (at most
	/// [`Config::MaxReportsPerDevice`]).
	#[pallet::storage]
	pub type ReportsFiled<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		DeviceId,
		u32,
		ValueQuery,
	>;

	/// Adverse-event report counts by year (UTC), source and seriousness.
	#[pallet::storage]
	pub type ReportStats<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		u16,
		Twox64Concat,
		(ReportSource, Seriousness),
		ReportCounts,
		ValueQuery,
	>;

	/// Every recall, by id.
	#[pallet::storage]
	pub type Recalls<T: Config> =
		StorageMap<_, Twox64Concat, RecallId, Recall<T::AccountId>, OptionQuery>;

	/// The id the next recall gets.
	#[pallet::storage]
	pub type NextRecallId<T: Config> = StorageValue<_, RecallId, ValueQuery>;

	/// The recalls in each status: those pending approval, those in force.
	#[pallet::storage]
	pub type RecallsByStatus<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RecallStatus, Twox64Concat, RecallId, (), OptionQuery>;

	/// The recall in force on each lot, by the registry's lot key.
	#[pallet::storage]
	pub type RecalledLots<T: Config> = StorageMap<_, Identity, [u8; 32], RecallId, OptionQuery>;

	/// The recall in force on each model, by the registry's model key, and the last
	/// registration time it covers.
	#[pallet::storage]
	pub type RecalledModels<T: Config> =
		StorageMap<_, Identity, [u8; 32], (RecallId, Moment), OptionQuery>;

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Order `quantity` devices of model `di` from `manufacturer`, the manufacturer its
		/// UDI-DI belongs to; a `custom` order is for one device made to a patient's
		/// parameters (set next by a clinician).
		///
		/// Origin: a hospital's Admin. Emits `OrderPlaced`.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::place_order())]
		pub fn place_order(
			origin: OriginFor<T>,
			manufacturer: OrgId,
			di: UdiDi,
			quantity: u32,
			custom: bool,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_place_order(who, staff, manufacturer, di, quantity, custom)
		}

		/// Set a custom order's parameters: the hash of the (salted) parameter document,
		/// which travels off chain.
		///
		/// Origin: clinical staff of the ordering hospital. Emits `OrderAdvanced`.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::stage())]
		pub fn set_parameters(
			origin: OriginFor<T>,
			order: OrderId,
			parameters: DocumentHash,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_set_parameters(who, staff, order, parameters)
		}

		/// Record the input materials (model and lot of each) of an order's production; may
		/// be repeated.
		///
		/// Origin: the manufacturer's service staff. Emits `OrderAdvanced`.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::stage())]
		pub fn record_materials(
			origin: OriginFor<T>,
			order: OrderId,
			materials: BoundedVec<Material, MaxMaterials>,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_record_materials(who, staff, order, materials)
		}

		/// Link the devices produced for an order: exactly its quantity, each registered by
		/// the manufacturer, of the ordered model, `Manufactured` and in no other order.
		///
		/// Origin: the manufacturer's service staff. Emits `OrderAdvanced`.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::record_production(devices.len() as u32))]
		pub fn record_production(
			origin: OriginFor<T>,
			order: OrderId,
			devices: BoundedVec<DeviceId, T::MaxDevicesPerOrder>,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_record_production(who, staff, order, devices)
		}

		/// Approve a produced order's devices for release.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `OrderAdvanced`.
		///
		/// Charged for the order's devices, not the most an order may have.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::decide_order(T::MaxDevicesPerOrder::get()))]
		pub fn approve_order(
			origin: OriginFor<T>,
			order: OrderId,
			reason: ReasonCode,
		) -> DispatchResultWithPostInfo {
			let (who, staff) = Self::ensure_staff(origin)?;
			let devices = Self::do_decide(who, staff, order, reason, true)?;
			Ok(Some(<T as Config>::WeightInfo::decide_order(devices)).into())
		}

		/// Refuse a produced order's devices: the order ends.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `OrderAdvanced`.
		///
		/// Charged for the order's devices, not the most an order may have.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::decide_order(T::MaxDevicesPerOrder::get()))]
		pub fn reject_order(
			origin: OriginFor<T>,
			order: OrderId,
			reason: ReasonCode,
		) -> DispatchResultWithPostInfo {
			let (who, staff) = Self::ensure_staff(origin)?;
			let devices = Self::do_decide(who, staff, order, reason, false)?;
			Ok(Some(<T as Config>::WeightInfo::decide_order(devices)).into())
		}

		/// Ship an approved order: each device is released and handed to `carrier` for the
		/// ordering hospital (the registry's `release` and `dispatch`).
		///
		/// Origin: the manufacturer's service staff. Emits `OrderAdvanced` (and the
		/// registry's events per device).
		///
		/// Charged for the order's devices, not the most an order may have.
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::ship_order(T::MaxDevicesPerOrder::get()))]
		pub fn ship_order(
			origin: OriginFor<T>,
			order: OrderId,
			carrier: OrgId,
		) -> DispatchResultWithPostInfo {
			let (who, staff) = Self::ensure_staff(origin)?;
			let devices = Self::do_ship(who, staff, order, carrier)?;
			Ok(Some(<T as Config>::WeightInfo::ship_order(devices)).into())
		}

		/// Receive a shipped order: the hospital becomes each device's custodian (the
		/// registry's `install`), at `location` if given.
		///
		/// Origin: the hospital's Admin or FieldServiceEngineer. Emits `OrderAdvanced`.
		///
		/// Charged for the order's devices, not the most an order may have.
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::deliver_order(T::MaxDevicesPerOrder::get()))]
		pub fn deliver_order(
			origin: OriginFor<T>,
			order: OrderId,
			location: Option<LocationCode>,
		) -> DispatchResultWithPostInfo {
			let (who, staff) = Self::ensure_staff(origin)?;
			let devices = Self::do_deliver(who, staff, order, location)?;
			Ok(Some(<T as Config>::WeightInfo::deliver_order(devices)).into())
		}

		/// Put a delivered order's devices in service (the registry's `put_in_service`).
		///
		/// Origin: the hospital's service staff. Emits `OrderAdvanced`.
		///
		/// Charged for the order's devices, not the most an order may have.
		#[pallet::call_index(8)]
		#[pallet::weight(<T as Config>::WeightInfo::install_order(T::MaxDevicesPerOrder::get()))]
		pub fn install_order(origin: OriginFor<T>, order: OrderId) -> DispatchResultWithPostInfo {
			let (who, staff) = Self::ensure_staff(origin)?;
			let devices = Self::do_install(who, staff, order)?;
			Ok(Some(<T as Config>::WeightInfo::install_order(devices)).into())
		}

		/// Record after-sales service on an installed order (a report kept off chain).
		///
		/// Origin: service staff of the manufacturer or the hospital. Emits
		/// `AfterSalesRecorded`.
		///
		/// Charged for the order's devices, not the most an order may have.
		#[pallet::call_index(9)]
		#[pallet::weight(<T as Config>::WeightInfo::record_after_sales(T::MaxDevicesPerOrder::get()))]
		pub fn record_after_sales(
			origin: OriginFor<T>,
			order: OrderId,
			kind: AfterSalesKind,
			cid: Cid,
			hash: DocumentHash,
		) -> DispatchResultWithPostInfo {
			let (who, staff) = Self::ensure_staff(origin)?;
			let devices = Self::do_after_sales(who, staff, order, kind, cid, hash)?;
			Ok(Some(<T as Config>::WeightInfo::record_after_sales(devices)).into())
		}

		/// Record that a device was implanted in, explanted from, or used in a procedure on a
		/// patient, named only by `pseudonym`: the hospital's own pseudonym of the patient
		/// for this device (docs/privacy.md says how to derive it), which nobody else can
		/// resolve. Implants and procedures need an installed or in-service device that is
		/// not recalled or implanted; an explant needs the device implanted under that
		/// pseudonym (recalled or not).
		///
		/// Origin: clinical staff of the hospital holding the device. Emits `DeviceUsed`.
		#[pallet::call_index(10)]
		#[pallet::weight(<T as Config>::WeightInfo::record_use())]
		pub fn record_use(
			origin: OriginFor<T>,
			device: DeviceId,
			pseudonym: UsePseudonym,
			usage: PatientUse,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_record_use(who, staff, device, pseudonym, usage)
		}

		/// Report an adverse event on a device. Flagged late if filed more than the reporting
		/// deadline after `report.learned_at`.
		///
		/// Origin: active staff of any member (the report counts under its organisation's
		/// kind). Emits `AdverseEventReported`.
		#[pallet::call_index(11)]
		#[pallet::weight(<T as Config>::WeightInfo::report_adverse_event())]
		pub fn report_adverse_event(
			origin: OriginFor<T>,
			device: DeviceId,
			report: AdverseEventReport,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			let source = ReportSource::Organisation(staff.kind);
			Self::do_report(who, Some(staff.org), device, report, source)
		}

		/// Move an adverse event's investigation on: reported → under investigation → root
		/// cause found → closed, or to rejected from any open status.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `InvestigationAdvanced`.
		#[pallet::call_index(12)]
		#[pallet::weight(<T as Config>::WeightInfo::advance_investigation())]
		pub fn advance_investigation(
			origin: OriginFor<T>,
			event: AdverseEventId,
			to: InvestigationStatus,
			reason: ReasonCode,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_advance_investigation(who, staff, event, to, reason)
		}

		/// Recall lots of a model, or a model's production up to a time, optionally citing
		/// the adverse event behind it. A regulatory officer's recall of lots is in force at
		/// once; a model recall waits for a second officer (or governance); a manufacturer's
		/// recall waits for the officers its scope needs.
		///
		/// Origin: a regulator's RegulatoryOfficer, or service staff of the manufacturer the
		/// model's UDI-DI belongs to. Emits `RecallIssued`.
		#[pallet::call_index(13)]
		#[pallet::weight(<T as Config>::WeightInfo::issue_recall())]
		pub fn issue_recall(
			origin: OriginFor<T>,
			scope: RecallScope,
			reason: ReasonCode,
			event: Option<AdverseEventId>,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_issue_recall(who, staff, scope, reason, event)
		}

		/// Approve a pending recall: in force once it has the officers its scope needs (one
		/// for lots, two for a model), each counted once.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `RecallConfirmed` (or
		/// `RecallApproved` while it waits for another officer).
		#[pallet::call_index(14)]
		#[pallet::weight(<T as Config>::WeightInfo::decide_recall())]
		pub fn confirm_recall(origin: OriginFor<T>, recall: RecallId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_approve_recall(who, staff, recall)
		}

		/// Dismiss a pending recall.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `RecallDismissed`.
		#[pallet::call_index(15)]
		#[pallet::weight(<T as Config>::WeightInfo::decide_recall())]
		pub fn dismiss_recall(
			origin: OriginFor<T>,
			recall: RecallId,
			reason: ReasonCode,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_dismiss_recall(who, staff, recall, reason)
		}

		/// File a patient's own adverse-event report for them: it counts as the patient's,
		/// and nothing on chain says which patient (their narrative, sealed to the regulator,
		/// stays off chain).
		///
		/// Origin: a hospital's clinical staff or a regulator's RegulatoryOfficer. Emits
		/// `AdverseEventReported`.
		#[pallet::call_index(16)]
		#[pallet::weight(<T as Config>::WeightInfo::report_adverse_event())]
		pub fn report_for_patient(
			origin: OriginFor<T>,
			device: DeviceId,
			report: AdverseEventReport,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			ensure!(
				(staff.kind == OrganisationKind::Hospital && staff.is_clinical())
					|| Self::is_officer(&staff),
				Error::<T>::NotAuthorised
			);
			Self::do_report(who, Some(staff.org), device, report, ReportSource::Patient)
		}

		/// Put a pending recall in force without waiting for the officers.
		///
		/// Origin: governance. Emits `RecallConfirmed`.
		#[pallet::call_index(17)]
		#[pallet::weight(<T as Config>::WeightInfo::enforce_recall())]
		pub fn enforce_recall(origin: OriginFor<T>, recall: RecallId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_enforce_recall(recall)
		}

		/// Withdraw a recall in force: its devices read as they are again (unless a recall it
		/// replaced covers them: that one is in force again). The recall keeps its issue and
		/// its withdrawal.
		///
		/// Origin: governance. Emits `RecallWithdrawn`.
		#[pallet::call_index(18)]
		#[pallet::weight(<T as Config>::WeightInfo::withdraw_recall())]
		pub fn withdraw_recall(
			origin: OriginFor<T>,
			recall: RecallId,
			reason: ReasonCode,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_withdraw_recall(recall, reason)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			Self::do_integrity_test()
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}
