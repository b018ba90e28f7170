//! Unit tests: every call and error, the wrong callers, expiry at the exact boundary, the
//! cascade from the consortium (staff removed, organisation suspended), break-glass expiry
//! and review, the audit trail, and a property test of `can_access`.

use crate::{mock::*, *};

mod audit;
mod break_glass;
mod hardening;
use frame_support::{assert_noop, assert_ok, BoundedVec};
use medchain_primitives::{ConsentCheck, RecordCategory, StaffRole};
use sp_runtime::DispatchError;

type Access = Pallet<Test>;

const HOUR: Moment = 3_600_000;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn only(categories: &[RecordCategory]) -> Scope {
	Scope::Categories(BoundedVec::try_from(categories.to_vec()).unwrap())
}

/// The patient grants `grantee` read access to everything, for `until`.
fn grant(grantee: Grantee<u64>, access: AccessLevel, until: Option<Moment>) -> GrantId {
	let id = NextGrantId::<Test>::get();
	assert_ok!(Access::grant_access(
		signed(PATIENT),
		grantee,
		Scope::AllCategories,
		access,
		Purpose::Treatment,
		None,
		until
	));
	id
}

/// `reader`'s request for `record` from `store`'s store, valid for the next 3 blocks, and
/// their signature over it.
pub(crate) fn signed_request(
	reader: u64,
	record: RecordId,
	store: u32,
	nonce: u64,
) -> (ReadRequest<u64>, sp_runtime::testing::TestSignature) {
	let request = ReadRequest { record, store, nonce, valid_until: System::block_number() + 3 };
	let message = Access::read_request_message(&request);
	(request, sp_runtime::testing::TestSignature(reader, message))
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::AccessControl(event) => Some(event),
			_ => None,
		})
		.expect("an access-control event")
}

// ---- grants ----

#[test]
fn a_patient_grants_an_organisation_whose_clinical_staff_then_read() {
	run(|| {
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		let id = grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, Some(START + HOUR));
		System::assert_last_event(
			Event::AccessGranted {
				patient: PATIENT,
				grant: id,
				grantee: Grantee::Organisation(HOSPITAL_B),
				access: AccessLevel::Read,
				valid_until: Some(START + HOUR),
			}
			.into(),
		);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		// Read, not write; staff of other organisations, and the admin, are not covered.
		assert!(!Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::Observation));
		assert!(!Access::can_access(&DOCTOR_A, OBSERVATION));
		assert!(!Access::can_access(&ADMIN_B, OBSERVATION));
		assert_eq!(GrantCount::<Test>::get(PATIENT), 1);
		assert_eq!(Access::consent_page(&PATIENT, 0, 10)[0].1.change, ConsentChange::Granted(id));
	});
}

#[test]
fn a_grant_expires_at_the_exact_moment_it_ends_and_starts_at_the_moment_it_begins() {
	run(|| {
		assert_ok!(Access::grant_access(
			signed(PATIENT),
			Grantee::Person(DOCTOR_B),
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			Some(START + 10),
			Some(START + HOUR),
		));
		set_time(START + 9);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION), "before it starts");
		set_time(START + 10);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION), "from the moment it starts");
		set_time(START + HOUR - 1);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION), "until the last millisecond");
		set_time(START + HOUR);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION), "not at the moment it ends");
		// Queries report it as not in force, without anything having flipped it.
		assert!(!Access::grants_of(&PATIENT)[0].2);
		assert_noop!(
			Access::record_access(signed(DOCTOR_B), OBSERVATION),
			Error::<Test>::NotAuthorised
		);
	});
}

#[test]
fn a_scope_limits_the_categories() {
	run(|| {
		assert_ok!(Access::grant_access(
			signed(PATIENT),
			Grantee::Person(DOCTOR_B),
			only(&[RecordCategory::Observation]),
			AccessLevel::ReadWrite,
			Purpose::Treatment,
			None,
			None,
		));
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert!(!Access::can_access(&DOCTOR_B, IMAGING));
		assert!(Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::Observation));
		assert!(!Access::may_write(&DOCTOR_B, &PATIENT, RecordCategory::ImagingStudy));
	});
}

