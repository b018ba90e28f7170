//! Adverse events: staff reports, late flags, checks, and investigations (table-driven); the
//! calendar year a moment falls in.

use super::*;

#[test]
fn staff_report_adverse_events_and_late_reports_are_flagged() {
	new_test_ext().execute_with(|| {
		let (_, devices) = order_at(OrderStatus::Installed, 1);
		let id = devices[0];
		let now = START + 40 * 86_400_000;
		pallet_timestamp::Now::<Test>::put(now);
		// Exactly at the deadline: on time; one millisecond later: late. The first is a
		// patient's own report, which their clinician files for them.
		assert_ok!(Trace::report_for_patient(
			signed(OTHER_SURGEON),
			id,
			report(now - DEADLINE, Seriousness::Hospitalisation)
		));
		assert_last(Event::AdverseEventReported {
			event: 0,
			device: id,
			seriousness: Seriousness::Hospitalisation,
			late: false,
		});
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			id,
			report(now - DEADLINE - 1, Seriousness::Hospitalisation)
		));
		assert_last(Event::AdverseEventReported {
			event: 1,
			device: id,
			seriousness: Seriousness::Hospitalisation,
			late: true,
		});
		assert_ok!(Trace::report_adverse_event(
			signed(MAKER),
			id,
			report(now, Seriousness::NonSerious)
		));
		let first = AdverseEvents::<Test>::get(0).unwrap();
		assert_eq!(
			(first.source, first.reporter, first.year, first.late),
			(ReportSource::Patient, OTHER_SURGEON, 2027, false)
		);
		assert_eq!(first.status, InvestigationStatus::Reported);
		assert_eq!(
			AdverseEvents::<Test>::get(1).unwrap().source,
			ReportSource::Organisation(OrganisationKind::Hospital)
		);
		// The reports join the device's trail, each under its filer's organisation.
		let length = DeviceTrailHead::<Test>::get(id).length;
		let links = Trace::trace(id, length - 3, 3);
		assert_eq!(links[0].1.entry, DeviceEvent::AdverseEventReported { event: 0 });
		assert_eq!((links[0].1.by, links[0].1.org), (OTHER_SURGEON, Some(OTHER_HOSPITAL)));
		assert_eq!(links[1].1.org, Some(HOSPITAL));

		let stats = Trace::adverse_event_stats(2027, None, 100);
		assert_eq!(stats.len(), 3);
		let count = |source, seriousness| {
			stats.iter().find(|(key, _)| *key == (source, seriousness)).map(|(_, c)| *c)
		};
		assert_eq!(
			count(ReportSource::Patient, Seriousness::Hospitalisation),
			Some(ReportCounts { reported: 1, late: 0, rejected: 0 })
		);
		assert_eq!(
			count(
				ReportSource::Organisation(OrganisationKind::Hospital),
				Seriousness::Hospitalisation
			),
			Some(ReportCounts { reported: 1, late: 1, rejected: 0 })
		);
		assert!(Trace::adverse_event_stats(2026, None, 100).is_empty());
		// Paging through the year, one key at a time, reaches each key once.
		let mut seen = Vec::new();
		let mut after = None;
		while let Some((key, _)) = Trace::adverse_event_stats(2027, after, 1).pop() {
			seen.push(key);
			after = Some(key);
		}
		assert_eq!(seen.len(), 3);
	});
}

#[test]
fn adverse_event_reports_are_checked() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_noop!(
			Trace::report_adverse_event(signed(STRANGER), id, report(START, Seriousness::Death)),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), 99, report(START, Seriousness::Death)),
			Error::<Test>::DeviceNotFound
		);
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, report(START + 1, Seriousness::Death)),
			Error::<Test>::LearnedInFuture
		);
		let mut bad = report(START, Seriousness::Death);
		bad.narrative_cid = bytes("not-a-cid");
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, bad),
			Error::<Test>::InvalidCid
		);
		let mut bad = report(START, Seriousness::Death);
		bad.event_code = BoundedVec::new();
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, bad),
			Error::<Test>::InvalidCode
		);
		let mut bad = report(START, Seriousness::Death);
		bad.outcome_code = BoundedVec::new();
		assert_noop!(
			Trace::report_adverse_event(signed(SURGEON), id, bad),
			Error::<Test>::InvalidCode
		);
	});
}

