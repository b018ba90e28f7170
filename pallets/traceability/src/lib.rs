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
//!   [`Config::ReportingDeadline`] after the reporter learned of the event are flagged late. A regulatory officer moves each through reported → under investigation →
//!   root cause found → closed (or rejected), with a reason code per step. Counts per year,
//!   source and seriousness are kept for the annual report.
//! - **Recalls** of a lot or a model: issued by a regulator (in force at once) or by the
//!   manufacturer (pending until a regulator confirms). A recall in force is one entry; the
//!   registry reads every device it covers as `Recalled` (lazily, when the device is read),
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

mod adverse_events;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
mod uses;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use medchain_primitives::{
	is_cid_v1, ConsortiumMembership, Moment, OrgId, OrganisationKind, StaffMembership, StaffRole,
};
use pallet_device_registry::{
	Cid, DeviceHooks, DeviceId, DevicesOfLot, DevicesOfModel, DocumentHash, Lifecycle,
	LocationCode, LotRecalls, UdiDi, SERVICE_ROLES,
};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	Saturating,
};

/// The registry pallet, which this one drives.
type Registry<T> = pallet_device_registry::Pallet<T>;

/// The consortium's membership, as the registry is configured with it.
type MembershipOf<T> = <T as pallet_device_registry::Config>::Membership;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Version 1: uses by pseudonym, no patient account anywhere (migrations::v1).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config + pallet_device_registry::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

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

	/// The recall in force on each lot, by the registry's lot key.
	#[pallet::storage]
	pub type RecalledLots<T: Config> = StorageMap<_, Identity, [u8; 32], RecallId, OptionQuery>;

	/// The recall in force on each model, by the registry's model key.
	#[pallet::storage]
	pub type RecalledModels<T: Config> = StorageMap<_, Identity, [u8; 32], RecallId, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A hospital placed an order.
		OrderPlaced {
			/// The order.
			order: OrderId,
			/// The hospital.
			hospital: OrgId,
			/// The manufacturer.
			manufacturer: OrgId,
		},
		/// An order reached a new stage.
		OrderAdvanced {
			/// The order.
			order: OrderId,
			/// Where it is now.
			status: OrderStatus,
			/// Who moved it.
			by: T::AccountId,
		},
		/// After-sales service was recorded on an installed order.
		AfterSalesRecorded {
			/// The order.
			order: OrderId,
			/// What it was.
			kind: AfterSalesKind,
		},
		/// A hospital's clinician used a device on a patient (whom, only the hospital knows).
		DeviceUsed {
			/// The device.
			device: DeviceId,
			/// The hospital.
			hospital: OrgId,
			/// How.
			usage: PatientUse,
		},
		/// An adverse event was reported.
		AdverseEventReported {
			/// The report.
			event: AdverseEventId,
			/// The device.
			device: DeviceId,
			/// How serious.
			seriousness: Seriousness,
			/// Filed past the deadline.
			late: bool,
		},
		/// A regulator moved an adverse event's investigation on.
		InvestigationAdvanced {
			/// The report.
			event: AdverseEventId,
			/// Where it is now.
			status: InvestigationStatus,
			/// The reason code.
			reason: ReasonCode,
		},
		/// A recall was issued (in force if a regulator issued it, else pending).
		RecallIssued {
			/// The recall.
			recall: RecallId,
			/// What it covers.
			scope: RecallScope,
			/// Confirmed or pending.
			status: RecallStatus,
		},
		/// A regulator confirmed a manufacturer's recall: it is in force.
		RecallConfirmed {
			/// The recall.
			recall: RecallId,
		},
		/// A regulator dismissed a manufacturer's recall.
		RecallDismissed {
			/// The recall.
			recall: RecallId,
			/// The reason code.
			reason: ReasonCode,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No order has this id.
		OrderNotFound,
		/// No device has this id.
		DeviceNotFound,
		/// The caller's role or organisation may not do this.
		NotAuthorised,
		/// The organisation is not an active manufacturer.
		UnknownManufacturer,
		/// The model (UDI-DI) or a code is empty.
		EmptyCode,
		/// The quantity is zero, above the bound, or not 1 for a custom device.
		InvalidQuantity,
		/// The order's status does not allow this stage.
		InvalidStage,
		/// Parameters belong to custom orders only.
		NotCustom,
		/// No materials were listed.
		NoMaterials,
		/// The number of devices is not the order's quantity.
		WrongQuantity,
		/// A device is not a freshly manufactured device of the order's model and manufacturer.
		WrongDevice,
		/// A device is already linked to an order.
		DeviceAlreadyOrdered,
		/// The same device is listed twice.
		DuplicateDevice,
		/// The device's order has not been approved by a regulator.
		OrderNotApproved,
		/// The CID is not a CIDv1 in base32 string form.
		InvalidCid,
		/// The pseudonym is all zeroes (kept for uses the version-1 migration unlinked).
		InvalidPseudonym,
		/// The device is not installed or in service (or it is recalled).
		DeviceNotUsable,
		/// The device is implanted already.
		AlreadyImplanted,
		/// The device is not implanted in this patient.
		NotImplanted,
		/// The reporter cannot have learned of the event after filing the report.
		LearnedInFuture,
		/// No adverse-event report has this id.
		AdverseEventNotFound,
		/// The investigation cannot move to this status from where it is.
		InvalidStatusChange,
		/// No recall has this id.
		RecallNotFound,
		/// No registered device is in the recall's scope.
		NothingToRecall,
		/// A recall of this lot or model is in force already.
		AlreadyRecalled,
		/// The recall is not waiting for a regulator.
		RecallNotPending,
		/// An id counter is exhausted.
		IdsExhausted,
		/// The device is implanted in a patient: it must be explanted before it moves.
		DeviceImplanted,
		/// The reporter filed the most reports allowed on this device.
		TooManyReports,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Order `quantity` devices of model `di` from `manufacturer`; a `custom` order is for
		/// one device made to a patient's parameters (set next by a clinician).
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
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::decide_order(T::MaxDevicesPerOrder::get()))]
		pub fn approve_order(
			origin: OriginFor<T>,
			order: OrderId,
			reason: ReasonCode,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_decide(who, staff, order, reason, true)
		}

		/// Refuse a produced order's devices: the order ends.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `OrderAdvanced`.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::decide_order(T::MaxDevicesPerOrder::get()))]
		pub fn reject_order(
			origin: OriginFor<T>,
			order: OrderId,
			reason: ReasonCode,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_decide(who, staff, order, reason, false)
		}

		/// Ship an approved order: each device is released and handed to `carrier` for the
		/// ordering hospital (the registry's `release` and `dispatch`).
		///
		/// Origin: the manufacturer's service staff. Emits `OrderAdvanced` (and the
		/// registry's events per device).
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::ship_order(T::MaxDevicesPerOrder::get()))]
		pub fn ship_order(origin: OriginFor<T>, order: OrderId, carrier: OrgId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_ship(who, staff, order, carrier)
		}

		/// Receive a shipped order: the hospital becomes each device's custodian (the
		/// registry's `install`), at `location` if given.
		///
		/// Origin: the hospital's Admin or FieldServiceEngineer. Emits `OrderAdvanced`.
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::deliver_order(T::MaxDevicesPerOrder::get()))]
		pub fn deliver_order(
			origin: OriginFor<T>,
			order: OrderId,
			location: Option<LocationCode>,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_deliver(who, staff, order, location)
		}

		/// Put a delivered order's devices in service (the registry's `put_in_service`).
		///
		/// Origin: the hospital's service staff. Emits `OrderAdvanced`.
		#[pallet::call_index(8)]
		#[pallet::weight(<T as Config>::WeightInfo::install_order(T::MaxDevicesPerOrder::get()))]
		pub fn install_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_install(who, staff, order)
		}

		/// Record after-sales service on an installed order (a report kept off chain).
		///
		/// Origin: service staff of the manufacturer or the hospital. Emits
		/// `AfterSalesRecorded`.
		#[pallet::call_index(9)]
		#[pallet::weight(<T as Config>::WeightInfo::record_after_sales(T::MaxDevicesPerOrder::get()))]
		pub fn record_after_sales(
			origin: OriginFor<T>,
			order: OrderId,
			kind: AfterSalesKind,
			cid: Cid,
			hash: DocumentHash,
		) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_after_sales(who, staff, order, kind, cid, hash)
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

		/// Recall a lot or a model, optionally citing the adverse event behind it. A
		/// regulator's recall is in force at once; the manufacturer's waits for a regulator.
		///
		/// Origin: a regulator's RegulatoryOfficer, or service staff of the manufacturer of
		/// the devices in scope. Emits `RecallIssued`.
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

		/// Confirm a manufacturer's pending recall: it is in force.
		///
		/// Origin: a regulator's RegulatoryOfficer. Emits `RecallConfirmed`.
		#[pallet::call_index(14)]
		#[pallet::weight(<T as Config>::WeightInfo::decide_recall())]
		pub fn confirm_recall(origin: OriginFor<T>, recall: RecallId) -> DispatchResult {
			let (who, staff) = Self::ensure_staff(origin)?;
			Self::do_decide_recall(who, staff, recall, None)
		}

		/// Dismiss a manufacturer's pending recall.
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
			Self::do_decide_recall(who, staff, recall, Some(reason))
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
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let devices = T::MaxDevicesPerOrder::get();
			medchain_primitives::weights::assert_calls_fit_a_block::<T>(
				"traceability",
				&[
					("place_order", <T as Config>::WeightInfo::place_order()),
					("stage", <T as Config>::WeightInfo::stage()),
					("record_production", <T as Config>::WeightInfo::record_production(devices)),
					("decide_order", <T as Config>::WeightInfo::decide_order(devices)),
					("ship_order", <T as Config>::WeightInfo::ship_order(devices)),
					("deliver_order", <T as Config>::WeightInfo::deliver_order(devices)),
					("install_order", <T as Config>::WeightInfo::install_order(devices)),
					("record_after_sales", <T as Config>::WeightInfo::record_after_sales(devices)),
					("record_use", <T as Config>::WeightInfo::record_use()),
					("report_adverse_event", <T as Config>::WeightInfo::report_adverse_event()),
					("advance_investigation", <T as Config>::WeightInfo::advance_investigation()),
					("issue_recall", <T as Config>::WeightInfo::issue_recall()),
					("decide_recall", <T as Config>::WeightInfo::decide_recall()),
				],
			);
			medchain_primitives::weights::assert_calls_fit_block_length::<T>(
				"traceability",
				&[
					("place_order", <(OrgId, UdiDi, u32, bool)>::max_encoded_len()),
					(
						"record_materials",
						<(OrderId, BoundedVec<Material, MaxMaterials>)>::max_encoded_len(),
					),
					(
						"record_production",
						<(OrderId, BoundedVec<DeviceId, T::MaxDevicesPerOrder>)>::max_encoded_len(),
					),
					(
						"record_after_sales",
						<(OrderId, AfterSalesKind, Cid, DocumentHash)>::max_encoded_len(),
					),
					("report_adverse_event", <(DeviceId, AdverseEventReport)>::max_encoded_len()),
					(
						"issue_recall",
						<(RecallScope, ReasonCode, Option<AdverseEventId>)>::max_encoded_len(),
					),
				],
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}

