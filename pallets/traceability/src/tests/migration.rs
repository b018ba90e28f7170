//! The version-1 migration on a state as version 0 left it: uses and an implant by patient
//! account, a trail link naming the patient, and a patient's own adverse-event report.

use super::*;
use crate::migrations::v1::{migrated_pseudonym, old, OldDeviceEvent, UNLINKED};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
use sp_runtime::traits::AccountIdConversion;

/// Appends a link as version 0 wrote it to a device's trail.
fn old_link(device: DeviceId, entry: OldDeviceEvent<u64>, by: u64, org: Option<OrgId>) {
	let head = DeviceTrailHead::<Test>::get(device);
	let hash = link_hash(&head.hash, &entry, &by, &org, START);
	let link = TrailLink { entry, by, org, at: START, prev: head.hash, hash };
	frame_support::storage::unhashed::put(
		&DeviceTrail::<Test>::hashed_key_for(device, head.length),
		&link,
	);
	DeviceTrailHead::<Test>::insert(device, TrailHead { length: head.length + 1, hash });
}

fn old_use(last: PatientUse, first_at: Moment) -> DeviceUse {
	DeviceUse { last, last_at: first_at, first_at, hospital: HOSPITAL }
}

/// The invariants of versions 1 and 2: the lists of version 3 are not written yet.
fn invariants_before_lists() -> Result<(), sp_runtime::TryRuntimeError> {
	Trace::try_trails()?;
	Trace::try_recalls()?;
	Trace::try_uses()
}

/// The later migrations, as the runtime runs them after this one: each only from its own
/// version. The test's end checks every invariant on what they leave.
fn later_upgrades() {
	<crate::migrations::MigrateV1ToV2<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();
	<crate::migrations::MigrateV2ToV3<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();
	assert_eq!(Trace::on_chain_storage_version(), StorageVersion::new(3));
}

#[test]
fn version_1_unlinks_every_patient_and_keeps_every_use() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 2);
		let (lead, catheter) = (devices[0], devices[1]);
		// Version 0: Eve has the lead implanted; the catheter was used on Frank, then Eve.
		old::DevicesUsedOn::<Test>::insert(PATIENT, lead, old_use(PatientUse::Implant, START));
		old::DevicesUsedOn::<Test>::insert(
			OTHER_PATIENT,
			catheter,
			old_use(PatientUse::Procedure, START),
		);
		old::DevicesUsedOn::<Test>::insert(
			PATIENT,
			catheter,
			old_use(PatientUse::Procedure, START + 5),
		);
		for (device, patient) in [(lead, PATIENT), (catheter, OTHER_PATIENT), (catheter, PATIENT)] {
			old::PatientsOfDevice::<Test>::insert(device, patient, ());
			let usage = if device == lead { PatientUse::Implant } else { PatientUse::Procedure };
			old_link(device, OldDeviceEvent::UsedOn { patient, usage }, SURGEON, Some(HOSPITAL));
		}
		old::ImplantedIn::<Test>::insert(lead, PATIENT);
		// Eve's own report on the lead, signed by her, and a surgeon's.
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			lead,
			report(START, Seriousness::Death)
		));
		let mut eves = AdverseEvents::<Test>::get(0).unwrap();
		eves.reporter = PATIENT;
		eves.source = ReportSource::Patient;
		AdverseEvents::<Test>::insert(1, eves);
		old_link(lead, OldDeviceEvent::AdverseEventReported { event: 1 }, PATIENT, None);
		let _ = ReportsFiled::<Test>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Trace>();
		assert!(uses::exposure().is_err(), "version 0 exposes the patients");

		<crate::migrations::MigrateV0ToV1<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();

		assert_eq!(Trace::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(uses::exposure(), Ok(()));
		assert_ok!(invariants_before_lists());
		// Every use is kept, under a pseudonym, in order of first use.
		let (first, second) = (migrated_pseudonym(0), migrated_pseudonym(1));
		assert_eq!(ImplantedIn::<Test>::get(lead), Some(first));
		assert_eq!(DeviceUses::<Test>::get(lead, first), Some(old_use(PatientUse::Implant, START)));
		assert_eq!(
			DeviceUses::<Test>::get(catheter, first),
			Some(old_use(PatientUse::Procedure, START))
		);
		assert_eq!(
			DeviceUses::<Test>::get(catheter, second),
			Some(old_use(PatientUse::Procedure, START + 5))
		);
		// The patient's report names the unlinked account; the surgeon's is counted.
		let unlinked: u64 = UNLINKED.into_account_truncating();
		assert_eq!(AdverseEvents::<Test>::get(1).unwrap().reporter, unlinked);
		assert_eq!(AdverseEvents::<Test>::get(0).unwrap().reporter, SURGEON);
		assert_eq!(ReportsFiled::<Test>::get(SURGEON, lead), 1);
		// The trails read in the new shape and are chained again.
		let links = Trace::trace(lead, 0, 100);
		assert!(links
			.iter()
			.any(|(_, l)| l.entry == DeviceEvent::UsedOn { usage: PatientUse::Implant }));
		assert_eq!(links.last().unwrap().1.by, unlinked);
		assert!(Trace::device_trail_intact(lead) && Trace::device_trail_intact(catheter));
		// It runs once.
		<crate::migrations::MigrateV0ToV1<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(ImplantedIn::<Test>::get(lead), Some(first));
		later_upgrades();
	});
}

