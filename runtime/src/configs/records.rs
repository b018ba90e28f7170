//! Patients' records and consent: the EMR pointers pallet (record pointers, versions, key
//! envelopes, erasure) and the access-control pallet (grants, requests, break-glass, audit).
//! Each asks the other through a trait in `medchain-primitives`.

use frame_support::traits::{ConstU32, ConstU64};

use crate::{AccessControl, Consortium, EmrPointers, Runtime, RuntimeEvent};

/// `pallet_access_control`: the patient's consent and the audit trail.
impl pallet_access_control::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Membership = Consortium;
	type Records = EmrPointers;
	type Time = super::ChainTime;
	// Every access check reads them all: enough for a patient's care network, small enough
	// to keep a check cheap.
	type MaxGrantsPerPatient = ConstU32<64>;
	type MaxRequestsPerPatient = ConstU32<16>;
	// One hour of emergency access, then a new break-glass (and a new review) is needed.
	type BreakGlassDuration = ConstU64<{ 60 * 60 * 1000 }>;
	type WeightInfo = pallet_access_control::weights::SubstrateWeight<Runtime>;
}

/// `pallet_emr_pointers`: pointers to off-chain, encrypted records.
impl pallet_emr_pointers::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Membership = Consortium;
	type Consent = AccessControl;
	type Time = super::ChainTime;
	type MaxEnvelopesPerRecord = ConstU32<32>;
	// A NaCl sealed box of a 32-byte key is 80 bytes; room for other schemes' headers.
	type MaxEnvelopeLength = ConstU32<128>;
	type MaxVersions = ConstU32<16>;
	type WeightInfo = pallet_emr_pointers::weights::SubstrateWeight<Runtime>;
}
