//! The transaction gate: membership, the call table, budgets, the pool bound and priority.

use super::*;

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![] })
}

/// Runs the gate as block import does (validate, then prepare) for one transaction.
pub(super) fn gate(who: u64) -> Result<(), TransactionValidityError> {
	let call = remark();
	let info: DispatchInfo = call.get_dispatch_info();
	CheckMembership::<Test>::new().validate_and_prepare(signed(who), &call, &info, 0, 0).map(|_| ())
}

/// Runs the gate as the pool does (validate only).
fn pool_check(who: RuntimeOrigin) -> Result<(), TransactionValidityError> {
	let call = remark();
	let info = call.get_dispatch_info();
	CheckMembership::<Test>::new()
		.validate_only(who, &call, &info, 0, TransactionSource::External, 0)
		.map(|_| ())
}

#[test]
fn the_gate_refuses_unregistered_signers_with_its_code() {
	run(|| {
		let refused = Err(InvalidTransaction::Custom(NOT_A_MEMBER).into());
		assert_eq!(pool_check(signed(STRANGER)), refused);
		assert_eq!(gate(STRANGER), refused);
		assert!(!TransactionWindows::<Test>::contains_key(STRANGER));
	});
}

#[test]
fn the_gate_admits_staff_and_patients() {
	run(|| {
		for who in [HOSPITAL_ADMIN, DOCTOR, PHARMACIST, PATIENT] {
			assert_eq!(pool_check(signed(who)), Ok(()));
			assert_eq!(gate(who), Ok(()));
		}
		assert_eq!(TransactionWindows::<Test>::get(DOCTOR).unwrap().count, 1);
	});
}

#[test]
fn the_gate_refuses_staff_of_suspended_or_removed_organisations() {
	run(|| {
		let refused = Err(InvalidTransaction::Custom(NOT_A_MEMBER).into());
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_eq!(pool_check(signed(DOCTOR)), refused);
		assert_ok!(Consortium::remove_organisation(RuntimeOrigin::root(), PHARMACY));
		assert_eq!(pool_check(signed(PHARMACIST)), refused);
		// The hospital's patient is its own account and still transacts.
		assert_eq!(pool_check(signed(PATIENT)), Ok(()));
	});
}

#[test]
fn the_gate_limits_each_account_per_window() {
	run(|| {
		System::set_block_number(WINDOW + 3);
		for _ in 0..MAX_TX_PER_WINDOW {
			assert_eq!(gate(DOCTOR), Ok(()));
		}
		let limited = Err(InvalidTransaction::Custom(RATE_LIMITED).into());
		assert_eq!(gate(DOCTOR), limited);
		assert_eq!(pool_check(signed(DOCTOR)), limited);
		// Other accounts have their own count.
		assert_eq!(gate(PATIENT), Ok(()));
		// Still the same window at its last block.
		System::set_block_number(2 * WINDOW - 1);
		assert_eq!(gate(DOCTOR), limited);
		// The next window starts afresh.
		System::set_block_number(2 * WINDOW);
		assert_eq!(gate(DOCTOR), Ok(()));
		assert_eq!(TransactionWindows::<Test>::get(DOCTOR).unwrap().count, 1);
	});
}

/// Runs the gate as block import does for `call` from `who`, with `info`'s weight and `len`
/// bytes.
fn gate_call(
	who: u64,
	call: RuntimeCall,
	weight: u64,
	len: usize,
) -> Result<(), TransactionValidityError> {
	let info = DispatchInfo { call_weight: Weight::from_parts(weight, 0), ..Default::default() };
	CheckMembership::<Test>::new()
		.validate_and_prepare(signed(who), &call, &info, len, 0)
		.map(|_| ())
}

