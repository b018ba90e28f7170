//! The authority set under governance: the council adds and removes authorities at session
//! boundaries, onboards and offboards an organisation with its authority in one motion, and a
//! noted stall forces the next session's authorities on GRANDPA.

use super::*;

/// A dev account's session keys and its proof of possession (each key signs "POP_" ++ the
/// account), as `author_rotateKeysWithOwner` returns them for a node's own keys.
fn session_keys_with_proof(
	sr: Sr25519Keyring,
	ed: sp_keyring::Ed25519Keyring,
) -> (SessionKeys, Vec<u8>) {
	use sp_core::Pair as _;
	let owner = sr.to_account_id();
	let statement = [&b"POP_"[..], owner.as_ref()].concat();
	let keys = SessionKeys { aura: sr.public().into(), grandpa: ed.public().into() };
	(keys, (sr.pair().sign(&statement), ed.pair().sign(&statement)).encode())
}

/// Runs blocks up to `number`: sessions rotate (`Session::on_initialize`) and GRANDPA
/// enacts the changes they schedule (`Grandpa::on_finalize`), as in a real block.
fn run_to(number: BlockNumber) {
	use frame_support::traits::Hooks;
	while System::block_number() < number {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		<Session as Hooks<BlockNumber>>::on_initialize(next);
		<Grandpa as Hooks<BlockNumber>>::on_finalize(next);
	}
}

#[test]
fn the_council_adds_and_removes_authorities_at_session_boundaries() {
	use sp_keyring::Ed25519Keyring;
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		let aura_of = |k: Sr25519Keyring| -> AuraId { k.public().into() };
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			vec![aura_of(Sr25519Keyring::Alice)]
		);
		let add = |who: Sr25519Keyring| {
			RuntimeCall::Authorities(pallet_authorities::Call::add_authority {
				who: who.to_account_id(),
				keys: None,
			})
		};
		// Bob has no session keys yet: refused.
		assert!(council_motion(add(Sr25519Keyring::Bob)).is_err());
		for (sr, ed) in [
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		] {
			let (keys, proof) = session_keys_with_proof(sr, ed);
			let owner = sr.to_account_id();
			assert!(Session::set_keys(RuntimeOrigin::signed(owner), keys.clone(), vec![]).is_err());
			assert!(
				Session::set_keys(RuntimeOrigin::signed(sr.to_account_id()), keys, proof).is_ok()
			);
		}
		assert!(council_motion(add(Sr25519Keyring::Bob)).is_ok());
		assert!(council_motion(add(Sr25519Keyring::Charlie)).is_ok());
		// Only governance: Bob alone cannot add himself.
		assert!(Authorities::add_authority(
			RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id()),
			Sr25519Keyring::Dave.to_account_id(),
			None
		)
		.is_err());
		let period = configs::authorities::SESSION_PERIOD;
		// Planned at the first boundary, active from the second.
		run_to(period);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		run_to(2 * period);
		let expected: Vec<AuraId> =
			[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
				.into_iter()
				.map(aura_of)
				.collect();
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().into_inner(), expected);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 3);
		// Three is the minimum: removing one of the three is refused.
		let remove = RuntimeCall::Authorities(pallet_authorities::Call::remove_authority {
			who: Sr25519Keyring::Charlie.to_account_id(),
		});
		assert!(council_motion(remove).is_err());
	});
}

