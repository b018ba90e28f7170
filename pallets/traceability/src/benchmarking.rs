//! Benchmarks of the traceability pallet's calls, each at its worst case (orders of the
//! most devices, the longest material list).

use super::*;
use crate::Pallet as Trace;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use pallet_device_registry::{Code, DeviceProfile, Udi};

fn bytes<S: Get<u32>>(byte: u8, len: u32) -> BoundedVec<u8, S> {
	vec![byte; len.min(S::get()) as usize].try_into().expect("within the bound")
}

fn cid() -> Cid {
	Cid::try_from(b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".to_vec())
		.expect("a CID")
}

fn model() -> UdiDi {
	bytes(b'9', 64)
}

fn signed<T: Config>(who: &T::AccountId) -> OriginFor<T> {
	RawOrigin::Signed(who.clone()).into()
}

/// The consortium a benchmark needs: a manufacturer's engineer, a hospital's admin (also a
/// doctor), a regulatory officer and a carrier.
struct Cast<T: Config> {
	maker: T::AccountId,
	manufacturer: OrgId,
	admin: T::AccountId,
	officer: T::AccountId,
	carrier: OrgId,
}

fn cast<T: Config>() -> Cast<T> {
	let staff = |name, kind, roles: &[StaffRole]| {
		let who: T::AccountId = account(name, 0, 0);
		let org = MembershipOf::<T>::register_staff_for_benchmarks(&who, kind, roles)
			.expect("an organisation");
		(who, org)
	};
	let (maker, manufacturer) =
		staff("maker", OrganisationKind::Manufacturer, &[StaffRole::FieldServiceEngineer]);
	let (admin, _) = staff("hospital", OrganisationKind::Hospital, &[StaffRole::Doctor]);
	let (officer, _) =
		staff("officer", OrganisationKind::Regulator, &[StaffRole::RegulatoryOfficer]);
	let (_, carrier) = staff("carrier", OrganisationKind::Logistics, &[]);
	Cast { maker, manufacturer, admin, officer, carrier }
}

/// Registers `n` devices of the model in one lot; returns their ids.
fn devices<T: Config>(cast: &Cast<T>, n: u32) -> Vec<DeviceId> {
	(0..n)
		.map(|i| {
			let id = pallet_device_registry::NextDeviceId::<T>::get();
			Registry::<T>::register_device(
				signed::<T>(&cast.maker),
				Udi {
					di: model(),
					serial: Some(i.to_le_bytes().repeat(10).try_into().expect("40 bytes")),
					lot: Some(bytes(b'L', 40)),
					manufactured_on: Some(20261101),
					expires_on: None,
				},
				DeviceProfile {
					device_type: Code::try_from(b"GMDN:47264".to_vec()).expect("a code"),
					model: bytes(b'M', 64),
					version: bytes(b'1', 1),
					modality: None,
					profile_cid: cid(),
					profile_hash: [5; 32],
				},
			)
			.expect("a device");
			id
		})
		.collect()
}

/// An order of `n` devices taken up to `to` (a catalogue order, along its stages).
fn order_at<T: Config>(cast: &Cast<T>, n: u32, to: OrderStatus) -> OrderId {
	let order = NextOrderId::<T>::get();
	Trace::<T>::place_order(signed::<T>(&cast.admin), cast.manufacturer, model(), n, false)
		.expect("placed");
	// Each stage of a catalogue order, in order.
	let stages: [&dyn Fn() -> DispatchResult; 6] = [
		&|| Trace::<T>::record_materials(signed::<T>(&cast.maker), order, materials()),
		&|| {
			let ids = devices(cast, n).try_into().expect("within the bound");
			Trace::<T>::record_production(signed::<T>(&cast.maker), order, ids)
		},
		&|| Trace::<T>::approve_order(signed::<T>(&cast.officer), order, bytes(b'R', 32)),
		&|| Trace::<T>::ship_order(signed::<T>(&cast.maker), order, cast.carrier),
		&|| Trace::<T>::deliver_order(signed::<T>(&cast.admin), order, Some(bytes(b'W', 32))),
		&|| Trace::<T>::install_order(signed::<T>(&cast.admin), order),
	];
	for stage in stages {
		if Orders::<T>::get(order).map(|o| o.status) == Some(to) {
			break;
		}
		stage().expect("the stage");
	}
	assert_eq!(Orders::<T>::get(order).map(|o| o.status), Some(to));
	order
}

fn materials() -> BoundedVec<Material, MaxMaterials> {
	(0..<MaxMaterials as Get<u32>>::get())
		.map(|_| Material { di: bytes(b'4', 64), lot: Some(bytes(b'S', 40)) })
		.collect::<Vec<_>>()
		.try_into()
		.expect("within the bound")
}

fn report() -> AdverseEventReport {
	AdverseEventReport {
		event_code: bytes(b'A', 64),
		seriousness: Seriousness::Death,
		outcome_code: bytes(b'E', 64),
		narrative_cid: cid(),
		learned_at: 0,
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn place_order() {
		let cast = cast::<T>();
		let n = T::MaxDevicesPerOrder::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.admin), cast.manufacturer, model(), n, false);

		assert_eq!(NextOrderId::<T>::get(), 1);
	}

	/// The heaviest single stage: the longest material list.
	#[benchmark]
	fn stage() {
		let cast = cast::<T>();
		let order = order_at(&cast, 1, OrderStatus::Placed);

		#[extrinsic_call]
		record_materials(RawOrigin::Signed(cast.maker), order, materials());

		assert_eq!(Orders::<T>::get(order).map(|o| o.status), Some(OrderStatus::MaterialsRecorded));
	}

	#[benchmark]
	fn record_production(n: Linear<1, { T::MaxDevicesPerOrder::get() }>) {
		let cast = cast::<T>();
		let order = order_at(&cast, n, OrderStatus::MaterialsRecorded);
		let ids: BoundedVec<DeviceId, T::MaxDevicesPerOrder> =
			devices(&cast, n).try_into().expect("within the bound");

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.maker), order, ids);

		assert_eq!(OrderDevices::<T>::get(order).len() as u32, n);
	}

	#[benchmark]
	fn decide_order(n: Linear<1, { T::MaxDevicesPerOrder::get() }>) {
		let cast = cast::<T>();
		let order = order_at(&cast, n, OrderStatus::Produced);

		#[extrinsic_call]
		approve_order(RawOrigin::Signed(cast.officer), order, bytes(b'R', 32));

		assert_eq!(Orders::<T>::get(order).map(|o| o.status), Some(OrderStatus::Approved));
	}

	#[benchmark]
	fn ship_order(n: Linear<1, { T::MaxDevicesPerOrder::get() }>) {
		let cast = cast::<T>();
		let order = order_at(&cast, n, OrderStatus::Approved);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.maker), order, cast.carrier);

		assert_eq!(Orders::<T>::get(order).map(|o| o.status), Some(OrderStatus::Shipped));
	}

	#[benchmark]
	fn deliver_order(n: Linear<1, { T::MaxDevicesPerOrder::get() }>) {
		let cast = cast::<T>();
		let order = order_at(&cast, n, OrderStatus::Shipped);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.admin), order, Some(bytes(b'W', 32)));

		assert_eq!(Orders::<T>::get(order).map(|o| o.status), Some(OrderStatus::Delivered));
	}

	#[benchmark]
	fn install_order(n: Linear<1, { T::MaxDevicesPerOrder::get() }>) {
		let cast = cast::<T>();
		let order = order_at(&cast, n, OrderStatus::Delivered);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.admin), order);

		assert_eq!(Orders::<T>::get(order).map(|o| o.status), Some(OrderStatus::Installed));
	}

	#[benchmark]
	fn record_after_sales(n: Linear<1, { T::MaxDevicesPerOrder::get() }>) {
		let cast = cast::<T>();
		let order = order_at(&cast, n, OrderStatus::Installed);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.maker), order, AfterSalesKind::ServiceVisit, cid(), [1; 32]);

		assert!(OrderTrailHead::<T>::get(order).length > 7);
	}

	#[benchmark]
	fn record_use() {
		let cast = cast::<T>();
		let order = order_at(&cast, 1, OrderStatus::Installed);
		let device = OrderDevices::<T>::get(order)[0];

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.admin), device, [7; 32], PatientUse::Implant);

		assert_eq!(ImplantedIn::<T>::get(device), Some([7; 32]));
	}

	/// A clinician files a patient's report (`report_adverse_event` by staff reads and
	/// writes the same, with one role check less): both are charged this.
	#[benchmark]
	fn report_adverse_event() {
		let cast = cast::<T>();
		let device = devices(&cast, 1)[0];

		#[extrinsic_call]
		report_for_patient(RawOrigin::Signed(cast.admin), device, report());

		assert!(AdverseEvents::<T>::contains_key(0));
	}

	#[benchmark]
	fn advance_investigation() {
		let cast = cast::<T>();
		let device = devices(&cast, 1)[0];
		Trace::<T>::report_adverse_event(signed::<T>(&cast.admin), device, report())
			.expect("reported");

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer), 0, InvestigationStatus::Rejected, bytes(b'R', 32));

		assert_eq!(
			AdverseEvents::<T>::get(0).map(|e| e.status),
			Some(InvestigationStatus::Rejected)
		);
	}

	/// The manufacturer's recall: it reads the first device in scope to check who made it.
	#[benchmark]
	fn issue_recall() {
		let cast = cast::<T>();
		let device = devices(&cast, 1)[0];
		Trace::<T>::report_adverse_event(signed::<T>(&cast.admin), device, report())
			.expect("reported");
		let scope = RecallScope::Lot { di: model(), lot: bytes(b'L', 40) };

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.maker), scope, bytes(b'R', 32), Some(0));

		assert_eq!(Recalls::<T>::get(0).map(|r| r.status), Some(RecallStatus::Pending));
	}

	#[benchmark]
	fn decide_recall() {
		let cast = cast::<T>();
		devices(&cast, 1);
		let scope = RecallScope::Lot { di: model(), lot: bytes(b'L', 40) };
		Trace::<T>::issue_recall(signed::<T>(&cast.maker), scope, bytes(b'R', 32), None)
			.expect("issued");

		#[extrinsic_call]
		confirm_recall(RawOrigin::Signed(cast.officer), 0);

		assert_eq!(Recalls::<T>::get(0).map(|r| r.status), Some(RecallStatus::Confirmed));
	}

	impl_benchmark_test_suite!(Trace, crate::mock::new_test_ext(), crate::mock::Test);
}
