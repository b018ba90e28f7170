//! Seeds S2–S4 end to end against the real `medchain-node --dev`, over JSON-RPC: a hospital
//! registers a patient; a doctor anchors a record; the patient grants a second hospital read
//! access for one hour; its doctor opens the record (audited); the patient revokes the grant
//! and the next opening is refused; that doctor breaks the glass, which the patient sees;
//! hospital A's record store audits a read it served with the doctor's signature over the
//! request; the patient flags the break-glass, and hospital A (which registered the patient)
//! reviews it; the patient erases the record and the chain shows the receipt.

mod common;

use codec::Encode;
use common::*;
use medchain_primitives::RecordCategory;
use medchain_runtime::{AccountId, Runtime, RuntimeCall, RuntimeEvent};
use pallet_access_control::{AccessLevel, EmergencyReason, Grantee, Purpose, Scope};
use pallet_emr_pointers::{Cid, Envelopes};
use serde_json::json;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{Bob, BobStash, One};
use sp_runtime::DispatchError;

const HOSPITAL_A: u32 = 3;
const HOSPITAL_B: u32 = 4;

/// Submits `call` signed by `signer`, waits for it in a finalised block, and returns the
/// block and the error it failed with, if any.
fn run(node: &Node, signer: &sr25519::Pair, call: RuntimeCall) -> (String, Option<DispatchError>) {
	let nonce = node.next_nonce(&AccountId::from(signer.public()));
	let xt = signed_extrinsic(signer, call, nonce, node.genesis_hash());
	let (block, index) = node.submit_and_wait_finalized(&xt);
	let error = node.extrinsic_error(&block, index);
	(block, error)
}

fn ok(node: &Node, signer: &sr25519::Pair, call: RuntimeCall) -> String {
	let (block, error) = run(node, signer, call);
	assert_eq!(error, None, "the call failed");
	block
}

fn access(call: pallet_access_control::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::AccessControl(call)
}

fn emr(call: pallet_emr_pointers::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::EmrPointers(call)
}

fn is_access_error(
	error: &Option<DispatchError>,
	expected: pallet_access_control::Error<Runtime>,
) -> bool {
	let index =
		<medchain_runtime::AccessControl as frame_support::traits::PalletInfoAccess>::index();
	matches!(error, Some(DispatchError::Module(e)) if e.index as usize == index && e.error[0] == expected.encode()[0])
}