#[test]
fn grant_errors() {
	run(|| {
		let try_grant = |who: u64, grantee, scope, from, until| {
			Access::grant_access(
				signed(who),
				grantee,
				scope,
				AccessLevel::Read,
				Purpose::Treatment,
				from,
				until,
			)
		};
		assert_noop!(
			try_grant(DOCTOR_A, Grantee::Person(DOCTOR_B), Scope::AllCategories, None, None),
			Error::<Test>::NotPatient
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(PATIENT), Scope::AllCategories, None, None),
			Error::<Test>::GrantToSelf
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(STRANGER), Scope::AllCategories, None, None),
			Error::<Test>::UnknownGrantee
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Organisation(42), Scope::AllCategories, None, None),
			Error::<Test>::UnknownGrantee
		);
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(DOCTOR_B), only(&[]), None, None),
			Error::<Test>::EmptyScope
		);
		// Ends before it starts; ends now (already over).
		assert_noop!(
			try_grant(
				PATIENT,
				Grantee::Person(DOCTOR_B),
				Scope::AllCategories,
				Some(START + 5),
				Some(START + 5)
			),
			Error::<Test>::InvalidPeriod
		);
		assert_noop!(
			try_grant(
				PATIENT,
				Grantee::Person(DOCTOR_B),
				Scope::AllCategories,
				Some(START - HOUR),
				Some(START)
			),
			Error::<Test>::InvalidPeriod
		);
		for _ in 0..MAX_GRANTS_PER_GRANTEE {
			grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		}
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(DOCTOR_B), Scope::AllCategories, None, None),
			Error::<Test>::TooManyGrantsToGrantee
		);
		for _ in MAX_GRANTS_PER_GRANTEE..MAX_GRANTS {
			grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		}
		assert_noop!(
			try_grant(PATIENT, Grantee::Person(DOCTOR_B), Scope::AllCategories, None, None),
			Error::<Test>::TooManyGrants
		);
	});
}

