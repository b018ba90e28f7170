//! Invariants under arbitrary sequences of calls.

use super::*;
use proptest::prelude::*;

/// One call, with small account and organisation numbers so that calls collide.
#[derive(Debug, Clone)]
enum Op {
	Admit(u8, u64),
	Suspend(u32),
	Reinstate(u32),
	Remove(u32),
	AddStaff(u64, u64, Vec<u8>),
	SetRoles(u64, u64, Vec<u8>),
	RemoveStaff(u64, u64),
	Reap(u64),
	RegisterPatient(u64, u64),
	/// Caller (0: governance), patient.
	DeregisterPatient(u64, u64),
}

fn role_set(indices: &[u8]) -> StaffRoles {
	StaffRoles::truncate_from(
		indices.iter().map(|i| StaffRole::ALL[*i as usize % StaffRole::ALL.len()]).collect(),
	)
}

fn op() -> impl Strategy<Value = Op> {
	let account = 1u64..12;
	let org = 0u32..6;
	let roles = proptest::collection::vec(0u8..10, 0..4);
	prop_oneof![
		(0u8..7, account.clone()).prop_map(|(k, a)| Op::Admit(k, a)),
		org.clone().prop_map(Op::Suspend),
		org.clone().prop_map(Op::Reinstate),
		org.prop_map(Op::Remove),
		(account.clone(), account.clone(), roles.clone())
			.prop_map(|(c, w, r)| Op::AddStaff(c, w, r)),
		(account.clone(), account.clone(), roles).prop_map(|(c, w, r)| Op::SetRoles(c, w, r)),
		(account.clone(), account.clone()).prop_map(|(c, w)| Op::RemoveStaff(c, w)),
		account.clone().prop_map(Op::Reap),
		(account.clone(), account.clone()).prop_map(|(c, p)| Op::RegisterPatient(c, p)),
		(0u64..12, account).prop_map(|(c, p)| Op::DeregisterPatient(c, p)),
	]
}

fn apply(op: Op) -> frame_support::dispatch::DispatchResult {
	let root = RuntimeOrigin::root;
	match op {
		Op::Admit(kind, admin) => {
			Consortium::admit_organisation(root(), OrganisationKind::ALL[kind as usize], admin)
		},
		Op::Suspend(org) => Consortium::suspend_organisation(root(), org),
		Op::Reinstate(org) => Consortium::reinstate_organisation(root(), org),
		Op::Remove(org) => Consortium::remove_organisation(root(), org),
		Op::AddStaff(caller, who, roles) => {
			Consortium::add_staff(signed(caller), who, role_set(&roles))
		},
		Op::SetRoles(caller, who, roles) => {
			Consortium::set_staff_roles(signed(caller), who, role_set(&roles))
		},
		Op::RemoveStaff(caller, who) => Consortium::remove_staff(signed(caller), who),
		Op::Reap(who) => Consortium::reap_staff(signed(PATIENT), who),
		Op::RegisterPatient(caller, patient) => {
			Consortium::register_patient(signed(caller), patient)
		},
		Op::DeregisterPatient(0, patient) => Consortium::deregister_patient(root(), patient),
		Op::DeregisterPatient(caller, patient) => {
			Consortium::deregister_patient(signed(caller), patient)
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	/// Whatever calls are made, in any order: a refused call changes no state; counts
	/// match the records, every member keeps an admin, nobody is both staff and patient,
	/// every registered account exists, and "active" is exactly "a record in an active
	/// organisation".
	#[test]
	fn invariants_hold_after_any_calls(ops in proptest::collection::vec(op(), 1..40)) {
		new_test_ext().execute_with(|| {
			for op in ops {
				let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
				if apply(op.clone()).is_err() {
					let after = sp_io::storage::root(sp_runtime::StateVersion::V1);
					prop_assert_eq!(before, after, "{:?} failed but changed state", op);
				}
				prop_assert!(Consortium::do_try_state().is_ok(), "after {:?}", op);
			}
			for who in 1u64..12 {
				let registered = Staff::<Test>::contains_key(who) || Patients::<Test>::contains_key(who);
				if registered {
					prop_assert!(System::account_exists(&who));
				}
				let active = Staff::<Test>::get(who).is_some_and(|r| {
					Organisations::<Test>::get(r.org)
						.is_some_and(|o| o.status == OrganisationStatus::Active)
				});
				prop_assert_eq!(Consortium::active_staff(&who).is_some(), active);
			}
			Ok(())
		})?;
	}
}
