//! The property: no sequence of calls brings a device back from a final state.

use super::*;
use proptest::prelude::*;

fn target() -> impl Strategy<Value = Lifecycle> {
	prop_oneof![
		Just(Lifecycle::Released),
		Just(Lifecycle::InTransit),
		Just(Lifecycle::Installed),
		Just(Lifecycle::InService),
		Just(Lifecycle::Maintenance),
		Just(Lifecycle::Recalled),
		Just(Lifecycle::Decommissioned),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	/// Whatever calls are made, by whichever staff: once recalled or decommissioned, a
	/// device stays so; and every refused call leaves the state untouched.
	#[test]
	fn nothing_brings_a_device_back_from_a_final_state(
		steps in proptest::collection::vec((target(), 0usize..6), 1..25)
	) {
		new_test_ext().execute_with(|| {
			let id = register("SN-1");
			let callers = [MAKER, DRIVER, BIOMED, OPERATOR, HOSPITAL_ADMIN, OFFICER];
			let mut final_state = None;
			for (to, caller) in steps {
				let who = callers[caller];
				let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
				let result = match to {
					Lifecycle::Released => Registry::release(signed(who), id),
					Lifecycle::InTransit => Registry::dispatch(signed(who), id, CARRIER, HOSPITAL),
					Lifecycle::Installed => Registry::install(signed(who), id, None),
					Lifecycle::InService => Registry::put_in_service(signed(who), id),
					Lifecycle::Maintenance => Registry::start_maintenance(signed(who), id),
					Lifecycle::Recalled => Registry::recall(signed(who), id),
					_ => Registry::decommission(signed(who), id),
				};
				if result.is_err() {
					prop_assert_eq!(before, sp_io::storage::root(sp_runtime::StateVersion::V1));
				}
				prop_assert_eq!(Registry::do_try_state(), Ok(()));
				let now = state(id);
				if let Some(done) = final_state {
					prop_assert_eq!(now, done, "a device left {:?}", done);
				} else if now.is_final() {
					final_state = Some(now);
				}
			}
			Ok(())
		})?;
	}
}
