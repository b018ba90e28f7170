//! The call-permission table: complete against the metadata and the document, enforced by the
//! base call filter and the gate (in the pool and in blocks), batches included; the budgets;
//! the peer allow-list's bounds.

use super::*;
use crate::{
	tests::{
		as_root, council_motion, new_test_ext, pool_priority, pool_validate, signed, start_block,
	},
	Executive, OriginCaller, RuntimeOrigin, System, TxExtension,
};
use frame_support::dispatch::GetDispatchInfo;
use pallet_consortium::extension::{
	EXCEEDS_BUDGET, GOVERNANCE_PRIORITY, NOT_A_MEMBER, TOO_MANY_PENDING,
};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::{Convert, Dispatchable, TransactionExtension},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError,
};
use std::collections::BTreeSet;

fn refused(code: u8) -> Result<(), TransactionValidityError> {
	Err(InvalidTransaction::Custom(code).into())
}

fn remark(bytes: usize) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![7; bytes] })
}

fn batch(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch { calls })
}

fn peer(n: u8, len: usize) -> OpaquePeerId {
	OpaquePeerId(vec![n; len])
}

/// Every (pallet, call) pair the runtime's metadata lists.
fn metadata_calls() -> BTreeSet<(String, String)> {
	crate::tests::metadata_names("calls")
}

fn table_calls() -> BTreeSet<(String, String)> {
	let mut rows = BTreeSet::new();
	for (pallet, calls) in CALLS {
		for (call, _) in *calls {
			assert!(rows.insert((pallet.to_string(), call.to_string())), "{pallet}.{call} twice");
		}
	}
	rows
}

#[test]
fn every_call_of_the_metadata_has_one_row_and_every_row_a_call() {
	let metadata = metadata_calls();
	assert!(metadata.len() > 100, "the walk found the calls ({} only)", metadata.len());
	let table = table_calls();
	let missing: Vec<_> = metadata.difference(&table).collect();
	assert!(missing.is_empty(), "calls without a decision in permissions::CALLS: {missing:?}");
	let stale: Vec<_> = table.difference(&metadata).collect();
	assert!(stale.is_empty(), "rows for calls the runtime does not have: {stale:?}");
}

#[test]
fn docs_consortium_md_shows_the_table_as_the_runtime_enforces_it() {
	let doc = include_str!("../../../docs/consortium.md");
	let mut documented = BTreeSet::new();
	for line in doc.lines() {
		let cells: Vec<&str> = line.split('|').map(str::trim).collect();
		// | `Pallet` | `call` | who | why |
		if cells.len() >= 5 && cells[1].starts_with('`') && cells[2].starts_with('`') {
			let strip = |cell: &str| cell.trim_matches('`').to_string();
			documented.insert((strip(cells[1]), strip(cells[2]), cells[3].to_string()));
		}
	}
	let mut enforced = BTreeSet::new();
	for (pallet, calls) in CALLS {
		for (call, access) in *calls {
			enforced.insert((pallet.to_string(), call.to_string(), access.name().to_string()));
		}
	}
	let undocumented: Vec<_> = enforced.difference(&documented).collect();
	assert!(undocumented.is_empty(), "rows missing from docs/consortium.md: {undocumented:?}");
	let wrong: Vec<_> = documented.difference(&enforced).collect();
	assert!(wrong.is_empty(), "docs/consortium.md rows the runtime does not enforce: {wrong:?}");
}

#[test]
fn the_gate_sits_right_before_check_nonce() {
	let identifiers: Vec<_> = TxExtension::metadata().into_iter().map(|m| m.identifier).collect();
	let gate = identifiers.iter().position(|i| *i == "CheckMembership").expect("the gate");
	assert_eq!(identifiers[gate + 1], "CheckNonce");
}

