//! The committed weights hold: every benchmark of every medchain pallet runs natively on the
//! development genesis, through the same `run_benchmark` path as `medchain-node benchmark
//! pallet`, at each component's lowest, middle and highest value (the others at their
//! maximum), and the storage reads and writes its call makes must not exceed what the
//! pallet's weight charges for the same components. It counts keys, not time or proof size,
//! in the state each benchmark sets up (its worst case). A call that starts reading more than was benchmarked, or
//! weights that were not regenerated after a change, fail here rather than on a full block.
//!
//! What a weight charges in reads and writes is read off the weight itself: priced under a
//! database weight of one unit a read (then a write) and nothing else, less the weight with
//! both free (`pricing::DbWeight`).

use super::{storage_accesses::CountingExternalities, *};
use alloc::collections::BTreeMap;
use frame_benchmarking::{BenchmarkParameter, Benchmarking};
use frame_support::{
	traits::WhitelistedStorageKeys,
	weights::{RuntimeDbWeight, Weight},
};

/// A runtime of nothing but frame_system, whose database weight a test sets: what the
/// pallets' `SubstrateWeight` is evaluated with to count the reads and writes it charges.
mod pricing {
	use frame_support::{derive_impl, parameter_types, weights::RuntimeDbWeight};

	type Block = frame_system::mocking::MockBlock<Pricing>;

	frame_support::construct_runtime!(
		pub enum Pricing {
			System: frame_system,
		}
	);

	parameter_types! {
		pub static DbWeight: RuntimeDbWeight = RuntimeDbWeight { read: 0, write: 0 };
	}

	#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
	impl frame_system::Config for Pricing {
		type Block = Block;
		type DbWeight = DbWeight;
	}
}

use pricing::{DbWeight, Pricing};

/// A benchmark's weight for the given components, if the pallet's `WeightInfo` has it.
type WeightOf = fn(&str, &dyn Fn(&str) -> u32) -> Option<Weight>;

/// The weight function of each benchmark of a pallet, by the benchmark's name, with its
/// components by name: `weights!(SubstrateWeight as pallet::WeightInfo; call(component, …),
/// …)`.
macro_rules! weights {
	($weights:ident as $info:path; $($call:ident($($c:ident),*)),* $(,)?) => {
		|name: &str, _component: &dyn Fn(&str) -> u32| -> Option<Weight> {
			match name {
				$(stringify!($call) =>
					Some(<$weights<Pricing> as $info>::$call($(_component(stringify!($c))),*)),)*
				_ => None,
			}
		}
	};
}

/// The reads and writes `weight` charges.
fn charged(weight: impl Fn() -> Weight) -> (u64, u64) {
	let priced = |read, write| {
		DbWeight::set(RuntimeDbWeight { read, write });
		weight().ref_time()
	};
	let free = priced(0, 0);
	let counts = (priced(1, 0) - free, priced(0, 1) - free);
	DbWeight::set(RuntimeDbWeight { read: 0, write: 0 });
	counts
}

/// The component values a benchmark runs at here: each component at its lowest, middle and
/// highest value, the others at their highest (as frame-benchmarking's own test does).
fn component_sets(
	components: &[(BenchmarkParameter, u32, u32)],
) -> Vec<Vec<(BenchmarkParameter, u32)>> {
	let mut sets: Vec<Vec<(BenchmarkParameter, u32)>> = Vec::new();
	if components.is_empty() {
		sets.push(Vec::new());
	}
	for (varied, low, high) in components {
		for value in [*low, low + (high - low) / 2, *high] {
			let set = components
				.iter()
				.map(|(param, _, max)| (*param, if param == varied { value } else { *max }))
				.collect();
			if !sets.contains(&set) {
				sets.push(set);
			}
		}
	}
	sets
}

/// The keys a run read and wrote, counted by storage item (`Pallet::Item (r:1 w:0)`), as the
/// weight files list them.
fn by_item(keys: &[(Vec<u8>, u32, u32, bool)]) -> String {
	let items: BTreeMap<[u8; 32], String> = metadata_names("storage")
		.into_iter()
		.map(|(pallet, item)| {
			let mut prefix = [0; 32];
			prefix[..16].copy_from_slice(&sp_io::hashing::twox_128(pallet.as_bytes()));
			prefix[16..].copy_from_slice(&sp_io::hashing::twox_128(item.as_bytes()));
			(prefix, format!("{pallet}::{item}"))
		})
		.collect();
	let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
	for (key, reads, writes, _) in keys {
		let item = key
			.get(..32)
			.and_then(|prefix| items.get(prefix))
			.cloned()
			.unwrap_or_else(|| format!("0x{}", sp_core::hexdisplay::HexDisplay::from(key)));
		let count = counts.entry(item).or_default();
		count.0 += u32::from(*reads > 0);
		count.1 += u32::from(*writes > 0);
	}
	counts
		.iter()
		.map(|(item, (reads, writes))| format!("{item} (r:{reads} w:{writes})"))
		.collect::<Vec<_>>()
		.join(", ")
}

