//! What traceability tells the world: its events and errors, a section of the pallet module
//! (`#[import_section]` in `lib.rs`), so that metadata and Polkadot.js Apps show them as
//! before.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events_and_errors {
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
		/// A recall was issued (in force if a regulatory officer issued a recall of lots,
		/// else pending).
		RecallIssued {
			/// The recall.
			recall: RecallId,
			/// What it covers.
			scope: RecallScope,
			/// Confirmed or pending.
			status: RecallStatus,
		},
		/// The officers (or governance) approved a recall: it is in force.
		RecallConfirmed {
			/// The recall.
			recall: RecallId,
			/// The recall of the same model's earlier production it replaced, if any.
			superseded: Option<RecallId>,
		},
		/// A regulatory officer dismissed a pending recall.
		RecallDismissed {
			/// The recall.
			recall: RecallId,
			/// The reason code.
			reason: ReasonCode,
		},
		/// A regulatory officer approved a recall that waits for another officer.
		RecallApproved {
			/// The recall.
			recall: RecallId,
			/// The officer.
			officer: T::AccountId,
		},
		/// Governance withdrew a recall in force.
		RecallWithdrawn {
			/// The recall.
			recall: RecallId,
			/// The reason code.
			reason: ReasonCode,
			/// The recall it had replaced, in force again, if any.
			restored: Option<RecallId>,
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
		/// A code does not have its code system's shape (`medchain_primitives::codes`): the
		/// model (UDI-DI) or a material's is empty, an adverse-event or outcome code is not
		/// IMDRF's (or SNOMED CT's), or a reason is not a code.
		InvalidCode,
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
		/// A recall of this lot, or of this model to the same or a later time, is in force
		/// already.
		AlreadyRecalled,
		/// The recall is not waiting for approval.
		RecallNotPending,
		/// An id counter is exhausted.
		IdsExhausted,
		/// The device is implanted in a patient: it must be explanted before it moves.
		DeviceImplanted,
		/// The reporter filed the most reports allowed on this device.
		TooManyReports,
		/// The officer approved this recall already.
		AlreadyApproved,
		/// The recall is not in force.
		RecallNotInForce,
		/// The same lot is listed twice.
		DuplicateLot,
		/// A model recall cannot reach production registered after it is issued.
		CutoffInFuture,
		/// None of the order's devices is ready: each is recalled or set aside.
		NoDeviceReady,
		/// The model's UDI-DI does not belong to this manufacturer.
		NotTheManufacturer,
		/// A lot number (of a material or a recall) is not 1 to 20 characters of GS1's
		/// character set 82.
		InvalidLot,
	}
}
