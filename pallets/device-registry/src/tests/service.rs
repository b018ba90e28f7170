//! Service: usage and condition reports, operators, and the service log and its audit.

use super::*;
use sp_runtime::testing::TestSignature;

/// The hospital's workshop: its GLN, extended.
const WORKSHOP: &str = "GLN:0614141000012.WORKSHOP";

// ---- reports and operators ----

#[test]
fn the_custodian_reports_usage_that_only_grows_and_condition() {
	new_test_ext().execute_with(|| {
		let id = installed();
		assert_ok!(Registry::report_usage(signed(OPERATOR), id, 10, 3));
		System::assert_last_event(
			Event::UsageReported { device: id, working_hours: 10, operating_cycles: 3 }.into(),
		);
		assert_noop!(
			Registry::report_usage(signed(OPERATOR), id, 9, 4),
			Error::<Test>::CounterDecreased
		);
		assert_noop!(
			Registry::report_usage(signed(OPERATOR), id, 11, 2),
			Error::<Test>::CounterDecreased
		);
		assert_noop!(
			Registry::report_usage(signed(NURSE), id, 12, 4),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Registry::report_usage(signed(MAKER), id, 12, 4),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Registry::report_usage(signed(OPERATOR), 99, 12, 4),
			Error::<Test>::DeviceNotFound
		);

		let condition = Condition {
			status: RecordStatus::Active,
			availability: Availability::Damaged,
			reason: StatusReason::HardwareDisconnected,
			mode: OperatingMode::Service,
		};
		assert_ok!(Registry::report_condition(
			signed(BIOMED),
			id,
			condition,
			Some(bytes(WORKSHOP))
		));
		System::assert_last_event(Event::ConditionReported { device: id, condition }.into());
		let device = Devices::<Test>::get(id).unwrap();
		assert_eq!((device.condition, device.location), (condition, Some(bytes(WORKSHOP))));
		assert_noop!(
			Registry::report_condition(signed(NURSE), id, condition, None),
			Error::<Test>::NotAuthorised
		);
	});
}

#[test]
fn the_custodians_admin_assigns_its_operators() {
	new_test_ext().execute_with(|| {
		let id = installed();
		let list = |accounts: &[u64]| BoundedVec::try_from(accounts.to_vec()).unwrap();
		assert_ok!(Registry::assign_operators(
			signed(HOSPITAL_ADMIN),
			id,
			list(&[OPERATOR, SECOND_OPERATOR])
		));
		System::assert_last_event(Event::OperatorsAssigned { device: id, count: 2 }.into());
		assert_eq!(Operators::<Test>::get(id).into_inner(), vec![OPERATOR, SECOND_OPERATOR]);
		assert_noop!(
			Registry::assign_operators(signed(BIOMED), id, list(&[OPERATOR])),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Registry::assign_operators(signed(HOSPITAL_ADMIN), id, list(&[NURSE])),
			Error::<Test>::NotAnOperator
		);
		assert_noop!(
			Registry::assign_operators(signed(HOSPITAL_ADMIN), id, list(&[OTHER_OPERATOR])),
			Error::<Test>::NotAnOperator
		);
		assert_noop!(
			Registry::assign_operators(signed(HOSPITAL_ADMIN), id, list(&[OPERATOR, OPERATOR])),
			Error::<Test>::DuplicateOperator
		);
	});
}

// ---- the service log ----

