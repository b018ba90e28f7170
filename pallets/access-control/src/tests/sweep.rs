//! Idle-time cleanup of expired grants, and ids that run out.

use super::*;

// ---- idle-time cleanup and id exhaustion ----

#[test]
fn idle_time_deletes_expired_grants_a_bounded_number_at_a_time() {
	use frame_support::{traits::Hooks, weights::Weight};
	run(|| {
		let expiring: Vec<GrantId> = (0..3)
			.map(|_| grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, Some(START + HOUR)))
			.collect();
		let lasting = grant(Grantee::Person(DOCTOR_A), AccessLevel::Read, None);
		// Not yet expired: nothing is deleted.
		AccessControl::on_idle(1, Weight::MAX);
		assert_eq!(GrantCount::<Test>::get(PATIENT), 4);
		set_time(START + HOUR);
		// Too little weight for even one grant: nothing happens.
		let (base, per_grant) = AccessControl::sweep_costs();
		assert_eq!(AccessControl::on_idle(1, base), Weight::zero());
		// Room for two grants a block: two blocks clean up all three expired ones.
		let budget = base.saturating_add(per_grant.saturating_mul(2));
		assert!(AccessControl::on_idle(1, budget).all_lte(budget));
		assert!(ExpirySweepCursor::<Test>::get().is_some(), "the sweep resumes next time");
		AccessControl::on_idle(2, budget);
		AccessControl::on_idle(3, budget);
		assert_eq!(GrantCount::<Test>::get(PATIENT), 1);
		for id in expiring {
			assert!(!Grants::<Test>::contains_key(PATIENT, id));
			System::assert_has_event(
				Event::ExpiredGrantRemoved { patient: PATIENT, grant: id }.into(),
			);
		}
		assert!(Grants::<Test>::contains_key(PATIENT, lasting));
		// A freed place can be used again.
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
	});
}

#[test]
fn exhausted_ids_are_a_named_error() {
	run(|| {
		NextGrantId::<Test>::put(GrantId::MAX);
		assert_noop!(
			Access::grant_access(
				signed(PATIENT),
				Grantee::Person(DOCTOR_B),
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None,
				None
			),
			Error::<Test>::IdsExhausted
		);
		NextRequestId::<Test>::put(RequestId::MAX);
		assert_noop!(ask(DOCTOR_B, false), Error::<Test>::IdsExhausted);
		NextBreakGlassId::<Test>::put(BreakGlassId::MAX);
		assert_noop!(
			Access::break_glass(signed(DOCTOR_B), PATIENT, EmergencyReason::LifeThreatening),
			Error::<Test>::IdsExhausted
		);
	});
}
