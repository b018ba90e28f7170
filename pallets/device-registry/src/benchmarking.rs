//! Benchmarks of the device registry's calls, each at its worst case.

use super::*;
use crate::Pallet as Registry;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

fn code(text: &[u8]) -> Code {
	Code::try_from(text.to_vec()).expect("a short code")
}

fn udi(serial: u32) -> Udi {
	Udi {
		di: vec![b'9'; 64].try_into().expect("64 bytes fit"),
		serial: Some(serial.to_le_bytes().repeat(10).try_into().expect("40 bytes fit")),
		lot: Some(vec![b'L'; 40].try_into().expect("40 bytes fit")),
		manufactured_on: Some(20261101),
		expires_on: Some(20311101),
	}
}

fn profile() -> DeviceProfile {
	DeviceProfile {
		device_type: code(b"GMDN:35852"),
		model: code(b"model"),
		version: code(b"1"),
		modality: Some(code(b"ECG")),
		profile_cid: Cid::try_from(
			b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".to_vec(),
		)
		.expect("a CID"),
		profile_hash: [7; 32],
	}
}

/// A manufacturer's engineer and a registered device of theirs.
fn registered<T: Config>() -> (T::AccountId, OrgId, DeviceId) {
	let maker: T::AccountId = account("maker", 0, 0);
	let staff_org = T::Membership::register_staff_for_benchmarks(
		&maker,
		OrganisationKind::Manufacturer,
		&[StaffRole::FieldServiceEngineer],
	)
	.expect("a manufacturer");
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
	Devices::<T>::mutate(device, |d| {
		if let Some(d) = d {
			d.custodian = org;
			d.lifecycle = Lifecycle::InService;
		}
	});
	(admin, org)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_device() {
		let maker: T::AccountId = account("maker", 0, 0);
		T::Membership::register_staff_for_benchmarks(
			&maker,
			OrganisationKind::Manufacturer,
			&[StaffRole::FieldServiceEngineer],
		)
		.expect("a manufacturer");

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
		Devices::<T>::mutate(device, |d| {
			if let Some(d) = d {
				d.custodian = d.manufacturer;
				d.lifecycle = Lifecycle::Released;
			}
		});

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

	impl_benchmark_test_suite!(Registry, crate::mock::new_test_ext(), crate::mock::Test);
}
