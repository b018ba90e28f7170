//! Runtime-level checks that need no node: constants the node and clients rely on, and the
//! metadata clients render their UIs from.

mod authorities;
#[cfg(feature = "try-runtime")]
mod migrations;
mod privacy;
#[cfg(feature = "runtime-benchmarks")]
mod storage_accesses;
#[cfg(feature = "runtime-benchmarks")]
mod weights_hold;

use super::*;
use codec::Encode;
use frame_support::traits::{EnsureOrigin, Get};
use medchain_primitives::{
	testing::{CheckedExternalities, Invariants},
	ConsortiumMembership, OrganisationKind, StaffRole,
};
use pallet_consortium::extension::{NOT_A_MEMBER, RATE_LIMITED};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::{Block as BlockT, Hash as HashT, Header as HeaderT},
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
};

/// The invariants of medchain's pallets, checked after every runtime test.
const INVARIANTS: &[(&str, Invariants)] = &[
	("consortium", Consortium::do_try_state),
	("device_registry", DeviceRegistry::do_try_state),
	("traceability", Traceability::do_try_state),
	("emr_pointers", EmrPointers::do_try_state),
	("access_control", AccessControl::do_try_state),
];

/// Externalities holding the development chain's genesis state, checking every medchain
/// pallet's invariants after each test (as the pallets' own tests do).
pub(crate) fn new_test_ext() -> CheckedExternalities {
	CheckedExternalities::new(development_genesis(), INVARIANTS)
}

/// Externalities holding the development chain's genesis state (the state the benchmarks
/// run on).
pub(crate) fn development_genesis() -> sp_io::TestExternalities {
	let json = genesis_config_presets::preset_config(sp_genesis_builder::DEV_RUNTIME_PRESET);
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(json)
			.expect("the development genesis builds")
	});
	ext
}

#[test]
fn slots_are_two_seconds() {
	assert_eq!(MILLI_SECS_PER_BLOCK, 2000);
	new_test_ext().execute_with(|| {
		assert_eq!(Aura::slot_duration(), 2000);
		assert_eq!(<pallet_aura::MinimumPeriodTimesTwo<Runtime> as Get<u64>>::get(), 2000);
	});
}

#[test]
fn development_genesis_has_alice_as_authority_and_sudo() {
	new_test_ext().execute_with(|| {
		let alice = sp_keyring::Sr25519Keyring::Alice;
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			vec![alice.public().into()]
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.to_account_id()));
		// The account exists, so `CheckNonce` accepts its transactions.
		assert!(frame_system::Pallet::<Runtime>::account_exists(&alice.to_account_id()));
	});
}

/// Every name of one part of each pallet in the runtime's metadata, with its pallet:
/// `"calls"` and `"event"` give the variants of the pallet's call and event enums,
/// `"storage"` its storage items.
pub(crate) fn metadata_names(part: &str) -> std::collections::BTreeSet<(String, String)> {
	let metadata = serde_json::to_value(Runtime::metadata().1).expect("metadata");
	let metadata = &metadata["V14"];
	let types = metadata["types"]["types"].as_array().expect("the type registry");
	let name = |value: &serde_json::Value| value["name"].as_str().expect("a name").to_string();
	let mut names = std::collections::BTreeSet::new();
	for pallet in metadata["pallets"].as_array().expect("pallets") {
		let entries: Vec<serde_json::Value> = match pallet[part].get("ty") {
			Some(ty) => {
				let ty = types.iter().find(|t| t["id"] == *ty).expect("a type in the registry");
				ty["type"]["def"]["variant"]["variants"].as_array().cloned().unwrap_or_default()
			},
			None => pallet[part]["entries"].as_array().cloned().unwrap_or_default(),
		};
		names.extend(entries.iter().map(|entry| (name(pallet), name(entry))));
	}
	names
}

#[test]
fn metadata_carries_doc_comments() {
	let metadata = Runtime::metadata().1;
	let json = serde_json::to_string(&metadata).expect("metadata serialises");
	// frame_system's doc comment of `remark`, as Polkadot.js Apps shows it.
	assert!(json.contains("Make some on-chain remark."), "call docs missing from metadata");
	// Storage docs too.
	assert!(json.contains("The full account information for a particular account ID."));
}

// ---- the consortium in the runtime ----

/// A `system.remark` signed by `key` with `nonce`, encoded as a client would send it.
fn signed_remark(key: Sr25519Keyring, nonce: Nonce) -> UncheckedExtrinsic {
	let call = RuntimeCall::System(frame_system::Call::remark { remark: b"medchain".to_vec() });
	signed(key, call, nonce)
}