/// Queries (the runtime API answers from these).
impl<T: Config> Pallet<T> {
	/// Up to `limit` links of an order's trail from index `start`.
	pub fn order_trail(
		order: OrderId,
		start: u32,
		limit: u32,
	) -> Vec<(u32, OrderTrailLink<T::AccountId>)> {
		let end = OrderTrailHead::<T>::get(order).length.min(start.saturating_add(limit));
		(start..end).filter_map(|i| OrderTrail::<T>::get(order, i).map(|l| (i, l))).collect()
	}

	/// Up to `limit` links of a device's trail from index `start`.
	pub fn trace(
		device: DeviceId,
		start: u32,
		limit: u32,
	) -> Vec<(u32, DeviceTrailLink<T::AccountId>)> {
		let end = DeviceTrailHead::<T>::get(device).length.min(start.saturating_add(limit));
		(start..end).filter_map(|i| DeviceTrail::<T>::get(device, i).map(|l| (i, l))).collect()
	}

	/// Up to `limit` adverse-event counts of `year` by (source, seriousness), after
	/// `start_after` (storage order).
	pub fn adverse_event_stats(
		year: u16,
		start_after: Option<(ReportSource, Seriousness)>,
		limit: u32,
	) -> Vec<((ReportSource, Seriousness), ReportCounts)> {
		let iter = match start_after {
			Some(after) => ReportStats::<T>::iter_prefix_from(
				year,
				ReportStats::<T>::hashed_key_for(year, after),
			),
			None => ReportStats::<T>::iter_prefix(year),
		};
		iter.take(limit as usize).collect()
	}

