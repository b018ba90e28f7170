//! Break-glass: emergency access without consent by a hospital's doctors and nurses, bounded
//! per day, shown to the patient, and reviewed by the clinician's organisation or, when the
//! patient flags it, by governance or the hospital that registered the patient.

use crate::*;
use medchain_primitives::OrganisationKind;

/// A UTC day in milliseconds.
const DAY: Moment = 86_400_000;

/// Whether `staff` may break the glass: a Doctor or Nurse of a hospital, where emergencies
/// are treated. Laboratories and pharmacies ask for consent instead.
pub fn may_break_glass(staff: &StaffMembership) -> bool {
	staff.kind == OrganisationKind::Hospital
		&& (staff.has_role(StaffRole::Doctor) || staff.has_role(StaffRole::Nurse))
}

/// `counted` with one more access today, if that stays within `max`.
fn one_more(counted: Option<DailyCount>, today: u32, max: u32) -> Option<DailyCount> {
	let count = counted.filter(|c| c.day == today).map_or(0, |c| c.count);
	(count < max).then_some(DailyCount { day: today, count: count.saturating_add(1) })
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_break_glass(
		accessor: T::AccountId,
		staff: StaffMembership,
		patient: T::AccountId,
		reason: EmergencyReason,
	) -> DispatchResult {
		ensure!(may_break_glass(&staff), Error::<T>::NotEmergencyStaff);
		ensure!(T::Membership::is_patient(&patient), Error::<T>::NotPatient);
		let now = Self::now();
		let still_open = LatestBreakGlass::<T>::get(&patient, &accessor)
			.and_then(BreakGlassAccesses::<T>::get)
			.is_some_and(|access| now < access.expires_at);
		ensure!(!still_open, Error::<T>::BreakGlassStillOpen);
		let today = u32::try_from(now / DAY).unwrap_or(u32::MAX);
		let patient_today = one_more(
			PatientBreakGlassToday::<T>::get(&patient),
			today,
			T::MaxBreakGlassPerPatientPerDay::get(),
		)
		.ok_or(Error::<T>::PatientBreakGlassLimit)?;
		let clinician_today = one_more(
			ClinicianBreakGlassToday::<T>::get(&accessor),
			today,
			T::MaxBreakGlassPerClinicianPerDay::get(),
		)
		.ok_or(Error::<T>::ClinicianBreakGlassLimit)?;
		let id = NextBreakGlassId::<T>::get();
		NextBreakGlassId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		PatientBreakGlassToday::<T>::insert(&patient, patient_today);
		ClinicianBreakGlassToday::<T>::insert(&accessor, clinician_today);
		let expires_at = now.saturating_add(T::BreakGlassDuration::get());
		BreakGlassAccesses::<T>::insert(
			id,
			BreakGlassAccess {
				accessor: accessor.clone(),
				org: staff.org,
				patient: patient.clone(),
				reason,
				started_at: now,
				expires_at,
				review: Review::Open,
			},
		);
		LatestBreakGlass::<T>::insert(&patient, &accessor, id);
		PatientBreakGlass::<T>::insert(&patient, id, ());
		OpenReviews::<T>::insert(staff.org, id, ());
		Self::log_consent(&patient, ConsentChange::BreakGlass(id), accessor.clone(), now);
		Self::deposit_event(Event::EmergencyAccessStarted {
			id,
			patient,
			accessor,
			org: staff.org,
			reason,
			expires_at,
		});
		Ok(())
	}

	pub(crate) fn do_close_review(
		reviewer: T::AccountId,
		staff: StaffMembership,
		id: BreakGlassId,
		outcome: ReviewOutcome,
	) -> DispatchResult {
		let mut access = BreakGlassAccesses::<T>::get(id).ok_or(Error::<T>::BreakGlassNotFound)?;
		// Nobody reviews their own emergency access; a flagged one only the patient's
		// registering hospital (or governance) reviews.
		let reviewing_org = match access.review {
			Review::Open => access.org,
			Review::Flagged { hospital, .. } => hospital,
			Review::Closed { .. } | Review::ClosedByGovernance { .. } => {
				return Err(Error::<T>::ReviewClosed.into())
			},
		};
		ensure!(
			staff.org == reviewing_org
				&& staff.has_role(StaffRole::Admin)
				&& reviewer != access.accessor,
			Error::<T>::NotReviewer
		);
		let now = Self::now();
		Self::dequeue_review(id, &access);
		access.review = Review::Closed { by: reviewer.clone(), outcome, at: now };
		Self::log_consent(&access.patient, ConsentChange::Reviewed(id), reviewer.clone(), now);
		BreakGlassAccesses::<T>::insert(id, access);
		Self::deposit_event(Event::EmergencyAccessReviewed { id, reviewer, outcome });
		Ok(())
	}

	pub(crate) fn do_flag_break_glass(patient: T::AccountId, id: BreakGlassId) -> DispatchResult {
		let mut access = BreakGlassAccesses::<T>::get(id).ok_or(Error::<T>::BreakGlassNotFound)?;
		ensure!(access.patient == patient, Error::<T>::NotYourBreakGlass);
		ensure!(!matches!(access.review, Review::Flagged { .. }), Error::<T>::AlreadyFlagged);
		// A patient is registered by a hospital; `ensure_patient` made sure of the patient.
		let hospital =
			T::Membership::registering_hospital(&patient).ok_or(Error::<T>::NotPatient)?;
		let now = Self::now();
		Self::dequeue_review(id, &access);
		access.review = Review::Flagged { hospital, at: now };
		FlaggedReviews::<T>::insert(hospital, id, ());
		Self::log_consent(&patient, ConsentChange::Flagged(id), patient.clone(), now);
		BreakGlassAccesses::<T>::insert(id, access);
		Self::deposit_event(Event::EmergencyAccessFlagged { id, patient, hospital });
		Ok(())
	}

	pub(crate) fn do_review_flagged(id: BreakGlassId, outcome: ReviewOutcome) -> DispatchResult {
		let mut access = BreakGlassAccesses::<T>::get(id).ok_or(Error::<T>::BreakGlassNotFound)?;
		ensure!(matches!(access.review, Review::Flagged { .. }), Error::<T>::NotFlagged);
		let now = Self::now();
		Self::dequeue_review(id, &access);
		access.review = Review::ClosedByGovernance { outcome, at: now };
		let patient = access.patient.clone();
		Self::log_consent(&patient, ConsentChange::Reviewed(id), patient.clone(), now);
		BreakGlassAccesses::<T>::insert(id, access);
		Self::deposit_event(Event::EmergencyAccessReviewedByGovernance { id, outcome });
		Ok(())
	}

	/// Takes `id` off the queue its review waits in, if any.
	fn dequeue_review(id: BreakGlassId, access: &BreakGlassAccess<T::AccountId>) {
		match access.review {
			Review::Open => OpenReviews::<T>::remove(access.org, id),
			Review::Flagged { hospital, .. } => FlaggedReviews::<T>::remove(hospital, id),
			Review::Closed { .. } | Review::ClosedByGovernance { .. } => {},
		}
	}
}
