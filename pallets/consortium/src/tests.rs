//! Unit tests. This file keeps the shared setup: origins, roles, the last event and two fresh
//! accounts. The tests live by feature in `tests/`: organisations (admission, suspension,
//! reinstatement, removal and its read-time cascade), staff (every staff call, the registration
//! epoch, queries and origins), patients, recovery, migrations, the transaction gate, and
//! properties (invariants under arbitrary sequences of calls).

use crate::{
	extension::{
		CALL_NOT_ALLOWED, EXCEEDS_BUDGET, FULL_BUDGET_PRIORITY, GOVERNANCE_PRIORITY, NOT_A_MEMBER,
		RATE_LIMITED, TOO_MANY_PENDING,
	},
	mock::*,
	AccountRole, CheckMembership, Error, Event, NextOrganisationId, OrganisationCount,
	OrganisationStaff, Organisations, Patients, PatientsRegistered, Registrations, Staff,
	TransactionWindow, TransactionWindows,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchInfo, GetDispatchInfo},
	pallet_prelude::TransactionSource,
	weights::Weight,
};
use medchain_primitives::{
	ConsortiumMembership, OrganisationKind, OrganisationStatus, StaffRole, StaffRoles,
};
use sp_runtime::{
	traits::{DispatchTransaction, ImplicationParts, TransactionExtension},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError,
};

type Consortium = crate::Pallet<Test>;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn roles(list: &[StaffRole]) -> StaffRoles {
	StaffRoles::try_from(list.to_vec()).unwrap()
}

fn last_event() -> Event<Test> {
	match System::events().last().expect("an event").event.clone() {
		RuntimeEvent::Consortium(event) => event,
		other => panic!("not a consortium event: {other:?}"),
	}
}

const NEW_ADMIN: u64 = 30;
const NEW_STAFF: u64 = 31;

mod migrations;
mod organisations;
mod patients;
mod properties;
mod recovery;
mod staff;
mod transaction_gate;
