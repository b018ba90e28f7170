//! Benchmarks of the traceability pallet's calls, each at its worst case (orders of the
//! most devices, the longest material list).

use super::*;
use crate::features::orders::without_weight;
use crate::Pallet as Trace;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use medchain_primitives::devices::{Code, DeviceProfile, ProductionId, Udi};

fn bytes<S: Get<u32>>(byte: u8, len: u32) -> BoundedVec<u8, S> {
	vec![byte; len.min(S::get()) as usize].try_into().expect("within the bound")
}

fn cid() -> Cid {
	Cid::try_from(b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".to_vec())
		.expect("a CID")
}

/// A GTIN-14 under the shortest GS1 company prefix, bound to the cast's manufacturer (its
/// owner is found after every longer candidate).
fn model() -> UdiDi {
	b"99999999999997".to_vec().try_into().expect("14 bytes fit")
}

/// The `i`-th lot: 20 characters, the longest lot number (GS1 AI 10).
fn lot(i: u32) -> ProductionId {
	alloc::format!("LOT-{i:016}").into_bytes().try_into().expect("20 bytes fit")
}

/// The longest location: a GLN and a 14-character extension.
fn location() -> LocationCode {
	b"GLN:0614141000012.WWWWWWWWWWWWWW".to_vec().try_into().expect("32 bytes fit")
}

/// The costliest SNOMED CT concept to check: 18 digits.
const LONGEST_SCTID: &[u8] = b"SCT:999999999999999109";

/// A recall of the first `n` lots.
fn lots_scope(n: u32) -> RecallScope {
	let lots = (0..n).map(lot).collect::<Vec<_>>();
	RecallScope::Lots { di: model(), lots: lots.try_into().expect("within the bound") }
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
		let org = T::Membership::register_staff_for_benchmarks(&who, kind, roles)
			.expect("an organisation");
		(who, org)
	};
	let (maker, manufacturer) =
		staff("maker", OrganisationKind::Manufacturer, &[StaffRole::FieldServiceEngineer]);
	let (admin, _) = staff("hospital", OrganisationKind::Hospital, &[StaffRole::Doctor]);
	let (officer, _) =
		staff("officer", OrganisationKind::Regulator, &[StaffRole::RegulatoryOfficer]);
	let (_, carrier) = staff("carrier", OrganisationKind::Logistics, &[]);
	T::Devices::bind_gs1_prefix_for_benchmarks(b"9999", manufacturer).expect("a free prefix");
	Cast { maker, manufacturer, admin, officer, carrier }
}

/// Registers `n` devices of the model in one lot; returns their ids.
fn devices<T: Config>(cast: &Cast<T>, n: u32) -> Vec<DeviceId> {
	(0..n).map(|i| device_in(cast, i, 0)).collect()
}

/// Registers one device of each of the first `n` lots.
fn one_per_lot<T: Config>(cast: &Cast<T>, n: u32) {
	for i in 0..n {
		device_in(cast, i, i);
	}
}

/// Registers device `serial` of the model in lot `in_lot`; returns its id.
fn device_in<T: Config>(cast: &Cast<T>, serial: u32, in_lot: u32) -> DeviceId {
	T::Devices::register_device_for_benchmarks(
		cast.maker.clone(),
		Udi {
			di: model(),
			serial: Some(alloc::format!("{serial:020}").into_bytes().try_into().expect("20 bytes")),
			lot: Some(lot(in_lot)),
			manufactured_on: Some(20261101),
			expires_on: None,
		},
		DeviceProfile {
			device_type: Code::try_from(b"GMDN:47264".to_vec()).expect("a code"),
			model: bytes(b'M', 30),
			version: bytes(b'1', 1),
			modality: None,
			profile_cid: cid(),
			profile_hash: [5; 32],
		},
	)
	.expect("a device")
}

/// The manufacturer's pending recall of the most lots, one device in each.
fn pending_recall_of_most_lots<T: Config>(cast: &Cast<T>) {
	let max = <MaxRecallLots as Get<u32>>::get();
	one_per_lot(cast, max);
	Trace::<T>::issue_recall(signed::<T>(&cast.maker), lots_scope(max), bytes(b'R', 32), None)
		.expect("issued");
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
		&|| {
			without_weight(Trace::<T>::approve_order(
				signed::<T>(&cast.officer),
				order,
				bytes(b'R', 32),
			))
		},
		&|| without_weight(Trace::<T>::ship_order(signed::<T>(&cast.maker), order, cast.carrier)),
		&|| {
			without_weight(Trace::<T>::deliver_order(
				signed::<T>(&cast.admin),
				order,
				Some(location()),
			))
		},
		&|| without_weight(Trace::<T>::install_order(signed::<T>(&cast.admin), order)),
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
		.map(|_| Material { di: bytes(b'4', 64), lot: Some(bytes(b'S', 20)) })
		.collect::<Vec<_>>()
		.try_into()
		.expect("within the bound")
}

fn report() -> AdverseEventReport {
	AdverseEventReport {
		event_code: Code::try_from(b"IMDRF:A010101".to_vec()).expect("a code"),
		seriousness: Seriousness::Death,
		outcome_code: Code::try_from(LONGEST_SCTID.to_vec()).expect("a code"),
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
		_(RawOrigin::Signed(cast.admin), order, Some(location()));

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

	/// A regulatory officer's recall of the most lots, citing an event: each lot is checked
	/// for devices and for a recall in force, and put in force.
	#[benchmark]
	fn issue_recall() {
		let cast = cast::<T>();
		let max = <MaxRecallLots as Get<u32>>::get();
		one_per_lot(&cast, max);
		Trace::<T>::report_adverse_event(signed::<T>(&cast.admin), 0, report()).expect("reported");

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer), lots_scope(max), bytes(b'R', 32), Some(0));

		assert_eq!(Recalls::<T>::get(0).map(|r| r.status), Some(RecallStatus::Confirmed));
	}

	/// An officer confirms a manufacturer's recall of the most lots (heavier than dismissing
	/// it, or a model recall's second approval).
	#[benchmark]
	fn decide_recall() {
		let cast = cast::<T>();
		pending_recall_of_most_lots(&cast);

		#[extrinsic_call]
		confirm_recall(RawOrigin::Signed(cast.officer), 0);

		assert_eq!(Recalls::<T>::get(0).map(|r| r.status), Some(RecallStatus::Confirmed));
	}

	#[benchmark]
	fn enforce_recall() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cast = cast::<T>();
		pending_recall_of_most_lots(&cast);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0);

		assert_eq!(Recalls::<T>::get(0).map(|r| r.status), Some(RecallStatus::Confirmed));
		Ok(())
	}

	/// Withdrawing a recall of the most lots (heavier than a model's, which restores at most
	/// one recall it replaced).
	#[benchmark]
	fn withdraw_recall() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cast = cast::<T>();
		pending_recall_of_most_lots(&cast);
		Trace::<T>::confirm_recall(signed::<T>(&cast.officer), 0).expect("in force");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, bytes(b'W', 32));

		assert_eq!(Recalls::<T>::get(0).map(|r| r.status), Some(RecallStatus::Withdrawn));
		Ok(())
	}

	impl_benchmark_test_suite!(Trace, crate::mock::new_test_ext(), crate::mock::Test);
}
