//! Unit tests. This file keeps the shared setup: origins, a scope, a grant, a signed read
//! request, the last event, roles and a request. The tests live by feature in `tests/`: grants
//! (expiry at the exact boundary, scopes, the cascade from the consortium, the standing a grant
//! needs), requests (approval, denial, expiry, blocked requesters), sweep (idle-time cleanup,
//! ids that run out), audit (the trail, and who really asked), break_glass (expiry, limits and
//! review), recovery (consent follows a recovered key), invariants (`do_try_state`), and
//! properties (a property test of `can_access`).

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use medchain_primitives::{ConsentCheck, RecordCategory, StaffRole};
use sp_runtime::DispatchError;

mod audit;
mod break_glass;
mod grants;
mod invariants;
mod properties;
mod recovery;
mod requests;
mod sweep;

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

fn roles(list: &[StaffRole]) -> medchain_primitives::StaffRoles {
	BoundedVec::try_from(list.to_vec()).unwrap()
}

fn ask(who: u64, for_organisation: bool) -> DispatchResult {
	Access::request_access(
		signed(who),
		PATIENT,
		for_organisation,
		Scope::AllCategories,
		AccessLevel::Read,
		Purpose::Treatment,
		None,
	)
}
