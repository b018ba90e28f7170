//! Weights measured on the consortium's reference machine (docs/PERFORMANCE.md) by
//! `scripts/benchmark-weights.sh`: the block's and an extrinsic's fixed costs
//! (`benchmark overhead`), ParityDB's read and write costs (`benchmark storage`), and the
//! polkadot-sdk pallets medchain benchmarks itself (node authorization with the benchmarks in
//! `pallets/node-authorization-benchmarking`). Do not edit the generated files; run the
//! script again. medchain's own pallets keep their weights in their crates.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_node_authorization;
pub mod pallet_timestamp;
pub mod paritydb_weights;