#[test]
fn consent_audit_break_glass_and_erasure_over_json_rpc() {
	let node = Node::start("records", &["--dev", "--tmp"]);
	node.wait_for_rpc();
	node.wait_for_finalized(1);
	let (doctor_a, doctor_b, store_a) = (Bob.pair(), BobStash.pair(), One.pair());
	let (patient, _) = sr25519::Pair::generate();
	let patient_id = AccountId::from(patient.public());
	let patient_ss58 = patient_id.to_string();

	// Hospital A's doctor registers the patient; the patient lets hospital A write.
	let register = pallet_consortium::Call::register_patient { patient: patient_id.clone() };
	ok(&node, &doctor_a, RuntimeCall::Consortium(register));
	ok(
		&node,
		&patient,
		access(pallet_access_control::Call::grant_access {
			grantee: Grantee::Organisation(HOSPITAL_A),
			scope: Scope::AllCategories,
			access: AccessLevel::ReadWrite,
			purpose: Purpose::Treatment,
			valid_from: None,
			valid_until: None,
		}),
	);

	// The doctor anchors a record, its key sealed to the patient and to themself.
	for who in [&patient, &doctor_a] {
		let key = pallet_emr_pointers::Call::register_encryption_key { key: [1; 32] };
		ok(&node, who, emr(key));
	}
	let content_hash = [0xab; 32];
	let envelope = || vec![9u8; 80].try_into().expect("fits MaxEnvelopeLength");
	let envelopes: Envelopes<Runtime> =
		vec![(patient_id.clone(), envelope()), (AccountId::from(doctor_a.public()), envelope())]
			.try_into()
			.expect("two envelopes fit");
	let cid: Cid =
		b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".to_vec().try_into().unwrap();
	ok(
		&node,
		&doctor_a,
		emr(pallet_emr_pointers::Call::add_record {
			patient: patient_id.clone(),
			category: RecordCategory::Observation,
			cid,
			content_hash,
			store: HOSPITAL_A,
			envelopes,
		}),
	);
	let records = node.call("medchain_recordsOf", json!([patient_ss58, patient_ss58]));
	let record = records[0]["id"].as_u64().expect("the patient sees their record");
	assert_eq!(records[0]["cid"], "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
	let hash_hex = format!("0x{}", hex::encode(content_hash));
	assert_eq!(
		node.call("medchain_verifyRecord", json!([record, hash_hex])),
		json!({"status": "current", "record": record})
	);
	assert_eq!(
		node.call("medchain_verifyRecord", json!([record, format!("0x{}", "00".repeat(32))])),
		json!({"status": "unknown"}),
		"a tampered copy is not recognised"
	);

	// The patient grants hospital B read access for one hour; its doctor opens the record.
	let doctor_b_ss58 = AccountId::from(doctor_b.public()).to_string();
	assert_eq!(node.call("medchain_canAccess", json!([doctor_b_ss58, record])), false);
	let (head, _) = node.finalized_head();
	let now = node.timestamp_at(&node.block_hash(head));
	ok(
		&node,
		&patient,
		access(pallet_access_control::Call::grant_access {
			grantee: Grantee::Organisation(HOSPITAL_B),
			scope: Scope::AllCategories,
			access: AccessLevel::Read,
			purpose: Purpose::Treatment,
			valid_from: None,
			valid_until: Some(now + 3_600_000),
		}),
	);
	assert_eq!(node.call("medchain_canAccess", json!([doctor_b_ss58, record])), true);
	let opened =
		ok(&node, &doctor_b, access(pallet_access_control::Call::record_access { record }));
	let accessed = node.events_at(&opened).into_iter().any(|e| {
		matches!(e.event, RuntimeEvent::AccessControl(pallet_access_control::Event::RecordAccessed { record: r, .. }) if r == record)
	});
	assert!(accessed, "no RecordAccessed event");
	let trail = node.call("medchain_auditTrail", json!([patient_ss58]));
	assert_eq!(trail[0]["reader"], doctor_b_ss58.as_str(), "{trail}");
	assert_eq!(trail[0]["org"], HOSPITAL_B);

	// The patient revokes it: the next opening is refused, and not audited.
	let grants = node.call("medchain_grantsOf", json!([patient_ss58]));
	let grant_b = grants
		.as_array()
		.unwrap()
		.iter()
		.find(|g| g["grantee"] == json!({"organisation": HOSPITAL_B}))
		.unwrap_or_else(|| panic!("hospital B's grant: {grants}"));
	assert_eq!(grant_b["inForce"], true);
	let grant = grant_b["id"].as_u64().unwrap();
	ok(&node, &patient, access(pallet_access_control::Call::revoke_grant { grant }));
	assert_eq!(node.call("medchain_canAccess", json!([doctor_b_ss58, record])), false);
	let (_, refused) =
		run(&node, &doctor_b, access(pallet_access_control::Call::record_access { record }));
	assert!(
		is_access_error(&refused, pallet_access_control::Error::NotAuthorised),
		"expected NotAuthorised, got {refused:?}"
	);
	assert_eq!(
		node.call("medchain_auditTrail", json!([patient_ss58])).as_array().map(Vec::len),
		Some(1)
	);

	// Hospital B's doctor breaks the glass in an emergency; the patient sees it.
	ok(
		&node,
		&doctor_b,
		access(pallet_access_control::Call::break_glass {
			patient: patient_id.clone(),
			reason: EmergencyReason::PatientUnableToConsent,
		}),
	);
	ok(&node, &doctor_b, access(pallet_access_control::Call::record_access { record }));
	let glass = node.call("medchain_breakGlassOf", json!([patient_ss58]));
	assert_eq!(glass[0]["open"], true, "{glass}");
	assert_eq!(glass[0]["reason"], "PatientUnableToConsent");
	let glass_id = glass[0]["id"].as_u64().unwrap();
	let trail = node.call("medchain_auditTrail", json!([patient_ss58, 1]));
	assert_eq!(trail[0]["basis"], json!({"breakGlass": glass_id}), "{trail}");
	let history = node.call("medchain_consentHistory", json!([patient_ss58]));
	assert!(history.to_string().contains("breakGlass"), "{history}");
	assert_eq!(
		node.call("medchain_openReviews", json!([HOSPITAL_B])).as_array().map(Vec::len),
		Some(1)
	);

	// Hospital A's record store serves the doctor the record and audits the read, carrying
	// the doctor's signature over the request: the trail names both.
	let (head, _) = node.finalized_head();
	let request = pallet_access_control::ReadRequest {
		record,
		store: HOSPITAL_A,
		nonce: 1,
		valid_until: head + 8,
	};
	let message =
		(pallet_access_control::READ_REQUEST_CONTEXT, node.genesis_hash(), &request).encode();
	let signature = sp_runtime::MultiSignature::Sr25519(doctor_b.sign(&message));
	ok(
		&node,
		&store_a,
		access(pallet_access_control::Call::record_access_for {
			reader: AccountId::from(doctor_b.public()),
			request,
			signature,
		}),
	);
	let trail = node.call("medchain_auditTrail", json!([patient_ss58, 2]));
	assert_eq!(trail[0]["reader"], doctor_b_ss58.as_str(), "{trail}");
	assert_eq!(trail[0]["reportedBy"], AccountId::from(store_a.public()).to_string(), "{trail}");

	// The patient flags the break-glass: hospital A, which registered them, reviews it.
	ok(&node, &patient, access(pallet_access_control::Call::flag_break_glass { id: glass_id }));
	assert_eq!(
		node.call("medchain_flaggedReviews", json!([HOSPITAL_A])).as_array().map(Vec::len),
		Some(1)
	);
	ok(
		&node,
		&doctor_a,
		access(pallet_access_control::Call::close_review {
			id: glass_id,
			outcome: pallet_access_control::ReviewOutcome::Justified,
		}),
	);
	assert_eq!(
		node.call("medchain_flaggedReviews", json!([HOSPITAL_A])).as_array().map(Vec::len),
		Some(0)
	);

	// The patient erases the record: the receipt is an event, and nobody can open it.
	let erased = ok(&node, &patient, emr(pallet_emr_pointers::Call::erase_record { record }));
	let receipt = node.events_at(&erased).into_iter().find_map(|e| match e.event {
		RuntimeEvent::EmrPointers(pallet_emr_pointers::Event::RecordErased {
			record: r,
			content_hash: h,
			envelopes_removed,
			..
		}) if r == record => Some((h, envelopes_removed)),
		_ => None,
	});
	assert_eq!(receipt, Some((content_hash, 2)), "the erasure receipt");
	assert_eq!(
		node.call("medchain_verifyRecord", json!([record, hash_hex])),
		json!({"status": "erased", "record": record})
	);
	assert_eq!(node.call("medchain_canAccess", json!([patient_ss58, record])), false);

	node.stop_cleanly();
}