/// `call` signed by `key` with `nonce`, encoded as a client would send it.
pub(crate) fn signed(key: Sr25519Keyring, call: RuntimeCall, nonce: Nonce) -> UncheckedExtrinsic {
	let extension: TxExtension = (
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		pallet_consortium::CheckMembership::new(),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		frame_system::WeightReclaim::new(),
	);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("implicit data");
	let signature = payload.using_encoded(|bytes| key.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(key.to_account_id()),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// Validates `xt` as the transaction pool does, on top of block 1.
pub(crate) fn pool_validate(xt: UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	pool_priority(xt).map(|_| ())
}

/// The priority the pool gives `xt`, or why it refuses it.
pub(crate) fn pool_priority(xt: UncheckedExtrinsic) -> Result<u64, TransactionValidityError> {
	let parent = System::block_hash(0);
	Executive::validate_transaction(TransactionSource::External, xt, parent).map(|v| v.priority)
}

/// Starts block `number` as the block author does.
pub(crate) fn start_block(number: BlockNumber) {
	let header = <Block as BlockT>::Header::new(
		number,
		Default::default(),
		Default::default(),
		System::block_hash(number - 1),
		Default::default(),
	);
	Executive::initialize_block(&header);
}

#[test]
fn the_demo_consortium_has_every_role_and_two_patients() {
	use OrganisationKind::*;
	use Sr25519Keyring::*;
	new_test_ext().execute_with(|| {
		let kinds: Vec<_> = pallet_consortium::Organisations::<Runtime>::iter()
			.map(|(org, o)| (org, o.kind))
			.collect::<std::collections::BTreeMap<_, _>>()
			.into_values()
			.collect();
		assert_eq!(
			kinds,
			vec![Regulator, Manufacturer, Logistics, Hospital, Hospital, Laboratory, Pharmacy]
		);
		let mut roles: Vec<StaffRole> = pallet_consortium::Staff::<Runtime>::iter_values()
			.flat_map(|record| record.roles.into_inner())
			.collect();
		roles.sort();
		roles.dedup();
		assert_eq!(roles.len() as u32, medchain_primitives::STAFF_ROLE_COUNT);
		for patient in [Eve, Ferdie] {
			assert!(Consortium::is_patient(&patient.to_account_id()));
		}
		assert!(Consortium::has_role(&Bob.to_account_id(), 3, StaffRole::Doctor));
		// Every registered account exists without a balance; the stranger does not exist.
		for key in [Alice, Bob, Charlie, Dave, Eve, Ferdie, AliceStash, CharlieStash] {
			let who = key.to_account_id();
			assert!(System::account_exists(&who), "{key:?} does not exist");
			assert_eq!(Balances::free_balance(&who), 0);
		}
		assert!(!System::account_exists(&FerdieStash.to_account_id()));
		// Seven council seats, one per organisation.
		assert_eq!(
			pallet_collective::Members::<Runtime, configs::governance::CouncilCollective>::get()
				.len(),
			7
		);
	});
}

#[test]
fn the_gate_refuses_strangers_and_admits_members_in_the_pool() {
	new_test_ext().execute_with(|| {
		start_block(1);
		assert_eq!(
			pool_validate(signed_remark(Sr25519Keyring::FerdieStash, 0)),
			Err(InvalidTransaction::Custom(NOT_A_MEMBER).into())
		);
		// Staff (Charlie, a nurse) and the sudo key (Alice, also the regulator's admin) are
		// admitted; a patient (Eve) too, for the calls a patient makes.
		for key in [Sr25519Keyring::Charlie, Sr25519Keyring::Alice] {
			assert_eq!(pool_validate(signed_remark(key, 0)), Ok(()), "{key:?} refused");
		}
		let reap = RuntimeCall::Consortium(pallet_consortium::Call::reap_staff {
			who: Sr25519Keyring::FerdieStash.to_account_id(),
		});
		assert_eq!(pool_validate(signed(Sr25519Keyring::Eve, reap, 0)), Ok(()));
	});
}

#[test]
fn blocks_include_at_most_an_accounts_budget() {
	new_test_ext().execute_with(|| {
		start_block(1);
		// Charlie (a nurse) may have 1 MiB included per window: ten remarks of 100 KiB fit,
		// the eleventh waits for the next window.
		let remark =
			|n: u8| RuntimeCall::System(frame_system::Call::remark { remark: vec![n; 100 * 1024] });
		for nonce in 0..10 {
			let xt = signed(Sr25519Keyring::Charlie, remark(nonce as u8), nonce);
			let applied = Executive::apply_extrinsic(xt);
			assert!(matches!(applied, Ok(Ok(()))), "transaction {nonce}: {applied:?}");
		}
		let over = Executive::apply_extrinsic(signed(Sr25519Keyring::Charlie, remark(10), 10));
		assert_eq!(over, Err(InvalidTransaction::Custom(RATE_LIMITED).into()));
		let window = pallet_consortium::TransactionWindows::<Runtime>::get(
			Sr25519Keyring::Charlie.to_account_id(),
		)
		.expect("Charlie's window");
		assert_eq!(window.count, 10);
		assert!(window.length > 10 * 100 * 1024 && window.weight > 0);
	});
}

#[test]
fn fees_are_zero_but_queryable() {
	new_test_ext().execute_with(|| {
		let xt = signed_remark(Sr25519Keyring::Charlie, 0);
		let len = xt.encoded_size() as u32;
		let info = TransactionPayment::query_info(xt.clone(), len);
		assert_eq!(info.partial_fee, 0);
		assert!(info.weight.ref_time() > 0, "the weight is reported");
		assert_eq!(TransactionPayment::query_fee_details(xt, len).final_fee(), 0);
	});
}

#[test]
fn governance_is_root_or_two_thirds_of_the_council() {
	use configs::governance::{CouncilCollective, GovernanceOrigin};
	let council = |yes, of| -> RuntimeOrigin {
		pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(yes, of).into()
	};
	assert!(GovernanceOrigin::try_origin(RuntimeOrigin::root()).is_ok());
	assert!(GovernanceOrigin::try_origin(council(5, 7)).is_ok());
	assert!(GovernanceOrigin::try_origin(council(4, 7)).is_err());
	assert!(GovernanceOrigin::try_origin(RuntimeOrigin::signed(
		Sr25519Keyring::Alice.to_account_id()
	))
	.is_err());
}

#[test]
fn a_council_motion_admits_an_organisation_without_sudo() {
	use configs::governance::CouncilCollective;
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		let admit = RuntimeCall::Consortium(pallet_consortium::Call::admit_organisation {
			kind: OrganisationKind::Supplier,
			admin: Sr25519Keyring::FerdieStash.to_account_id(),
		});
		let seats = pallet_collective::Members::<Runtime, CouncilCollective>::get();
		let len = admit.encoded_size() as u32;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&admit);
		assert!(Council::propose(RuntimeOrigin::signed(seats[0].clone()), 5, Box::new(admit), len)
			.is_ok());
		// Five ayes of seven seats: two thirds.
		for seat in &seats[..5] {
			assert!(Council::vote(RuntimeOrigin::signed(seat.clone()), hash, 0, true).is_ok());
		}
		let closed = Council::close(
			RuntimeOrigin::signed(seats[0].clone()),
			hash,
			0,
			configs::governance::MaxCouncilProposalWeight::get(),
			len,
		);
		assert!(closed.is_ok(), "{closed:?}");
		let stranger = Sr25519Keyring::FerdieStash.to_account_id();
		assert!(Consortium::has_role(&stranger, 7, StaffRole::Admin));
	});
}

