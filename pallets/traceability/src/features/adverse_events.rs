//! Adverse-event reports (by staff, or filed for a patient) and their investigation.

use frame_support::{ensure, pallet_prelude::DispatchResult, BoundedVec};
use medchain_primitives::{
	codes,
	devices::{DeviceId, DeviceRegistry},
	is_cid_v1, OrgId, StaffMembership,
};
use sp_runtime::Saturating;

use crate::{
	year_of, AdverseEvent, AdverseEventId, AdverseEventReport, AdverseEvents,
	AdverseEventsByStatus, Config, DeviceEvent, Error, Event, InvestigationStatus,
	NextAdverseEventId, Pallet, ReasonCode, ReportCounts, ReportSource, ReportStats, ReportsFiled,
	Seriousness, StatusChange,
};
use alloc::vec::Vec;
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// Files `report` on device `id` by `who` of `org`, counting it under `source`.
	pub(crate) fn do_report(
		who: T::AccountId,
		org: Option<OrgId>,
		id: DeviceId,
		report: AdverseEventReport,
		source: ReportSource,
	) -> DispatchResult {
		ensure!(T::Devices::exists(id), Error::<T>::DeviceNotFound);
		ensure!(
			codes::is_event_code(&report.event_code)
				&& codes::is_outcome_code(&report.outcome_code),
			Error::<T>::InvalidCode
		);
		ensure!(is_cid_v1(&report.narrative_cid), Error::<T>::InvalidCid);
		let filed = ReportsFiled::<T>::get(&who, id);
		ensure!(filed < T::MaxReportsPerDevice::get(), Error::<T>::TooManyReports);
		let now = Self::now();
		ensure!(report.learned_at <= now, Error::<T>::LearnedInFuture);
		let late = now - report.learned_at > T::ReportingDeadline::get();
		let year = year_of(now);
		let event = Self::next_id::<NextAdverseEventId<T>>()?;
		let seriousness = report.seriousness;
		ReportsFiled::<T>::insert(&who, id, filed.saturating_add(1));
		ReportStats::<T>::mutate(year, (source, seriousness), |counts| {
			counts.reported.saturating_inc();
			if late {
				counts.late.saturating_inc();
			}
		});
		Self::refile::<AdverseEventsByStatus<T>, _, _>(event, None, InvestigationStatus::Reported);
		AdverseEvents::<T>::insert(
			event,
			AdverseEvent {
				device: id,
				report,
				reporter: who.clone(),
				source,
				reported_at: now,
				year,
				late,
				status: InvestigationStatus::Reported,
				history: BoundedVec::new(),
			},
		);
		Self::note_device(id, DeviceEvent::AdverseEventReported { event }, &who, org);
		Self::deposit_event(Event::AdverseEventReported { event, device: id, seriousness, late });
		Ok(())
	}

	pub(crate) fn do_advance_investigation(
		who: T::AccountId,
		staff: StaffMembership,
		id: AdverseEventId,
		to: InvestigationStatus,
		reason: ReasonCode,
	) -> DispatchResult {
		ensure!(Self::is_officer(&staff), Error::<T>::NotAuthorised);
		let mut event = AdverseEvents::<T>::get(id).ok_or(Error::<T>::AdverseEventNotFound)?;
		ensure!(event.status.may_become(to), Error::<T>::InvalidStatusChange);
		Self::ensure_reason(&reason)?;
		event
			.history
			.try_push(StatusChange { to, reason: reason.clone(), by: who, at: Self::now() })
			.map_err(|_| Error::<T>::InvalidStatusChange)?;
		Self::refile::<AdverseEventsByStatus<T>, _, _>(id, Some(event.status), to);
		event.status = to;
		if to == InvestigationStatus::Rejected {
			ReportStats::<T>::mutate(event.year, (event.source, event.report.seriousness), |c| {
				c.rejected.saturating_inc()
			});
		}
		AdverseEvents::<T>::insert(id, event);
		Self::deposit_event(Event::InvestigationAdvanced { event: id, status: to, reason });
		Ok(())
	}
}

/// What the runtime API reads of adverse events: a report, and the annual report's figures.
impl<T: Config> Pallet<T> {
	/// An adverse-event report and where its investigation stands.
	pub fn adverse_event(event: AdverseEventId) -> Option<AdverseEvent<T::AccountId>> {
		AdverseEvents::<T>::get(event)
	}

	/// Up to `limit` adverse-event counts of `year` by (source, seriousness), after
	/// `start_after` (storage order).
	pub fn adverse_event_stats(
		year: u16,
		start_after: Option<(ReportSource, Seriousness)>,
		limit: u32,
	) -> Vec<((ReportSource, Seriousness), ReportCounts)> {
		let iter = match start_after {
			Some(after) => ReportStats::<T>::iter_prefix_from(
				year,
				ReportStats::<T>::hashed_key_for(year, after),
			),
			None => ReportStats::<T>::iter_prefix(year),
		};
		iter.take(limit as usize).collect()
	}
}