	/// The recall in force on a device's lot or model, if any.
	pub fn recall_of(device: DeviceId) -> Option<RecallId> {
		let udi = pallet_device_registry::Devices::<T>::get(device)?.udi;
		let (model, lot) = Registry::<T>::recall_keys(&udi);
		Self::recall_in_force(&model, lot.as_ref())
	}

	/// The recall in force on the lot with key `lot_key` (first) or the model with key
	/// `model_key`, if any.
	fn recall_in_force(model_key: &[u8; 32], lot_key: Option<&[u8; 32]>) -> Option<RecallId> {
		lot_key.and_then(RecalledLots::<T>::get).or_else(|| RecalledModels::<T>::get(model_key))
	}

	/// Whether an order's trail is intact: every link's `prev` is the hash before it, every
	/// hash is recomputed, and the head matches.
	pub fn order_trail_intact(order: OrderId) -> bool {
		let head = OrderTrailHead::<T>::get(order);
		chain_intact((0..head.length).map(|i| OrderTrail::<T>::get(order, i)), head)
	}

	/// Whether a device's trail is intact (as [`Self::order_trail_intact`]).
	pub fn device_trail_intact(device: DeviceId) -> bool {
		let head = DeviceTrailHead::<T>::get(device);
		chain_intact((0..head.length).map(|i| DeviceTrail::<T>::get(device, i)), head)
	}
}

