//! What the registry tells the world: its events and errors, a section of the pallet module
//! (`#[import_section]` in `lib.rs`), so that metadata and Polkadot.js Apps show them as
//! before.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events_and_errors {
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
		/// Governance bound a UDI company prefix to the manufacturer it was issued to.
		PrefixBound {
			/// The prefix.
			prefix: CompanyPrefix,
			/// The manufacturer.
			manufacturer: OrgId,
		},
		/// Governance unbound a UDI company prefix (its devices keep their manufacturer).
		PrefixUnbound {
			/// The prefix.
			prefix: CompanyPrefix,
			/// The manufacturer it was bound to.
			manufacturer: OrgId,
		},
		/// The carrier set aside a device recalled on its way: returned to its manufacturer
		/// or quarantined.
		SetAside {
			/// The device.
			device: DeviceId,
			/// What the carrier did with it.
			disposition: Disposition,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No device has this id.
		DeviceNotFound,
		/// A device with this UDI is already registered.
		DuplicateUdi,
		/// The UDI-DI is not a GS1 GTIN-14 (with its check digit), a HIBCC or an ISBT 128
		/// device identifier.
		InvalidUdi,
		/// The UDI has neither a serial nor a lot number.
		MissingProductionId,
		/// The CID is not a canonical CIDv1 (base32, raw or dag-pb, sha2-256).
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
		/// No company prefix of the UDI-DI is bound to a manufacturer.
		UnknownIssuer,
		/// The UDI-DI's company prefix is bound to another manufacturer.
		NotUdiOwner,
		/// The company prefix does not have its issuing agency's shape.
		InvalidPrefix,
		/// The organisation is not an active manufacturer.
		NotAManufacturer,
		/// The company prefix is bound already (unbind it first).
		PrefixTaken,
		/// The company prefix is not bound.
		PrefixNotBound,
		/// The device is not recalled on its way.
		NotRecalledInTransit,
		/// A code of the profile (device type, model, version, modality) does not have its
		/// code system's shape (`medchain_primitives::codes`).
		InvalidCode,
		/// The serial or lot number is not 1 to 20 characters of GS1's character set 82.
		InvalidProductionId,
		/// The location is not a GLN (with its check digit and an optional extension).
		InvalidLocation,
		/// The account is not a RecordStore account of the store the request names.
		NotStoreOperator,
		/// The request names another store than the one keeping the entry's file.
		WrongStore,
		/// The signed request's `valid_until` has passed.
		LogRequestExpired,
		/// The signed request's `valid_until` is further ahead than the chain allows.
		LogRequestTooFarAhead,
		/// The reader already had a request with this nonce or a larger one audited.
		StaleLogRequest,
		/// The signature is not the reader's over the request.
		BadSignature,
	}
}