#[test]
fn one_council_motion_onboards_an_organisation_and_its_authority_and_one_offboards_it() {
	use sp_keyring::Ed25519Keyring;
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		let with_keys = |sr: Sr25519Keyring, ed: Ed25519Keyring| {
			let (keys, proof) = session_keys_with_proof(sr, ed);
			RuntimeCall::Authorities(pallet_authorities::Call::add_authority {
				who: sr.to_account_id(),
				keys: Some((keys, proof.try_into().expect("a short proof"))),
			})
		};
		// Four authorities, so that one may leave (the minimum is three).
		assert!(council_motion(with_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob)).is_ok());
		assert!(council_motion(with_keys(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie)).is_ok());

		// Ferdie//stash is nobody yet; his organisation's node made his keys and proof, which
		// he hands to the council with the request to join.
		let admin = Sr25519Keyring::FerdieStash;
		let owner = admin.to_account_id();
		let org = pallet_consortium::NextOrganisationId::<Runtime>::get();
		let admit = RuntimeCall::Consortium(pallet_consortium::Call::admit_organisation {
			kind: OrganisationKind::Hospital,
			admin: owner.clone(),
		});
		let forged = RuntimeCall::Authorities(pallet_authorities::Call::add_authority {
			who: owner.clone(),
			keys: Some((
				session_keys_with_proof(admin, Ed25519Keyring::FerdieStash).0,
				vec![0; 128].try_into().expect("a short proof"),
			)),
		});
		let batch = |calls| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
		// A forged proof fails the whole batch: nothing is admitted.
		assert!(council_motion(batch(vec![admit.clone(), forged])).is_err());
		assert!(!Consortium::has_role(&owner, org, StaffRole::Admin));
		// The organisation's node (its peer id, from `medchain-node key inspect-node-key`).
		let node = genesis_config_presets::ed25519_peer_id([7; 32]);
		let allow =
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
				node: node.clone(),
				owner: owner.clone().into(),
			});
		let onboard = batch(vec![admit, allow, with_keys(admin, Ed25519Keyring::FerdieStash)]);
		assert!(council_motion(onboard).is_ok());
		assert!(Consortium::has_role(&owner, org, StaffRole::Admin));
		assert!(pallet_node_authorization::WellKnownNodes::<Runtime>::get().contains(&node));
		assert_eq!(pallet_node_authorization::Owners::<Runtime>::get(&node), Some(owner.clone()));
		assert!(pallet_authorities::Authorities::<Runtime>::get().contains(&owner));
		let aura: AuraId = admin.public().into();
		run_to(2 * configs::authorities::SESSION_PERIOD);
		assert!(pallet_aura::Authorities::<Runtime>::get().contains(&aura));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);

		// Offboarding, also one motion: out of the set, and the organisation removed.
		let offboard = batch(vec![
			RuntimeCall::Authorities(pallet_authorities::Call::remove_authority {
				who: owner.clone(),
			}),
			RuntimeCall::NodeAuthorization(
				pallet_node_authorization::Call::remove_well_known_node { node: node.clone() },
			),
			RuntimeCall::Consortium(pallet_consortium::Call::remove_organisation { org }),
		]);
		assert!(council_motion(offboard).is_ok());
		assert!(!pallet_node_authorization::WellKnownNodes::<Runtime>::get().contains(&node));
		assert!(!pallet_authorities::Authorities::<Runtime>::get().contains(&owner));
		assert!(!Consortium::has_role(&owner, org, StaffRole::Admin));
		run_to(4 * configs::authorities::SESSION_PERIOD);
		assert!(!pallet_aura::Authorities::<Runtime>::get().contains(&aura));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
	});
}

/// The finality-stall runbook (docs/operators.md) at the runtime level: the council changes
/// the authority set, waits until it is queued, and notes the stall as root; at the next
/// session boundary GRANDPA signals a *forced* change to the new set (which nodes enact
/// `delay` blocks later without waiting for finality), voting from the given block.
#[test]
fn a_noted_stall_forces_the_next_sessions_authorities_on_grandpa() {
	use sp_consensus_grandpa::{ConsensusLog, GRANDPA_ENGINE_ID};
	use sp_keyring::Ed25519Keyring;
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		let session = configs::authorities::SESSION_PERIOD;
		let (keys, proof) = session_keys_with_proof(Sr25519Keyring::Bob, Ed25519Keyring::Bob);
		let add_bob = RuntimeCall::Authorities(pallet_authorities::Call::add_authority {
			who: Sr25519Keyring::Bob.to_account_id(),
			keys: Some((keys, proof.try_into().expect("a short proof"))),
		});
		assert!(council_motion(add_bob).is_ok());
		// Queued at the first boundary, active from the second.
		run_to(session + 1);
		let note = RuntimeCall::Grandpa(pallet_grandpa::Call::note_stalled {
			delay: 10,
			best_finalized_block_number: 1,
		});
		// Not root: refused. Through the whitelist: noted.
		assert!(council_motion(note.clone()).is_err());
		assert!(pallet_grandpa::Stalled::<Runtime>::get().is_none());
		assert!(council_motion(as_root(note)).is_ok());
		assert_eq!(pallet_grandpa::Stalled::<Runtime>::get(), Some((10, 1)));

		run_to(2 * session);
		let bob: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Bob.public().into();
		let pending = pallet_grandpa::PendingChange::<Runtime>::get().expect("a change");
		assert_eq!(
			(pending.scheduled_at, pending.delay, pending.forced),
			(2 * session, 10, Some(1))
		);
		assert!(pending.next_authorities.iter().any(|(key, _)| *key == bob));
		assert!(pallet_grandpa::Stalled::<Runtime>::get().is_none());
		// The header digest nodes act on: a forced change, with the median finalised block.
		let forced = System::digest().logs.iter().any(|log| {
			log.consensus_try_to(&GRANDPA_ENGINE_ID).is_some_and(|l: ConsensusLog<BlockNumber>| {
				matches!(l, ConsensusLog::ForcedChange(1, _))
			})
		});
		assert!(forced, "no ForcedChange in the digest");
		// `delay` blocks later the runtime's GRANDPA set is the new one.
		run_to(2 * session + 10);
		assert!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities()
			.iter()
			.any(|(k, _)| *k == bob));
	});
}