/// The hash of a trail link: BLAKE2-256 over `(prev, entry, by, org, at)`.
pub fn link_hash<Entry: Encode, AccountId: Encode>(
	prev: &LinkHash,
	entry: &Entry,
	by: &AccountId,
	org: &Option<OrgId>,
	at: Moment,
) -> LinkHash {
	BlakeTwo256::hash_of(&(prev, entry, by, org, at)).into()
}

/// Whether `links` (in order) form an unbroken chain ending at `head`.
fn chain_intact<Entry: Encode, AccountId: Encode>(
	links: impl Iterator<Item = Option<TrailLink<Entry, AccountId>>>,
	head: TrailHead,
) -> bool {
	let mut prev = LinkHash::default();
	for link in links {
		let Some(link) = link else { return false };
		if link.prev != prev
			|| link.hash != link_hash(&link.prev, &link.entry, &link.by, &link.org, link.at)
		{
			return false;
		}
		prev = link.hash;
	}
	prev == head.hash
}

/// The registry tells this pallet of every change to a device: each becomes a trail link.
impl<T: Config> DeviceHooks<T::AccountId> for Pallet<T> {
	fn registered(device: DeviceId, manufacturer: OrgId, by: &T::AccountId) {
		Self::note_device(device, DeviceEvent::Registered { manufacturer }, by, Some(manufacturer));
	}

	fn lifecycle_changing(
		device: DeviceId,
		from: Lifecycle,
		to: Lifecycle,
		by: &T::AccountId,
		org: OrgId,
	) -> DispatchResult {
		if to == Lifecycle::InTransit {
			ensure!(!ImplantedIn::<T>::contains_key(device), Error::<T>::DeviceImplanted);
		}
		if matches!(to, Lifecycle::Released | Lifecycle::InTransit) {
			if let Some(order) = DeviceOrder::<T>::get(device).and_then(Orders::<T>::get) {
				ensure!(
					matches!(
						order.status,
						OrderStatus::Approved
							| OrderStatus::Shipped
							| OrderStatus::Delivered
							| OrderStatus::Installed
					),
					Error::<T>::OrderNotApproved
				);
			}
		}
		Self::note_device(device, DeviceEvent::Lifecycle { from, to }, by, Some(org));
		Ok(())
	}

	fn custody_changed(device: DeviceId, from: OrgId, to: OrgId, by: &T::AccountId, org: OrgId) {
		Self::note_device(device, DeviceEvent::Custody { from, to }, by, Some(org));
	}
}

/// The registry reads a device as recalled when a recall here is in force on its lot or
/// model.
impl<T: Config> LotRecalls for Pallet<T> {
	fn covers(model_key: &[u8; 32], lot_key: Option<&[u8; 32]>) -> bool {
		Self::recall_in_force(model_key, lot_key).is_some()
	}
}