#[test]
fn investigations_move_only_along_their_workflow() {
	use InvestigationStatus::*;
	let all = [Reported, UnderInvestigation, RootCauseFound, Closed, Rejected];
	let paths: [&[InvestigationStatus]; 5] = [
		&[],
		&[UnderInvestigation],
		&[UnderInvestigation, RootCauseFound],
		&[UnderInvestigation, RootCauseFound, Closed],
		&[Rejected],
	];
	let allowed = |from, to| {
		matches!(
			(from, to),
			(Reported, UnderInvestigation)
				| (UnderInvestigation, RootCauseFound)
				| (RootCauseFound, Closed)
				| (Reported | UnderInvestigation | RootCauseFound, Rejected)
		)
	};
	for (from, path) in all.into_iter().zip(paths) {
		for to in all {
			new_test_ext().execute_with(|| {
				let id = register("SN-1");
				assert_ok!(Trace::report_for_patient(
					signed(SURGEON),
					id,
					report(START, Seriousness::Disability)
				));
				for step in path {
					assert_ok!(Trace::advance_investigation(
						signed(OFFICER),
						0,
						*step,
						reason("R")
					));
				}
				assert_eq!(AdverseEvents::<Test>::get(0).unwrap().status, from);
				let result =
					Trace::advance_investigation(signed(OFFICER), 0, to, reason("IMDRF:C01"));
				if allowed(from, to) {
					assert_eq!(result, Ok(()), "{from:?} → {to:?}");
					assert_last(Event::InvestigationAdvanced {
						event: 0,
						status: to,
						reason: reason("IMDRF:C01"),
					});
					let event = AdverseEvents::<Test>::get(0).unwrap();
					assert_eq!(event.status, to);
					assert_eq!(event.history.last().unwrap().by, OFFICER);
					assert_eq!(event.history.len(), path.len() + 1);
				} else {
					assert_eq!(
						result,
						Err(Error::<Test>::InvalidStatusChange.into()),
						"{from:?} → {to:?}"
					);
				}
				let rejected = ReportStats::<Test>::get(
					2026,
					(ReportSource::Patient, Seriousness::Disability),
				)
				.rejected;
				assert_eq!(
					rejected,
					u32::from(AdverseEvents::<Test>::get(0).unwrap().status == Rejected)
				);
			});
		}
	}
}

#[test]
fn only_regulatory_officers_investigate() {
	new_test_ext().execute_with(|| {
		let id = register("SN-1");
		assert_ok!(Trace::report_adverse_event(
			signed(SURGEON),
			id,
			report(START, Seriousness::Death)
		));
		for who in [REGULATOR_ADMIN, MAKER, SURGEON, PATIENT] {
			assert_noop!(
				Trace::advance_investigation(
					signed(who),
					0,
					InvestigationStatus::UnderInvestigation,
					reason("R")
				),
				Error::<Test>::NotAuthorised
			);
		}
		assert_noop!(
			Trace::advance_investigation(
				signed(OFFICER),
				5,
				InvestigationStatus::UnderInvestigation,
				reason("R")
			),
			Error::<Test>::AdverseEventNotFound
		);
		assert_noop!(
			Trace::advance_investigation(
				signed(OFFICER),
				0,
				InvestigationStatus::UnderInvestigation,
				BoundedVec::new()
			),
			Error::<Test>::InvalidCode
		);
	});
}

#[test]
fn years_follow_the_gregorian_calendar() {
	assert_eq!(year_of(0), 1970);
	assert_eq!(year_of(START), 2026);
	// 2026-12-31T23:59:59.999Z and 2027-01-01T00:00:00Z.
	assert_eq!(year_of(1_798_761_599_999), 2026);
	assert_eq!(year_of(1_798_761_600_000), 2027);
	// 2024-02-29 (a leap day) and 2000-03-01.
	assert_eq!(year_of(1_709_164_800_000), 2024);
	assert_eq!(year_of(951_868_800_000), 2000);
}
