//! ParityDB's read and write costs.
//!
//! Not measured here yet: `medchain-node benchmark storage` measures reads on the `dev`
//! chain, then stops at its write half with `Empty input is invalid` (docs/PERFORMANCE.md,
//! "Storage costs"). Until it runs through, these are polkadot-sdk's own ParityDB
//! measurements (frame_support's `ParityDbWeight`: 8 µs a read, 50 µs a write), which
//! `scripts/benchmark-weights.sh storage` replaces with this machine's figures once it can.

/// Storage costs for medchain's database (ParityDB).
pub mod constants {
	pub use frame_support::weights::constants::ParityDbWeight;
}
