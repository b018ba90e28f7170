//! A property test over random call sequences: trails hold, final states stay final,
//! refused calls change nothing, and no patient account appears where docs/privacy.md
//! says none may.

use super::{
	stages::{make, Stage},
	*,
};
use proptest::prelude::*;

/// One call, by an index into a small cast, on an index into the devices and orders.
#[derive(Clone, Debug)]
enum Op {
	Stage(u8, Stage),
	Produce(u8, u8),
	Place(u8, u32),
	Use(u8, u8, u8, PatientUse),
	Report(u8, u8),
	ReportForPatient(u8, u8),
	Recall(u8, bool),
	Decide(u8, u8),
	Registry(u8, u8, u8),
}

const CAST: [u64; 11] = [
	MAKER,
	HOSPITAL_ADMIN,
	BIOMED,
	SURGEON,
	OTHER_ADMIN,
	OFFICER,
	PATIENT,
	DRIVER,
	OTHER_MAKER,
	STRANGER,
	SECOND_OFFICER,
];

fn stage() -> impl Strategy<Value = Stage> {
	prop_oneof![
		Just(Stage::Materials),
		Just(Stage::Production),
		Just(Stage::Approve),
		Just(Stage::Reject),
		Just(Stage::Ship),
		Just(Stage::Deliver),
		Just(Stage::Install),
		Just(Stage::AfterSales),
	]
}

fn usage() -> impl Strategy<Value = PatientUse> {
	prop_oneof![Just(PatientUse::Implant), Just(PatientUse::Explant), Just(PatientUse::Procedure)]
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(0u8..4, stage()).prop_map(|(o, s)| Op::Stage(o, s)),
		(0u8..4, 0u8..4).prop_map(|(o, d)| Op::Produce(o, d)),
		(0u8..11, 1u32..3).prop_map(|(w, q)| Op::Place(w, q)),
		(0u8..11, 0u8..6, 0u8..2, usage()).prop_map(|(w, d, p, u)| Op::Use(w, d, p, u)),
		(0u8..11, 0u8..6).prop_map(|(w, d)| Op::Report(w, d)),
		(0u8..11, 0u8..6).prop_map(|(w, d)| Op::ReportForPatient(w, d)),
		(0u8..11, any::<bool>()).prop_map(|(w, m)| Op::Recall(w, m)),
		(0u8..11, 0u8..3).prop_map(|(w, r)| Op::Decide(w, r)),
		(0u8..11, 0u8..6, 0u8..8).prop_map(|(w, d, t)| Op::Registry(w, d, t)),
	]
}

fn apply(op: &Op) -> DispatchResult {
	let who = |w: &u8| signed(CAST[*w as usize % CAST.len()]);
	match op {
		// Production links an existing device (a fresh one would change state even when
		// the stage is refused).
		Op::Stage(_, Stage::Production) => Ok(()),
		// Other stages are made with the right role: the order's own rules decide.
		Op::Stage(order, stage) => make(u64::from(*order), *stage),
		Op::Produce(order, d) => Trace::record_production(
			signed(MAKER),
			u64::from(*order),
			BoundedVec::try_from(vec![u64::from(*d)]).unwrap(),
		),
		Op::Place(w, quantity) => {
			Trace::place_order(who(w), MANUFACTURER, bytes(MODEL), *quantity, false)
		},
		Op::Use(w, d, p, usage) => {
			let patient = [PATIENT, OTHER_PATIENT][*p as usize];
			let device = u64::from(*d);
			Trace::record_use(who(w), device, pseudonym(patient, device), *usage)
		},
		Op::Report(w, d) => {
			Trace::report_adverse_event(who(w), u64::from(*d), report(START, Seriousness::Death))
		},
		Op::ReportForPatient(w, d) => Trace::report_for_patient(
			who(w),
			u64::from(*d),
			report(START, Seriousness::LifeThreatening),
		),
		Op::Recall(w, model) => {
			let scope = if *model {
				RecallScope::Model { di: bytes(MODEL), until: START }
			} else {
				lot_scope()
			};
			Trace::issue_recall(who(w), scope, reason("R"), None)
		},
		Op::Decide(w, recall) => Trace::confirm_recall(who(w), u64::from(*recall)),
		Op::Registry(w, d, t) => {
			let id = u64::from(*d);
			match t {
				0 => Registry::release(who(w), id),
				1 => Registry::dispatch(who(w), id, CARRIER, OTHER_HOSPITAL),
				2 => Registry::install(who(w), id, None),
				3 => Registry::put_in_service(who(w), id),
				4 => Registry::decommission(who(w), id),
				5 => Registry::set_aside(who(w), id, Disposition::Returned),
				6 => Registry::set_aside(who(w), id, Disposition::Quarantined),
				_ => Registry::recall(who(w), id),
			}
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(48))]

	/// No sequence of calls breaks a trail's hash chain, lets a device leave `Recalled`
	/// or `Decommissioned`, lets a refused call change any state, or puts a patient
	/// account where docs/privacy.md says none may be (`uses::exposure`).
	#[test]
	fn trails_hold_and_final_states_stay_final(ops in proptest::collection::vec(op(), 1..40)) {
		new_test_ext().execute_with(|| {
			for serial in 0..3 {
				register(&format!("SN-P{serial}"));
			}
			let mut finished: Vec<DeviceId> = Vec::new();
			for op in &ops {
				let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
				let events = System::events().len();
				if apply(op).is_err() {
					prop_assert_eq!(root, sp_io::storage::root(sp_runtime::StateVersion::V1), "{:?}", op);
					prop_assert_eq!(events, System::events().len());
				}
				for id in 0..Registry::next_device_id() {
					let lifecycle = device(id).lifecycle;
					if finished.contains(&id) {
						prop_assert!(lifecycle.is_final(), "device {} left a final state by {:?}", id, op);
					} else if lifecycle.is_final() {
						finished.push(id);
					}
				}
				prop_assert!(Trace::do_try_state().is_ok());
				prop_assert_eq!(uses::exposure(), Ok(()), "after {:?}", op);
			}
			Ok(())
		})?;
	}
}
