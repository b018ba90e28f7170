//! Who may call what: one table for every call of every pallet in the runtime, enforced in
//! two places from it.
//!
//! - [`CallFilter`], the runtime's `BaseCallFilter`, refuses [`Access::RootOnly`] calls to
//!   every origin but root (a council motion, a signed account, an unsigned transaction, and
//!   every call inside a batch they dispatch). Root, which only governance reaches (sudo in
//!   development, a council motion through the whitelist), passes every filter.
//! - [`CallPermissions`], the transaction gate's `CallPolicy`, decides for a signed
//!   transaction from the signer's kind, looking into batches, before the pool takes it.
//!
//! docs/consortium.md shows the table with the reason for each row; a test walks every call
//! of the runtime's metadata and fails for a call without a row (a pallet added later without
//! a decision), and another checks the document against this table.

use frame_support::{
	traits::{Contains, Get, GetCallMetadata},
	weights::Weight,
};
use medchain_primitives::{OrganisationKind, StaffRole};
use pallet_consortium::{
	extension::{CALL_NOT_ALLOWED, CALL_OUT_OF_BOUNDS},
	CallPolicy, Verdict,
};
use sp_core::OpaquePeerId;

use crate::{
	configs::governance::{CouncilCollective, GovernanceKeys},
	AccountId, Runtime, RuntimeCall,
};

/// Who may make a call.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
	/// Root only (governance through the whitelist, or sudo): refused to every other origin
	/// by the base call filter.
	RootOnly,
	/// Root or a council motion; the pallet checks the origin. Never a signed transaction.
	Governance,
	/// The block author's inherent only; never a signed transaction.
	Inherent,
	/// An unsigned transaction the pallet validates; never a signed one.
	Unsigned,
	/// Signed by the sudo key (development chains only). Counted against the governance
	/// budget.
	SudoKey,
	/// Signed by a council member. Counted against the governance budget. A proposal
	/// (`council.propose`, `council.execute`) may carry governance calls only.
	CouncilMember,
	/// Signed by the sudo key or a council member, for code governance has authorised
	/// (`system.AuthorizedUpgrade` holds its hash). Counted against the governance budget.
	AuthorisedUpgrade,
	/// Signed by an admin of an active organisation.
	Admin,
	/// Signed by an Admin or Registrar of an active hospital.
	Registrar,
	/// Signed by active staff of an active organisation; the pallet checks the role.
	Staff,
	/// Signed by a registered patient; the pallet checks which patient.
	Patient,
	/// Signed by any registered member; the pallet checks who.
	Member,
	/// A batch, signed by any registered member: each call in it is decided as if it were
	/// signed alone, and the batch is counted by its content.
	Batch,
}

impl Access {
	/// The name docs/consortium.md uses for it.
	pub fn name(self) -> &'static str {
		match self {
			Access::RootOnly => "root only",
			Access::Governance => "governance",
			Access::Inherent => "inherent",
			Access::Unsigned => "unsigned",
			Access::SudoKey => "sudo key",
			Access::CouncilMember => "council member",
			Access::AuthorisedUpgrade => "authorised upgrade",
			Access::Admin => "admin",
			Access::Registrar => "registrar",
			Access::Staff => "staff",
			Access::Patient => "patient",
			Access::Member => "member",
			Access::Batch => "batch",
		}
	}
}

use Access::*;

