//! The test chain every pallet's test runtime uses: it checks the invariants of every pallet
//! it names after whatever runs in it (as `pallet-collective`'s tests do), so an invariant
//! breaks the test that broke it. Only with `std`.

use sp_io::TestExternalities;
use sp_runtime::{traits::One, TryRuntimeError};

/// A pallet's invariants: its `do_try_state`.
pub type Invariants = fn() -> Result<(), TryRuntimeError>;

/// Test externalities that check, after each `execute_with`, the invariants of the pallets
/// they were built with.
pub struct CheckedExternalities {
	ext: TestExternalities,
	invariants: &'static [(&'static str, Invariants)],
}

impl CheckedExternalities {
	/// `ext`, checking each `(pallet, invariants)` in order after every test.
	pub fn new(ext: TestExternalities, invariants: &'static [(&'static str, Invariants)]) -> Self {
		Self { ext, invariants }
	}

	/// A test chain built from a genesis `storage`, at block 1, after `start` ran in it (to set
	/// the clock, say), checking `invariants` after every test: the setup every mock shares.
	pub fn at_block_one<T: frame_system::Config>(
		storage: sp_runtime::Storage,
		invariants: &'static [(&'static str, Invariants)],
		start: impl FnOnce(),
	) -> Self {
		let mut ext = TestExternalities::new(storage);
		ext.execute_with(|| {
			frame_system::Pallet::<T>::set_block_number(One::one());
			start();
		});
		Self::new(ext, invariants)
	}

	/// Runs `test`, then checks every pallet's invariants: a broken one fails the test.
	pub fn execute_with<R>(&mut self, test: impl FnOnce() -> R) -> R {
		let invariants = self.invariants;
		self.ext.execute_with(|| {
			let result = test();
			for (pallet, check) in invariants {
				if let Err(error) = check() {
					panic!("{pallet}'s invariants do not hold: {error:?}");
				}
			}
			result
		})
	}

	/// Runs `test` without checking: for the tests that break an invariant on purpose, to see
	/// that `try_state` catches it.
	pub fn execute_unchecked<R>(&mut self, test: impl FnOnce() -> R) -> R {
		self.ext.execute_with(test)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn holds() -> Result<(), TryRuntimeError> {
		Ok(())
	}

	fn broken() -> Result<(), TryRuntimeError> {
		Err("an index lost an entry".into())
	}

	#[test]
	fn a_broken_invariant_fails_the_test_that_broke_it() {
		let mut ext = CheckedExternalities::new(Default::default(), &[("holding", holds)]);
		assert_eq!(ext.execute_with(|| 7), 7);
		let mut ext = CheckedExternalities::new(Default::default(), &[("broken", broken)]);
		assert_eq!(ext.execute_unchecked(|| 7), 7);
		let panic =
			std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ext.execute_with(|| ())))
				.expect_err("the broken invariant fails");
		let message = panic.downcast_ref::<String>().expect("a message");
		assert!(message.contains("broken's invariants do not hold"), "{message}");
	}
}