impl<T: Config> Pallet<T> {
	fn now() -> Moment {
		medchain_primitives::now_millis::<<T as pallet_device_registry::Config>::Time>()
	}

	fn ensure_staff(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, StaffMembership), DispatchError> {
		let who = ensure_signed(origin)?;
		let staff = MembershipOf::<T>::active_staff(&who).ok_or(Error::<T>::NotAuthorised)?;
		Ok((who, staff))
	}

	fn is_officer(staff: &StaffMembership) -> bool {
		staff.kind == OrganisationKind::Regulator && staff.has_role(StaffRole::RegulatoryOfficer)
	}

	fn order(order: OrderId) -> Result<Order, Error<T>> {
		Orders::<T>::get(order).ok_or(Error::<T>::OrderNotFound)
	}

	/// The next id from a counter, which it advances.
	fn next_id<Counter: frame_support::storage::StorageValue<u64, Query = u64>>(
	) -> Result<u64, Error<T>> {
		let id = Counter::get();
		Counter::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		Ok(id)
	}

	/// Appends a link to a device's trail.
	fn note_device(device: DeviceId, entry: DeviceEvent, by: &T::AccountId, org: Option<OrgId>) {
		DeviceTrailHead::<T>::mutate(device, |head| {
			let link = Self::link(head, entry, by, org);
			head.hash = link.hash;
			DeviceTrail::<T>::insert(device, head.length, link);
			head.length.saturating_inc();
		});
	}

	/// Appends a stage to an order's trail, stores the order with its new status, and emits
	/// `OrderAdvanced`.
	fn advance(
		id: OrderId,
		mut order: Order,
		status: OrderStatus,
		stage: OrderStage,
		who: T::AccountId,
		org: OrgId,
	) {
		OrderTrailHead::<T>::mutate(id, |head| {
			let link = Self::link(head, stage, &who, Some(org));
			head.hash = link.hash;
			OrderTrail::<T>::insert(id, head.length, link);
			head.length.saturating_inc();
		});
		order.status = status;
		Orders::<T>::insert(id, order);
		Self::deposit_event(Event::OrderAdvanced { order: id, status, by: who });
	}

	/// The link that follows `head`.
	fn link<Entry: Encode>(
		head: &TrailHead,
		entry: Entry,
		by: &T::AccountId,
		org: Option<OrgId>,
	) -> TrailLink<Entry, T::AccountId> {
		let at = Self::now();
		let hash = link_hash(&head.hash, &entry, by, &org, at);
		TrailLink { entry, by: by.clone(), org, at, prev: head.hash, hash }
	}

	/// The devices in a recall's scope, after `start_after`, in storage order.
	fn devices_in_scope(
		scope: &RecallScope,
		start_after: Option<DeviceId>,
	) -> alloc::boxed::Box<dyn Iterator<Item = DeviceId>> {
		match scope {
			RecallScope::Lot { di, lot } => {
				let key = Registry::<T>::lot_key(di, lot);
				match start_after {
					Some(after) => alloc::boxed::Box::new(DevicesOfLot::<T>::iter_key_prefix_from(
						key,
						DevicesOfLot::<T>::hashed_key_for(key, after),
					)),
					None => alloc::boxed::Box::new(DevicesOfLot::<T>::iter_key_prefix(key)),
				}
			},
			RecallScope::Model { di } => {
				let key = Registry::<T>::model_key(di);
				match start_after {
					Some(after) => {
						alloc::boxed::Box::new(DevicesOfModel::<T>::iter_key_prefix_from(
							key,
							DevicesOfModel::<T>::hashed_key_for(key, after),
						))
					},
					None => alloc::boxed::Box::new(DevicesOfModel::<T>::iter_key_prefix(key)),
				}
			},
		}
	}