/// The table: every call of every pallet of `construct_runtime`, by the names the metadata
/// gives them. docs/consortium.md explains each row.
pub const CALLS: &[(&str, &[(&str, Access)])] = &[
	(
		"System",
		&[
			("remark", Staff),
			("set_heap_pages", RootOnly),
			("set_code", RootOnly),
			("set_code_without_checks", RootOnly),
			("set_storage", RootOnly),
			("kill_storage", RootOnly),
			("kill_prefix", RootOnly),
			("remark_with_event", Governance),
			("authorize_upgrade", RootOnly),
			("authorize_upgrade_without_checks", RootOnly),
			("apply_authorized_upgrade", AuthorisedUpgrade),
		],
	),
	("Timestamp", &[("set", Inherent)]),
	(
		"Grandpa",
		&[
			("report_equivocation", RootOnly),
			("report_equivocation_unsigned", Unsigned),
			("note_stalled", RootOnly),
		],
	),
	("Authorities", &[("add_authority", Governance), ("remove_authority", Governance)]),
	("Session", &[("set_keys", RootOnly), ("purge_keys", RootOnly)]),
	(
		"Utility",
		&[
			("batch", Batch),
			("as_derivative", RootOnly),
			("batch_all", Batch),
			("dispatch_as", RootOnly),
			("force_batch", Batch),
			("with_weight", RootOnly),
			("if_else", RootOnly),
			("dispatch_as_fallible", RootOnly),
		],
	),
	(
		"NodeAuthorization",
		&[
			("add_well_known_node", Governance),
			("remove_well_known_node", Governance),
			("swap_well_known_node", Governance),
			("reset_well_known_nodes", Governance),
			("claim_node", Admin),
			("remove_claim", Admin),
			("transfer_node", Admin),
			("add_connections", Admin),
			("remove_connections", Admin),
		],
	),
	(
		"Preimage",
		&[
			("note_preimage", Governance),
			("unnote_preimage", Governance),
			("request_preimage", Governance),
			("unrequest_preimage", Governance),
			("ensure_updated", RootOnly),
		],
	),
	(
		"Whitelist",
		&[
			("whitelist_call", Governance),
			("remove_whitelisted_call", Governance),
			("dispatch_whitelisted_call", Governance),
			("dispatch_whitelisted_call_with_preimage", Governance),
			("remove_deferred_dispatch", CouncilMember),
		],
	),
	(
		"Balances",
		&[
			("transfer_allow_death", RootOnly),
			("force_transfer", RootOnly),
			("transfer_keep_alive", RootOnly),
			("transfer_all", RootOnly),
			("force_unreserve", RootOnly),
			("upgrade_accounts", RootOnly),
			("force_set_balance", RootOnly),
			("force_adjust_total_issuance", RootOnly),
			("burn", RootOnly),
		],
	),
	(
		"Sudo",
		&[
			("sudo", SudoKey),
			("sudo_unchecked_weight", SudoKey),
			("set_key", SudoKey),
			("sudo_as", SudoKey),
			("remove_key", SudoKey),
		],
	),
	(
		"Council",
		&[
			("set_members", RootOnly),
			("execute", CouncilMember),
			("propose", CouncilMember),
			("vote", CouncilMember),
			("disapprove_proposal", Governance),
			("close", CouncilMember),
			("kill", Governance),
			("release_proposal_cost", CouncilMember),
		],
	),
	(
		"CouncilMembership",
		&[
			("add_member", Governance),
			("remove_member", Governance),
			("swap_member", Governance),
			("reset_members", Governance),
			("change_key", CouncilMember),
			("set_prime", Governance),
			("clear_prime", Governance),
		],
	),
	(
		"Consortium",
		&[
			("admit_organisation", Governance),
			("suspend_organisation", Governance),
			("reinstate_organisation", Governance),
			("remove_organisation", Governance),
			("add_staff", Admin),
			("set_staff_roles", Admin),
			("remove_staff", Admin),
			("reap_staff", Member),
			("register_patient", Registrar),
			("deregister_patient", Admin),
			("start_key_recovery", Admin),
			("cancel_key_recovery", Member),
			("complete_key_recovery", Member),
			("force_key_recovery", Governance),
		],
	),
	(
		"DeviceRegistry",
		&[
			("register_device", Staff),
			("release", Staff),
			("dispatch", Staff),
			("install", Staff),
			("put_in_service", Staff),
			("start_maintenance", Staff),
			("recall", Staff),
			("decommission", Staff),
			("report_condition", Staff),
			("report_usage", Staff),
			("assign_operators", Staff),
			("append_log", Staff),
			("open_log", Staff),
			("open_log_for", Staff),
			("bind_prefix", Governance),
			("unbind_prefix", Governance),
			("set_aside", Staff),
		],
	),
	(
		"Traceability",
		&[
			("place_order", Staff),
			("set_parameters", Staff),
			("record_materials", Staff),
			("record_production", Staff),
			("approve_order", Staff),
			("reject_order", Staff),
			("ship_order", Staff),
			("deliver_order", Staff),
			("install_order", Staff),
			("record_after_sales", Staff),
			("record_use", Staff),
			("report_adverse_event", Staff),
			("advance_investigation", Staff),
			("issue_recall", Staff),
			("confirm_recall", Staff),
			("dismiss_recall", Staff),
			("report_for_patient", Staff),
			("enforce_recall", Governance),
			("withdraw_recall", Governance),
		],
	),
	(
		"EmrPointers",
		&[
			("register_encryption_key", Member),
			("add_record", Member),
			("amend_record", Member),
			("add_envelopes", Member),
			("remove_envelope", Member),
			("erase_record", Member),
			("add_records", Staff),
		],
	),
	(
		"AccessControl",
		&[
			("grant_access", Patient),
			("revoke_grant", Patient),
			("request_access", Staff),
			("approve_request", Patient),
			("deny_request", Patient),
			("break_glass", Staff),
			("close_review", Admin),
			("record_access", Member),
			("record_access_for", Staff),
			("block_requester", Patient),
			("unblock_requester", Patient),
			("flag_break_glass", Patient),
			("review_flagged", Governance),
		],
	),
];

