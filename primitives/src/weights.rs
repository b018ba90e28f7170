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
