pub mod constants {
	pub use frame_support::weights::constants::ParityDbWeight;
}