/// The row of `call`; `RootOnly` for a call without one (the metadata test makes sure there
/// is none).
pub fn access(call: &RuntimeCall) -> Access {
	let meta = call.get_call_metadata();
	CALLS
		.iter()
		.find(|(pallet, _)| *pallet == meta.pallet_name)
		.and_then(|(_, calls)| calls.iter().find(|(name, _)| *name == meta.function_name))
		.map_or(RootOnly, |(_, access)| *access)
}

/// The runtime's `BaseCallFilter`: every origin but root may dispatch every call that is not
/// [`Access::RootOnly`]; the pallets' own origin checks and the gate do the rest.
pub struct CallFilter;

impl Contains<RuntimeCall> for CallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		access(call) != RootOnly
	}
}

/// How deep batches may nest in a signed transaction.
pub const MAX_BATCH_DEPTH: u32 = 2;

/// The most connections one `add_connections` or `remove_connections` call may list.
pub const MAX_CONNECTIONS_PER_CALL: usize = 16;

/// The most extra connections one node may list: the bound its benchmarks measure
/// (`MaxWellKnownNodes`).
pub const MAX_CONNECTIONS_PER_NODE: usize = 64;

/// The gate's `CallPolicy`: the table applied to a signed transaction's signer.
pub struct CallPermissions;

impl CallPermissions {
	/// The verdict on `call` (at batch depth `depth`) for `who`.
	fn decide(
		who: &AccountId,
		member: Option<&pallet_consortium::Member>,
		call: &RuntimeCall,
		depth: u32,
		added: &mut Added,
	) -> Result<Verdict, u8> {
		let staff = match member {
			Some(pallet_consortium::Member::Staff(membership)) => Some(membership),
			_ => None,
		};
		let allowed = |yes: bool| if yes { Ok(Verdict::Counted) } else { Err(CALL_NOT_ALLOWED) };
		let governance =
			|yes: bool| if yes { Ok(Verdict::Governance) } else { Err(CALL_NOT_ALLOWED) };
		match access(call) {
			Access::RootOnly | Access::Governance | Access::Inherent | Access::Unsigned => {
				Err(CALL_NOT_ALLOWED)
			},
			Access::SudoKey => governance(pallet_sudo::Key::<Runtime>::get().as_ref() == Some(who)),
			Access::CouncilMember => {
				governance(pallet_collective::Pallet::<Runtime, CouncilCollective>::is_member(
					who,
				))?;
				match proposal(call) {
					Some(proposal) => governance(governance_only(proposal, 0)),
					None => Ok(Verdict::Governance),
				}
			},
			Access::AuthorisedUpgrade => {
				governance(GovernanceKeys::contains(who) && upgrade_authorised(call))
			},
			Access::Admin => {
				allowed(staff.is_some_and(|m| m.has_role(StaffRole::Admin)))?;
				peer_bounds(call, added)?;
				Ok(Verdict::Counted)
			},
			Access::Registrar => allowed(staff.is_some_and(|m| {
				m.kind == OrganisationKind::Hospital
					&& (m.has_role(StaffRole::Admin) || m.has_role(StaffRole::Registrar))
			})),
			Access::Staff => allowed(staff.is_some()),
			Access::Patient => allowed(member == Some(&pallet_consortium::Member::Patient)),
			Access::Member => allowed(member.is_some()),
			Access::Batch => {
				let calls = batched(call).ok_or(CALL_NOT_ALLOWED)?;
				if depth >= MAX_BATCH_DEPTH {
					return Err(CALL_NOT_ALLOWED);
				}
				let mut verdict = Verdict::Governance;
				for inner in calls {
					if Self::decide(who, member, inner, depth + 1, added)? == Verdict::Counted {
						verdict = Verdict::Counted;
					}
				}
				// An empty batch is counted like any transaction.
				if calls.is_empty() {
					verdict = Verdict::Counted;
				}
				// A batch with any counted call is counted: its signer must be a member.
				if verdict == Verdict::Counted && member.is_none() {
					return Err(CALL_NOT_ALLOWED);
				}
				Ok(verdict)
			},
		}
	}
}

/// The call a council proposal carries, if `call` is one.
fn proposal(call: &RuntimeCall) -> Option<&RuntimeCall> {
	match call {
		RuntimeCall::Council(
			pallet_collective::Call::propose { proposal, .. }
			| pallet_collective::Call::execute { proposal, .. },
		) => Some(proposal),
		_ => None,
	}
}