/// One call of each kind of access, and who may sign it.
#[test]
fn each_kind_of_call_is_signed_only_by_whom_the_table_says() {
	new_test_ext().execute_with(|| {
		start_block(1);
		let reap = RuntimeCall::Consortium(pallet_consortium::Call::reap_staff {
			who: FerdieStash.to_account_id(),
		});
		let cases: Vec<(&str, RuntimeCall, &[Sr25519Keyring])> = vec![
			(
				"root only",
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: Charlie.to_account_id().into(),
					value: 1,
				}),
				&[],
			),
			("root only", RuntimeCall::Session(pallet_session::Call::purge_keys {}), &[]),
			(
				"governance",
				RuntimeCall::Consortium(pallet_consortium::Call::suspend_organisation { org: 0 }),
				&[],
			),
			(
				"sudo key",
				RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(remark(1)) }),
				&[Alice],
			),
			(
				"council member",
				RuntimeCall::Council(pallet_collective::Call::vote {
					proposal: Default::default(),
					index: 0,
					approve: true,
				}),
				&[Alice, Bob],
			),
			(
				"registrar",
				RuntimeCall::Consortium(pallet_consortium::Call::register_patient {
					patient: crate::AccountId::from([42; 32]),
				}),
				&[Bob, Charlie],
			),
			(
				"admin",
				RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
					node: peer(9, 38),
				}),
				&[Alice, Bob],
			),
			("staff", remark(8), &[Alice, Bob, Charlie, EveStash]),
			(
				"patient",
				RuntimeCall::AccessControl(pallet_access_control::Call::revoke_grant { grant: 0 }),
				&[Eve],
			),
			("member", reap, &[Alice, Bob, Charlie, EveStash, Eve]),
		];
		for (kind, call, allowed) in cases {
			for key in [Alice, Bob, Charlie, EveStash, Eve, FerdieStash] {
				let expected = if key == FerdieStash {
					refused(NOT_A_MEMBER)
				} else if allowed.contains(&key) {
					Ok(())
				} else {
					refused(CALL_NOT_ALLOWED)
				};
				let got = pool_validate(signed(key, call.clone(), 0));
				assert_eq!(got, expected, "{kind} call signed by {key:?}");
			}
		}
	});
}

#[test]
fn root_only_calls_are_filtered_for_every_other_origin_batches_included() {
	new_test_ext().execute_with(|| {
		start_block(1);
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Charlie.to_account_id().into(),
			value: 1,
		});
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
		let by_bob = RuntimeOrigin::signed(Bob.to_account_id());
		assert_eq!(transfer.clone().dispatch(by_bob.clone()).map_err(|e| e.error), Err(filtered));
		// A council motion is filtered too.
		assert_eq!(council_motion(transfer.clone()).map_err(|e| e.error), Err(filtered));
		// Inside a batch, the batch stops at the filtered call.
		assert!(batch(vec![remark(1), transfer.clone()]).dispatch(by_bob).is_ok());
		System::assert_last_event(
			pallet_utility::Event::BatchInterrupted { index: 1, error: filtered }.into(),
		);
		// Root passes: governance can still act through the whitelist.
		assert!(CallFilter::contains(&remark(1)));
		assert!(!CallFilter::contains(&transfer));
	});
}

#[test]
fn batches_are_decided_call_by_call_and_counted_by_their_content() {
	new_test_ext().execute_with(|| {
		start_block(1);
		// A patient may not remark, however small or large, alone or in a batch.
		assert_eq!(pool_validate(signed(Eve, remark(1024 * 1024), 0)), refused(CALL_NOT_ALLOWED));
		assert_eq!(
			pool_validate(signed(Eve, batch(vec![remark(1)]), 0)),
			refused(CALL_NOT_ALLOWED)
		);
		// A thousand calls a patient may make are, together, far over a patient's budget.
		let reap = RuntimeCall::Consortium(pallet_consortium::Call::reap_staff {
			who: FerdieStash.to_account_id(),
		});
		let thousand = batch(vec![reap.clone(); 1_000]);
		let budget =
			crate::configs::governance::Budgets::convert(pallet_consortium::AccountKind::Patient);
		assert!(thousand.get_dispatch_info().total_weight().ref_time() > budget.weight);
		assert_eq!(pool_validate(signed(Eve, thousand, 0)), refused(EXCEEDS_BUDGET));
		assert_eq!(pool_validate(signed(Eve, batch(vec![reap.clone(); 3]), 0)), Ok(()));
		// Staff: a 1 MiB remark is over a nurse's bytes.
		assert_eq!(pool_validate(signed(Charlie, remark(1024 * 1024), 0)), refused(EXCEEDS_BUDGET));
		// A governance call hidden in a member's batch is refused.
		let suspend =
			RuntimeCall::Consortium(pallet_consortium::Call::suspend_organisation { org: 0 });
		assert_eq!(
			pool_validate(signed(Bob, batch(vec![remark(1), suspend]), 0)),
			refused(CALL_NOT_ALLOWED)
		);
		// Batches nest two deep at most.
		let two = batch(vec![batch(vec![remark(1)])]);
		assert_eq!(pool_validate(signed(Charlie, two.clone(), 0)), Ok(()));
		assert_eq!(pool_validate(signed(Charlie, batch(vec![two]), 0)), refused(CALL_NOT_ALLOWED));
	});
}

