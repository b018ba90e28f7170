//! Orders: each stage checked against its role and status, driving the registry.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_place_order(
		who: T::AccountId,
		staff: StaffMembership,
		manufacturer: OrgId,
		di: UdiDi,
		quantity: u32,
		custom: bool,
	) -> DispatchResult {
		ensure!(
			staff.kind == OrganisationKind::Hospital && staff.has_role(StaffRole::Admin),
			Error::<T>::NotAuthorised
		);
		ensure!(
			T::Membership::active_organisation(manufacturer)
				== Some(OrganisationKind::Manufacturer),
			Error::<T>::UnknownManufacturer
		);
		ensure!(!di.is_empty(), Error::<T>::InvalidCode);
		ensure!(T::Devices::issuer_of(&di) == Some(manufacturer), Error::<T>::NotTheManufacturer);
		ensure!(
			quantity >= 1 && quantity <= T::MaxDevicesPerOrder::get() && (!custom || quantity == 1),
			Error::<T>::InvalidQuantity
		);
		let id = Self::next_id::<NextOrderId<T>>()?;
		let order = Order {
			hospital: staff.org,
			manufacturer,
			di: di.clone(),
			quantity,
			custom,
			parameters: None,
			status: OrderStatus::Placed,
			placed_at: Self::now(),
		};
		let stage = OrderStage::Placed { manufacturer, di, quantity, custom };
		Self::list_order(id, &order);
		Self::advance(id, order, OrderStatus::Placed, stage, who, staff.org);
		Self::deposit_event(Event::OrderPlaced { order: id, hospital: staff.org, manufacturer });
		Ok(())
	}

	pub(crate) fn do_set_parameters(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		parameters: DocumentHash,
	) -> DispatchResult {
		let mut order = Self::order(id)?;
		ensure!(staff.org == order.hospital && staff.is_clinical(), Error::<T>::NotAuthorised);
		ensure!(order.custom, Error::<T>::NotCustom);
		ensure!(order.status == OrderStatus::Placed, Error::<T>::InvalidStage);
		order.parameters = Some(parameters);
		let stage = OrderStage::ParametersSet { parameters };
		Self::advance(id, order, OrderStatus::ParametersSet, stage, who, staff.org);
		Ok(())
	}

	pub(crate) fn do_record_materials(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		materials: BoundedVec<Material, MaxMaterials>,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(staff.acts_for(order.manufacturer, &SERVICE_ROLES), Error::<T>::NotAuthorised);
		let ready = if order.custom { OrderStatus::ParametersSet } else { OrderStatus::Placed };
		ensure!(
			order.status == ready || order.status == OrderStatus::MaterialsRecorded,
			Error::<T>::InvalidStage
		);
		ensure!(!materials.is_empty(), Error::<T>::NoMaterials);
		ensure!(materials.iter().all(|m| !m.di.is_empty()), Error::<T>::InvalidCode);
		for lot in materials.iter().filter_map(|m| m.lot.as_ref()) {
			Self::ensure_lot(lot)?;
		}
		let stage = OrderStage::MaterialsRecorded { materials };
		Self::advance(id, order, OrderStatus::MaterialsRecorded, stage, who, staff.org);
		Ok(())
	}

	pub(crate) fn do_record_production(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		devices: BoundedVec<DeviceId, T::MaxDevicesPerOrder>,
	) -> DispatchResult {
		let order = Self::order(id)?;
		ensure!(staff.acts_for(order.manufacturer, &SERVICE_ROLES), Error::<T>::NotAuthorised);
		ensure!(order.status == OrderStatus::MaterialsRecorded, Error::<T>::InvalidStage);
		ensure!(devices.len() as u32 == order.quantity, Error::<T>::WrongQuantity);
		for (i, device_id) in devices.iter().enumerate() {
			let device = T::Devices::device(*device_id).ok_or(Error::<T>::DeviceNotFound)?;
			ensure!(
				device.manufacturer == order.manufacturer
					&& device.udi.di == order.di
					&& device.lifecycle == Lifecycle::Manufactured,
				Error::<T>::WrongDevice
			);
			ensure!(!devices[..i].contains(device_id), Error::<T>::DuplicateDevice);
			ensure!(!DeviceOrder::<T>::contains_key(device_id), Error::<T>::DeviceAlreadyOrdered);
		}
		for device in devices.iter() {
			DeviceOrder::<T>::insert(device, id);
			Self::note_device(*device, DeviceEvent::Produced { order: id }, &who, Some(staff.org));
		}
		let stage = OrderStage::Produced { count: devices.len() as u32 };
		OrderDevices::<T>::insert(id, devices);
		Self::advance(id, order, OrderStatus::Produced, stage, who, staff.org);
		Ok(())
	}

	pub(crate) fn do_decide(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		reason: ReasonCode,
		approved: bool,
	) -> Result<u32, DispatchError> {
		let order = Self::order(id)?;
		ensure!(Self::is_officer(&staff), Error::<T>::NotAuthorised);
		ensure!(order.status == OrderStatus::Produced, Error::<T>::InvalidStage);
		Self::ensure_reason(&reason)?;
		let devices = OrderDevices::<T>::get(id);
		for device in devices.iter() {
			let entry = DeviceEvent::RegulatorDecision { order: id, approved };
			Self::note_device(*device, entry, &who, Some(staff.org));
		}
		let (status, stage) = if approved {
			(OrderStatus::Approved, OrderStage::Approved { reason })
		} else {
			(OrderStatus::Rejected, OrderStage::Rejected { reason })
		};
		Self::advance(id, order, status, stage, who, staff.org);
		Ok(devices.len() as u32)
	}

	pub(crate) fn do_ship(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		carrier: OrgId,
	) -> Result<u32, DispatchError> {
		let order = Self::order(id)?;
		ensure!(staff.acts_for(order.manufacturer, &SERVICE_ROLES), Error::<T>::NotAuthorised);
		ensure!(order.status == OrderStatus::Approved, Error::<T>::InvalidStage);
		// The order moves first so the registry's hook sees it approved and beyond.
		let devices = OrderDevices::<T>::get(id);
		let count = devices.len() as u32;
		let hospital = order.hospital;
		Self::advance(
			id,
			order,
			OrderStatus::Shipped,
			OrderStage::Shipped { carrier },
			who.clone(),
			staff.org,
		);
		for device in devices {
			let state = T::Devices::device(device).ok_or(Error::<T>::DeviceNotFound)?;
			if state.lifecycle == Lifecycle::Manufactured {
				T::Devices::transition(who.clone(), staff.clone(), device, Lifecycle::Released)?;
			}
			T::Devices::dispatch(who.clone(), staff.clone(), device, carrier, hospital)?;
		}
		Ok(count)
	}

	pub(crate) fn do_deliver(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		location: Option<LocationCode>,
	) -> Result<u32, DispatchError> {
		T::Devices::ensure_location(&location)?;
		let order = Self::order(id)?;
		ensure!(
			staff.acts_for(order.hospital, &[StaffRole::Admin, StaffRole::FieldServiceEngineer]),
			Error::<T>::NotAuthorised
		);
		ensure!(order.status == OrderStatus::Shipped, Error::<T>::InvalidStage);
		// A device recalled on its way stays with the carrier, who sets it aside.
		let (arriving, count) = Self::order_devices_in(id, Lifecycle::InTransit, |device| {
			device.recipient == Some(order.hospital)
		})?;
		for device in arriving {
			T::Devices::install(who.clone(), staff.clone(), device, location.clone())?;
		}
		Self::advance(id, order, OrderStatus::Delivered, OrderStage::Delivered, who, staff.org);
		Ok(count)
	}

	pub(crate) fn do_install(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
	) -> Result<u32, DispatchError> {
		let order = Self::order(id)?;
		ensure!(staff.acts_for(order.hospital, &SERVICE_ROLES), Error::<T>::NotAuthorised);
		ensure!(order.status == OrderStatus::Delivered, Error::<T>::InvalidStage);
		// A device recalled since it arrived is not put in service.
		let (installed, count) = Self::order_devices_in(id, Lifecycle::Installed, |device| {
			device.custodian == order.hospital
		})?;
		for device in installed {
			T::Devices::transition(who.clone(), staff.clone(), device, Lifecycle::InService)?;
		}
		Self::advance(id, order, OrderStatus::Installed, OrderStage::Installed, who, staff.org);
		Ok(count)
	}

	pub(crate) fn do_after_sales(
		who: T::AccountId,
		staff: StaffMembership,
		id: OrderId,
		kind: AfterSalesKind,
		cid: Cid,
		hash: DocumentHash,
	) -> Result<u32, DispatchError> {
		let order = Self::order(id)?;
		ensure!(
			staff.acts_for(order.manufacturer, &SERVICE_ROLES)
				|| staff.acts_for(order.hospital, &SERVICE_ROLES),
			Error::<T>::NotAuthorised
		);
		ensure!(order.status == OrderStatus::Installed, Error::<T>::InvalidStage);
		ensure!(is_cid_v1(&cid), Error::<T>::InvalidCid);
		let devices = OrderDevices::<T>::get(id);
		for device in devices.iter() {
			let entry = DeviceEvent::AfterSales { order: id, kind };
			Self::note_device(*device, entry, &who, Some(staff.org));
		}
		let stage = OrderStage::AfterSales { kind, cid, hash };
		Self::advance(id, order, OrderStatus::Installed, stage, who, staff.org);
		Self::deposit_event(Event::AfterSalesRecorded { order: id, kind });
		Ok(devices.len() as u32)
	}

	/// The devices of order `id` that read `lifecycle` (so none a recall covers) and pass
	/// `also`, and how many devices the order has (each was read); `NoDeviceReady` if none
	/// is ready.
	fn order_devices_in(
		id: OrderId,
		lifecycle: Lifecycle,
		also: impl Fn(&Device) -> bool,
	) -> Result<(Vec<DeviceId>, u32), DispatchError> {
		let devices = OrderDevices::<T>::get(id);
		let count = devices.len() as u32;
		let ready: Vec<DeviceId> = devices
			.into_iter()
			.filter(|device| {
				T::Devices::device(*device)
					.is_some_and(|device| device.lifecycle == lifecycle && also(&device))
			})
			.collect();
		ensure!(!ready.is_empty(), Error::<T>::NoDeviceReady);
		Ok((ready, count))
	}
}

/// A stage call's result without the weight it returns, for tests and benchmarks that take
/// the stages as `DispatchResult`s.
#[cfg(any(test, feature = "runtime-benchmarks"))]
pub(crate) fn without_weight(result: DispatchResultWithPostInfo) -> DispatchResult {
	result.map(|_| ()).map_err(|e| e.error)
}

/// What the runtime API reads of orders.
impl<T: Config> Pallet<T> {
	/// An order and the devices produced for it.
	pub fn order_with_devices(order: OrderId) -> Option<(Order, Vec<DeviceId>)> {
		Orders::<T>::get(order).map(|o| (o, OrderDevices::<T>::get(order).into_inner()))
	}

	/// The order a device was produced for, if any.
	pub fn order_of(device: DeviceId) -> Option<OrderId> {
		DeviceOrder::<T>::get(device)
	}
}