/// Runs the gate as the pool does for a remark of `weight` and `len` bytes whose nonce is
/// `nonce`; returns the priority it gives.
fn pool_priority(
	who: u64,
	weight: u64,
	len: usize,
	nonce: u32,
) -> Result<u64, TransactionValidityError> {
	let info = DispatchInfo { call_weight: Weight::from_parts(weight, 0), ..Default::default() };
	let implication = ImplicationParts {
		base: &(),
		explicit: &frame_system::CheckNonce::<Test>::from(nonce),
		implicit: &(),
	};
	CheckMembership::<Test>::new()
		.validate(signed(who), &remark(), &info, len, (), &implication, TransactionSource::External)
		.map(|(validity, _, _)| validity.priority)
}

#[test]
fn governance_keys_make_governance_calls_within_the_governance_budget_and_nothing_else() {
	run(|| {
		let governance_call =
			RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![] });
		// More than a member's budget, but bounded too.
		for _ in 0..MAX_GOVERNANCE_TX_PER_WINDOW {
			assert_eq!(gate_call(GOVERNANCE_KEY, governance_call.clone(), 0, 0), Ok(()));
		}
		assert_eq!(
			gate_call(GOVERNANCE_KEY, governance_call.clone(), 0, 0),
			Err(InvalidTransaction::Custom(RATE_LIMITED).into())
		);
		assert_eq!(
			TransactionWindows::<Test>::get(GOVERNANCE_KEY).unwrap().count,
			MAX_GOVERNANCE_TX_PER_WINDOW
		);
		// A governance key that is not a member makes nothing but governance calls.
		assert_eq!(gate(GOVERNANCE_KEY), Err(InvalidTransaction::Custom(NOT_A_MEMBER).into()));
		// A governance key that is staff of a suspended organisation: governance calls only.
		Exempt::mutate(|keys| keys.push(HOSPITAL_ADMIN));
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_eq!(gate_call(HOSPITAL_ADMIN, governance_call.clone(), 0, 0), Ok(()));
		assert_eq!(gate(HOSPITAL_ADMIN), Err(InvalidTransaction::Custom(NOT_A_MEMBER).into()));
		// Active again, its other calls count against its member budget like anyone's (which
		// its governance calls in the window have used too).
		assert_ok!(Consortium::reinstate_organisation(RuntimeOrigin::root(), HOSPITAL));
		assert_eq!(gate(HOSPITAL_ADMIN), Ok(()));
		assert_eq!(TransactionWindows::<Test>::get(HOSPITAL_ADMIN).unwrap().count, 2);
		// Nobody else makes governance calls.
		assert_eq!(
			gate_call(DOCTOR, governance_call, 0, 0),
			Err(InvalidTransaction::Custom(CALL_NOT_ALLOWED).into())
		);
	});
}

#[test]
fn the_gate_refuses_calls_the_table_refuses_and_counts_nothing() {
	run(|| {
		let forbidden = RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 1 });
		for who in [HOSPITAL_ADMIN, DOCTOR, PATIENT, GOVERNANCE_KEY] {
			assert_eq!(
				gate_call(who, forbidden.clone(), 0, 0),
				Err(InvalidTransaction::Custom(CALL_NOT_ALLOWED).into())
			);
			assert!(!TransactionWindows::<Test>::contains_key(who));
		}
	});
}

