//! Benchmarks of the authorities pallet's calls, each at its worst case (a full set to
//! search).

use super::*;
use frame_benchmarking::v2::*;

/// Fills the set to `MaxAuthorities − 1` with accounts whose keys count as set.
fn fill<T: Config>() -> Vec<T::AccountId> {
	let set: Vec<T::AccountId> = (0..T::MaxAuthorities::get().saturating_sub(1))
		.map(|i| account("authority", i, 0))
		.collect();
	Authorities::<T>::put(BoundedVec::try_from(set.clone()).expect("within the bound"));
	set
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_authority() -> Result<(), BenchmarkError> {
		fill::<T>();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("new", 0, 0);
		// The worst case: keys given, so their proof is checked and they are stored.
		let (keys, proof) = T::SessionKeys::keys_with_proof_for_benchmarks(&who);
		let proof = BoundedVec::try_from(proof)
			.map_err(|_| BenchmarkError::Stop("the proof of possession is too long"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), Some((keys, proof)));

		assert!(Authorities::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_authority() -> Result<(), BenchmarkError> {
		let set = fill::<T>();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = set.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Authorities::<T>::get().contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