#[test]
fn governance_keys_are_served_first_and_bounded_and_only_for_their_own_calls() {
	new_test_ext().execute_with(|| {
		start_block(1);
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(remark(1)) });
		assert_eq!(pool_priority(signed(Alice, sudo.clone(), 0)), Ok(GOVERNANCE_PRIORITY));
		let member = pool_priority(signed(Bob, remark(1), 0)).expect("Bob's remark");
		assert!(member < GOVERNANCE_PRIORITY);
		// A council member is not the sudo key: its sudo call never reaches a block.
		assert_eq!(pool_validate(signed(Bob, sudo.clone(), 0)), refused(CALL_NOT_ALLOWED));
		assert!(matches!(Executive::apply_extrinsic(signed(Alice, sudo, 0)), Ok(Ok(()))));
		let alice = Alice.to_account_id();
		assert_eq!(
			pallet_consortium::TransactionWindows::<Runtime>::get(&alice).map(|w| w.count),
			Some(1)
		);
		// Alice's remark (she is also the regulator's admin) counts against her member
		// budget.
		assert!(matches!(Executive::apply_extrinsic(signed(Alice, remark(1), 1)), Ok(Ok(()))));
		assert_eq!(
			pallet_consortium::TransactionWindows::<Runtime>::get(&alice).map(|w| w.count),
			Some(2)
		);
		// A council motion carries governance calls only: not a remark, not a batch of them.
		let propose = |call: RuntimeCall| {
			RuntimeCall::Council(pallet_collective::Call::propose {
				threshold: 1,
				proposal: Box::new(call),
				length_bound: 10_000,
			})
		};
		assert_eq!(pool_validate(signed(Bob, propose(remark(100)), 0)), refused(CALL_NOT_ALLOWED));
		assert_eq!(
			pool_validate(signed(Bob, propose(batch(vec![remark(1)])), 0)),
			refused(CALL_NOT_ALLOWED)
		);
		let suspend =
			RuntimeCall::Consortium(pallet_consortium::Call::suspend_organisation { org: 0 });
		assert_eq!(pool_validate(signed(Bob, propose(batch(vec![suspend])), 0)), Ok(()));
		// Code governance has not authorised never reaches a block.
		let upgrade = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade {
			code: vec![0; 1024],
		});
		assert_eq!(pool_validate(signed(Alice, upgrade, 2)), refused(CALL_NOT_ALLOWED));
	});
}

#[test]
fn the_pool_takes_no_more_than_an_accounts_budget() {
	new_test_ext().execute_with(|| {
		start_block(1);
		let reap = RuntimeCall::Consortium(pallet_consortium::Call::reap_staff {
			who: FerdieStash.to_account_id(),
		});
		// At most 64 of an account's transactions wait ahead of another of its own.
		assert_eq!(pool_validate(signed(Eve, reap.clone(), 63)), Ok(()));
		assert_eq!(pool_validate(signed(Eve, reap.clone(), 64)), refused(TOO_MANY_PENDING));
		// And no more than its budget: about 50 of Charlie's 20 KiB remarks fill a nurse's
		// 1 MiB.
		let remark_20_kib = remark(20 * 1024);
		assert_eq!(pool_validate(signed(Charlie, remark_20_kib.clone(), 45)), Ok(()));
		assert_eq!(pool_validate(signed(Charlie, remark_20_kib, 55)), refused(TOO_MANY_PENDING));
		// The more waiting ahead of a transaction, the lower its priority.
		let first = pool_priority(signed(Eve, reap.clone(), 0)).unwrap();
		let later = pool_priority(signed(Eve, reap, 50)).unwrap();
		assert!(later < first, "{later} < {first}");
	});
}