/// Runs every benchmark of `B` and returns a line for each run whose call read or wrote more
/// than its weight charges, or whose benchmark has no weight.
fn overruns_of<B: Benchmarking>(pallet: &str, weight_of: WeightOf) -> Vec<String> {
	let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut ext = CountingExternalities::new(development_genesis());
	let mut overruns = Vec::new();
	let mut reads_counted = 0;
	let benchmarks = ext.execute_with(|| B::benchmarks(false));
	assert!(!benchmarks.is_empty(), "{pallet} has benchmarks");
	for benchmark in benchmarks {
		let name = String::from_utf8(benchmark.name.clone()).expect("a UTF-8 name");
		for set in component_sets(&benchmark.components) {
			let component = |wanted: &str| {
				set.iter()
					.find(|(param, _)| format!("{param:?}") == wanted)
					.map(|(_, value)| *value)
					.unwrap_or_else(|| panic!("{pallet}::{name} has no component {wanted}"))
			};
			let Some(weight) = weight_of(&name, &component) else {
				overruns.push(format!("{pallet}::{name}: no weight function"));
				break;
			};
			let results = ext
				.execute_with(|| B::run_benchmark(name.as_bytes(), &set, &whitelist, false, 1))
				.unwrap_or_else(|error| panic!("{pallet}::{name} {set:?} runs: {error:?}"));
			let result = results.first().expect("one run");
			reads_counted += result.reads;
			let (reads, writes) = charged(|| weight_of(&name, &component).unwrap_or(weight));
			if u64::from(result.reads) > reads || u64::from(result.writes) > writes {
				overruns.push(format!(
					"{pallet}::{name} {set:?}: read {} and wrote {} keys, the weight charges {reads} \
					 and {writes}; by storage item: {}",
					result.reads,
					result.writes,
					by_item(&result.keys)
				));
			}
		}
	}
	// A counter that stopped counting would let every weight pass.
	assert!(reads_counted > 0, "{pallet}'s calls read storage");
	overruns
}

#[test]
fn the_weights_charge_every_storage_access_of_the_worst_cases() {
	use pallet_access_control::{weights::SubstrateWeight as AccessWeights, WeightInfo as Access};
	use pallet_authorities::{weights::SubstrateWeight as AuthorityWeights, WeightInfo as Auth};
	use pallet_consortium::{weights::SubstrateWeight as ConsortiumWeights, WeightInfo as Cons};
	use pallet_device_registry::{weights::SubstrateWeight as DeviceWeights, WeightInfo as Dev};
	use pallet_emr_pointers::{weights::SubstrateWeight as EmrWeights, WeightInfo as Emr};
	use pallet_traceability::{weights::SubstrateWeight as TraceWeights, WeightInfo as Trace};

	let mut overruns = Vec::new();
	overruns.extend(overruns_of::<pallet_consortium::Pallet<Runtime>>(
		"consortium",
		weights!(ConsortiumWeights as Cons;
			admit_organisation(), suspend_organisation(), reinstate_organisation(),
			remove_organisation(), add_staff(), set_staff_roles(), remove_staff(), reap_staff(),
			register_patient(), deregister_patient(), start_key_recovery(),
			cancel_key_recovery(), complete_key_recovery(), force_key_recovery(),
			check_membership()),
	));
	overruns.extend(overruns_of::<pallet_device_registry::Pallet<Runtime>>(
		"device_registry",
		weights!(DeviceWeights as Dev;
			register_device(), transition(), report(), assign_operators(n), append_log(),
			open_log_for(), bind_prefix(), unbind_prefix(), set_aside()),
	));
	overruns.extend(overruns_of::<pallet_traceability::Pallet<Runtime>>(
		"traceability",
		weights!(TraceWeights as Trace;
			place_order(), stage(), record_production(n), decide_order(n), ship_order(n),
			deliver_order(n), install_order(n), record_after_sales(n), record_use(),
			report_adverse_event(), advance_investigation(), issue_recall(), decide_recall(),
			enforce_recall(), withdraw_recall()),
	));
	overruns.extend(overruns_of::<pallet_emr_pointers::Pallet<Runtime>>(
		"emr_pointers",
		weights!(EmrWeights as Emr;
			register_encryption_key(), add_record(n), add_envelopes(n), remove_envelope(),
			amend_record(n), erase_record(), add_records(n)),
	));
	overruns.extend(overruns_of::<pallet_access_control::Pallet<Runtime>>(
		"access_control",
		weights!(AccessWeights as Access;
			grant_access(), revoke_grant(), request_access(), block_requester(),
			unblock_requester(), flag_break_glass(), review_flagged(), approve_request(),
			deny_request(), break_glass(), close_review(), record_access(), record_access_for(),
			sweep_expired_grants(g)),
	));
	overruns.extend(overruns_of::<pallet_authorities::Pallet<Runtime>>(
		"authorities",
		weights!(AuthorityWeights as Auth; add_authority(), remove_authority()),
	));
	assert!(overruns.is_empty(), "calls that access more storage than charged:\n{overruns:#?}");
}