#[test]
fn service_staff_of_the_custodian_or_manufacturer_keep_the_log_and_every_opening_is_recorded() {
	new_test_ext().execute_with(|| {
		let id = installed();
		let cid = || bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
		assert_ok!(Registry::append_log(signed(BIOMED), id, LogKind::Calibration, cid(), [1; 32]));
		System::assert_last_event(
			Event::LogAppended { device: id, entry: 0, kind: LogKind::Calibration }.into(),
		);
		assert_ok!(Registry::append_log(signed(MAKER), id, LogKind::ErrorLog, cid(), [2; 32]));
		let entry = ServiceLog::<Test>::get(id, 1).unwrap();
		assert_eq!((entry.author, entry.org, entry.at), (MAKER, MANUFACTURER, START));
		for outsider in [NURSE, OTHER_ADMIN, DRIVER, OFFICER] {
			assert_noop!(
				Registry::append_log(signed(outsider), id, LogKind::Maintenance, cid(), [3; 32]),
				Error::<Test>::NotAuthorised
			);
			assert_noop!(Registry::open_log(signed(outsider), id, 0), Error::<Test>::NotAuthorised);
		}
		assert_noop!(
			Registry::append_log(
				signed(BIOMED),
				id,
				LogKind::Maintenance,
				bytes("not-a-cid"),
				[3; 32]
			),
			Error::<Test>::InvalidCid
		);
		assert_ok!(Registry::open_log(signed(OPERATOR), id, 1));
		System::assert_last_event(
			Event::LogOpened { device: id, entry: 1, reader: OPERATOR }.into(),
		);
		assert_eq!(LogAccesses::<Test>::get(id, 0), Some((OPERATOR, 1, START)));
		assert_eq!(LogAccessCount::<Test>::get(id), 1);
		assert_noop!(Registry::open_log(signed(OPERATOR), id, 7), Error::<Test>::LogEntryNotFound);
		assert_noop!(Registry::open_log(signed(OPERATOR), 99, 0), Error::<Test>::DeviceNotFound);
	});
}