	fn do_place_order(
		who: T::AccountId,
		staff: StaffMembership,
		manufacturer: OrgId,
		di: UdiDi,
		quantity: u32,
		custom: bool,
	) -> DispatchResult {
		ensure!(
			staff.kind == OrganisationKind::Hospital && staff.has_role(StaffRole::Admin),
			Error::<T>::NotAuthorised
		);
		ensure!(
			MembershipOf::<T>::active_organisation(manufacturer)
				== Some(OrganisationKind::Manufacturer),
			Error::<T>::UnknownManufacturer
		);
		ensure!(!di.is_empty(), Error::<T>::EmptyCode);
		ensure!(
			quantity >= 1 && quantity <= T::MaxDevicesPerOrder::get() && (!custom || quantity == 1),
			Error::<T>::InvalidQuantity
		);
		let id = Self::next_id::<NextOrderId<T>>()?;
		let order = Order {
			hospital: staff.org,
			manufacturer,
			di: di.clone(),
			quantity,
			custom,
			parameters: None,
			status: OrderStatus::Placed,
			placed_at: Self::now(),
		};
		let stage = OrderStage::Placed { manufacturer, di, quantity, custom };
		Self::advance(id, order, OrderStatus::Placed, stage, who, staff.org);
		Self::deposit_event(Event::OrderPlaced { order: id, hospital: staff.org, manufacturer });
		Ok(())
	}

	fn do_set_parameters(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		parameters: DocumentHash,
	) -> DispatchResult {
		let mut order = Self::order(id)?;
		ensure!(staff.org == order.hospital && staff.is_clinical(), Error::<T>::NotAuthorised);
		ensure!(order.custom, Error::<T>::NotCustom);
		ensure!(order.status == OrderStatus::Placed, Error::<T>::InvalidStage);
		order.parameters = Some(parameters);
		let stage = OrderStage::ParametersSet { parameters };
		Self::advance(id, order, OrderStatus::ParametersSet, stage, who, staff.org);
		Ok(())
	}

	fn do_record_materials(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		materials: BoundedVec<Material, MaxMaterials>,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(
			Registry::<T>::acts_for(&staff, order.manufacturer, &SERVICE_ROLES),
			Error::<T>::NotAuthorised
		);
		let ready = if order.custom { OrderStatus::ParametersSet } else { OrderStatus::Placed };
		ensure!(
			order.status == ready || order.status == OrderStatus::MaterialsRecorded,
			Error::<T>::InvalidStage
		);
		ensure!(!materials.is_empty(), Error::<T>::NoMaterials);
		ensure!(materials.iter().all(|m| !m.di.is_empty()), Error::<T>::EmptyCode);
		let stage = OrderStage::MaterialsRecorded { materials };
		Self::advance(id, order, OrderStatus::MaterialsRecorded, stage, who, staff.org);
		Ok(())
	}

	fn do_record_production(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		devices: BoundedVec<DeviceId, T::MaxDevicesPerOrder>,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(
			Registry::<T>::acts_for(&staff, order.manufacturer, &SERVICE_ROLES),
			Error::<T>::NotAuthorised
		);
		ensure!(order.status == OrderStatus::MaterialsRecorded, Error::<T>::InvalidStage);
		ensure!(devices.len() as u32 == order.quantity, Error::<T>::WrongQuantity);
		for (i, device_id) in devices.iter().enumerate() {
			let device = Registry::<T>::current(*device_id).ok_or(Error::<T>::DeviceNotFound)?;
			ensure!(
				device.manufacturer == order.manufacturer
					&& device.udi.di == order.di
					&& device.lifecycle == Lifecycle::Manufactured,
				Error::<T>::WrongDevice
			);
			ensure!(!devices[..i].contains(device_id), Error::<T>::DuplicateDevice);
			ensure!(!DeviceOrder::<T>::contains_key(device_id), Error::<T>::DeviceAlreadyOrdered);
		}
		for device in devices.iter() {
			DeviceOrder::<T>::insert(device, id);
			Self::note_device(*device, DeviceEvent::Produced { order: id }, &who, Some(staff.org));
		}
		let stage = OrderStage::Produced { count: devices.len() as u32 };
		OrderDevices::<T>::insert(id, devices);
		Self::advance(id, order, OrderStatus::Produced, stage, who, staff.org);
		Ok(())
	}

	fn do_decide(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		reason: ReasonCode,
		approved: bool,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(Self::is_officer(&staff), Error::<T>::NotAuthorised);
		ensure!(order.status == OrderStatus::Produced, Error::<T>::InvalidStage);
		ensure!(!reason.is_empty(), Error::<T>::EmptyCode);
		for device in OrderDevices::<T>::get(id).iter() {
			let entry = DeviceEvent::RegulatorDecision { order: id, approved };
			Self::note_device(*device, entry, &who, Some(staff.org));
		}
		let (status, stage) = if approved {
			(OrderStatus::Approved, OrderStage::Approved { reason })
		} else {
			(OrderStatus::Rejected, OrderStage::Rejected { reason })
		};
		Self::advance(id, order, status, stage, who, staff.org);
		Ok(())
	}

