//! The checks calls start with: the chain's time, who is calling, codes and lots of the
//! right shape, an order that exists; and the id counters.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> Moment {
		medchain_primitives::now_millis::<T::Time>()
	}

	/// The signer and its standing as active staff, or [`Error::NotAuthorised`].
	pub(crate) fn ensure_staff(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, StaffMembership), DispatchError> {
		T::Membership::ensure_staff(origin, Error::<T>::NotAuthorised)
	}

	/// `InvalidCode` unless `reason` is a code, not prose (`medchain_primitives::codes`).
	pub(crate) fn ensure_reason(reason: &ReasonCode) -> Result<(), Error<T>> {
		ensure!(codes::is_reason(reason), Error::<T>::InvalidCode);
		Ok(())
	}

	/// `InvalidLot` unless `lot` has a lot number's shape.
	pub(crate) fn ensure_lot(lot: &[u8]) -> Result<(), Error<T>> {
		ensure!(codes::is_production_id(lot), Error::<T>::InvalidLot);
		Ok(())
	}

	pub(crate) fn is_officer(staff: &StaffMembership) -> bool {
		staff.kind == OrganisationKind::Regulator && staff.has_role(StaffRole::RegulatoryOfficer)
	}

	pub(crate) fn order(order: OrderId) -> Result<Order, Error<T>> {
		Orders::<T>::get(order).ok_or(Error::<T>::OrderNotFound)
	}

	/// The next id from a counter, which it advances.
	pub(crate) fn next_id<Counter: frame_support::storage::StorageValue<u64, Query = u64>>(
	) -> Result<u64, Error<T>> {
		let id = Counter::get();
		Counter::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		Ok(id)
	}
}
