//! Reasons, adverse-event and outcome codes, lots and locations have their code systems'
//! shapes (`medchain_primitives::codes`): none can carry prose about a patient.

use super::*;

#[test]
fn reasons_are_codes_not_prose() {
	new_test_ext().execute_with(|| {
		let (order, _) = order_at(OrderStatus::Produced, 1);
		for prose in ["", "ok", "CE OK", "implanted in Mr Jones, fine"] {
			assert_noop!(
				Trace::approve_order(signed(OFFICER), order, reason(prose)),
				Error::<Test>::InvalidCode
			);
			assert_noop!(
				Trace::issue_recall(signed(MAKER), lot_scope(), reason(prose), None),
				Error::<Test>::InvalidCode
			);
		}
		assert_ok!(Trace::approve_order(signed(OFFICER), order, reason("CE-OK")));
	});
}

#[test]
fn adverse_events_are_coded_by_imdrf_or_snomed() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		let coded = |event: &str, outcome: &str| AdverseEventReport {
			event_code: bytes(event),
			outcome_code: bytes(outcome),
			..report(START, Seriousness::Hospitalisation)
		};
		for (event, outcome) in [
			("A0502", "IMDRF:E0123"),
			("IMDRF:E0123", "IMDRF:E0123"),
			("IMDRF:A0502", "IMDRF:A0502"),
			("IMDRF:A0502", "patient died"),
			("IMDRF:A0502", "SCT:22298007"),
		] {
			assert_noop!(
				Trace::report_adverse_event(signed(SURGEON), id, coded(event, outcome)),
				Error::<Test>::InvalidCode
			);
		}
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			id,
			coded("IMDRF:A050202", "SCT:22298006")
		));
	});
}

#[test]
fn lots_have_gs1s_shape_and_locations_are_glns() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Trace::issue_recall(signed(MAKER), lots_scope(&["LOT A17"]), reason("FSCA"), None),
			Error::<Test>::InvalidLot
		);
		let order = place(1);
		let with_lot = |lot: &str| {
			BoundedVec::try_from(vec![Material {
				di: bytes("04035479112345"),
				lot: Some(bytes(lot)),
			}])
			.unwrap()
		};
		assert_noop!(
			Trace::record_materials(signed(MAKER), order, with_lot("silicone of J. Smith")),
			Error::<Test>::InvalidLot
		);
		let (order, _) = order_at(OrderStatus::Shipped, 1);
		for wrong in ["OR-3", "GLN:0614141000013", "GLN:0614141000012.or3"] {
			assert_noop!(
				Trace::deliver_order(signed(HOSPITAL_ADMIN), order, Some(bytes(wrong))),
				RegistryError::InvalidLocation
			);
		}
		assert_ok!(Trace::deliver_order(signed(HOSPITAL_ADMIN), order, Some(bytes(THEATRE))));
	});
}