/// A boundary rotates the session only when something changes: pallet-session charges a
/// rotation a whole block, which would otherwise leave one block in twenty without
/// transactions. A set change decided by governance, new keys set by root and a noted stall
/// each still rotate it.
#[test]
fn a_session_ends_only_when_its_rotation_changes_something() {
	use frame_support::traits::Hooks;
	use sp_keyring::Ed25519Keyring;
	new_test_ext().execute_with(|| {
		let period = configs::authorities::SESSION_PERIOD;
		let max_block = configs::RuntimeBlockWeights::get().max_block;
		let zero = frame_support::weights::Weight::zero();
		// A boundary block's hooks (as `run_to`); what `Session::on_initialize` charged.
		let boundary = |n: BlockNumber| {
			System::set_block_number(n);
			let weight = <Session as Hooks<BlockNumber>>::on_initialize(n);
			<Grandpa as Hooks<BlockNumber>>::on_finalize(n);
			weight
		};
		// Nothing to change: no rotation, no weight, the same session.
		assert_eq!(boundary(period), zero);
		assert_eq!(boundary(2 * period), zero);
		assert_eq!(Session::current_index(), 0);

		// Governance adds Bob: planned at the next boundary, active at the one after, then
		// quiet again.
		let (keys, proof) = session_keys_with_proof(Sr25519Keyring::Bob, Ed25519Keyring::Bob);
		assert!(council_motion(RuntimeCall::Authorities(
			pallet_authorities::Call::add_authority {
				who: Sr25519Keyring::Bob.to_account_id(),
				keys: Some((keys, proof.try_into().expect("a short proof"))),
			}
		))
		.is_ok());
		assert_eq!(boundary(3 * period), max_block);
		assert_eq!(boundary(4 * period), max_block);
		assert_eq!(Session::validators().len(), 2);
		assert_eq!(boundary(5 * period), zero);
		assert_eq!(Session::current_index(), 2);

		// Root gives Bob new keys: queued at the next boundary, active at the one after.
		let (keys, proof) = session_keys_with_proof(Sr25519Keyring::Bob, Ed25519Keyring::Eve);
		assert!(Session::set_keys(
			RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id()),
			keys,
			proof
		)
		.is_ok());
		assert_eq!(boundary(6 * period), max_block);
		assert_eq!(boundary(7 * period), max_block);
		assert_eq!(boundary(8 * period), zero);
		let eve: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Eve.public().into();
		assert!(Session::queued_keys().iter().any(|(_, keys)| keys.grandpa == eve));

		// A noted stall rotates the next boundary, so that GRANDPA forces the set.
		pallet_grandpa::Stalled::<Runtime>::put((10, 1));
		assert_eq!(boundary(9 * period), max_block);
		assert!(pallet_grandpa::Stalled::<Runtime>::get().is_none());
		assert_eq!(boundary(10 * period), zero);
	});
}
