//! # Consortium pallet
//!
//! Who takes part in medchain: the member organisations, their staff and the roles each staff
//! account holds, and the patients that hospitals register. Every other medchain pallet asks
//! this one, through [`medchain_primitives::ConsortiumMembership`], who may do what.
//!
//! ## Roles and permissions
//!
//! - **Governance** (`Config::GovernanceOrigin`: sudo in the development chain, a two-thirds
//!   council motion in `local_testnet`) admits an organisation with its first admin, suspends,
//!   reinstates and removes it.
//! - **An organisation's admins** (its staff holding [`StaffRole::Admin`]) add staff, change
//!   their roles and remove them. A role must be allowed for the organisation's kind
//!   ([`StaffRole::is_allowed_for`]); an organisation always keeps at least one admin.
//! - **A hospital's admins and registrars** ([`StaffRole::Registrar`]) register patient
//!   accounts, at most `MaxRegistrationsPerWindow` per hospital per `RegistrationWindow`.
//!   From then on the patient account is its own. A registration made in error can be undone
//!   ([`Pallet::deregister_patient`]) by an admin of the registering hospital while the
//!   account has signed nothing, or by governance at any time: the account can then no longer
//!   transact.
//! - **A patient who lost their key, or whose key was stolen,** goes on under a new one: an
//!   admin of the registering hospital attests the new key, and after `KeyRecoveryDelay`
//!   blocks, during which the patient's current key, the hospital's admins or governance can
//!   cancel, anyone completes it; governance can replace a key at once. Nothing moves: the
//!   patient's account stays the one every grant, record and history names, the new key acts
//!   as it ([`Pallet::acting_as`]) and the replaced key acts as no one.
//! - Suspending or removing an organisation cuts all its staff at once: "active staff" is
//!   decided when asked, from the staff record *and* the organisation's state, so no loop
//!   over staff is needed. The records of a removed organisation's staff can be cleared by
//!   anyone with [`Pallet::reap_staff`].
//!
//! ## The transaction gate
//!
//! [`CheckMembership`] is a transaction extension: the pool (and block import) rejects a
//! signed transaction unless its signer is active staff, a registered patient or a governance
//! key, the runtime's call-permission table (`Config::CallPolicy`) lets that signer make the
//! call, and it fits the signer's budget of transactions, weight and bytes per
//! `RateLimitWindow` blocks (`Config::Budgets`, by [`AccountKind`]). Its
//! `InvalidTransaction::Custom` codes are listed in [`extension`]. Registered accounts exist
//! without a balance (the pallet adds a provider reference), so a feeless chain's
//! `CheckNonce` accepts them.
//!
//! ## Data privacy
//!
//! Only accounts, organisation ids, kinds, roles, states and block numbers are stored: never
//! a name, a national id, or anything derived from one.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod config_preludes;
mod events;
pub mod extension;
mod features;
mod invariants;
pub mod migrations;

use features::staff::normalise_roles;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use extension::{CallPolicy, CheckMembership, Member, UniformBudget, Verdict};
pub use medchain_primitives::{
	ConsortiumMembership, OrgId, OrganisationKind, OrganisationStatus, StaffMembership, StaffRole,
	StaffRoles,
};
pub use pallet::*;
pub use types::{
	AccountKind, AccountRole, Budget, GenesisOrganisation, KeyRecovery, Organisation,
	PatientRecord, RegistrationWindow, StaffRecord, TransactionWindow,
};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;

