//! The pallets `medchain-node benchmark pallet` measures (built with `runtime-benchmarks`),
//! and the runtime's side of benchmarking: the Benchmark runtime API in [`crate::apis`] lists
//! and dispatches these. `scripts/benchmark-weights.sh` runs them and writes each pallet's
//! `weights.rs`.

use crate::Runtime;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}
impl pallet_node_authorization_benchmarking::Config for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_node_authorization, NodeAuthorizationBench::<Runtime>]
	[pallet_consortium, Consortium]
	[pallet_device_registry, DeviceRegistry]
	[pallet_traceability, Traceability]
	[pallet_emr_pointers, EmrPointers]
	[pallet_access_control, AccessControl]
	[pallet_authorities, Authorities]
);
