//! Unit tests: adding and removing authorities (every error, the wrong origin), and what
//! the session manager hands `pallet-session` at each boundary.

use crate::{
	mock::{new_test_ext, RuntimeEvent, RuntimeOrigin, System, Test, VALID_PROOF},
	*,
};
use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::DispatchError;

type Set = Pallet<Test>;

fn set() -> Vec<u64> {
	Authorities::<Test>::get().into_inner()
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

#[test]
fn genesis_authorities_are_the_first_set() {
	new_test_ext().execute_with(|| {
		assert_eq!(set(), vec![1, 2, 3, 4]);
		assert_eq!(Set::new_session_genesis(0), Some(vec![1, 2, 3, 4]));
		// Nothing changed: the session keeps its set.
		assert_eq!(Set::new_session(2), None);
	});
}

#[test]
fn governance_adds_an_authority_with_keys_from_the_next_planned_session() {
	new_test_ext().execute_with(|| {
		assert_ok!(Set::add_authority(RuntimeOrigin::root(), 5, None));
		assert_eq!(last_event(), RuntimeEvent::Authorities(Event::AuthorityAdded { who: 5 }));
		assert_eq!(set(), vec![1, 2, 3, 4, 5]);
		assert_eq!(Set::new_session(3), Some(vec![1, 2, 3, 4, 5]));
		assert_eq!(
			last_event(),
			RuntimeEvent::Authorities(Event::AuthoritiesPlanned { session: 3, count: 5 })
		);
		// Planned once: the next boundary keeps it.
		assert_eq!(Set::new_session(4), None);
	});
}

#[test]
fn adding_is_refused_without_keys_twice_past_the_bound_or_to_others() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Set::add_authority(RuntimeOrigin::root(), 10, None),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			Set::add_authority(RuntimeOrigin::root(), 4, None),
			Error::<Test>::AlreadyAuthority
		);
		assert_noop!(
			Set::add_authority(RuntimeOrigin::signed(1), 5, None),
			DispatchError::BadOrigin
		);
		assert_ok!(Set::add_authority(RuntimeOrigin::root(), 5, None));
		assert_noop!(
			Set::add_authority(RuntimeOrigin::root(), 6, None),
			Error::<Test>::TooManyAuthorities
		);
	});
}

#[test]
fn the_same_call_may_set_the_keys_with_their_proof() {
	new_test_ext().execute_with(|| {
		let proof = |p: &[u8]| BoundedVec::try_from(p.to_vec()).unwrap();
		assert_noop!(
			Set::add_authority(RuntimeOrigin::root(), 11, Some((7, proof(b"forged")))),
			DispatchError::Other("invalid proof")
		);
		assert_ok!(Set::add_authority(RuntimeOrigin::root(), 11, Some((7, proof(VALID_PROOF)))));
		assert_eq!(set(), vec![1, 2, 3, 4, 11]);
	});
}

#[test]
fn governance_removes_authorities_down_to_the_minimum() {
	new_test_ext().execute_with(|| {
		assert_noop!(Set::remove_authority(RuntimeOrigin::signed(1), 4), DispatchError::BadOrigin);
		assert_noop!(Set::remove_authority(RuntimeOrigin::root(), 9), Error::<Test>::NotAuthority);
		assert_ok!(Set::remove_authority(RuntimeOrigin::root(), 2));
		assert_eq!(last_event(), RuntimeEvent::Authorities(Event::AuthorityRemoved { who: 2 }));
		assert_eq!(set(), vec![1, 3, 4]);
		assert_noop!(
			Set::remove_authority(RuntimeOrigin::root(), 1),
			Error::<Test>::TooFewAuthorities
		);
		assert_eq!(Set::new_session(5), Some(vec![1, 3, 4]));
	});
}