#[frame_support::pallet_macros::import_section(events::events_and_errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::traits::Contains;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version. 1: [`PatientsRegistered`] counts each hospital's
	/// patients ([`crate::migrations::v1`] counts those registered before). 2:
	/// [`TransactionWindows`] also hold weight and bytes ([`crate::migrations::v2`]).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// Who admits, suspends, reinstates and removes organisations: the consortium's
		/// governance.
		#[pallet::no_default]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The governance keys (the sudo key, council members): the gate lets them sign
		/// governance calls even when they are not registered, without counting those calls,
		/// so governance can never be locked out. Their other calls are counted like anyone's.
		type GateExempt: Contains<Self::AccountId>;

		/// The runtime's call-permission table: which calls each signer may make, and which
		/// are governance calls.
		#[pallet::no_default_bounds]
		type CallPolicy: CallPolicy<Self::AccountId, <Self as frame_system::Config>::RuntimeCall>;

		/// Each kind of account's budget per rate-limit window.
		type Budgets: sp_runtime::traits::Convert<AccountKind, Budget>;

		/// The most organisations that may be members at once.
		#[pallet::constant]
		type MaxOrganisations: Get<u32>;

		/// The most staff accounts one organisation may have.
		#[pallet::constant]
		type MaxStaffPerOrganisation: Get<u32>;

		/// The length, in blocks, of the transaction gate's rate-limit window.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type RateLimitWindow: Get<BlockNumberFor<Self>>;

		/// The length, in blocks, of a hospital's patient-registration window.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type RegistrationWindow: Get<BlockNumberFor<Self>>;

		/// How many patients one hospital may register per registration window.
		#[pallet::constant]
		type MaxRegistrationsPerWindow: Get<u32>;

		/// How many blocks a patient key recovery waits before it may be completed: the time
		/// the patient's current key has to notice and cancel one it did not ask for.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type KeyRecoveryDelay: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls and of the transaction gate.
		type WeightInfo: WeightInfo;
	}

	/// The member organisations, by id. A removed organisation's entry is deleted.
	#[pallet::storage]
	pub type Organisations<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, Organisation<BlockNumberFor<T>>, OptionQuery>;

	/// How many organisations are members (active or suspended).
	#[pallet::storage]
	pub type OrganisationCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The id the next admitted organisation gets. Ids are never reused.
	#[pallet::storage]
	pub type NextOrganisationId<T: Config> = StorageValue<_, OrgId, ValueQuery>;

	/// Every staff account's organisation and roles. An account is staff of one organisation
	/// at most, and never also a patient.
	#[pallet::storage]
	pub type Staff<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, StaffRecord, OptionQuery>;

	/// The staff accounts of each organisation: an index of [`Staff`] for listing them.
	#[pallet::storage]
	pub type OrganisationStaff<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Registered patients: pseudonymous accounts, and the hospital that registered each.
	#[pallet::storage]
	pub type Patients<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		PatientRecord<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// How many patients each hospital has registered and not deregistered. A figure for the
	/// consortium's reports; no patient is named by it.
	#[pallet::storage]
	pub type PatientsRegistered<T: Config> = StorageMap<_, Twox64Concat, OrgId, u32, ValueQuery>;

	/// Accounts this pallet has given a provider reference: once, and for good. A registered
	/// account thus exists without a balance, and keeps existing after it leaves, so that its
	/// nonce never restarts and its old transactions can never be replayed.
	#[pallet::storage]
	pub type KeptAlive<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Each registered account's transactions, weight and bytes in its current rate-limit
	/// window, maintained by the [`CheckMembership`] transaction extension. One entry per
	/// account that has transacted; kept when the account leaves, so that leaving and being
	/// registered again never restarts a window.
	#[pallet::storage]
	pub type TransactionWindows<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		TransactionWindow<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// How many times each account's standing has ended: removed or reaped as staff, its
	/// clinical roles taken away, deregistered as a patient. Grants to a person are bound to
	/// the number their grantee had, so that nothing ever revives them. One entry per account
	/// whose standing ever ended, kept for good (like [`KeptAlive`]).
	#[pallet::storage]
	pub type RegistrationEpochs<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The current key of each patient whose key was recovered: the account that signs for
	/// the patient. The patient's own account then signs nothing (one entry per patient at
	/// most).
	#[pallet::storage]
	pub type PatientKeyOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// The patient each recovered key acts as: the reverse of [`PatientKeyOf`].
	#[pallet::storage]
	pub type PatientKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// Patient key recoveries under way, by patient (one per patient at most).
	#[pallet::storage]
	pub type KeyRecoveries<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		KeyRecovery<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Each hospital's patient registrations in its current registration window (one entry
	/// per organisation at most).
	#[pallet::storage]
	pub type Registrations<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, RegistrationWindow<BlockNumberFor<T>>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Organisations admitted at genesis, in id order (the first gets id 0): each one's
		/// kind and staff accounts with their roles. At least one holds Admin.
		pub organisations: Vec<GenesisOrganisation<T::AccountId>>,
		/// Registered patients: account, id of the registering hospital.
		pub patients: Vec<(T::AccountId, OrgId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let now = frame_system::Pallet::<T>::block_number();
			for (kind, staff) in &self.organisations {
				let org = Pallet::<T>::insert_organisation(*kind)
					.expect("genesis organisations must fit MaxOrganisations");
				for (who, roles) in staff {
					let roles =
						normalise_roles::<T>(roles.clone()).expect("genesis staff must have roles");
					Pallet::<T>::insert_staff(org, *kind, who, roles)
						.expect("genesis staff must be unique, within bounds, with allowed roles");
				}
				let admins = Organisations::<T>::get(org).map_or(0, |o| o.admins);
				assert!(admins > 0, "every genesis organisation needs an admin");
			}
			for (patient, hospital) in &self.patients {
				let kind = Organisations::<T>::get(hospital)
					.expect("genesis patients must name a genesis organisation")
					.kind;
				assert_eq!(
					kind,
					OrganisationKind::Hospital,
					"patients are registered by hospitals"
				);
				Pallet::<T>::insert_patient(*hospital, patient, now)
					.expect("genesis patients must be unregistered accounts");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxOrganisations::get() > 0, "MaxOrganisations must be positive");
			assert!(
				T::MaxStaffPerOrganisation::get() > 0,
				"MaxStaffPerOrganisation must be positive"
			);
			assert!(
				T::RateLimitWindow::get() > Zero::zero(),
				"RateLimitWindow must be at least one block"
			);
			assert!(
				T::RegistrationWindow::get() > Zero::zero(),
				"RegistrationWindow must be at least one block"
			);
			assert!(
				T::KeyRecoveryDelay::get() > Zero::zero(),
				"KeyRecoveryDelay must give the patient's key time to cancel"
			);
			for kind in [
				AccountKind::Patient,
				AccountKind::Staff,
				AccountKind::Integration,
				AccountKind::Governance,
			] {
				let budget = <T::Budgets as sp_runtime::traits::Convert<_, _>>::convert(kind);
				assert!(
					budget.transactions > 0 && budget.weight > 0 && budget.length > 0,
					"every kind of account has a budget"
				);
			}
			medchain_primitives::weights::assert_calls_fit_a_block::<T>(
				"consortium",
				&[
					("admit_organisation", T::WeightInfo::admit_organisation()),
					("suspend_organisation", T::WeightInfo::suspend_organisation()),
					("reinstate_organisation", T::WeightInfo::reinstate_organisation()),
					("remove_organisation", T::WeightInfo::remove_organisation()),
					("add_staff", T::WeightInfo::add_staff()),
					("set_staff_roles", T::WeightInfo::set_staff_roles()),
					("remove_staff", T::WeightInfo::remove_staff()),
					("reap_staff", T::WeightInfo::reap_staff()),
					("register_patient", T::WeightInfo::register_patient()),
					("deregister_patient", T::WeightInfo::deregister_patient()),
					("start_key_recovery", T::WeightInfo::start_key_recovery()),
					("cancel_key_recovery", T::WeightInfo::cancel_key_recovery()),
					("complete_key_recovery", T::WeightInfo::complete_key_recovery()),
					("force_key_recovery", T::WeightInfo::force_key_recovery()),
					("the transaction gate", T::WeightInfo::check_membership()),
				],
			);
			medchain_primitives::weights::assert_calls_fit_block_length::<T>(
				"consortium",
				&[
					("admit_organisation", <(OrganisationKind, T::AccountId)>::max_encoded_len()),
					(
						"add_staff / set_staff_roles",
						<(T::AccountId, StaffRoles)>::max_encoded_len(),
					),
				],
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit an organisation to the consortium, with its first admin account.
		///
		/// Origin: governance. `admin` must not already be staff or a patient; it becomes the
		/// organisation's staff with the Admin role and exists from now on without a balance.
		///
		/// Emits `OrganisationAdmitted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::admit_organisation())]
		pub fn admit_organisation(
			origin: OriginFor<T>,
			kind: OrganisationKind,
			admin: T::AccountId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_admit_organisation(kind, admin).map(|_| ())
		}

		/// Suspend an active organisation: all its staff lose every permission until it is
		/// reinstated.
		///
		/// Origin: governance. Emits `OrganisationSuspended`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend_organisation())]
		pub fn suspend_organisation(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_suspend_organisation(org)
		}

		/// Reinstate a suspended organisation: its staff act again with their roles.
		///
		/// Origin: governance. Emits `OrganisationReinstated`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate_organisation())]
		pub fn reinstate_organisation(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_reinstate_organisation(org)
		}

		/// Remove an organisation from the consortium, active or suspended. Its staff lose
		/// every permission at once; their records can then be cleared with `reap_staff`. The
		/// id is never given to another organisation.
		///
		/// Origin: governance. Emits `OrganisationRemoved`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_organisation())]
		pub fn remove_organisation(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_organisation(org)
		}

		/// Add a staff account to the caller's organisation.
		///
		/// Origin: an admin of an active organisation. `who` must not already be staff or a
		/// patient; every role must be allowed for the organisation's kind (duplicates are
		/// ignored). `who` exists from now on without a balance.
		///
		/// Emits `StaffAdded`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_staff())]
		pub fn add_staff(
			origin: OriginFor<T>,
			who: T::AccountId,
			roles: StaffRoles,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_add_staff(&caller, who, roles)
		}

		/// Replace the roles of a staff account of the caller's organisation.
		///
		/// Origin: an admin of an active organisation. The organisation must keep at least one
		/// admin.
		///
		/// Emits `StaffRolesChanged`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_staff_roles())]
		pub fn set_staff_roles(
			origin: OriginFor<T>,
			who: T::AccountId,
			roles: StaffRoles,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_set_staff_roles(&caller, who, roles)
		}

		/// Remove a staff account from the caller's organisation; it loses every permission at
		/// once. An admin may remove itself unless it is the last admin.
		///
		/// Origin: an admin of an active organisation. Emits `StaffRemoved`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_staff())]
		pub fn remove_staff(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_remove_staff(&caller, who)
		}

		/// Clear the record of a staff account whose organisation was removed, so the account
		/// can be registered again elsewhere.
		///
		/// Origin: any signed account (the gate admits only registered ones). Emits
		/// `StaffReaped`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::reap_staff())]
		pub fn reap_staff(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_reap_staff(who)
		}

		/// Register a patient account. The account is pseudonymous: who the patient is stays
		/// in the hospital's own systems. It exists from now on without a balance, and only
		/// the patient controls it.
		///
		/// Origin: an Admin or Registrar of an active hospital, at most
		/// `MaxRegistrationsPerWindow` a hospital per `RegistrationWindow` blocks. Emits
		/// `PatientRegistered`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::register_patient())]
		pub fn register_patient(origin: OriginFor<T>, patient: T::AccountId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_register_patient(&caller, patient)
		}

		/// Undo a patient's registration made in error: the account can no longer transact.
		/// Records and grants already naming it stay as they are (their own pallets erase or
		/// revoke them).
		///
		/// Origin: governance, at any time; or an Admin of the registering hospital while the
		/// patient account has signed nothing (its nonce is zero). Emits `PatientDeregistered`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::deregister_patient())]
		pub fn deregister_patient(origin: OriginFor<T>, patient: T::AccountId) -> DispatchResult {
			let by_admin = Self::signer_unless_governance(origin)?;
			Self::do_deregister_patient(by_admin.as_ref(), patient)
		}

		/// Start replacing the key of a patient who lost it or had it stolen: `new_key` will
		/// sign for the patient, whose account (and every grant, record and history under it)
		/// stays as it is. The hospital checks, off chain, that the person asking is the
		/// patient, and attests the new key with this call.
		///
		/// Origin: an admin of the hospital that registered the patient. `new_key` must not
		/// be staff, a patient or another patient's key. The recovery may be completed
		/// `KeyRecoveryDelay` blocks from now; until then the patient's current key can
		/// cancel it. Emits `KeyRecoveryStarted`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::start_key_recovery())]
		pub fn start_key_recovery(
			origin: OriginFor<T>,
			patient: T::AccountId,
			new_key: T::AccountId,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_start_key_recovery(&caller, patient, new_key)
		}

		/// Cancel a patient key recovery under way: the patient's key stays as it was.
		///
		/// Origin: the patient's current key (a recovery the patient did not ask for), an
		/// admin of the hospital that attested the new key, or governance. Emits
		/// `KeyRecoveryCancelled`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::cancel_key_recovery())]
		pub fn cancel_key_recovery(origin: OriginFor<T>, patient: T::AccountId) -> DispatchResult {
			let by = Self::signer_unless_governance(origin)?;
			Self::do_cancel_key_recovery(by.as_ref(), patient)
		}

		/// Complete a patient key recovery whose delay has passed: its new key signs for the
		/// patient from now on, and the key it replaces acts as no one.
		///
		/// Origin: any signed account (the gate admits only registered ones: typically the
		/// hospital's admin). Emits `PatientKeyReplaced`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::complete_key_recovery())]
		pub fn complete_key_recovery(
			origin: OriginFor<T>,
			patient: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_complete_key_recovery(patient)
		}

		/// Replace a patient's key at once, cancelling any recovery under way: for a stolen
		/// key whose thief cancels every recovery.
		///
		/// Origin: governance. `new_key` as for `start_key_recovery`. Emits
		/// `PatientKeyReplaced`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::force_key_recovery())]
		pub fn force_key_recovery(
			origin: OriginFor<T>,
			patient: T::AccountId,
			new_key: T::AccountId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_force_key_recovery(patient, new_key)
		}
	}
}

use frame_support::traits::Contains;
use sp_runtime::traits::Zero;