	fn do_ship(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		carrier: OrgId,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(
			Registry::<T>::acts_for(&staff, order.manufacturer, &SERVICE_ROLES),
			Error::<T>::NotAuthorised
		);
		ensure!(order.status == OrderStatus::Approved, Error::<T>::InvalidStage);
		// The order moves first so the registry's hook sees it approved and beyond.
		let devices = OrderDevices::<T>::get(id);
		let hospital = order.hospital;
		Self::advance(
			id,
			order,
			OrderStatus::Shipped,
			OrderStage::Shipped { carrier },
			who.clone(),
			staff.org,
		);
		for device in devices {
			let state = Registry::<T>::current(device).ok_or(Error::<T>::DeviceNotFound)?;
			if state.lifecycle == Lifecycle::Manufactured {
				Registry::<T>::do_transition(
					who.clone(),
					staff.clone(),
					device,
					Lifecycle::Released,
				)?;
			}
			Registry::<T>::do_dispatch(who.clone(), staff.clone(), device, carrier, hospital)?;
		}
		Ok(())
	}

	fn do_deliver(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		location: Option<LocationCode>,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(
			Registry::<T>::acts_for(
				&staff,
				order.hospital,
				&[StaffRole::Admin, StaffRole::FieldServiceEngineer]
			),
			Error::<T>::NotAuthorised
		);
		ensure!(order.status == OrderStatus::Shipped, Error::<T>::InvalidStage);
		for device in OrderDevices::<T>::get(id).iter() {
			Registry::<T>::do_install(who.clone(), staff.clone(), *device, location.clone())?;
		}
		Self::advance(id, order, OrderStatus::Delivered, OrderStage::Delivered, who, staff.org);
		Ok(())
	}