#[test]
fn only_admins_touch_the_allow_list_within_its_bounds_and_governance_clears_a_claim() {
	new_test_ext().execute_with(|| {
		start_block(1);
		let node = peer(1, 38);
		let claim = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
			node: node.clone(),
		});
		for key in [Charlie, EveStash, Eve] {
			assert_eq!(pool_validate(signed(key, claim.clone(), 0)), refused(CALL_NOT_ALLOWED));
		}
		assert!(matches!(Executive::apply_extrinsic(signed(Bob, claim, 0)), Ok(Ok(()))));
		let add = |connections: Vec<OpaquePeerId>| {
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
				node: node.clone(),
				connections,
			})
		};
		let peers = |from: u8, n: u8| (from..from + n).map(|i| peer(i, 38)).collect::<Vec<_>>();
		// Too many in one call, a peer id too long.
		let too_many = add(peers(10, MAX_CONNECTIONS_PER_CALL as u8 + 1));
		assert_eq!(pool_validate(signed(Bob, too_many, 1)), refused(CALL_OUT_OF_BOUNDS));
		assert_eq!(
			pool_validate(signed(Bob, add(vec![peer(2, 128)]), 1)),
			refused(CALL_OUT_OF_BOUNDS)
		);
		// Up to the node's bound, and not one more.
		let mut nonce = 1;
		for from in (10..10 + MAX_CONNECTIONS_PER_NODE as u8).step_by(MAX_CONNECTIONS_PER_CALL) {
			let applied = Executive::apply_extrinsic(signed(
				Bob,
				add(peers(from, MAX_CONNECTIONS_PER_CALL as u8)),
				nonce,
			));
			assert!(matches!(applied, Ok(Ok(()))), "{applied:?}");
			nonce += 1;
		}
		assert_eq!(
			pallet_node_authorization::AdditionalConnections::<Runtime>::get(&node).len(),
			MAX_CONNECTIONS_PER_NODE
		);
		assert_eq!(
			pool_validate(signed(Bob, add(vec![peer(200, 38)]), nonce)),
			refused(CALL_OUT_OF_BOUNDS)
		);
		// Peers already listed may be listed again.
		assert_eq!(pool_validate(signed(Bob, add(peers(10, 1)), nonce)), Ok(()));
		// In a batch the calls' additions to one node are bounded together.
		let other = peer(2, 38);
		let claim_other =
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
				node: other.clone(),
			});
		let add_to_other = |from: u8| {
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
				node: other.clone(),
				connections: peers(from, MAX_CONNECTIONS_PER_CALL as u8),
			})
		};
		let four: Vec<_> = (0..4).map(|i| add_to_other(100 + 16 * i)).collect();
		let mut five = four.clone();
		five.push(add_to_other(200));
		let within = batch([vec![claim_other.clone()], four].concat());
		assert_eq!(pool_validate(signed(Bob, within, nonce)), Ok(()));
		let over = batch([vec![claim_other], five].concat());
		assert_eq!(pool_validate(signed(Bob, over, nonce)), refused(CALL_OUT_OF_BOUNDS));

		// Governance clears the claim: root acts as the owner (a council motion through the
		// whitelist), and the node's connections go with it.
		let clear = RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
			as_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(
				Bob.to_account_id(),
			))),
			call: Box::new(RuntimeCall::NodeAuthorization(
				pallet_node_authorization::Call::remove_claim { node: node.clone() },
			)),
		});
		assert!(council_motion(as_root(clear)).is_ok());
		assert!(pallet_node_authorization::Owners::<Runtime>::get(&node).is_none());
		assert!(pallet_node_authorization::AdditionalConnections::<Runtime>::get(&node).is_empty());
	});
}

#[test]
fn a_deregistered_patient_can_no_longer_transact() {
	new_test_ext().execute_with(|| {
		start_block(1);
		let patient = crate::AccountId::from([42u8; 32]);
		let register = RuntimeCall::Consortium(pallet_consortium::Call::register_patient {
			patient: patient.clone(),
		});
		// Charlie is Hospital A's registrar; Bob its admin undoes the registration.
		assert!(matches!(Executive::apply_extrinsic(signed(Charlie, register, 0)), Ok(Ok(()))));
		assert!(crate::Consortium::is_patient(&patient));
		let undo = RuntimeCall::Consortium(pallet_consortium::Call::deregister_patient {
			patient: patient.clone(),
		});
		assert!(matches!(Executive::apply_extrinsic(signed(Bob, undo, 0)), Ok(Ok(()))));
		assert!(!crate::Consortium::may_transact(&patient));
	});
}
