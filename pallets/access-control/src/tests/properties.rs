//! The `can_access` property: consent is exactly what the grants, break-glass and the grantee's standing say, through removals, role changes and key recoveries.

use super::*;
use proptest::prelude::*;

/// A grant, break-glass, revocation or change to the doctor's standing the test sets up,
/// with small times so that periods overlap.
#[derive(Debug, Clone)]
enum Setup {
	Grant {
		person: bool,
		from: u64,
		until: Option<u64>,
		observation_only: bool,
	},
	BreakGlass {
		at: u64,
	},
	Revoke(u64),
	/// Hospital B removes its doctor.
	Remove,
	/// Hospital B adds the doctor back as a doctor (after a removal).
	AddBack,
	/// The doctor's roles become non-clinical.
	RoleAway,
	/// The doctor is a doctor again.
	RoleBack,
	/// Governance replaces the patient's key with a new one.
	RecoverKey,
}

fn setup() -> impl Strategy<Value = Setup> {
	prop_oneof![
		3 => (any::<bool>(), 0u64..100, proptest::option::of(1u64..200), any::<bool>()).prop_map(
			|(person, from, until, observation_only)| Setup::Grant {
				person,
				from,
				until,
				observation_only
			}
		),
		1 => (0u64..100).prop_map(|at| Setup::BreakGlass { at }),
		1 => (0u64..4).prop_map(Setup::Revoke),
		1 => Just(Setup::Remove),
		1 => Just(Setup::AddBack),
		1 => Just(Setup::RoleAway),
		1 => Just(Setup::RoleBack),
		1 => Just(Setup::RecoverKey),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(300))]

	/// `can_access` for another hospital's doctor is true exactly when, the doctor being
	/// clinical staff of hospital B now, a grant in force (by its period, scope and
	/// grantee; a grant to the doctor only if given since the doctor's standing last
	/// ended) or an unexpired break-glass covers the record: removal, re-registration and
	/// role changes never widen it. Key recoveries change none of it: the patient's
	/// current key (and no key it replaced) opens the record, and gives and revokes
	/// grants for the same patient.
	#[test]
	fn can_access_is_exactly_a_grant_in_force_or_an_open_break_glass(
		setups in proptest::collection::vec(setup(), 0..8),
		check_at in 0u64..300,
		record in prop_oneof![Just(OBSERVATION), Just(IMAGING)],
	) {
		run(|| {
			let roles = |list: &[StaffRole]| BoundedVec::try_from(list.to_vec()).unwrap();
			let mut glass_at = None;
			// The model: the doctor's standing, and the grants to the doctor given since
			// it last ended.
			let (mut on_staff, mut clinical) = (true, true);
			let mut live_person_grants = std::collections::BTreeSet::new();
			// The patient's current key, and the keys recoveries replaced.
			let (mut patient_key, mut replaced, mut next_key) = (PATIENT, Vec::new(), 900u64);
			for setup in setups {
				match setup {
					Setup::Grant { person, from, until, observation_only } => {
						let grantee = if person { Grantee::Person(DOCTOR_B) } else { Grantee::Organisation(HOSPITAL_B) };
						let scope = if observation_only { only(&[RecordCategory::Observation]) } else { Scope::AllCategories };
						let id = NextGrantId::<Test>::get();
						if Access::grant_access(signed(patient_key), grantee, scope, AccessLevel::Read, Purpose::Treatment, Some(START + from), until.map(|u| START + u)).is_ok() && person {
							live_person_grants.insert(id);
						}
					},
					Setup::BreakGlass { at } => {
						set_time(START + at);
						if Access::break_glass(signed(DOCTOR_B), PATIENT, EmergencyReason::UrgentTreatment).is_ok() {
							glass_at = Some(START + at);
						}
						set_time(START);
					},
					Setup::Revoke(id) => { let _ = Access::revoke_grant(signed(patient_key), id); },
					Setup::RecoverKey => {
						assert_ok!(Consortium::force_key_recovery(RuntimeOrigin::root(), PATIENT, next_key));
						replaced.push(patient_key);
						patient_key = next_key;
						next_key += 1;
					},
					Setup::Remove => if Consortium::remove_staff(signed(ADMIN_B), DOCTOR_B).is_ok() {
						on_staff = false;
						live_person_grants.clear();
					},
					Setup::AddBack => if Consortium::add_staff(signed(ADMIN_B), DOCTOR_B, roles(&[StaffRole::Doctor])).is_ok() {
						(on_staff, clinical) = (true, true);
					},
					Setup::RoleAway => if Consortium::set_staff_roles(signed(ADMIN_B), DOCTOR_B, roles(&[StaffRole::DeviceOperator])).is_ok() {
						if clinical { live_person_grants.clear(); }
						clinical = false;
					},
					Setup::RoleBack => if Consortium::set_staff_roles(signed(ADMIN_B), DOCTOR_B, roles(&[StaffRole::Doctor])).is_ok() {
						clinical = true;
					},
				}
			}
			let now = START + check_at;
			set_time(now);
			let category = if record == OBSERVATION { RecordCategory::Observation } else { RecordCategory::ImagingStudy };
			let standing = on_staff && clinical;
			let by_grant = Grants::<Test>::iter_prefix(PATIENT).any(|(id, g)| {
				let to_doctor = match g.grantee {
					Grantee::Person(_) => live_person_grants.contains(&id),
					Grantee::Organisation(_) => true,
				};
				to_doctor && g.valid_from <= now && g.valid_until.is_none_or(|u| now < u) && g.scope.covers(category)
			});
			let by_glass = glass_at.is_some_and(|at| now < at + BREAK_GLASS_MS);
			prop_assert_eq!(Access::can_access(&DOCTOR_B, record), standing && (by_grant || by_glass));
			prop_assert!(Access::can_access(&patient_key, record));
			for key in replaced {
				prop_assert!(!Access::can_access(&key, record));
			}
			Ok(())
		})?;
	}
}
