pub use frame_support::weights::constants::BlockExecutionWeight;
