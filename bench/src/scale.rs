//! Query cost against chain size: the EMR pallet's paged listing (`records_of`, what
//! `medchain_recordsOf` runs) and a point read of one record, on a state holding 10⁴ and on
//! one holding 10⁶ records (ten per patient). The state is built directly in storage and
//! committed to an in-memory trie, so each read walks trie nodes as it does on a node;
//! filling a live chain with 10⁶ records would take hours of blocks. The runtime code runs
//! natively here (not in WASM): the figures compare sizes, they are not RPC latencies.

use std::time::Instant;

use medchain_primitives::RecordCategory;
use medchain_runtime::{AccountId, Runtime};
use pallet_emr_pointers::{PatientRecords, Record, RecordStatus, Records, RECORDS_PER_PAGE};
use sp_runtime::BuildStorage;

use crate::stats::Latency;

/// Records per patient in the synthetic state.
const RECORDS_PER_PATIENT: u64 = 10;

/// The cost of the two queries at one chain size.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleOutcome {
	/// Records in the state.
	pub records: u64,
	/// `records_of(patient, page of 20)`.
	pub page: Latency,
	/// `Records::get(id)`.
	pub point_read: Latency,
	/// Seconds building and committing the state took.
	pub build_seconds: f64,
}

fn patient(index: u64) -> AccountId {
	let mut raw = [0u8; 32];
	raw[..8].copy_from_slice(&index.to_le_bytes());
	raw[8] = 0xbe;
	AccountId::from(raw)
}

/// Builds a state of `records` records and times `queries` of each query on it.
pub fn measure(records: u64, queries: u32) -> Result<ScaleOutcome, String> {
	let started = Instant::now();
	let storage = frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.map_err(|e| format!("genesis storage: {e}"))?;
	let mut ext = sp_io::TestExternalities::new(storage);
	let author = patient(u64::MAX);
	ext.execute_with(|| {
		for id in 0..records {
			let owner = patient(id / RECORDS_PER_PATIENT);
			let mut content_hash = [0u8; 32];
			content_hash[..8].copy_from_slice(&id.to_le_bytes());
			let cid = pallet_emr_pointers::cid_bytes(
				medchain_primitives::raw_cid_v1(&content_hash).as_bytes(),
			)
			.expect("a CIDv1 fits");
			// Each patient's records are anchored in a row, so their pages fill in order.
			let page = ((id % RECORDS_PER_PATIENT) / u64::from(RECORDS_PER_PAGE)) as u32;
			Records::<Runtime>::insert(
				id,
				Record {
					patient: owner.clone(),
					author: author.clone(),
					author_org: Some(3),
					category: RecordCategory::Observation,
					cid,
					content_hash,
					created_at: 1_800_000_000_000,
					store: 3,
					version: 1,
					previous: None,
					status: RecordStatus::Current,
					page,
				},
			);
			PatientRecords::<Runtime>::try_append(&owner, page, id).expect("the page has room");
			if page > 0 {
				pallet_emr_pointers::PatientPages::<Runtime>::insert(&owner, page);
			}
		}
	});
	ext.commit_all().map_err(|e| format!("committing the state: {e}"))?;
	let build_seconds = started.elapsed().as_secs_f64();

	let patients = records / RECORDS_PER_PATIENT;
	// A fixed spread of patients and records (a multiplicative walk), the same at each size.
	let pick = |i: u32, n: u64| u64::from(i).wrapping_mul(2_654_435_761) % n.max(1);
	let mut page = Vec::new();
	let mut point = Vec::new();
	ext.execute_with(|| -> Result<(), String> {
		for i in 0..queries {
			let who = patient(pick(i, patients));
			let start = Instant::now();
			let listed =
				pallet_emr_pointers::Pallet::<Runtime>::records_of(&who, &who, None, None, 20);
			page.push(start.elapsed());
			if listed.len() as u64 != RECORDS_PER_PATIENT {
				return Err(format!(
					"a patient listed {} records, not {RECORDS_PER_PATIENT}",
					listed.len()
				));
			}
			let id = pick(i, records);
			let start = Instant::now();
			let record = Records::<Runtime>::get(id);
			point.push(start.elapsed());
			if record.is_none() {
				return Err(format!("record {id} is missing"));
			}
		}
		Ok(())
	})?;
	Ok(ScaleOutcome {
		records,
		page: Latency::of(&page),
		point_read: Latency::of(&point),
		build_seconds,
	})
}

/// Both sizes, smaller first.
pub fn run(sizes: &[u64], queries: u32) -> Result<Vec<ScaleOutcome>, String> {
	sizes
		.iter()
		.map(|&records| {
			eprintln!("[bench] query cost with {records} records in state");
			let outcome = measure(records, queries)?;
			eprintln!(
				"[bench]   page p50 {:.3} ms, point read p50 {:.3} ms (state built in {:.0} s)",
				outcome.page.p50_ms, outcome.point_read.p50_ms, outcome.build_seconds
			);
			Ok(outcome)
		})
		.collect()
}
