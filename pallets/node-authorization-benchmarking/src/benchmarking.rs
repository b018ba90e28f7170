//! The benchmarks, one per call of `pallet-node-authorization`.

use alloc::{collections::BTreeSet, vec::Vec};

use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pallet_node_authorization::{AdditionalConnections, Call, Event, Owners, WellKnownNodes};
use sp_core::OpaquePeerId as PeerId;
use sp_runtime::traits::StaticLookup;

use crate::{Config, Pallet};

/// A peer id of the longest length the pallet accepts (it refuses `MaxPeerIdLength` and
/// more), distinct for each `n`.
fn peer<T: Config>(n: u32) -> PeerId {
	let length = T::MaxPeerIdLength::get().saturating_sub(1) as usize;
	PeerId(n.to_le_bytes().into_iter().chain(core::iter::repeat(0xab)).take(length).collect())
}

/// Peers `from..from + count`.
fn peers<T: Config>(from: u32, count: u32) -> Vec<PeerId> {
	(from..from.saturating_add(count)).map(peer::<T>).collect()
}

/// Makes peers `0..count` the well-known nodes, each owned by `owner`.
fn well_known<T: Config>(count: u32, owner: &T::AccountId) {
	let nodes: BTreeSet<PeerId> = peers::<T>(0, count).into_iter().collect();
	for node in &nodes {
		Owners::<T>::insert(node, owner);
	}
	WellKnownNodes::<T>::put(nodes);
}

/// The connections one node lists (and one call adds or removes) at most in these
/// benchmarks: as many as there may be well-known nodes.
fn connections<T: Config>() -> u32 {
	T::MaxWellKnownNodes::get()
}

/// Gives `node` a full list of extra connections (peers from 1,000,000 on).
fn connect<T: Config>(node: &PeerId) {
	let listed: BTreeSet<PeerId> = peers::<T>(1_000_000, connections::<T>()).into_iter().collect();
	AdditionalConnections::<T>::insert(node, listed);
}

/// Peer `n`, claimed by the whitelisted caller (the signer of the owner-only calls).
fn claimed_node<T: Config>(n: u32) -> (T::AccountId, PeerId) {
	let owner: T::AccountId = whitelisted_caller();
	let node = peer::<T>(n);
	Owners::<T>::insert(&node, &owner);
	(owner, node)
}

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as pallet_node_authorization::Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Into a list one short of full.
	#[benchmark]
	fn add_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::AddOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = account("owner", 0, 0);
		well_known::<T>(T::MaxWellKnownNodes::get().saturating_sub(1), &owner);
		let node = peer::<T>(u32::MAX);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node.clone(), T::Lookup::unlookup(owner.clone()));

		assert!(WellKnownNodes::<T>::get().contains(&node));
		assert_last_event::<T>(Event::NodeAdded { peer_id: node, who: owner });
		Ok(())
	}

	/// From a full list, a node with a full list of extra connections.
	#[benchmark]
	fn remove_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::RemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		well_known::<T>(T::MaxWellKnownNodes::get(), &account("owner", 0, 0));
		let node = peer::<T>(0);
		connect::<T>(&node);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node.clone());

		assert!(!WellKnownNodes::<T>::get().contains(&node));
		assert!(!AdditionalConnections::<T>::contains_key(&node));
		assert_last_event::<T>(Event::NodeRemoved { peer_id: node });
		Ok(())
	}

	/// In a full list, a node with a full list of extra connections for a new one.
	#[benchmark]
	fn swap_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::SwapOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		well_known::<T>(T::MaxWellKnownNodes::get(), &account("owner", 0, 0));
		let (remove, add) = (peer::<T>(0), peer::<T>(u32::MAX));
		connect::<T>(&remove);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, remove.clone(), add.clone());

		assert!(WellKnownNodes::<T>::get().contains(&add));
		assert!(AdditionalConnections::<T>::contains_key(&add));
		assert_last_event::<T>(Event::NodeSwapped { removed: remove, added: add });
		Ok(())
	}

	/// A full list replaced by the longest list the call accepts, of other nodes.
	#[benchmark]
	fn reset_well_known_nodes() -> Result<(), BenchmarkError> {
		let origin =
			T::ResetOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxWellKnownNodes::get();
		well_known::<T>(max, &account("owner", 0, 0));
		let owner: T::AccountId = account("owner", 1, 0);
		let nodes: Vec<(PeerId, T::AccountId)> = peers::<T>(max, max.saturating_sub(1))
			.into_iter()
			.map(|node| (node, owner.clone()))
			.collect();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, nodes.clone());

		assert_eq!(WellKnownNodes::<T>::get().len(), nodes.len());
		assert_last_event::<T>(Event::NodesReset { nodes });
		Ok(())
	}

	#[benchmark]
	fn claim_node() {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), node.clone());

		assert_eq!(Owners::<T>::get(&node), Some(caller.clone()));
		assert_last_event::<T>(Event::NodeClaimed { peer_id: node, who: caller });
	}

	/// A node with a full list of extra connections, checked against a full well-known list.
	#[benchmark]
	fn remove_claim() {
		well_known::<T>(T::MaxWellKnownNodes::get(), &account("owner", 0, 0));
		let (caller, node) = claimed_node::<T>(u32::MAX);
		connect::<T>(&node);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), node.clone());

		assert!(!Owners::<T>::contains_key(&node));
		assert_last_event::<T>(Event::ClaimRemoved { peer_id: node, who: caller });
	}

	#[benchmark]
	fn transfer_node() {
		let (caller, node) = claimed_node::<T>(0);
		let target: T::AccountId = account("target", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node.clone(), T::Lookup::unlookup(target.clone()));

		assert_eq!(Owners::<T>::get(&node), Some(target.clone()));
		assert_last_event::<T>(Event::NodeTransferred { peer_id: node, target });
	}

	/// A full list of new connections onto a full list.
	#[benchmark]
	fn add_connections() {
		let (caller, node) = claimed_node::<T>(0);
		connect::<T>(&node);
		let added = peers::<T>(2_000_000, connections::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node.clone(), added.clone());

		assert_eq!(AdditionalConnections::<T>::get(&node).len() as u32, 2 * connections::<T>());
		assert_last_event::<T>(Event::ConnectionsAdded {
			peer_id: node,
			allowed_connections: added,
		});
	}

	/// A full list of connections, all removed.
	#[benchmark]
	fn remove_connections() {
		let (caller, node) = claimed_node::<T>(0);
		connect::<T>(&node);
		let removed = peers::<T>(1_000_000, connections::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node.clone(), removed.clone());

		assert!(AdditionalConnections::<T>::get(&node).is_empty());
		assert_last_event::<T>(Event::ConnectionsRemoved {
			peer_id: node,
			allowed_connections: removed,
		});
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
