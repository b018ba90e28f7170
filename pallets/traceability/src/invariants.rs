//! The pallet's invariants, checked by `try_state` and the tests, and its weights' and
//! calls' bounds, checked by `integrity_test`.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants: [`Self::try_trails`], [`Self::try_recalls`], [`Self::try_uses`],
	/// [`Self::try_lists`].
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		Self::try_trails()?;
		Self::try_recalls()?;
		Self::try_uses()?;
		Self::try_lists()
	}

	/// The lists hold exactly what they list: every order under its hospital, its
	/// manufacturer and its status, every report and recall under its status, and no entry
	/// more.
	pub fn try_lists() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, order) in Orders::<T>::iter() {
			ensure!(
				OrdersOf::<T>::contains_key(order.hospital, id)
					&& OrdersOf::<T>::contains_key(order.manufacturer, id),
				"an order is not listed under its hospital and manufacturer"
			);
		}
		for (org, id) in OrdersOf::<T>::iter_keys() {
			ensure!(
				Orders::<T>::get(id).is_some_and(|o| o.hospital == org || o.manufacturer == org),
				"an order is listed under an organisation not party to it"
			);
		}
		Self::listed_by_status::<OrdersByStatus<T>, _, _>(
			Orders::<T>::iter().map(|(id, order)| (id, order.status)),
			("an order is not listed under its status", "an order is listed twice"),
		)?;
		Self::listed_by_status::<AdverseEventsByStatus<T>, _, _>(
			AdverseEvents::<T>::iter().map(|(id, event)| (id, event.status)),
			("a report is not listed under its status", "a report is listed twice"),
		)?;
		Self::listed_by_status::<RecallsByStatus<T>, _, _>(
			Recalls::<T>::iter().map(|(id, recall)| (id, recall.status)),
			("a recall is not listed under its status", "a recall is listed twice"),
		)
	}

	/// Every `(id, status)` of `items` is in the status index `Index`, and `Index` holds no
	/// other entry.
	fn listed_by_status<Index, Id, Status>(
		items: impl Iterator<Item = (Id, Status)>,
		(unlisted, twice): (&'static str, &'static str),
	) -> Result<(), sp_runtime::TryRuntimeError>
	where
		Index: frame_support::storage::IterableStorageDoubleMap<Status, Id, ()>,
		Id: codec::FullCodec,
		Status: codec::FullCodec,
	{
		let mut listed = 0usize;
		for (id, status) in items {
			listed += 1;
			ensure!(Index::contains_key(status, id), unlisted);
		}
		ensure!(Index::iter_keys().count() == listed, twice);
		Ok(())
	}

	/// Every trail is intact; every device of an order points back to it.
	pub fn try_trails() -> Result<(), sp_runtime::TryRuntimeError> {
		for order in Orders::<T>::iter_keys() {
			ensure!(Self::order_trail_intact(order), "an order's trail is broken");
		}
		for device in DeviceTrailHead::<T>::iter_keys() {
			ensure!(Self::device_trail_intact(device), "a device's trail is broken");
		}
		for (id, devices) in OrderDevices::<T>::iter() {
			for device in devices.iter() {
				ensure!(DeviceOrder::<T>::get(device) == Some(id), "a device lost its order");
			}
		}
		Ok(())
	}

	/// Every recall in force is confirmed and every confirmed recall is in force on all it
	/// covers.
	pub fn try_recalls() -> Result<(), sp_runtime::TryRuntimeError> {
		let in_force = RecalledModels::<T>::iter_values().map(|(recall, _)| recall);
		for recall in RecalledLots::<T>::iter_values().chain(in_force) {
			ensure!(
				Recalls::<T>::get(recall).is_some_and(|r| r.status == RecallStatus::Confirmed),
				"a recall in force is not confirmed"
			);
		}
		for (id, recall) in
			Recalls::<T>::iter().filter(|(_, r)| r.status == RecallStatus::Confirmed)
		{
			let indexed = match &recall.scope {
				RecallScope::Lots { di, lots } => {
					lots.iter().all(|lot| RecalledLots::<T>::get(lot_key(di, lot)) == Some(id))
				},
				RecallScope::Model { di, until } => {
					RecalledModels::<T>::get(model_key(di)) == Some((id, *until))
				},
			};
			ensure!(indexed, "a confirmed recall is not in force");
		}
		Ok(())
	}

	/// Every implanted device was last implanted under the pseudonym it is implanted under;
	/// no reporter is past the bound of reports.
	pub fn try_uses() -> Result<(), sp_runtime::TryRuntimeError> {
		for (device, pseudonym) in ImplantedIn::<T>::iter() {
			ensure!(
				DeviceUses::<T>::get(device, pseudonym)
					.is_some_and(|u| u.last == PatientUse::Implant),
				"an implant has no use under its pseudonym"
			);
		}
		ensure!(
			ReportsFiled::<T>::iter_values().all(|n| n <= T::MaxReportsPerDevice::get()),
			"a reporter is past the bound of reports on a device"
		);
		Ok(())
	}

	/// Every call's worst-case weight fits a block's normal class and its longest encoding
	/// fits a block: a call that could not would be refused whatever its arguments.
	pub(crate) fn do_integrity_test() {
		let devices = T::MaxDevicesPerOrder::get();
		medchain_primitives::weights::assert_calls_fit_a_block::<T>(
			"traceability",
			&[
				("place_order", <T as Config>::WeightInfo::place_order()),
				("stage", <T as Config>::WeightInfo::stage()),
				("record_production", <T as Config>::WeightInfo::record_production(devices)),
				("decide_order", <T as Config>::WeightInfo::decide_order(devices)),
				("ship_order", <T as Config>::WeightInfo::ship_order(devices)),
				("deliver_order", <T as Config>::WeightInfo::deliver_order(devices)),
				("install_order", <T as Config>::WeightInfo::install_order(devices)),
				("record_after_sales", <T as Config>::WeightInfo::record_after_sales(devices)),
				("record_use", <T as Config>::WeightInfo::record_use()),
				("report_adverse_event", <T as Config>::WeightInfo::report_adverse_event()),
				("advance_investigation", <T as Config>::WeightInfo::advance_investigation()),
				("issue_recall", <T as Config>::WeightInfo::issue_recall()),
				("decide_recall", <T as Config>::WeightInfo::decide_recall()),
				("enforce_recall", <T as Config>::WeightInfo::enforce_recall()),
				("withdraw_recall", <T as Config>::WeightInfo::withdraw_recall()),
			],
		);
		medchain_primitives::weights::assert_calls_fit_block_length::<T>(
			"traceability",
			&[
				("place_order", <(OrgId, UdiDi, u32, bool)>::max_encoded_len()),
				(
					"record_materials",
					<(OrderId, BoundedVec<Material, MaxMaterials>)>::max_encoded_len(),
				),
				(
					"record_production",
					<(OrderId, BoundedVec<DeviceId, T::MaxDevicesPerOrder>)>::max_encoded_len(),
				),
				(
					"record_after_sales",
					<(OrderId, AfterSalesKind, Cid, DocumentHash)>::max_encoded_len(),
				),
				("report_adverse_event", <(DeviceId, AdverseEventReport)>::max_encoded_len()),
				(
					"issue_recall",
					<(RecallScope, ReasonCode, Option<AdverseEventId>)>::max_encoded_len(),
				),
			],
		);
	}
}
