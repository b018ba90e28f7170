//! # Authorities pallet
//!
//! Which consortium members' nodes produce and finalise blocks. The consortium's governance
//! origin (in the runtime: two thirds of the council) adds and removes authorities; this
//! pallet is the `SessionManager` of `pallet-session`, which applies the set at a session
//! boundary and hands each authority's Aura and GRANDPA keys to those pallets.
//!
//! - An authority is added only once its session keys are set (`session.set_keys`, signed
//!   by the authority's account): a set with an authority whose node cannot sign would lose
//!   its slots and, past a third, finality.
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
use frame_support::{pallet_prelude::*, traits::Contains};
use frame_system::pallet_prelude::*;
use sp_staking::SessionIndex;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Who adds and removes authorities (the consortium's governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The accounts whose session keys are set (in the runtime: `pallet-session`'s
		/// `NextKeys`).
		type HasSessionKeys: Contains<Self::AccountId>;

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

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Make `who` an authority from the session after next. Its session keys must be set.
		///
		/// Origin: governance. Emits `AuthorityAdded`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_authority())]
		pub fn add_authority(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(T::HasSessionKeys::contains(&who), Error::<T>::NoSessionKeys);
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
