//! Whatever calls are made, in any order, by anyone: a refused call writes nothing, and
//! the invariants hold after each call.

use super::*;
use proptest::prelude::*;

/// The accounts that act: patients, clinicians of both hospitals, an admin, an operator.
const ACCOUNTS: [u64; 8] =
	[PATIENT, OTHER_PATIENT, DOCTOR_A, NURSE_A, DOCTOR_B, ADMIN_A, ADMIN_B, OPERATOR_A];

/// The store `who` anchors in: mostly their own organisation's (or hospital A's, for a
/// patient), sometimes hospital B's.
fn store(who: u64, elsewhere: bool) -> u32 {
	match (elsewhere, who) {
		(true, _) => HOSPITAL_B,
		(false, DOCTOR_B | ADMIN_B) => HOSPITAL_B,
		(false, _) => HOSPITAL_A,
	}
}

#[derive(Clone, Debug)]
enum Op {
	Add {
		author: usize,
		patient: usize,
		elsewhere: bool,
		content: u8,
		readers: Vec<usize>,
	},
	Amend {
		author: usize,
		previous: u64,
		elsewhere: bool,
		content: u8,
		readers: Vec<usize>,
	},
	AddEnvelopes {
		who: usize,
		record: u64,
		readers: Vec<usize>,
	},
	RemoveEnvelope {
		who: usize,
		record: u64,
		reader: usize,
	},
	Erase {
		who: usize,
		record: u64,
	},
	/// The patient revokes one of the grants the test starts with.
	Revoke(u64),
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..ACCOUNTS.len();
	// Mostly those who write: the patient and the clinicians.
	let writer = prop_oneof![4 => 0usize..1, 4 => 2usize..5, 1 => 0..ACCOUNTS.len()];
	let patient = prop_oneof![9 => Just(0usize), 1 => Just(1usize)];
	let elsewhere = proptest::bool::weighted(0.2);
	// Often the newest record (`LATEST`), so that chains grow long.
	let record = prop_oneof![1 => Just(LATEST), 1 => 0u64..6];
	let content = 0u8..24;
	// Mostly readers who may read: the patients and the clinicians.
	let readers =
		proptest::collection::vec(prop_oneof![9 => 0usize..5, 1 => 0..ACCOUNTS.len()], 0..3);
	prop_oneof![
		4 => (writer.clone(), patient, elsewhere, content.clone(), readers.clone())
			.prop_map(|(author, patient, elsewhere, content, readers)| Op::Add {
				author,
				patient,
				elsewhere,
				content,
				readers
			}),
		4 => (writer, record.clone(), elsewhere, content, readers.clone()).prop_map(
			|(author, previous, elsewhere, content, readers)| Op::Amend {
				author,
				previous,
				elsewhere,
				content,
				readers
			}
		),
		2 => (who.clone(), record.clone(), readers)
			.prop_map(|(who, record, readers)| Op::AddEnvelopes { who, record, readers }),
		2 => (who.clone(), record.clone(), who.clone())
			.prop_map(|(who, record, reader)| Op::RemoveEnvelope { who, record, reader }),
		1 => (who, record).prop_map(|(who, record)| Op::Erase { who, record }),
		1 => (0u64..2).prop_map(Op::Revoke),
	]
}

/// Stands for the newest record's id.
const LATEST: u64 = u64::MAX;

fn id(record: u64) -> RecordId {
	match record {
		LATEST => NextRecordId::<Test>::get().saturating_sub(1),
		id => id,
	}
}

fn sealed_to(readers: &[usize]) -> Envelopes<Test> {
	envelopes(&readers.iter().map(|r| ACCOUNTS[*r]).collect::<Vec<_>>())
}

/// Applies `op` through the pallet's `do_*` functions, which (unlike dispatched calls)
/// run without a storage layer: what a refused call leaves is what it wrote.
fn apply(op: Op) -> DispatchResult {
	match op {
		Op::Add { author, patient, elsewhere, content, readers } => Emr::do_add_record(
			ACCOUNTS[author],
			ACCOUNTS[patient],
			RecordCategory::Observation,
			cid(content.into()),
			hash(content),
			store(ACCOUNTS[author], elsewhere),
			sealed_to(&readers),
		),
		Op::Amend { author, previous, elsewhere, content, readers } => Emr::do_amend_record(
			ACCOUNTS[author],
			id(previous),
			cid(content.into()),
			hash(content),
			store(ACCOUNTS[author], elsewhere),
			sealed_to(&readers),
		),
		Op::AddEnvelopes { who, record, readers } => {
			Emr::do_add_envelopes(ACCOUNTS[who], id(record), sealed_to(&readers))
		},
		Op::RemoveEnvelope { who, record, reader } => {
			Emr::do_remove_envelope(ACCOUNTS[who], id(record), ACCOUNTS[reader])
		},
		Op::Erase { who, record } => Emr::do_erase_record(ACCOUNTS[who], id(record)),
		Op::Revoke(grant) => {
			pallet_access_control::Pallet::<Test>::revoke_grant(signed(PATIENT), grant)
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	#[test]
	fn refused_calls_write_nothing_and_invariants_hold(
		ops in proptest::collection::vec(op(), 1..60)
	) {
		new_test_ext().execute_with(|| {
			// Grants 0 and 1: both hospitals write (and may not supersede each other).
			grant_org(HOSPITAL_A, AccessLevel::ReadWrite);
			grant_org(HOSPITAL_B, AccessLevel::ReadWrite);
			// Everyone but OTHER_PATIENT has a key.
			register_keys(&[PATIENT, DOCTOR_A, NURSE_A, DOCTOR_B, ADMIN_A, ADMIN_B, OPERATOR_A]);
			for op in ops {
				let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
				if apply(op.clone()).is_err() {
					let after = sp_io::storage::root(sp_runtime::StateVersion::V1);
					prop_assert_eq!(before, after, "{:?} failed but changed state", op);
				}
				prop_assert_eq!(Emr::do_try_state(), Ok(()), "after {:?}", op);
			}
			Ok(())
		})?;
	}
}
