//! Recalls: their scope, the regulators' approvals, the custodians' confirmations.

use super::*;

/// The most lots one recall lists.
pub type MaxRecallLots = ConstU32<16>;

/// What a recall covers: always explicit, never whatever a model becomes later.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum RecallScope {
	/// Every device of the listed lots of a model (a lot is a closed production run: a
	/// device of it registered later is covered too).
	Lots {
		/// The model.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
		di: UdiDi,
		/// The lots, each with at least one registered device, none twice.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text_list"))]
		lots: BoundedVec<ProductionId, MaxRecallLots>,
	},
	/// A model's production up to a time: every device of it registered by `until` (ms since
	/// the Unix epoch, not after the recall is issued), none registered later.
	Model {
		/// The model.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
		di: UdiDi,
		/// The last registration time covered.
		until: Moment,
	},
}

impl RecallScope {
	/// The model the recall is of.
	pub fn di(&self) -> &UdiDi {
		match self {
			RecallScope::Lots { di, .. } | RecallScope::Model { di, .. } => di,
		}
	}

	/// How many regulatory officers must approve it before it is in force (unless
	/// governance puts it in force): a whole model's production takes two.
	pub fn approvals_needed(&self) -> u32 {
		match self {
			RecallScope::Lots { .. } => 1,
			RecallScope::Model { .. } => 2,
		}
	}
}

code_enum! {
	/// Where a recall is. `Dismissed` and `Withdrawn` are final.
	pub enum RecallStatus {
		/// Waiting for a regulatory officer's approval (a manufacturer's recall, or a model
		/// recall one officer approved).
		Pending,
		/// In force: every device in scope reads as recalled.
		Confirmed,
		/// A regulatory officer dismissed it before it was in force.
		Dismissed,
		/// A later recall of the same model's production to a later time replaced it; it is
		/// in force again if that one is withdrawn.
		Superseded,
		/// Governance withdrew it: the devices it covered read as they are.
		Withdrawn,
	}
}

/// The most regulatory officers a recall records as approving it.
pub type MaxApprovals = ConstU32<2>;

/// A recall of lots or of a model's production: who issued it, approved it, and ended it.
/// Nothing of it is ever erased: a withdrawn recall keeps its issue and its withdrawal.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Recall<AccountId> {
	/// What it covers.
	pub scope: RecallScope,
	/// The reason code.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub reason: ReasonCode,
	/// The adverse event that prompted it, if any.
	pub event: Option<AdverseEventId>,
	/// Who issued it.
	pub issued_by: AccountId,
	/// The issuer's organisation (a regulator or the manufacturer).
	pub issuer_org: OrgId,
	/// When.
	pub issued_at: Moment,
	/// Where it is.
	pub status: RecallStatus,
	/// The regulatory officers who approved it (an issuing officer first), and when.
	#[cfg_attr(feature = "std", serde(bound = ""))]
	pub approvals: BoundedVec<(AccountId, Moment), MaxApprovals>,
	/// The officer who dismissed it, and when.
	pub dismissed: Option<(AccountId, Moment)>,
	/// When governance put it in force without waiting for the officers.
	pub enforced_by_governance: Option<Moment>,
	/// The recall of the same model it replaced when it came into force.
	pub supersedes: Option<RecallId>,
	/// When governance withdrew it, and why.
	pub withdrawn: Option<Withdrawal>,
}

/// Governance's withdrawal of a recall.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Withdrawal {
	/// When.
	pub at: Moment,
	/// Why (a reason code).
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub reason: ReasonCode,
}