#[test]
fn version_2_scopes_every_recall_and_keeps_who_decided() {
	use crate::migrations::v2::old;
	new_test_ext().execute_with(|| {
		let lead = register("SN-1");
		let model_key = model_key(&bytes(MODEL));
		let lot_key = lot_key(&bytes(MODEL), &bytes(LOT));
		let recall = |scope, status, by, decided| old::Recall {
			scope,
			reason: reason("FSCA"),
			event: None,
			issued_by: by,
			issuer_org: if by == OFFICER { REGULATOR } else { MANUFACTURER },
			issued_at: START,
			status,
			decided,
		};
		// Version 1: an officer's lot recall, a manufacturer's model recall an officer
		// confirmed, and a dismissed one.
		let lot = old::RecallScope::Lot { di: bytes(MODEL), lot: bytes(LOT) };
		let model = old::RecallScope::Model { di: bytes(MODEL) };
		old::Recalls::<Test>::insert(0, recall(lot, RecallStatus::Confirmed, OFFICER, None));
		let confirmed = Some((OFFICER, START + 1));
		old::Recalls::<Test>::insert(
			1,
			recall(model.clone(), RecallStatus::Confirmed, MAKER, confirmed),
		);
		old::Recalls::<Test>::insert(2, recall(model, RecallStatus::Dismissed, MAKER, confirmed));
		RecalledLots::<Test>::insert(lot_key, 0);
		old::RecalledModels::<Test>::insert(model_key, 1);
		NextRecallId::<Test>::put(3);
		StorageVersion::new(1).put::<Trace>();
		pallet_timestamp::Now::<Test>::put(START + 50);

		<crate::migrations::MigrateV1ToV2<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();

		assert_eq!(Trace::on_chain_storage_version(), StorageVersion::new(2));
		let lots = Recalls::<Test>::get(0).unwrap();
		assert_eq!(lots.scope, lot_scope());
		assert_eq!(lots.approvals.into_inner(), vec![(OFFICER, START)]);
		let models = Recalls::<Test>::get(1).unwrap();
		assert_eq!(models.scope, model_scope(START + 50));
		assert_eq!(models.approvals.into_inner(), vec![(OFFICER, START + 1)]);
		assert_eq!(Recalls::<Test>::get(2).unwrap().dismissed, confirmed);
		assert_eq!(RecalledModels::<Test>::get(model_key), Some((1, START + 50)));
		assert_ok!(invariants_before_lists());
		// What the model recall reached then, it still reaches; nothing registered later.
		assert_eq!(device(lead).lifecycle, Lifecycle::Recalled);
		pallet_timestamp::Now::<Test>::put(START + 51);
		let later = register_as(MAKER, MODEL, "SN-2", "LOT-NEW");
		assert_eq!(device(later).lifecycle, Lifecycle::Manufactured);
		later_upgrades();
	});
}
