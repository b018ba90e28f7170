//! The cast and the workloads: accounts registered on the `dev` chain's demo consortium, and
//! the pre-signed extrinsics of each workload. Setup goes through [`Chain::run_all`] (waited
//! for, not measured); only the workloads are measured.

use codec::Encode;
use medchain_primitives::{RecordCategory, StaffRole, StaffRoles};
use medchain_runtime::{AccountId, Runtime, RuntimeCall};
use pallet_access_control::{AccessLevel, Grantee, Purpose, Scope};
use serde_json::json;
use sp_core::{sr25519, Get, Pair};
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave};
use sp_runtime::BoundedVec;

use crate::{chain::Chain, throughput::Workload};

/// The `dev` chain's demo consortium (runtime/src/genesis_config_presets.rs).
const LOGISTICS: u32 = 2;
const HOSPITAL_A: u32 = 3;

/// Far in the future (ms since the epoch), so setup grants never expire during a run.
const FAR_FUTURE: u64 = 4_102_444_800_000;

fn bounded<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().expect("the bench's constants fit their bounds")
}

fn key(role: &str, i: usize) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//medchain-bench//{role}//{i}"), None)
		.expect("a valid derivation path")
}

fn account(pair: &sr25519::Pair) -> AccountId {
	AccountId::from(pair.public())
}

/// The accounts the workloads sign with: `k` each of hospital A's doctors, patients (each
/// with a hospital-A grant), and manufacturer engineers (each with `devices` registered,
/// released devices).
pub struct Cast {
	/// Doctors of hospital A.
	pub doctors: Vec<sr25519::Pair>,
	/// Registered patients; patient i has granted hospital A read/write access.
	pub patients: Vec<sr25519::Pair>,
	/// Field-service engineers of the manufacturer.
	pub engineers: Vec<sr25519::Pair>,
	/// Engineer i's released devices.
	pub devices: Vec<Vec<u64>>,
}

impl Cast {
	/// Registers the cast (hospital A's admin adds the doctors, its registrar registers the patients,
	/// the manufacturer's admin adds the engineers; the patients grant hospital A access;
	/// each engineer registers and releases `devices` devices).
	pub fn register(chain: &mut Chain, k: usize, devices: usize) -> Result<Cast, String> {
		let doctors: Vec<_> = (0..k).map(|i| key("doctor", i)).collect();
		let patients: Vec<_> = (0..k).map(|i| key("patient", i)).collect();
		let engineers: Vec<_> = (0..k).map(|i| key("engineer", i)).collect();
		let staff = |who: &sr25519::Pair, role: StaffRole| {
			let roles: StaffRoles = vec![role].try_into().expect("one role fits");
			RuntimeCall::Consortium(pallet_consortium::Call::add_staff { who: account(who), roles })
		};
		let mut calls: Vec<(sr25519::Pair, RuntimeCall)> = Vec::new();
		calls.extend(doctors.iter().map(|d| (Bob.pair(), staff(d, StaffRole::Doctor))));
		calls.extend(
			engineers.iter().map(|e| (Dave.pair(), staff(e, StaffRole::FieldServiceEngineer))),
		);
		// Charlie, hospital A's registrar, registers the patients (Bob's budget is shared by
		// the doctors he adds).
		calls.extend(patients.iter().map(|p| {
			(
				Charlie.pair(),
				RuntimeCall::Consortium(pallet_consortium::Call::register_patient {
					patient: account(p),
				}),
			)
		}));
		chain.run_all(calls)?;

		let mut calls: Vec<(sr25519::Pair, RuntimeCall)> = patients
			.iter()
			.map(|p| {
				(
					p.clone(),
					grant(Grantee::Organisation(HOSPITAL_A), AccessLevel::ReadWrite, FAR_FUTURE),
				)
			})
			.collect();
		for (i, engineer) in engineers.iter().enumerate() {
			for j in 0..devices {
				calls.push((engineer.clone(), register_device(i, j)));
			}
		}
		chain.run_all(calls)?;

		let mut ids = Vec::new();
		let mut calls = Vec::new();
		for (i, engineer) in engineers.iter().enumerate().filter(|_| devices > 0) {
			let mut mine = Vec::new();
			let lookups: Vec<_> = (0..devices)
				.map(|j| json!([MODEL, serial(i, j), serde_json::Value::Null]))
				.collect();
			let found = chain
				.rpc
				.batch("medchain_deviceByUdi", &lookups)
				.map_err(|e| format!("medchain_deviceByUdi: {e}"))?;
			for (j, device) in found.into_iter().enumerate() {
				let device = device.map_err(|e| format!("medchain_deviceByUdi: {e}"))?;
				let id = device["id"]
					.as_u64()
					.ok_or(format!("device {i}/{j} not registered: {device}"))?;
				calls.push((
					engineer.clone(),
					RuntimeCall::DeviceRegistry(pallet_device_registry::Call::release {
						device: id,
					}),
				));
				mine.push(id);
			}
			ids.push(mine);
		}
		chain.run_all(calls)?;
		Ok(Cast { doctors, patients, engineers, devices: ids })
	}
}