#[test]
fn a_check_reads_only_the_grants_to_the_reader_and_their_organisation() {
	use frame_support::{traits::Hooks, weights::Weight};
	run(|| {
		let hospital_b = Grantee::Organisation(HOSPITAL_B);
		let ids: Vec<GrantId> = (0..MAX_GRANTS_PER_GRANTEE)
			.map(|_| grant(hospital_b.clone(), AccessLevel::Read, Some(START + HOUR)))
			.collect();
		assert_eq!(GrantsTo::<Test>::get(PATIENT, &hospital_b).into_inner(), ids);
		// Full for hospital B, room for others.
		assert_noop!(
			Access::grant_access(
				signed(PATIENT),
				hospital_b.clone(),
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None,
				None
			),
			Error::<Test>::TooManyGrantsToGrantee
		);
		let doctor_a = grant(Grantee::Person(DOCTOR_A), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert!(Access::can_access(&DOCTOR_A, OBSERVATION));
		assert!(!Access::can_access(&PHARMACIST, OBSERVATION));
		// Revoking frees a place; the sweep keeps the index too.
		assert_ok!(Access::revoke_grant(signed(PATIENT), ids[0]));
		assert_eq!(GrantsTo::<Test>::get(PATIENT, &hospital_b).into_inner(), ids[1..]);
		set_time(START + HOUR);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		AccessControl::on_idle(1, Weight::MAX);
		assert!(!GrantsTo::<Test>::contains_key(PATIENT, &hospital_b));
		assert_eq!(
			GrantsTo::<Test>::get(PATIENT, Grantee::Person(DOCTOR_A)).into_inner(),
			[doctor_a]
		);
		grant(hospital_b, AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn revoking_cuts_access_at_once() {
	run(|| {
		let id = grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_noop!(Access::revoke_grant(signed(OTHER_PATIENT), id), Error::<Test>::GrantNotFound);
		assert_noop!(Access::revoke_grant(signed(DOCTOR_B), id), Error::<Test>::NotPatient);
		assert_ok!(Access::revoke_grant(signed(PATIENT), id));
		System::assert_last_event(Event::AccessRevoked { patient: PATIENT, grant: id }.into());
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_eq!(GrantCount::<Test>::get(PATIENT), 0);
		assert_noop!(Access::revoke_grant(signed(PATIENT), id), Error::<Test>::GrantNotFound);
	});
}

#[test]
fn an_organisation_grant_follows_its_staff_and_its_state() {
	run(|| {
		grant(Grantee::Organisation(HOSPITAL_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		// Suspending the organisation cuts its staff at once; reinstating restores them.
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_ok!(Consortium::reinstate_organisation(RuntimeOrigin::root(), HOSPITAL_B));
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		// Removing the staff member cuts them at once.
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn a_person_grant_ends_when_the_person_is_no_longer_registered() {
	run(|| {
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_ok!(Consortium::suspend_organisation(RuntimeOrigin::root(), HOSPITAL_B));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}

#[test]
fn the_patient_always_reads_and_writes_their_own_records() {
	run(|| {
		assert!(Access::can_access(&PATIENT, OBSERVATION));
		assert!(Access::may_write(&PATIENT, &PATIENT, RecordCategory::CarePlan));
		assert!(!Access::can_access(&OTHER_PATIENT, OBSERVATION));
		assert!(!Access::can_access(&PATIENT, ERASED), "nobody opens an erased record");
		assert!(!Access::can_access(&PATIENT, 9999), "nor a record that does not exist");
	});
}

// ---- requests ----

#[test]
fn a_clinicians_request_becomes_a_grant_when_approved() {
	run(|| {
		assert_ok!(Access::request_access(
			signed(DOCTOR_B),
			PATIENT,
			false,
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			Some(START + HOUR)
		));
		System::assert_last_event(
			Event::AccessRequested {
				patient: PATIENT,
				request: 0,
				requester: DOCTOR_B,
				grantee: Grantee::Person(DOCTOR_B),
			}
			.into(),
		);
		assert_eq!(Access::requests_of(&PATIENT).len(), 1);
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_noop!(
			Access::approve_request(signed(OTHER_PATIENT), 0),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(Access::approve_request(signed(PATIENT), 0));
		assert_eq!(last_event(), Event::RequestApproved { patient: PATIENT, request: 0, grant: 0 });
		assert!(Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_eq!(RequestCount::<Test>::get(PATIENT), 0);
		assert_eq!(Grants::<Test>::get(PATIENT, 0).unwrap().valid_until, Some(START + HOUR));
	});
}

#[test]
fn a_hospital_asks_for_its_staff_and_the_patient_denies() {
	run(|| {
		// An admin may ask for the organisation (hospital-to-hospital), not for themself.
		assert_noop!(
			Access::request_access(
				signed(ADMIN_B),
				PATIENT,
				false,
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None
			),
			Error::<Test>::NotClinicalStaff
		);
		assert_ok!(Access::request_access(
			signed(ADMIN_B),
			PATIENT,
			true,
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::CareManagement,
			None
		));
		assert_eq!(
			Requests::<Test>::get(PATIENT, 0).unwrap().grantee,
			Grantee::Organisation(HOSPITAL_B)
		);
		assert_ok!(Access::deny_request(signed(PATIENT), 0));
		System::assert_last_event(Event::RequestDenied { patient: PATIENT, request: 0 }.into());
		assert!(Access::requests_of(&PATIENT).is_empty());
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
		assert_noop!(Access::deny_request(signed(PATIENT), 0), Error::<Test>::RequestNotFound);
	});
}

#[test]
fn request_errors() {
	run(|| {
		let ask = |who: u64, patient: u64, scope, until| {
			Access::request_access(
				signed(who),
				patient,
				false,
				scope,
				AccessLevel::Read,
				Purpose::Treatment,
				until,
			)
		};
		assert_noop!(ask(STRANGER, PATIENT, Scope::AllCategories, None), Error::<Test>::NotStaff);
		assert_noop!(
			ask(PATIENT, OTHER_PATIENT, Scope::AllCategories, None),
			Error::<Test>::NotStaff
		);
		assert_noop!(
			ask(OPERATOR_A, PATIENT, Scope::AllCategories, None),
			Error::<Test>::NotClinicalStaff
		);
		assert_noop!(
			ask(DOCTOR_B, DOCTOR_A, Scope::AllCategories, None),
			Error::<Test>::NotPatient
		);
		assert_noop!(ask(DOCTOR_B, PATIENT, only(&[]), None), Error::<Test>::EmptyScope);
		assert_noop!(
			ask(DOCTOR_B, PATIENT, Scope::AllCategories, Some(START)),
			Error::<Test>::InvalidPeriod
		);
		assert_ok!(ask(DOCTOR_B, PATIENT, Scope::AllCategories, None));
		// One waiting request per requester and patient.
		assert_noop!(
			ask(DOCTOR_B, PATIENT, Scope::AllCategories, None),
			Error::<Test>::DuplicateRequest
		);
		assert_ok!(ask(DOCTOR_A, PATIENT, Scope::AllCategories, None));
		assert_eq!(RequestCount::<Test>::get(PATIENT), MAX_REQUESTS);
		assert_noop!(
			ask(PHARMACIST, PATIENT, Scope::AllCategories, None),
			Error::<Test>::TooManyRequests
		);
		assert_noop!(Access::approve_request(signed(DOCTOR_B), 0), Error::<Test>::NotPatient);
	});
}

#[test]
fn approving_a_request_whose_requester_left_fails_and_keeps_the_request() {
	run(|| {
		assert_ok!(Access::request_access(
			signed(DOCTOR_B),
			PATIENT,
			false,
			Scope::AllCategories,
			AccessLevel::Read,
			Purpose::Treatment,
			None
		));
		assert_ok!(Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B));
		assert_noop!(Access::approve_request(signed(PATIENT), 0), Error::<Test>::RequesterGone);
		assert!(Requests::<Test>::contains_key(PATIENT, 0));
	});
}

// ---- idle-time cleanup and id exhaustion ----

#[test]
fn idle_time_deletes_expired_grants_a_bounded_number_at_a_time() {
	use frame_support::{traits::Hooks, weights::Weight};
	run(|| {
		let expiring: Vec<GrantId> = (0..3)
			.map(|_| grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, Some(START + HOUR)))
			.collect();
		let lasting = grant(Grantee::Person(DOCTOR_A), AccessLevel::Read, None);
		// Not yet expired: nothing is deleted.
		AccessControl::on_idle(1, Weight::MAX);
		assert_eq!(GrantCount::<Test>::get(PATIENT), 4);
		set_time(START + HOUR);
		// Too little weight for even one grant: nothing happens.
		let (base, per_grant) = AccessControl::sweep_costs();
		assert_eq!(AccessControl::on_idle(1, base), Weight::zero());
		// Room for two grants a block: two blocks clean up all three expired ones.
		let budget = base.saturating_add(per_grant.saturating_mul(2));
		assert!(AccessControl::on_idle(1, budget).all_lte(budget));
		assert!(ExpirySweepCursor::<Test>::get().is_some(), "the sweep resumes next time");
		AccessControl::on_idle(2, budget);
		AccessControl::on_idle(3, budget);
		assert_eq!(GrantCount::<Test>::get(PATIENT), 1);
		for id in expiring {
			assert!(!Grants::<Test>::contains_key(PATIENT, id));
			System::assert_has_event(
				Event::ExpiredGrantRemoved { patient: PATIENT, grant: id }.into(),
			);
		}
		assert!(Grants::<Test>::contains_key(PATIENT, lasting));
		// A freed place can be used again.
		grant(Grantee::Person(DOCTOR_B), AccessLevel::Read, None);
	});
}

#[test]
fn exhausted_ids_are_a_named_error() {
	run(|| {
		NextGrantId::<Test>::put(GrantId::MAX);
		assert_noop!(
			Access::grant_access(
				signed(PATIENT),
				Grantee::Person(DOCTOR_B),
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None,
				None
			),
			Error::<Test>::IdsExhausted
		);
		NextRequestId::<Test>::put(RequestId::MAX);
		assert_noop!(
			Access::request_access(
				signed(DOCTOR_B),
				PATIENT,
				false,
				Scope::AllCategories,
				AccessLevel::Read,
				Purpose::Treatment,
				None
			),
			Error::<Test>::IdsExhausted
		);
		NextBreakGlassId::<Test>::put(BreakGlassId::MAX);
		assert_noop!(
			Access::break_glass(signed(DOCTOR_B), PATIENT, EmergencyReason::LifeThreatening),
			Error::<Test>::IdsExhausted
		);
	});
}

// ---- the property ----

mod properties;

#[test]
fn a_pharmacy_grant_covers_its_pharmacists() {
	run(|| {
		grant(Grantee::Organisation(PHARMACY), AccessLevel::Read, None);
		assert!(Access::can_access(&PHARMACIST, OBSERVATION));
		assert!(!Access::can_access(&DOCTOR_B, OBSERVATION));
	});
}