#[test]
fn the_carrier_never_reaches_the_service_log() {
	new_test_ext().execute_with(|| {
		let cid = || bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
		let id = installed();
		assert_ok!(Registry::append_log(signed(BIOMED), id, LogKind::Calibration, cid(), [1; 32]));
		// Back to the manufacturer for repair: the carrier holds it, and only carries it.
		assert_ok!(Registry::dispatch(signed(BIOMED), id, CARRIER, MANUFACTURER));
		assert_eq!(Devices::<Test>::get(id).unwrap().custodian, CARRIER);
		assert_noop!(
			Registry::append_log(signed(DRIVER), id, LogKind::Maintenance, cid(), [2; 32]),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(Registry::open_log(signed(DRIVER), id, 0), Error::<Test>::NotAuthorised);
		// The hospital let it go; its manufacturer still keeps the log on the way.
		assert_noop!(Registry::open_log(signed(BIOMED), id, 0), Error::<Test>::NotAuthorised);
		assert_ok!(Registry::open_log(signed(MAKER), id, 0));
		// Recalled on the way, the carrier still has no access.
		assert_ok!(Registry::recall(signed(OFFICER), id));
		assert_noop!(Registry::open_log(signed(DRIVER), id, 0), Error::<Test>::NotAuthorised);
		assert_ok!(Registry::do_try_state());
	});
}

// ---- log files served by a store, for a reader who signed the request ----

/// A request by `reader` for `entry` of `device` from `store`'s store, with nonce `nonce`,
/// valid for as long as it may be, and the reader's (test) signature over it.
fn log_request(
	reader: u64,
	device: DeviceId,
	entry: u32,
	store: OrgId,
	nonce: u64,
) -> (LogReadRequest<u64>, TestSignature) {
	let request = LogReadRequest {
		device,
		entry,
		store,
		nonce,
		valid_until: System::block_number() + REQUEST_AGE,
	};
	let signature = TestSignature(reader, Registry::log_request_message(&request));
	(request, signature)
}

/// An installed device whose log has the hospital's entry 0 and the manufacturer's entry 1.
fn logged() -> DeviceId {
	let id = installed();
	let cid = || bytes("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
	assert_ok!(Registry::append_log(signed(BIOMED), id, LogKind::DisplayPhoto, cid(), [1; 32]));
	assert_ok!(Registry::append_log(signed(MAKER), id, LogKind::ErrorLog, cid(), [2; 32]));
	id
}

#[test]
fn a_store_audits_the_log_files_it_serves_in_the_readers_name_once() {
	new_test_ext().execute_with(|| {
		let id = logged();
		// What a store asks before it serves (the runtime API `can_open_log`).
		for (who, may) in [(MAKER, true), (BIOMED, true), (OPERATOR, true), (NURSE, false)] {
			assert_eq!(Registry::may_open_log(&who, id), may, "{who}");
		}
		assert!(!Registry::may_open_log(&PATIENT, id) && !Registry::may_open_log(&MAKER, 99));
		// The manufacturer's engineer opens the hospital's photo from the hospital's store.
		let (request, signature) = log_request(MAKER, id, 0, HOSPITAL, 1);
		assert_ok!(Registry::open_log_for(
			signed(HOSPITAL_STORE),
			MAKER,
			request.clone(),
			signature.clone()
		));
		System::assert_last_event(Event::LogOpened { device: id, entry: 0, reader: MAKER }.into());
		assert_eq!(LogAccesses::<Test>::get(id, 0), Some((MAKER, 0, START)));
		assert_eq!(last_nonce(MAKER), 1);
		// Once only.
		assert_noop!(
			Registry::open_log_for(signed(HOSPITAL_STORE), MAKER, request, signature),
			Error::<Test>::StaleLogRequest
		);
		// The manufacturer's store serves its own engineer's log to the hospital's operator.
		let (request, signature) = log_request(OPERATOR, id, 1, MANUFACTURER, 5);
		assert_ok!(Registry::open_log_for(signed(MAKER_STORE), OPERATOR, request, signature));
		assert_eq!(LogAccesses::<Test>::get(id, 1), Some((OPERATOR, 1, START)));
		assert_eq!(LogAccessCount::<Test>::get(id), 2);
	});
}

#[test]
fn a_log_request_is_refused_unless_every_check_passes() {
	new_test_ext().execute_with(|| {
		let id = logged();
		let open = |store: u64, reader: u64, (request, signature)| {
			Registry::open_log_for(signed(store), reader, request, signature)
		};
		// Only a RecordStore account, and only of the store the request names.
		for origin in [BIOMED, HOSPITAL_ADMIN, MAKER_STORE] {
			assert_noop!(
				open(origin, OPERATOR, log_request(OPERATOR, id, 0, HOSPITAL, 1)),
				Error::<Test>::NotStoreOperator
			);
		}
		assert_noop!(
			open(PATIENT, OPERATOR, log_request(OPERATOR, id, 0, HOSPITAL, 1)),
			Error::<Test>::NotAuthorised
		);
		// The file of the manufacturer's entry is in the manufacturer's store.
		assert_noop!(
			open(HOSPITAL_STORE, OPERATOR, log_request(OPERATOR, id, 1, HOSPITAL, 1)),
			Error::<Test>::WrongStore
		);
		assert_noop!(
			open(HOSPITAL_STORE, OPERATOR, log_request(OPERATOR, id, 2, HOSPITAL, 1)),
			Error::<Test>::LogEntryNotFound
		);
		assert_noop!(
			open(HOSPITAL_STORE, OPERATOR, log_request(OPERATOR, 99, 0, HOSPITAL, 1)),
			Error::<Test>::DeviceNotFound
		);
		// Someone else's signature, or a request changed after it was signed.
		assert_noop!(
			open(HOSPITAL_STORE, OPERATOR, log_request(BIOMED, id, 0, HOSPITAL, 1)),
			Error::<Test>::BadSignature
		);
		let (mut request, signature) = log_request(OPERATOR, id, 0, HOSPITAL, 1);
		request.nonce = 2;
		assert_noop!(
			open(HOSPITAL_STORE, OPERATOR, (request, signature)),
			Error::<Test>::BadSignature
		);
		// Too far ahead, then too late.
		let (mut request, _) = log_request(OPERATOR, id, 0, HOSPITAL, 1);
		request.valid_until += 1;
		let signature = TestSignature(OPERATOR, Registry::log_request_message(&request));
		assert_noop!(
			open(HOSPITAL_STORE, OPERATOR, (request, signature)),
			Error::<Test>::LogRequestTooFarAhead
		);
		let old = log_request(OPERATOR, id, 0, HOSPITAL, 1);
		System::set_block_number(System::block_number() + REQUEST_AGE + 1);
		assert_noop!(open(HOSPITAL_STORE, OPERATOR, old), Error::<Test>::LogRequestExpired);
		// A signed request of someone who may not open the log: a nurse.
		assert_noop!(
			open(HOSPITAL_STORE, NURSE, log_request(NURSE, id, 0, HOSPITAL, 1)),
			Error::<Test>::NotAuthorised
		);
		assert_eq!(LogAccessCount::<Test>::get(id), 0);
		assert_eq!(last_nonce(OPERATOR), 0);
	});
}