/// The bench's device model (a GS1 device identifier).
const MODEL: &str = "00643169000001";

fn serial(engineer: usize, n: usize) -> String {
	format!("BENCH-{engineer:04}-{n:06}")
}

fn register_device(engineer: usize, n: usize) -> RuntimeCall {
	RuntimeCall::DeviceRegistry(pallet_device_registry::Call::register_device {
		udi: pallet_device_registry::Udi {
			di: bounded(MODEL.as_bytes()),
			serial: Some(bounded(serial(engineer, n).as_bytes())),
			lot: None,
			manufactured_on: Some(20261101),
			expires_on: None,
		},
		profile: pallet_device_registry::DeviceProfile {
			device_type: bounded(b"GMDN:35225"),
			model: bounded(b"BENCH-PUMP-1"),
			version: bounded(b"1"),
			modality: None,
			profile_cid: bounded(b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
			profile_hash: [7; 32],
		},
	})
}

fn grant(grantee: Grantee<AccountId>, access: AccessLevel, until: u64) -> RuntimeCall {
	RuntimeCall::AccessControl(pallet_access_control::Call::grant_access {
		grantee,
		scope: Scope::AllCategories,
		access,
		purpose: Purpose::Treatment,
		valid_from: None,
		valid_until: Some(until),
	})
}

/// Signs `count` calls round-robin over `signers` (call i from signer i mod k), each signer's
/// nonces following the pool's.
fn presign(
	chain: &mut Chain,
	name: &str,
	signers: &[sr25519::Pair],
	count: usize,
	mut call: impl FnMut(usize, usize) -> RuntimeCall,
) -> Result<Workload, String> {
	let mut nonces = Vec::with_capacity(signers.len());
	for signer in signers {
		nonces.push(chain.next_nonce(&account(signer))?);
	}
	let mut extrinsics = Vec::with_capacity(count);
	for i in 0..count {
		let who = i % signers.len();
		let xt = chain.sign(&signers[who], call(who, i / signers.len()), nonces[who]);
		nonces[who] += 1;
		extrinsics.push(xt.encode());
	}
	Ok(Workload { name: name.into(), extrinsics, items: 1 })
}

/// `system.remark` of 32 bytes: the baseline every workload is compared with.
pub fn remarks(chain: &mut Chain, cast: &Cast, count: usize) -> Result<Workload, String> {
	presign(chain, "system.remark", &cast.doctors, count, |who, n| {
		RuntimeCall::System(frame_system::Call::remark {
			remark: [who.to_le_bytes(), n.to_le_bytes()].concat().repeat(2),
		})
	})
}

/// `emrPointers.addRecord`: doctor i anchors a new record of patient i (a fresh content
/// hash and CID; no key envelopes).
pub fn emr_anchors(
	chain: &mut Chain,
	cast: &Cast,
	count: usize,
	run: u32,
) -> Result<Workload, String> {
	let patients: Vec<AccountId> = cast.patients.iter().map(account).collect();
	presign(chain, "emrPointers.addRecord", &cast.doctors, count, |who, n| {
		let content_hash = sp_io::hashing::blake2_256(&(run, who as u64, n as u64).encode());
		// A real CIDv1 (raw, sha2-256) per record, as the record vault names ciphertext.
		let cid = medchain_primitives::raw_cid_v1(&content_hash);
		RuntimeCall::EmrPointers(pallet_emr_pointers::Call::add_record {
			patient: patients[who].clone(),
			category: RecordCategory::Observation,
			cid: bounded(cid.as_bytes()),
			content_hash,
			store: HOSPITAL_A,
			envelopes: Default::default(),
		})
	})
}

/// `accessControl.grantAccess`: each patient grants doctors read access, `count / k` times
/// (each grant its own expiry), at most [`grant_room`] in all: patient i's grants go to
/// doctors i + 1, i + 2, … in turn, `MaxGrantsPerGrantee` to each, after those it already
/// gave (read from the chain, so that one run's workloads follow on).
pub fn consent_grants(chain: &mut Chain, cast: &Cast, count: usize) -> Result<Workload, String> {
	let per_grantee = max_grants_per_grantee();
	let mut given = Vec::with_capacity(cast.patients.len());
	for patient in &cast.patients {
		given.push(person_grants(chain, patient)?.len());
	}
	let doctors = &cast.doctors;
	presign(chain, "accessControl.grantAccess", &cast.patients, count, |who, n| {
		let doctor = &doctors[(who + 1 + (given[who] + n) / per_grantee) % doctors.len()];
		grant(Grantee::Person(account(doctor)), AccessLevel::Read, FAR_FUTURE + n as u64)
	})
}

/// The ids of `patient`'s grants to persons (those [`consent_grants`] gives), from
/// `medchain_grantsOf`.
fn person_grants(chain: &mut Chain, patient: &sr25519::Pair) -> Result<Vec<u64>, String> {
	let list = chain
		.rpc
		.call("medchain_grantsOf", json!([account(patient).to_string()]))
		.map_err(|e| format!("medchain_grantsOf: {e}"))?;
	Ok(list
		.as_array()
		.ok_or(format!("not a list of grants: {list}"))?
		.iter()
		.filter(|g| g["grantee"].get("person").is_some())
		.filter_map(|g| g["id"].as_u64())
		.collect())
}

/// `accessControl.revokeGrant`: each patient revokes every grant to a person it holds (those
/// of [`consent_grants`], read back with `medchain_grantsOf`).
pub fn consent_revocations(chain: &mut Chain, cast: &Cast) -> Result<Workload, String> {
	let mut grants: Vec<Vec<u64>> = Vec::new();
	for patient in &cast.patients {
		grants.push(person_grants(chain, patient)?);
	}
	let count = grants.iter().map(Vec::len).min().unwrap_or(0) * cast.patients.len();
	presign(chain, "accessControl.revokeGrant", &cast.patients, count, |who, n| {
		RuntimeCall::AccessControl(pallet_access_control::Call::revoke_grant {
			grant: grants[who][n],
		})
	})
}

/// `deviceRegistry.dispatch`: each engineer hands its released devices to the logistics
/// firm for hospital A (a custody change: `LifecycleChanged` and `CustodyChanged`, and a
/// link in the device's trail).
pub fn custody_changes(chain: &mut Chain, cast: &Cast, count: usize) -> Result<Workload, String> {
	presign(chain, "deviceRegistry.dispatch", &cast.engineers, count, |who, n| {
		RuntimeCall::DeviceRegistry(pallet_device_registry::Call::dispatch {
			device: cast.devices[who][n],
			carrier: LOGISTICS,
			recipient: HOSPITAL_A,
		})
	})
}

/// `traceability.reportForPatient`: doctor i files patient i's report on one of engineer i's
/// devices (a patient never signs one, docs/privacy.md).
pub fn adverse_events(
	chain: &mut Chain,
	cast: &Cast,
	count: usize,
	now_ms: u64,
) -> Result<Workload, String> {
	presign(chain, "traceability.reportForPatient", &cast.doctors, count, |who, n| {
		let devices = &cast.devices[who];
		RuntimeCall::Traceability(pallet_traceability::Call::report_for_patient {
			device: devices[n % devices.len()],
			report: pallet_traceability::AdverseEventReport {
				event_code: bounded(b"IMDRF:A0601"),
				seriousness: pallet_traceability::Seriousness::InterventionRequired,
				outcome_code: bounded(b"IMDRF:E0506"),
				narrative_cid: bounded(
					b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
				),
				learned_at: now_ms,
			},
		})
	})
}

/// `n` integration accounts of hospital A (the largest budget), added by its admin.
pub fn integration_accounts(chain: &mut Chain, n: usize) -> Result<Vec<sr25519::Pair>, String> {
	let engines: Vec<_> = (0..n).map(|i| key("integration", i)).collect();
	let roles: StaffRoles = vec![StaffRole::Integration].try_into().expect("one role fits");
	let adds = engines
		.iter()
		.map(|engine| {
			let add =
				pallet_consortium::Call::add_staff { who: account(engine), roles: roles.clone() };
			(Bob.pair(), RuntimeCall::Consortium(add))
		})
		.collect();
	chain.run_all(adds)?;
	Ok(engines)
}

/// The most records one `emrPointers.addRecords` anchors.
pub fn max_batch_records() -> usize {
	<<Runtime as pallet_emr_pointers::Config>::MaxBatchRecords as Get<u32>>::get() as usize
}

/// `emrPointers.addRecords`: hospital A's integration accounts anchor `records` records in
/// full batches of `MaxBatchRecords` (or all of them in one, if fewer), record i by doctor i mod k of patient i mod k (a real
/// CIDv1 and a fresh hash each, as [`emr_anchors`]), the batches round-robin over `engines`.
pub fn batched_anchors(
	chain: &mut Chain,
	cast: &Cast,
	engines: &[sr25519::Pair],
	records: usize,
	run: u32,
) -> Result<Workload, String> {
	let size = max_batch_records().min(records).max(1);
	let k = cast.doctors.len();
	let record = |i: usize| {
		let content_hash = sp_io::hashing::blake2_256(&(run, i as u64, 0u64).encode());
		pallet_emr_pointers::BatchRecord {
			patient: account(&cast.patients[i % k]),
			author: account(&cast.doctors[i % k]),
			category: RecordCategory::Observation,
			cid: bounded(medchain_primitives::raw_cid_v1(&content_hash).as_bytes()),
			content_hash,
		}
	};
	// Full batches only, so that records/s is batches/s times the size.
	let batches = records / size;
	let mut workload = presign(chain, "emrPointers.addRecords", engines, batches, |who, n| {
		let first = (n * engines.len() + who) * size;
		let batch = (first..first + size).map(record).collect::<Vec<_>>();
		RuntimeCall::EmrPointers(pallet_emr_pointers::Call::add_records {
			records: batch.try_into().expect("within the bound"),
		})
	})?;
	workload.items = size;
	Ok(workload)
}

/// The runtime's bound on grants a patient may hold.
fn max_grants_per_patient() -> usize {
	<<Runtime as pallet_access_control::Config>::MaxGrantsPerPatient as Get<u32>>::get() as usize
}

/// The runtime's bound on grants a patient may give one grantee.
fn max_grants_per_grantee() -> usize {
	<<Runtime as pallet_access_control::Config>::MaxGrantsPerGrantee as Get<u32>>::get() as usize
}

/// How many grants [`consent_grants`] can have each of `k` patients give: what the runtime's
/// bound leaves beside the setup's grant, and at most `MaxGrantsPerGrantee` to each of the
/// `k` doctors.
pub fn grant_room(k: usize) -> usize {
	(max_grants_per_patient() - 1).min(max_grants_per_grantee() * k)
}