/// Whether `call` is a governance call, or a batch (two deep at most) of governance calls:
/// what a council motion may carry.
fn governance_only(call: &RuntimeCall, depth: u32) -> bool {
	match batched(call) {
		Some(calls) => {
			depth < MAX_BATCH_DEPTH && calls.iter().all(|c| governance_only(c, depth + 1))
		},
		None => access(call) == Access::Governance,
	}
}

/// Whether `call` hands in the code governance authorised: what frame_system itself checks
/// before it takes the call as an unsigned transaction (the hash, a growing spec version).
/// Here so that unauthorised code never reaches a block as a signed one either.
// frame_system still answers this through `ValidateUnsigned` in this release.
#[allow(deprecated)]
fn upgrade_authorised(call: &RuntimeCall) -> bool {
	use sp_runtime::{traits::ValidateUnsigned, transaction_validity::TransactionSource};
	let RuntimeCall::System(call) = call else { return false };
	<frame_system::Pallet<Runtime> as ValidateUnsigned>::validate_unsigned(
		TransactionSource::External,
		call,
	)
	.is_ok()
}

/// The calls of a batch.
fn batched(call: &RuntimeCall) -> Option<&[RuntimeCall]> {
	match call {
		RuntimeCall::Utility(
			pallet_utility::Call::batch { calls }
			| pallet_utility::Call::batch_all { calls }
			| pallet_utility::Call::force_batch { calls },
		) => Some(calls),
		_ => None,
	}
}

/// The connections the calls decided so far in one transaction add, by node: a batch's
/// `add_connections` are bounded together, not each against the state before the batch.
type Added = alloc::collections::BTreeMap<OpaquePeerId, alloc::collections::BTreeSet<OpaquePeerId>>;

/// Whether every peer id is short enough, and a connections call lists few enough peers
/// (and leaves its node, with what the transaction's earlier calls added, with few enough).
fn peer_bounds(call: &RuntimeCall, added: &mut Added) -> Result<(), u8> {
	use pallet_node_authorization::{AdditionalConnections, Call};
	let max_len: u32 = <Runtime as pallet_node_authorization::Config>::MaxPeerIdLength::get();
	let max_len = max_len as usize;
	let short = |peer: &OpaquePeerId| peer.0.len() < max_len;
	let ok = |yes: bool| if yes { Ok(()) } else { Err(CALL_OUT_OF_BOUNDS) };
	match call {
		RuntimeCall::NodeAuthorization(call) => match call {
			Call::claim_node { node } | Call::remove_claim { node } => ok(short(node)),
			Call::transfer_node { node, .. } => ok(short(node)),
			Call::remove_connections { node, connections } => ok(short(node)
				&& connections.len() <= MAX_CONNECTIONS_PER_CALL
				&& connections.iter().all(short)),
			Call::add_connections { node, connections } => {
				ok(short(node)
					&& connections.len() <= MAX_CONNECTIONS_PER_CALL
					&& connections.iter().all(short))?;
				let listed = AdditionalConnections::<Runtime>::get(node);
				let earlier = added.entry(node.clone()).or_default();
				for peer in connections {
					if !listed.contains(peer) {
						earlier.insert(peer.clone());
					}
				}
				ok(listed.len().saturating_add(earlier.len()) <= MAX_CONNECTIONS_PER_NODE)
			},
			_ => Ok(()),
		},
		_ => Ok(()),
	}
}

/// The calls `call` stands for: itself, and every call of its batches or its proposal.
fn calls_in(call: &RuntimeCall) -> u64 {
	match (batched(call), proposal(call)) {
		(Some(calls), _) => calls.iter().map(calls_in).sum::<u64>().saturating_add(1),
		(None, Some(proposal)) => calls_in(proposal).saturating_add(1),
		(None, None) => 1,
	}
}

/// What hashing an upgrade's code costs the gate: 10 ns a byte, several times blake2-256's
/// cost in the WASM runtime.
fn hashing(call: &RuntimeCall) -> Weight {
	match call {
		RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code }) => {
			Weight::from_parts((code.len() as u64).saturating_mul(10_000), 0)
		},
		_ => Weight::zero(),
	}
}

impl CallPolicy<AccountId, RuntimeCall> for CallPermissions {
	fn check(
		who: &AccountId,
		member: Option<&pallet_consortium::Member>,
		call: &RuntimeCall,
	) -> Result<Verdict, u8> {
		Self::decide(who, member, call, 0, &mut Added::new())
	}

	/// Two storage reads per call decided (the governance keys, or a node's connections)
	/// cover each decision; the table lookup itself is a few hundred string comparisons.
	fn weight(call: &RuntimeCall) -> Weight {
		<Runtime as frame_system::Config>::DbWeight::get()
			.reads(2 * calls_in(call))
			.saturating_add(hashing(call))
	}
}

#[cfg(test)]
mod tests;
