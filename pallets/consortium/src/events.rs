//! What the consortium tells the world: its events and errors, a section of the pallet module
//! (`#[import_section]` in `lib.rs`), so that metadata and Polkadot.js Apps show them as
//! before.

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events_and_errors {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance admitted an organisation; `admin` is its first admin.
		OrganisationAdmitted {
			/// The new organisation's id.
			org: OrgId,
			/// Its kind.
			kind: OrganisationKind,
			/// Its first admin account.
			admin: T::AccountId,
		},
		/// Governance suspended an organisation: its staff can do nothing until it is
		/// reinstated.
		OrganisationSuspended {
			/// The organisation.
			org: OrgId,
		},
		/// Governance reinstated a suspended organisation.
		OrganisationReinstated {
			/// The organisation.
			org: OrgId,
		},
		/// Governance removed an organisation; its staff lost every permission.
		OrganisationRemoved {
			/// The organisation.
			org: OrgId,
		},
		/// An admin added a staff account to its organisation.
		StaffAdded {
			/// The organisation.
			org: OrgId,
			/// The staff account.
			who: T::AccountId,
			/// Its roles.
			roles: StaffRoles,
		},
		/// An admin changed a staff account's roles.
		StaffRolesChanged {
			/// The organisation.
			org: OrgId,
			/// The staff account.
			who: T::AccountId,
			/// Its roles from now on.
			roles: StaffRoles,
		},
		/// An admin removed a staff account from its organisation.
		StaffRemoved {
			/// The organisation.
			org: OrgId,
			/// The former staff account.
			who: T::AccountId,
		},
		/// The record of a removed organisation's staff account was cleared.
		StaffReaped {
			/// The removed organisation.
			org: OrgId,
			/// The former staff account.
			who: T::AccountId,
		},
		/// A hospital's admin or registrar registered a patient account.
		PatientRegistered {
			/// The patient's (pseudonymous) account.
			patient: T::AccountId,
			/// The registering hospital.
			hospital: OrgId,
		},
		/// A patient's registration was undone: the account can no longer transact.
		PatientDeregistered {
			/// The former patient account.
			patient: T::AccountId,
			/// The hospital that had registered it.
			hospital: OrgId,
		},
		/// An admin of the registering hospital started replacing a patient's key: unless the
		/// patient's current key (or the hospital, or governance) cancels, `new_key` acts as
		/// the patient from `ready_at` on.
		KeyRecoveryStarted {
			/// The patient account.
			patient: T::AccountId,
			/// The key that will act as the patient.
			new_key: T::AccountId,
			/// The hospital whose admin attested the new key.
			hospital: OrgId,
			/// The first block at which the recovery may be completed.
			ready_at: BlockNumberFor<T>,
		},
		/// A patient key recovery was cancelled; the patient's key stays as it was.
		KeyRecoveryCancelled {
			/// The patient account.
			patient: T::AccountId,
		},
		/// A patient's key was replaced: `new_key` signs for the patient from now on and
		/// `old_key` acts as no one. The patient's grants, records and histories stay as they
		/// were, under the patient account.
		PatientKeyReplaced {
			/// The patient account.
			patient: T::AccountId,
			/// The key that signed for the patient until now (the patient account itself if
			/// its key was never replaced).
			old_key: T::AccountId,
			/// The key that signs for the patient from now on.
			new_key: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No member organisation has this id (never admitted, or removed).
		OrganisationNotFound,
		/// The organisation is suspended.
		OrganisationNotActive,
		/// The organisation is not suspended, so it cannot be reinstated.
		OrganisationNotSuspended,
		/// The organisation is still a member: its staff records cannot be reaped.
		OrganisationStillMember,
		/// The consortium already has `MaxOrganisations` members.
		TooManyOrganisations,
		/// Every organisation id has been used.
		OrganisationIdsExhausted,
		/// The organisation already has `MaxStaffPerOrganisation` staff accounts.
		TooManyStaff,
		/// The account is already staff or a patient.
		AlreadyRegistered,
		/// The caller is not an admin of an active organisation.
		NotAdmin,
		/// The account is not staff of the caller's organisation.
		NotStaffOfOrganisation,
		/// The account is not staff of any organisation.
		NotStaff,
		/// The caller is not active staff of an active hospital.
		NotHospitalStaff,
		/// The caller is hospital staff but neither an Admin nor a Registrar.
		NotRegistrar,
		/// The hospital has registered `MaxRegistrationsPerWindow` patients in this
		/// registration window; try again in the next.
		TooManyRegistrations,
		/// The account is not a registered patient.
		NotPatient,
		/// The patient was registered by another hospital: only its admins (or governance)
		/// may undo the registration.
		RegisteredElsewhere,
		/// The patient account has signed transactions: only governance may undo its
		/// registration now.
		PatientHasTransacted,
		/// No roles were given: a staff account holds at least one.
		NoRoles,
		/// A role is not allowed for the organisation's kind (e.g. a pharmacy's
		/// RegulatoryOfficer).
		RoleNotAllowed,
		/// The change would leave the organisation without an admin.
		LastAdmin,
		/// A key recovery for this patient is already under way: cancel it first.
		KeyRecoveryUnderWay,
		/// No key recovery for this patient is under way.
		NoKeyRecovery,
		/// The key recovery's delay has not passed yet (see its `ready_at`).
		KeyRecoveryNotReady,
		/// Only the patient's current key, an admin of the hospital that attested the new key,
		/// or governance may cancel a key recovery.
		NotRecoveryParty,
	}
}
