//! # Authorities pallet
//!
//! Which consortium members' nodes produce and finalise blocks. The consortium's governance
//! origin (in the runtime: two thirds of the council) adds and removes authorities; this
//! pallet is the `SessionManager` of `pallet-session`, which applies the set at a session
//! boundary and hands each authority's Aura and GRANDPA keys to those pallets.
//!
//! - An authority is added only with its session keys set: already (`session.set_keys`,
//!   signed by the authority's account), or by the same call, which passes the keys and the
//!   account's proof of possession on to `pallet-session` (so one council motion can admit an
//!   organisation and make its node an authority). A set with an authority whose node cannot
//!   sign would lose its slots and, past a third, finality.
//! - Removal keeps at least [`Config::MinAuthorities`] (three in the runtime: with fewer,
//!   one failure stops finality).
//! - A change is planned at the next session boundary and takes effect at the one after
//!   (`pallet-session` queues one session ahead): `AuthoritiesPlanned` says when.
//!
//! No voting here: who decides is the `GovernanceOrigin` the runtime composes from
//! `pallet-collective`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use sp_staking::SessionIndex;

/// An authority's session keys, as `pallet-session` keeps them.
pub trait AuthorityKeys<AccountId> {
	/// The session keys (Aura and GRANDPA public keys).
	type Keys: Parameter + Member;

	/// Whether `who` has set session keys.
	fn has_keys(who: &AccountId) -> bool;

	/// Sets `who`'s session keys, given `proof` that `who` holds them (each key's signature of
	/// `"POP_" ++ who`); the proof is what makes this safe to do for another account.
	fn set_keys(who: &AccountId, keys: Self::Keys, proof: Vec<u8>) -> DispatchResult;

	/// New session keys for `who` and `who`'s proof of possession, as an operator's node would
	/// make them: benchmarks measure `add_authority` with keys to check.
	#[cfg(feature = "runtime-benchmarks")]
	fn keys_with_proof_for_benchmarks(who: &AccountId) -> (Self::Keys, Vec<u8>);
}

/// The keys an `add_authority` call may carry: the session keys and the proof of possession.
pub type KeysWithProof<T> = (
	<<T as Config>::SessionKeys as AuthorityKeys<<T as frame_system::Config>::AccountId>>::Keys,
	BoundedVec<u8, ConstU32<MAX_PROOF_LEN>>,
);

/// The longest proof of possession `add_authority` takes (two 64-byte signatures fit).
pub const MAX_PROOF_LEN: u32 = 256;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who adds and removes authorities (the consortium's governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Authorities' session keys (in the runtime: `pallet-session`).
		type SessionKeys: AuthorityKeys<Self::AccountId>;

		/// The fewest authorities the set may shrink to.
		#[pallet::constant]
		type MinAuthorities: Get<u32>;

		/// The most authorities the set may hold.
		#[pallet::constant]
		type MaxAuthorities: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The authorities governance decided on, in the order they were added; applied at the
	/// next session boundary.
	#[pallet::storage]
	pub type Authorities<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxAuthorities>, ValueQuery>;

	/// Whether [`Authorities`] changed since the last session boundary planned it.
	#[pallet::storage]
	pub type Pending<T: Config> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first authorities (each needs its keys in `pallet-session`'s genesis).
		pub authorities: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let authorities: BoundedVec<_, _> =
				self.authorities.clone().try_into().expect("genesis authorities within bound");
			Authorities::<T>::put(authorities);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance added an authority; it takes part from the session after next.
		AuthorityAdded {
			/// The authority's account.
			who: T::AccountId,
		},
		/// Governance removed an authority; it stops from the session after next.
		AuthorityRemoved {
			/// The authority's account.
			who: T::AccountId,
		},
		/// A session boundary planned the changed set: it is active from session `session`.
		AuthoritiesPlanned {
			/// The session the set is active from.
			session: SessionIndex,
			/// How many authorities it has.
			count: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is an authority already.
		AlreadyAuthority,
		/// The account is not an authority.
		NotAuthority,
		/// The account has not set its session keys (`session.set_keys`).
		NoSessionKeys,
		/// Removing it would leave fewer than `MinAuthorities`.
		TooFewAuthorities,
		/// The set is full (`MaxAuthorities`).
		TooManyAuthorities,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			medchain_primitives::weights::assert_calls_fit_a_block::<T>(
				"authorities",
				&[
					("add_authority", T::WeightInfo::add_authority()),
					("remove_authority", T::WeightInfo::remove_authority()),
				],
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Make `who` an authority from the session after next. Its session keys must be set
		/// already, or given here as `keys`: the keys and `who`'s proof of possession (each
		/// key's signature of `"POP_" ++ who`, as `author_rotateKeysWithOwner` returns it).
		///
		/// Origin: governance. Emits `AuthorityAdded`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_authority())]
		pub fn add_authority(
			origin: OriginFor<T>,
			who: T::AccountId,
			keys: Option<KeysWithProof<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			if let Some((keys, proof)) = keys {
				T::SessionKeys::set_keys(&who, keys, proof.into_inner())?;
			}
			ensure!(T::SessionKeys::has_keys(&who), Error::<T>::NoSessionKeys);
			Authorities::<T>::try_mutate(|set| {
				ensure!(!set.contains(&who), Error::<T>::AlreadyAuthority);
				set.try_push(who.clone()).map_err(|_| Error::<T>::TooManyAuthorities)
			})?;
			Pending::<T>::put(true);
			Self::deposit_event(Event::AuthorityAdded { who });
			Ok(())
		}

		/// Stop `who` being an authority from the session after next. At least
		/// `MinAuthorities` remain.
		///
		/// Origin: governance. Emits `AuthorityRemoved`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_authority())]
		pub fn remove_authority(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Authorities::<T>::try_mutate(|set| {
				let index = set.iter().position(|a| *a == who).ok_or(Error::<T>::NotAuthority)?;
				ensure!(set.len() as u32 > T::MinAuthorities::get(), Error::<T>::TooFewAuthorities);
				set.remove(index);
				Ok::<_, Error<T>>(())
			})?;
			Pending::<T>::put(true);
			Self::deposit_event(Event::AuthorityRemoved { who });
			Ok(())
		}
	}
}

/// `pallet-session` asks at each session boundary for the set of the session after next.
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !Pending::<T>::take() {
			return None;
		}
		let authorities = Authorities::<T>::get().into_inner();
		Self::deposit_event(Event::AuthoritiesPlanned {
			session: new_index,
			count: authorities.len() as u32,
		});
		Some(authorities)
	}

	fn new_session_genesis(_: SessionIndex) -> Option<Vec<T::AccountId>> {
		Some(Authorities::<T>::get().into_inner())
	}

	fn end_session(_: SessionIndex) {}

	fn start_session(_: SessionIndex) {}
}
