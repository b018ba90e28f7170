//! Benchmarks for polkadot-sdk's `pallet-node-authorization` (medchain's peer allow-list),
//! which ships constant estimates and no benchmarks. A crate of its own, as polkadot-sdk does
//! for `pallet-session`: [`Pallet`] stands for the measured pallet in the runtime's
//! `define_benchmarks!`, and the runtime's `weights::pallet_node_authorization` is generated
//! from these.
//!
//! Each call is measured at its worst case within the runtime's bounds: a full set of
//! well-known nodes, peer ids of the longest accepted length. The pallet does not bound the
//! connections a node may list, or how many one call adds or removes; the benchmarks take
//! as many as there may be well-known nodes (`MaxWellKnownNodes`), the allow-list a node
//! needs in a consortium of that size.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(all(test, feature = "runtime-benchmarks"))]
mod mock;

/// The benchmarked pallet, as `define_benchmarks!` names it.
pub struct Pallet<T: Config>(core::marker::PhantomData<T>);

/// What the benchmarks need of the runtime: the node-authorization pallet itself.
pub trait Config: pallet_node_authorization::Config {}