#[test]
fn the_budget_counts_weight_and_bytes_by_kind_of_account() {
	run(|| {
		let refused = |code| Err(InvalidTransaction::Custom(code).into());
		// A patient's budget: 1_000 bytes and 1 ms a window (mock::Budgets).
		assert_eq!(gate_call(PATIENT, remark(), 0, 1_001), refused(EXCEEDS_BUDGET));
		assert_eq!(gate_call(PATIENT, remark(), 1_000_000_001, 0), refused(EXCEEDS_BUDGET));
		assert!(!TransactionWindows::<Test>::contains_key(PATIENT));
		assert_eq!(gate_call(PATIENT, remark(), 600_000_000, 600), Ok(()));
		// What is left of the window is too little for the same again, in bytes or weight.
		assert_eq!(gate_call(PATIENT, remark(), 0, 600), refused(RATE_LIMITED));
		assert_eq!(gate_call(PATIENT, remark(), 600_000_000, 0), refused(RATE_LIMITED));
		assert_eq!(gate_call(PATIENT, remark(), 400_000_000, 400), Ok(()));
		let window = TransactionWindows::<Test>::get(PATIENT).unwrap();
		assert_eq!(
			window,
			TransactionWindow { start: 0, count: 2, weight: 1_000_000_000, length: 1_000 }
		);
		// Staff have ten times a patient's budget; an integration account a hundred times.
		assert_eq!(gate_call(DOCTOR, remark(), 0, 10_000), Ok(()));
		assert_eq!(gate_call(DOCTOR, remark(), 0, 10_001), refused(EXCEEDS_BUDGET));
		let engine = 30;
		assert_ok!(Consortium::add_staff(
			signed(HOSPITAL_ADMIN),
			engine,
			roles(&[StaffRole::Integration])
		));
		assert_eq!(gate_call(engine, remark(), 100_000_000_000, 100_000), Ok(()));
		// The next window starts afresh.
		System::set_block_number(WINDOW);
		assert_eq!(gate_call(PATIENT, remark(), 1_000_000_000, 1_000), Ok(()));
	});
}

#[test]
fn the_pool_holds_no_more_than_a_budget_and_serves_the_least_used_first() {
	run(|| {
		// The next transaction leaves 60% of the patient's bytes: that is its priority.
		assert_eq!(pool_priority(PATIENT, 0, 400, 0), Ok(FULL_BUDGET_PRIORITY * 6 / 10));
		// With one of its transactions ahead in the pool, it counts as if both were this size.
		assert_eq!(pool_priority(PATIENT, 0, 400, 1), Ok(FULL_BUDGET_PRIORITY * 2 / 10));
		// Two ahead would not fit the window: the pool takes no more.
		assert_eq!(
			pool_priority(PATIENT, 0, 400, 2),
			Err(InvalidTransaction::Custom(TOO_MANY_PENDING).into())
		);
		// Three transactions at most, whatever their size.
		assert_eq!(
			pool_priority(DOCTOR, 0, 1, MAX_TX_PER_WINDOW),
			Err(InvalidTransaction::Custom(TOO_MANY_PENDING).into())
		);
		// A staff account that has used nothing comes before the patient; governance first.
		assert_eq!(pool_priority(DOCTOR, 0, 400, 0), Ok(FULL_BUDGET_PRIORITY * 2 / 3));
		let governance_call =
			RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![] });
		let info = governance_call.get_dispatch_info();
		let governance = CheckMembership::<Test>::new()
			.validate_only(
				signed(GOVERNANCE_KEY),
				&governance_call,
				&info,
				0,
				TransactionSource::External,
				0,
			)
			.map(|(validity, _, _)| validity.priority);
		assert_eq!(governance, Ok(GOVERNANCE_PRIORITY));
	});
}

#[test]
fn the_gate_lets_unsigned_transactions_through() {
	run(|| {
		let call = remark();
		let info = call.get_dispatch_info();
		for origin in [RuntimeOrigin::none(), RuntimeOrigin::root()] {
			let result = CheckMembership::<Test>::new().validate(
				origin,
				&call,
				&info,
				0,
				(),
				&sp_runtime::traits::TxBaseImplication(()),
				TransactionSource::External,
			);
			assert!(result.is_ok());
		}
	});
}

#[test]
fn the_gate_adds_no_signed_data() {
	let gate = CheckMembership::<Test>::new();
	assert!(codec::Encode::encode(&gate).is_empty());
	assert_eq!(gate.implicit(), Ok(()));
	let metadata = <CheckMembership<Test> as TransactionExtension<RuntimeCall>>::metadata();
	assert_eq!(metadata.len(), 1);
	assert_eq!(metadata[0].identifier, "CheckMembership");
}
