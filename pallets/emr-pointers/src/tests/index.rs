//! The patient's index: pages of 64 ids in anchoring order, a listing that starts from the
//! cursor's page, and pages that empty as records go.

use super::*;

/// The patient anchors `n` records of their own, numbered from `from` (CIDs and hashes).
fn patient_anchors(from: u32, n: u32) -> Vec<RecordId> {
	(from..from + n)
		.map(|i| {
			let id = NextRecordId::<Test>::get();
			assert_ok!(Emr::add_record(
				signed(PATIENT),
				PATIENT,
				RecordCategory::Observation,
				cid(i),
				hash(i as u8),
				HOSPITAL_A,
				none()
			));
			id
		})
		.collect()
}

#[test]
fn a_full_page_opens_the_next() {
	new_test_ext().execute_with(|| {
		let first = patient_anchors(0, RECORDS_PER_PAGE);
		assert_eq!(PatientPages::<Test>::get(PATIENT), 0);
		assert!(!PatientPages::<Test>::contains_key(PATIENT), "no entry until a second page");
		assert_eq!(PatientRecords::<Test>::get(PATIENT, 0).into_inner(), first);

		let next = patient_anchors(RECORDS_PER_PAGE, 2);
		assert_eq!(PatientPages::<Test>::get(PATIENT), 1);
		assert_eq!(PatientRecords::<Test>::get(PATIENT, 1).into_inner(), next);
		assert_eq!(Records::<Test>::get(next[0]).unwrap().page, 1);
		assert_eq!(Records::<Test>::get(first[63]).unwrap().page, 0);
	});
}

#[test]
fn listings_cross_pages_in_id_order() {
	new_test_ext().execute_with(|| {
		let all = patient_anchors(0, 2 * RECORDS_PER_PAGE + 5);
		let list = |after, limit| ids(Emr::records_of(&PATIENT, &PATIENT, None, after, limit));
		assert_eq!(list(None, 3), all[..3]);
		assert_eq!(list(Some(all[60]), 8), all[61..69], "across the first page's end");
		assert_eq!(list(Some(all[127]), 100), all[128..], "from the last page");
		assert_eq!(list(Some(all[132]), 10), Vec::<RecordId>::new());
		assert_eq!(list(None, 0), Vec::<RecordId>::new());
		// Paging through with the last id as the cursor gives every record once.
		let mut seen = Vec::new();
		let mut cursor = None;
		loop {
			let page = list(cursor, 50);
			let Some(last) = page.last().copied() else { break };
			seen.extend(page);
			cursor = Some(last);
		}
		assert_eq!(seen, all);
		// A cursor erased since restarts from the first page and skips what came before it.
		assert_ok!(Emr::erase_record(signed(PATIENT), all[70]));
		assert_eq!(list(Some(all[70]), 3), all[71..74]);
	});
}

#[test]
fn emptied_pages_go_and_new_records_still_land_on_the_last() {
	new_test_ext().execute_with(|| {
		let all = patient_anchors(0, RECORDS_PER_PAGE + 1);
		assert_ok!(Emr::erase_record(signed(PATIENT), all[64]));
		assert!(!PatientRecords::<Test>::contains_key(PATIENT, 1), "an emptied page has no entry");
		assert_eq!(PatientPages::<Test>::get(PATIENT), 1);
		let later = patient_anchors(100, 1);
		assert_eq!(PatientRecords::<Test>::get(PATIENT, 1).into_inner(), later);
		for id in &all[..10] {
			assert_ok!(Emr::erase_record(signed(PATIENT), *id));
		}
		assert_eq!(PatientRecords::<Test>::get(PATIENT, 0).into_inner(), all[10..64]);
		let listed = ids(Emr::records_of(&PATIENT, &PATIENT, None, None, 100));
		assert_eq!(listed, [&all[10..64], &later[..]].concat());
	});
}