	fn do_install(who: T::AccountId, staff: StaffMembership, id: OrderId) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(
			Registry::<T>::acts_for(&staff, order.hospital, &SERVICE_ROLES),
			Error::<T>::NotAuthorised
		);
		ensure!(order.status == OrderStatus::Delivered, Error::<T>::InvalidStage);
		for device in OrderDevices::<T>::get(id).iter() {
			Registry::<T>::do_transition(
				who.clone(),
				staff.clone(),
				*device,
				Lifecycle::InService,
			)?;
		}
		Self::advance(id, order, OrderStatus::Installed, OrderStage::Installed, who, staff.org);
		Ok(())
	}

	fn do_after_sales(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		kind: AfterSalesKind,
		cid: Cid,
		hash: DocumentHash,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(
			Registry::<T>::acts_for(&staff, order.manufacturer, &SERVICE_ROLES)
				|| Registry::<T>::acts_for(&staff, order.hospital, &SERVICE_ROLES),
			Error::<T>::NotAuthorised
		);
		ensure!(order.status == OrderStatus::Installed, Error::<T>::InvalidStage);
		ensure!(is_cid_v1(&cid), Error::<T>::InvalidCid);
		for device in OrderDevices::<T>::get(id).iter() {
			let entry = DeviceEvent::AfterSales { order: id, kind };
			Self::note_device(*device, entry, &who, Some(staff.org));
		}
		let stage = OrderStage::AfterSales { kind, cid, hash };
		Self::advance(id, order, OrderStatus::Installed, stage, who, staff.org);
		Self::deposit_event(Event::AfterSalesRecorded { order: id, kind });
		Ok(())
	}

	/// Puts a recall in force: the registry reads its devices as recalled from now on.
	fn enforce(id: RecallId, scope: &RecallScope) -> DispatchResult {
		match scope {
			RecallScope::Lot { di, lot } => {
				let key = Registry::<T>::lot_key(di, lot);
				ensure!(!RecalledLots::<T>::contains_key(key), Error::<T>::AlreadyRecalled);
				RecalledLots::<T>::insert(key, id);
			},
			RecallScope::Model { di } => {
				let key = Registry::<T>::model_key(di);
				ensure!(!RecalledModels::<T>::contains_key(key), Error::<T>::AlreadyRecalled);
				RecalledModels::<T>::insert(key, id);
			},
		}
		Ok(())
	}

	fn do_issue_recall(
		who: T::AccountId,
		staff: StaffMembership,
		scope: RecallScope,
		reason: ReasonCode,
		event: Option<AdverseEventId>,
	) -> DispatchResult {
		let first = Self::devices_in_scope(&scope, None).next();
		let status = if Self::is_officer(&staff) {
			RecallStatus::Confirmed
		} else {
			let maker = first.and_then(pallet_device_registry::Devices::<T>::get);
			ensure!(
				maker.is_some_and(|device| Registry::<T>::acts_for(
					&staff,
					device.manufacturer,
					&SERVICE_ROLES
				)),
				Error::<T>::NotAuthorised
			);
			RecallStatus::Pending
		};
		ensure!(first.is_some(), Error::<T>::NothingToRecall);
		ensure!(!reason.is_empty(), Error::<T>::EmptyCode);
		if let Some(event) = event {
			ensure!(AdverseEvents::<T>::contains_key(event), Error::<T>::AdverseEventNotFound);
		}
		let id = Self::next_id::<NextRecallId<T>>()?;
		if status == RecallStatus::Confirmed {
			Self::enforce(id, &scope)?;
		}
		Recalls::<T>::insert(
			id,
			Recall {
				scope: scope.clone(),
				reason,
				event,
				issued_by: who,
				issuer_org: staff.org,
				issued_at: Self::now(),
				status,
				decided: None,
			},
		);
		Self::deposit_event(Event::RecallIssued { recall: id, scope, status });
		Ok(())
	}

	fn do_decide_recall(
		who: T::AccountId,
		staff: StaffMembership,
		id: RecallId,
		dismissal: Option<ReasonCode>,
	) -> DispatchResult {
		ensure!(Self::is_officer(&staff), Error::<T>::NotAuthorised);
		let mut recall = Recalls::<T>::get(id).ok_or(Error::<T>::RecallNotFound)?;
		ensure!(recall.status == RecallStatus::Pending, Error::<T>::RecallNotPending);
		recall.decided = Some((who, Self::now()));
		match dismissal {
			None => {
				Self::enforce(id, &recall.scope)?;
				recall.status = RecallStatus::Confirmed;
				Recalls::<T>::insert(id, recall);
				Self::deposit_event(Event::RecallConfirmed { recall: id });
			},
			Some(reason) => {
				ensure!(!reason.is_empty(), Error::<T>::EmptyCode);
				recall.status = RecallStatus::Dismissed;
				Recalls::<T>::insert(id, recall);
				Self::deposit_event(Event::RecallDismissed { recall: id, reason });
			},
		}
		Ok(())
	}

	/// Invariants: every trail is intact; every device of an order points back to it; every
	/// recall in force is confirmed and covers what its index says; every implanted device
	/// was last implanted under the pseudonym it is implanted under; no reporter is past
	/// the bound.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for order in Orders::<T>::iter_keys() {
			ensure!(Self::order_trail_intact(order), "an order's trail is broken");
		}
		for device in DeviceTrailHead::<T>::iter_keys() {
			ensure!(Self::device_trail_intact(device), "a device's trail is broken");
		}
		for (id, devices) in OrderDevices::<T>::iter() {
			for device in devices.iter() {
				ensure!(DeviceOrder::<T>::get(device) == Some(id), "a device lost its order");
			}
		}
		for recall in RecalledLots::<T>::iter_values().chain(RecalledModels::<T>::iter_values()) {
			ensure!(
				Recalls::<T>::get(recall).is_some_and(|r| r.status == RecallStatus::Confirmed),
				"a recall in force is not confirmed"
			);
		}
		for (device, pseudonym) in ImplantedIn::<T>::iter() {
			ensure!(
				DeviceUses::<T>::get(device, pseudonym)
					.is_some_and(|u| u.last == PatientUse::Implant),
				"an implant has no use under its pseudonym"
			);
		}
		ensure!(
			ReportsFiled::<T>::iter_values().all(|n| n <= T::MaxReportsPerDevice::get()),
			"a reporter is past the bound of reports on a device"
		);
		Ok(())
	}
}
