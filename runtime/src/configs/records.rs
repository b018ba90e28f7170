//! Patients' records and consent: the EMR pointers pallet (record pointers, versions, key
//! envelopes, erasure) and the access-control pallet (grants, requests, break-glass, audit).
//! Each asks the other through a trait in `medchain-primitives`.

use frame_support::traits::{ConstU32, ConstU64};

use crate::{AccessControl, Consortium, EmrPointers, Runtime, Signature};

/// `pallet_access_control`: the patient's consent and the audit trail.
impl pallet_access_control::Config for Runtime {
	type Membership = Consortium;
	type Records = EmrPointers;
	type Time = super::ChainTime;
	// Enough for a patient's care network, and enough that every check a record's anchoring
	// makes (the author, their organisation, 32 envelope readers) may meet a full list of
	// grants: 4 × 34. A check's cost does not grow with it (see `MaxGrantsPerGrantee`), and
	// the benchmarks' worst case then grows linearly with a record's envelopes.
	type MaxGrantsPerPatient = ConstU32<136>;
	// An access check reads the grants to the reader and to their organisation, at most this
	// many each: a few terms per grantee (say, read everything, write one category for a
	// stay), and a check that costs the same whatever the patient gave others.
	type MaxGrantsPerGrantee = ConstU32<4>;
	type MaxRequestsPerPatient = ConstU32<16>;
	// A fortnight: long enough for a patient to answer, short enough that a queue clears.
	type RequestLifetime = ConstU64<{ 14 * 24 * 60 * 60 * 1000 }>;
	type MaxBlockedPerPatient = ConstU32<32>;
	// One hour of emergency access, then a new break-glass (and a new review) is needed.
	type BreakGlassDuration = ConstU64<{ 60 * 60 * 1000 }>;
	// An emergency department's busy day for one patient, yet no insider's free pass: at
	// most 12 openings a day per patient, 24 per clinician.
	type MaxBreakGlassPerPatientPerDay = ConstU32<12>;
	type MaxBreakGlassPerClinicianPerDay = ConstU32<24>;
	type ReviewOrigin = super::governance::GovernanceOrigin;
	type Signature = Signature;
	// Ten blocks (one minute): a store audits a read as it serves it.
	type MaxReadRequestAge = ConstU32<10>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSigner;
	type WeightInfo = pallet_access_control::weights::SubstrateWeight<Runtime>;
}

/// Signs read requests with a fresh sr25519 key from the benchmark's keystore.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkSigner;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_access_control::BenchmarkHelper<crate::AccountId, Signature> for BenchmarkSigner {
	fn sign(message: &[u8]) -> (crate::AccountId, Signature) {
		use sp_runtime::app_crypto::RuntimePublic;
		const KEY: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"mcbh");
		let public = sp_core::sr25519::Public::generate_pair(KEY, None);
		let signature = public.sign(KEY, &message).expect("the benchmark keystore signs");
		(public.into(), Signature::Sr25519(signature))
	}

	fn set_now(now: medchain_primitives::Moment) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}

/// `pallet_emr_pointers`: pointers to off-chain, encrypted records.
impl pallet_emr_pointers::Config for Runtime {
	type Membership = Consortium;
	type Consent = AccessControl;
	type Time = super::ChainTime;
	type MaxEnvelopesPerRecord = ConstU32<32>;
	// A NaCl sealed box of a 32-byte key is 80 bytes; room for other schemes' headers.
	type MaxEnvelopeLength = ConstU32<128>;
	type MaxVersions = ConstU32<16>;
	// An integration engine's import in a few hundred kilobytes and a tenth of a block.
	type MaxBatchRecords = ConstU32<500>;
	type WeightInfo = pallet_emr_pointers::weights::SubstrateWeight<Runtime>;
}
