//! Checks every medchain pallet runs in its `integrity_test` (so the runtime's
//! `runtime_integrity_tests` run them with the runtime's real limits).

use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight};

/// Asserts that each call's worst-case weight (its weight function at the largest inputs
/// the pallet's bounds allow) fits one normal extrinsic of the runtime's blocks. A call
/// heavier than that could never be included: the pool would refuse it at every size.
pub fn assert_calls_fit_a_block<T: frame_system::Config>(pallet: &str, calls: &[(&str, Weight)]) {
	let block = T::BlockWeights::get();
	let max = block.get(DispatchClass::Normal).max_extrinsic.unwrap_or(block.max_block);
	for (call, weight) in calls {
		assert!(
			weight.all_lte(max),
			"{pallet}.{call}: worst-case weight {weight:?} exceeds a normal extrinsic's {max:?}"
		);
	}
}

/// What signing adds to a call's encoding, at most: the length prefix, the version byte, the
/// address, the signature and the transaction extensions' explicit data (era, nonce), with
/// room to spare. The pallet and call indices are counted here too.
pub const SIGNED_EXTRINSIC_OVERHEAD: usize = 256;

/// Asserts that each call, with its arguments at their largest (`args`: the
/// `MaxEncodedLen` of its argument types, so at the pallet's bounds), signed, fits the part
/// of a block's length normal extrinsics may use. A longer one could never be included.
pub fn assert_calls_fit_block_length<T: frame_system::Config>(
	pallet: &str,
	calls: &[(&str, usize)],
) {
	let max = *T::BlockLength::get().max.get(DispatchClass::Normal) as usize;
	for (call, args) in calls {
		let length = args.saturating_add(SIGNED_EXTRINSIC_OVERHEAD);
		assert!(
			length <= max,
			"{pallet}.{call}: {length} bytes at its bounds exceed the {max} bytes of a block's \
			 normal extrinsics"
		);
	}
}
