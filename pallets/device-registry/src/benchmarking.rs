//! Benchmarks of the device registry's calls, each at its worst case.

use super::*;
use crate::Pallet as Registry;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

fn code(text: &[u8]) -> Code {
	Code::try_from(text.to_vec()).expect("a short code")
}

/// A GTIN-14 whose company prefix is the shortest GS1 allows: finding its owner reads every
/// longer candidate first, the most a UDI-DI costs.
const DI: &[u8] = b"99999999999997";

fn worst_prefix() -> CompanyPrefix {
	CompanyPrefix { agency: IssuingAgency::Gs1, code: b"9999".to_vec().try_into().expect("fits") }
}

/// The longest lot and serial numbers a UDI carries (20 characters, GS1 AI 10 and 21).
fn udi(serial: u32) -> Udi {
	Udi {
		di: DI.to_vec().try_into().expect("14 bytes fit"),
		serial: Some(alloc::format!("{serial:020}").into_bytes().try_into().expect("20 bytes fit")),
		lot: Some(vec![b'L'; 20].try_into().expect("20 bytes fit")),
		manufactured_on: Some(20261101),
		expires_on: Some(20311101),
	}
}

/// The profile whose codes cost the most to check: an 18-digit SNOMED CT concept (its
/// Verhoeff check), the longest model and version, an IEEE 11073 reference id as long as
/// the bound.
fn profile() -> DeviceProfile {
	DeviceProfile {
		device_type: code(b"SCT:999999999999999109"),
		model: code(&[b'M'; 30]),
		version: code(&[b'1'; 20]),
		modality: Some(code(&[b"MDC:MDC_".as_slice(), &[b'X'; 56]].concat())),
		profile_cid: Cid::try_from(
			b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".to_vec(),
		)
		.expect("a CID"),
		profile_hash: [7; 32],
	}
}

/// A manufacturer's engineer, its organisation owning [`DI`].
fn manufacturer<T: Config>() -> (T::AccountId, OrgId) {
	let maker: T::AccountId = account("maker", 0, 0);
	let org = T::Membership::register_staff_for_benchmarks(
		&maker,
		OrganisationKind::Manufacturer,
		&[StaffRole::FieldServiceEngineer],
	)
	.expect("a manufacturer");
	Registry::<T>::do_bind_prefix(worst_prefix(), org).expect("a free prefix");
	(maker, org)
}

/// A manufacturer's engineer and a registered device of theirs.
fn registered<T: Config>() -> (T::AccountId, OrgId, DeviceId) {
	let (maker, staff_org) = manufacturer::<T>();
	let staff = T::Membership::active_staff(&maker).expect("active");
	Registry::<T>::do_register(maker.clone(), staff, udi(0), profile()).expect("a device");
	(maker, staff_org, NextDeviceId::<T>::get() - 1)
}

/// A hospital (with its admin) holding `device`, installed and in service.
fn at_hospital<T: Config>(device: DeviceId) -> (T::AccountId, OrgId) {
	let admin: T::AccountId = account("hospital", 0, 0);
	let org = T::Membership::register_staff_for_benchmarks(
		&admin,
		OrganisationKind::Hospital,
		&[StaffRole::FieldServiceEngineer],
	)
	.expect("a hospital");
	rest_with::<T>(device, Some(org), Lifecycle::InService);
	(admin, org)
}

