//! The runtime APIs: what the node (block production, finality, the transaction pool) and
//! clients (Polkadot.js Apps, @polkadot/api, subxt) call into the runtime for.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use medchain_primitives::page_limit;
use pallet_access_control_runtime_api::{
	AccessRequest, AuditEntry, BreakGlassAccess, BreakGlassId, ConsentEvent, Grant, GrantId,
	RequestId,
};
use pallet_consortium_runtime_api::{AccountRole, OrgId, Organisation, StaffRoles};
use pallet_device_registry_runtime_api::{Device, DeviceId, LogEntry, ProductionId, Udi, UdiDi};
use pallet_emr_pointers_runtime_api::{
	ContentHash, Record, RecordCategory, RecordId, Verification,
};
use pallet_traceability_runtime_api::{
	AdverseEvent, AdverseEventId, AffectedDevice, DeviceTrace, InvestigationStatus, Moment, Order,
	OrderId, OrderStatus, OrderTrailLink, PseudonymousUse, Recall, RecallId, RecallStatus,
	ReportCounts, ReportSource, Seriousness, UsePseudonym,
};
use pallet_transaction_payment_rpc_runtime_api::{FeeDetails, RuntimeDispatchInfo};
use sp_api::impl_runtime_apis;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use super::{
	AccessControl, AccountId, Aura, AuraId, Balance, Block, BlockNumber, Consortium,
	DeviceRegistry, EmrPointers, Executive, Grandpa, InherentDataExt, Nonce, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SessionKeys, System, Traceability, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need key-ownership proofs from pallet-session, which arrives
			// with the consortium network; until then there is nothing to report with.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: sp_consensus_grandpa::AuthorityId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(call: RuntimeCall, len: u32) -> RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(call: RuntimeCall, len: u32) -> FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_consortium_runtime_api::ConsortiumApi<Block, AccountId, BlockNumber> for Runtime {
		fn organisation(org: OrgId) -> Option<Organisation<BlockNumber>> {
			Consortium::organisation(org)
		}
		fn organisations() -> Vec<(OrgId, Organisation<BlockNumber>)> {
			Consortium::organisations()
		}
		fn staff_of(
			org: OrgId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<(AccountId, StaffRoles)> {
			Consortium::staff_page(org, start_after, page_limit(limit))
		}
		fn role_of(who: AccountId) -> Option<AccountRole<BlockNumber>> {
			Consortium::account_role(&who)
		}
		fn may_transact(who: AccountId) -> bool {
			Consortium::may_transact(&who)
		}
	}

	impl pallet_device_registry_runtime_api::DeviceRegistryApi<Block, AccountId> for Runtime {
		fn device(device: DeviceId) -> Option<Device> {
			DeviceRegistry::current(device)
		}
		fn device_by_udi(
			di: UdiDi,
			serial: Option<ProductionId>,
			lot: Option<ProductionId>,
		) -> Option<(DeviceId, Device)> {
			let udi = Udi { di, serial, lot, manufactured_on: None, expires_on: None };
			let id = DeviceRegistry::device_by_udi(&udi)?;
			DeviceRegistry::current(id).map(|device| (id, device))
		}
		fn devices_of_lot(
			di: UdiDi,
			lot: ProductionId,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Vec<(DeviceId, Device)> {
			let limit = page_limit(limit);
			DeviceRegistry::devices_of_lot(&di, &lot, start_after, limit)
				.into_iter()
				.filter_map(|id| DeviceRegistry::current(id).map(|device| (id, device)))
				.collect()
		}
		fn service_log(device: DeviceId, start: u32, limit: u32) -> Vec<(u32, LogEntry<AccountId>)> {
			let limit = page_limit(limit);
			DeviceRegistry::service_log(device, start, limit)
		}
		fn can_open_log(who: AccountId, device: DeviceId) -> bool {
			DeviceRegistry::may_open_log(&who, device)
		}
		fn devices_of_custodian(
			custodian: OrgId,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Vec<(DeviceId, Device)> {
			DeviceRegistry::devices_of_custodian(custodian, start_after, page_limit(limit))
		}
	}

	impl pallet_traceability_runtime_api::TraceabilityApi<Block, AccountId> for Runtime {
		fn order(order: OrderId) -> Option<(Order, Vec<DeviceId>)> {
			Traceability::order_with_devices(order)
		}
		fn order_trail(
			order: OrderId,
			start: u32,
			limit: u32,
		) -> Vec<(u32, OrderTrailLink<AccountId>)> {
			Traceability::order_trail(order, start, page_limit(limit))
		}
		fn trace(
			device: DeviceId,
			start: u32,
			limit: u32,
		) -> DeviceTrace<AccountId> {
			(
				Traceability::order_of(device),
				Traceability::recall_of(device),
				Traceability::trace(device, start, page_limit(limit)),
			)
		}
		fn device_uses(
			device: DeviceId,
			start_after: Option<UsePseudonym>,
			limit: u32,
		) -> Vec<PseudonymousUse> {
			let limit = page_limit(limit);
			Traceability::device_uses(device, start_after, limit)
		}
		fn recall(recall: RecallId) -> Option<Recall<AccountId>> {
			Traceability::recall(recall)
		}
		fn recall_scope(
			recall: RecallId,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Vec<AffectedDevice> {
			let limit = page_limit(limit);
			Traceability::recall_scope(recall, start_after, limit)
		}
		fn adverse_event(event: AdverseEventId) -> Option<AdverseEvent<AccountId>> {
			Traceability::adverse_event(event)
		}
		fn adverse_event_stats(
			year: u16,
			start_after: Option<(ReportSource, Seriousness)>,
			limit: u32,
		) -> Vec<((ReportSource, Seriousness), ReportCounts)> {
			let limit = page_limit(limit);
			Traceability::adverse_event_stats(year, start_after, limit)
		}
		fn orders_of(org: OrgId, start_after: Option<OrderId>, limit: u32) -> Vec<(OrderId, Order)> {
			Traceability::orders_of(org, start_after, page_limit(limit))
		}
		fn orders_by_status(
			status: OrderStatus,
			start_after: Option<OrderId>,
			limit: u32,
		) -> Vec<(OrderId, Order)> {
			Traceability::orders_in(status, start_after, page_limit(limit))
		}
		fn adverse_events_by_status(
			status: InvestigationStatus,
			start_after: Option<AdverseEventId>,
			limit: u32,
		) -> Vec<(AdverseEventId, AdverseEvent<AccountId>)> {
			Traceability::adverse_events_in(status, start_after, page_limit(limit))
		}
		fn adverse_events_from(
			from: Moment,
			start_after: Option<AdverseEventId>,
			limit: u32,
		) -> Vec<(AdverseEventId, AdverseEvent<AccountId>)> {
			Traceability::adverse_events_from(from, start_after, page_limit(limit))
		}
		fn recalls_by_status(
			status: RecallStatus,
			start_after: Option<RecallId>,
			limit: u32,
		) -> Vec<(RecallId, Recall<AccountId>)> {
			Traceability::recalls_in(status, start_after, page_limit(limit))
		}
	}

	impl pallet_emr_pointers_runtime_api::EmrApi<Block, AccountId> for Runtime {
		fn record(record: RecordId) -> Option<Record<AccountId>> {
			EmrPointers::record(record)
		}
		fn versions(record: RecordId) -> Vec<(RecordId, Record<AccountId>)> {
			EmrPointers::versions(record)
		}
		fn records_of(
			viewer: AccountId,
			patient: AccountId,
			category: Option<RecordCategory>,
			start_after: Option<RecordId>,
			limit: u32,
		) -> Vec<(RecordId, Record<AccountId>)> {
			let limit = page_limit(limit);
			EmrPointers::records_of(&viewer, &patient, category, start_after, limit)
		}
		fn verify_record(record: RecordId, content_hash: ContentHash) -> Verification {
			EmrPointers::verify_record(record, content_hash)
		}
		fn verify_for_patient(patient: AccountId, content_hash: ContentHash) -> Verification {
			EmrPointers::verify_for_patient(&patient, content_hash)
		}
	}

	impl pallet_access_control_runtime_api::AccessControlApi<Block, AccountId> for Runtime {
		fn can_access(who: AccountId, record: RecordId) -> bool {
			AccessControl::can_access(&who, record)
		}
		fn grants_of(patient: AccountId) -> Vec<(GrantId, Grant<AccountId>, bool)> {
			AccessControl::grants_of(&patient)
		}
		fn requests_of(patient: AccountId) -> Vec<(RequestId, AccessRequest<AccountId>)> {
			AccessControl::requests_of(&patient)
		}
		fn audit_trail(patient: AccountId, start: u64, limit: u32) -> Vec<(u64, AuditEntry<AccountId>)> {
			AccessControl::audit_page(&patient, start, page_limit(limit))
		}
		fn consent_history(patient: AccountId, start: u64, limit: u32) -> Vec<(u64, ConsentEvent<AccountId>)> {
			AccessControl::consent_page(&patient, start, page_limit(limit))
		}
		fn break_glass_of(patient: AccountId, start_after: Option<BreakGlassId>, limit: u32) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)> {
			AccessControl::break_glass_of(&patient, start_after, page_limit(limit))
		}
		fn open_reviews(org: OrgId, start_after: Option<BreakGlassId>, limit: u32) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)> {
			AccessControl::open_reviews(org, start_after, page_limit(limit))
		}

		fn flagged_reviews(hospital: OrgId, start_after: Option<BreakGlassId>, limit: u32) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)> {
			AccessControl::flagged_reviews(hospital, start_after, page_limit(limit))
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline::Pallet as BaselineBench, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use pallet_node_authorization_benchmarking::Pallet as NodeAuthorizationBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, AllPalletsWithSystem::storage_info())
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline::Pallet as BaselineBench, BenchmarkBatch};
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use pallet_node_authorization_benchmarking::Pallet as NodeAuthorizationBench;
			use sp_storage::TrackedStorageKey;
			use super::*;

			// Keys every block touches anyway (the block number, the event count, …) are
			// not charged to the call being measured.
			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}
}