/// Passes `call` through a council motion: proposed by a seat, five ayes of seven, closed.
pub(crate) fn council_motion(
	call: RuntimeCall,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	use configs::governance::CouncilCollective;
	let seats = pallet_collective::Members::<Runtime, CouncilCollective>::get();
	let len = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, CouncilCollective>::get();
	Council::propose(RuntimeOrigin::signed(seats[0].clone()), 5, Box::new(call), len)?;
	for seat in &seats[..5] {
		Council::vote(RuntimeOrigin::signed(seat.clone()), hash, index, true)?;
	}
	Council::close(
		RuntimeOrigin::signed(seats[0].clone()),
		hash,
		index,
		configs::governance::MaxCouncilProposalWeight::get(),
		len,
	)?;
	let result = frame_system::Pallet::<Runtime>::events().into_iter().rev().find_map(|e| match e
		.event
	{
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result),
		_ => None,
	});
	result.expect("the motion executed").map(|_| ().into()).map_err(|e| e.into())
}

/// The one motion through which the council acts as root (docs/operators.md): whitelist
/// the call's hash and dispatch the call, in one `batch_all`.
pub(crate) fn as_root(call: RuntimeCall) -> RuntimeCall {
	let call_hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	RuntimeCall::Utility(pallet_utility::Call::batch_all {
		calls: vec![
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash }),
			RuntimeCall::Whitelist(
				pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
					call: Box::new(call),
				},
			),
		],
	})
}