/// Put `device` in `lifecycle` with `holder` (its manufacturer if `None`), indexed under it.
fn rest_with<T: Config>(device: DeviceId, holder: Option<OrgId>, lifecycle: Lifecycle) {
	Devices::<T>::mutate(device, |d| {
		if let Some(d) = d {
			let to = holder.unwrap_or(d.manufacturer);
			DevicesOfCustodian::<T>::remove(d.custodian, device);
			DevicesOfCustodian::<T>::insert(to, device, ());
			d.custodian = to;
			d.lifecycle = lifecycle;
		}
	});
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_device() {
		let (maker, _) = manufacturer::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(maker), udi(1), profile());

		assert_eq!(NextDeviceId::<T>::get(), 1);
	}

	/// The heaviest transition: dispatch reads the carrier and the recipient too.
	#[benchmark]
	fn transition() {
		let (maker, _, device) = registered::<T>();
		let carrier_admin: T::AccountId = account("carrier", 0, 0);
		let carrier = T::Membership::register_staff_for_benchmarks(
			&carrier_admin,
			OrganisationKind::Logistics,
			&[],
		)
		.expect("a carrier");
		let (_, hospital) = at_hospital::<T>(device);
		rest_with::<T>(device, None, Lifecycle::Released);

		#[extrinsic_call]
		dispatch(RawOrigin::Signed(maker), device, carrier, hospital);

		assert_eq!(Devices::<T>::get(device).map(|d| d.lifecycle), Some(Lifecycle::InTransit));
	}

	#[benchmark]
	fn report() {
		let (_, _, device) = registered::<T>();
		let (engineer, _) = at_hospital::<T>(device);

		#[extrinsic_call]
		report_usage(RawOrigin::Signed(engineer), device, 100, 10);

		assert_eq!(Devices::<T>::get(device).map(|d| d.working_hours), Some(100));
	}

	#[benchmark]
	fn assign_operators(n: Linear<0, { T::MaxOperators::get() }>) {
		let (_, _, device) = registered::<T>();
		let (admin, org) = at_hospital::<T>(device);
		let mut operators = BoundedVec::<T::AccountId, T::MaxOperators>::default();
		for i in 0..n {
			let operator: T::AccountId = account("operator", i, 1);
			T::Membership::add_staff_for_benchmarks(&operator, org, &[StaffRole::DeviceOperator])
				.expect("an operator");
			operators.try_push(operator).expect("within the bound");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), device, operators);

		assert_eq!(Operators::<T>::get(device).len() as u32, n);
	}

	#[benchmark]
	fn append_log() {
		let (_, _, device) = registered::<T>();
		let (engineer, _) = at_hospital::<T>(device);
		let cid = profile().profile_cid;

		#[extrinsic_call]
		_(RawOrigin::Signed(engineer), device, LogKind::Calibration, cid, [3; 32]);

		assert_eq!(ServiceLogLength::<T>::get(device), 1);
	}

	/// A hospital's store serves the manufacturer's engineer a file the hospital logged: the
	/// reader's signature verified, and both of `services`' branches read.
	#[benchmark]
	fn open_log_for() {
		let (_, maker_org, device) = registered::<T>();
		let (engineer, hospital) = at_hospital::<T>(device);
		let staff = T::Membership::active_staff(&engineer).expect("active");
		let cid = profile().profile_cid;
		Registry::<T>::do_append_log(engineer, staff, device, LogKind::DisplayPhoto, cid, [3; 32])
			.expect("an entry");
		let store: T::AccountId = account("store", 0, 0);
		T::Membership::add_staff_for_benchmarks(&store, hospital, &[StaffRole::RecordStore])
			.expect("the hospital's store");
		let request = LogReadRequest {
			device,
			entry: 0,
			store: hospital,
			nonce: 1,
			valid_until: T::Requests::latest_valid_until(),
		};
		let (reader, signature) =
			T::Requests::sign_for_benchmarks(&Registry::<T>::log_request_message(&request));
		T::Membership::add_staff_for_benchmarks(
			&reader,
			maker_org,
			&[StaffRole::FieldServiceEngineer],
		)
		.expect("the manufacturer's engineer");

		#[extrinsic_call]
		_(RawOrigin::Signed(store), reader, request, signature);

		assert_eq!(LogAccessCount::<T>::get(device), 1);
	}

	#[benchmark]
	fn bind_prefix() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker: T::AccountId = account("maker", 0, 0);
		let org = T::Membership::register_staff_for_benchmarks(
			&maker,
			OrganisationKind::Manufacturer,
			&[StaffRole::Admin],
		)
		.expect("a manufacturer");
		let prefix = CompanyPrefix {
			agency: IssuingAgency::Gs1,
			code: vec![b'9'; 12].try_into().expect("12 digits fit"),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, prefix.clone(), org);

		assert_eq!(IssuerPrefixes::<T>::get(prefix), Some(org));
		Ok(())
	}

	#[benchmark]
	fn unbind_prefix() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		manufacturer::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, worst_prefix());

		assert!(!IssuerPrefixes::<T>::contains_key(worst_prefix()));
		Ok(())
	}

	/// The heaviest: a device its lot's recall covers, on its way, returned to its
	/// manufacturer (a lifecycle move and a change of hands, both on its trail).
	#[benchmark]
	fn set_aside() {
		let (maker, _, device) = registered::<T>();
		let (_, hospital) = at_hospital::<T>(device);
		let driver: T::AccountId = account("carrier", 0, 0);
		let carrier =
			T::Membership::register_staff_for_benchmarks(&driver, OrganisationKind::Logistics, &[])
				.expect("a carrier");
		let staff = T::Membership::active_staff(&maker).expect("active");
		rest_with::<T>(device, None, Lifecycle::Released);
		Registry::<T>::do_dispatch(maker, staff, device, carrier, hospital).expect("dispatched");
		let (model, lot) = recall_keys(&udi(0));
		T::RecallStatus::recall_for_benchmarks(model, lot);
		let by_lot = T::RecallStatus::covers(&model, lot.as_ref(), 0);
		if !by_lot {
			// No recalls of lots here (the mock): recall the device itself.
			Devices::<T>::mutate(device, |d| {
				if let Some(d) = d {
					d.lifecycle = Lifecycle::Recalled;
				}
			});
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(driver), device, Disposition::Returned);

		let device = Devices::<T>::get(device).expect("a device");
		assert_eq!(device.recipient, None);
		if by_lot {
			assert_eq!(device.lifecycle, Lifecycle::Released);
		}
	}

	impl_benchmark_test_suite!(Registry, crate::mock::new_test_ext(), crate::mock::Test);
}