#[test]
fn a_council_motion_acts_as_root_only_through_the_whitelist() {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		let code_hash = sp_core::H256::repeat_byte(0xc0);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		// Two thirds of the council are not root.
		let upgrade_authorized = || {
			System::events().iter().any(|e| {
				e.event
					== RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
						code_hash,
						check_version: true,
					})
			})
		};
		assert!(council_motion(authorize.clone()).is_err());
		assert!(!upgrade_authorized());
		// A signed member cannot whitelist.
		let call_hash = <Runtime as frame_system::Config>::Hashing::hash_of(&authorize);
		assert!(Whitelist::whitelist_call(
			RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id()),
			call_hash
		)
		.is_err());
		// One motion whitelists the call and dispatches it as root.
		assert!(council_motion(as_root(authorize)).is_ok());
		assert!(upgrade_authorized());
		// Used up: the whitelist entry is gone.
		assert!(!pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(call_hash));
		// Members cannot store preimages of their own: the deposit is more than any
		// medchain account holds.
		assert!(Preimage::note_preimage(
			RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id()),
			b"not asked for".to_vec()
		)
		.is_err());
	});
}

#[test]
fn the_council_manages_the_node_allow_list_and_owners_their_connections() {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		let bob = Sr25519Keyring::Bob.to_account_id();
		let hospital_node = genesis_config_presets::ed25519_peer_id([1; 32]);
		let integration_node = genesis_config_presets::ed25519_peer_id([2; 32]);
		let add = |node: &sp_core::OpaquePeerId| {
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
				node: node.clone(),
				owner: bob.clone().into(),
			})
		};
		// Not a member's signature: only governance allows a node.
		assert!(NodeAuthorization::add_well_known_node(
			RuntimeOrigin::signed(bob.clone()),
			hospital_node.clone(),
			bob.clone().into()
		)
		.is_err());
		assert!(council_motion(add(&hospital_node)).is_ok());
		// The hospital claims its integration node and connects the two, both ways.
		let owner = RuntimeOrigin::signed(bob.clone());
		assert!(NodeAuthorization::claim_node(owner.clone(), integration_node.clone()).is_ok());
		assert!(NodeAuthorization::add_connections(
			owner.clone(),
			hospital_node.clone(),
			vec![integration_node.clone()]
		)
		.is_ok());
		assert!(NodeAuthorization::add_connections(
			owner,
			integration_node.clone(),
			vec![hospital_node.clone()]
		)
		.is_ok());
		// Nobody else may connect to the hospital's node.
		assert!(NodeAuthorization::add_connections(
			RuntimeOrigin::signed(Sr25519Keyring::Charlie.to_account_id()),
			hospital_node.clone(),
			vec![genesis_config_presets::ed25519_peer_id([3; 32])]
		)
		.is_err());
		assert_eq!(
			pallet_node_authorization::AdditionalConnections::<Runtime>::get(&hospital_node)
				.into_iter()
				.collect::<Vec<_>>(),
			vec![integration_node.clone()]
		);
		assert!(!pallet_node_authorization::WellKnownNodes::<Runtime>::get()
			.contains(&integration_node));
	});
}

/// The pallets' `integrity_test`s (run by `runtime_integrity_tests` with this runtime's
/// limits) check each call's worst case against one normal extrinsic; the check does fail
/// on a call as heavy as a whole block.
#[test]
#[should_panic(expected = "exceeds a normal extrinsic")]
fn a_call_heavier_than_an_extrinsic_fails_the_integrity_check() {
	medchain_primitives::weights::assert_calls_fit_a_block::<Runtime>(
		"example",
		&[("as heavy as a block", configs::RuntimeBlockWeights::get().max_block)],
	);
}

/// The same for length: a call whose arguments at their bounds, signed, would not fit the
/// part of a block's length normal extrinsics may use fails the integrity check.
#[test]
#[should_panic(expected = "exceed the")]
fn a_call_longer_than_a_block_fails_the_integrity_check() {
	let normal = *configs::RuntimeBlockLength::get()
		.max
		.get(frame_support::dispatch::DispatchClass::Normal) as usize;
	medchain_primitives::weights::assert_calls_fit_block_length::<Runtime>(
		"example",
		&[("as long as a block", normal)],
	);
}
