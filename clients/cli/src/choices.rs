//! The chain's enums as command-line choices. Each mirrors the runtime's type variant for
//! variant (the conversion is checked by the compiler against the committed metadata), and
//! clap lists the choices in `--help` and refuses anything else before a transaction is made.

use medchain_client::api::runtime_types::{
	self as rt, bounded_collections::bounded_vec::BoundedVec,
};

macro_rules! choice {
	($(#[$doc:meta])* $name:ident => $target:path { $($variant:ident),+ $(,)? }) => {
		$(#[$doc])*
		#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
		// The variants are the runtime's own names (`PublicHealthEmergency`).
		#[allow(clippy::enum_variant_names)]
		pub enum $name { $($variant),+ }

		impl From<$name> for $target {
			fn from(choice: $name) -> Self {
				match choice { $($name::$variant => <$target>::$variant),+ }
			}
		}
	};
}

/// Choices as the runtime's sets take them: in the runtime's variant order (the order
/// declared here), each once.
pub fn set<C: Ord + Into<T>, T>(mut choices: Vec<C>) -> BoundedVec<T> {
	choices.sort();
	choices.dedup();
	BoundedVec(choices.into_iter().map(Into::into).collect())
}

choice! {
	/// A staff role.
	Role => rt::medchain_primitives::consortium::StaffRole {
		Admin, Doctor, Nurse, LabTechnician, Pharmacist, DeviceOperator, FieldServiceEngineer,
		RegulatoryOfficer, Registrar, Integration, RecordStore,
	}
}

choice! {
	/// A kind of member organisation.
	OrgKind => rt::medchain_primitives::consortium::OrganisationKind {
		Hospital, Manufacturer, Supplier, Logistics, Regulator, Laboratory, Pharmacy,
	}
}

choice! {
	/// A record's category: the FHIR resource type of its content.
	Category => rt::medchain_primitives::records::RecordCategory {
		DocumentReference, DiagnosticReport, Observation, MedicationRequest, ImagingStudy,
		Condition, Procedure, AllergyIntolerance, Immunization, CarePlan,
	}
}

choice! {
	/// What a grant allows.
	Access => rt::pallet_access_control::types::AccessLevel { Read, ReadWrite }
}

choice! {
	/// The HL7 v3 purpose of use.
	Purpose => rt::pallet_access_control::types::Purpose {
		Treatment, EmergencyTreatment, CareManagement, Payment, Operations, Research,
		PublicHealth,
	}
}

choice! {
	/// Why the glass is broken.
	Emergency => rt::pallet_access_control::types::EmergencyReason {
		PatientUnableToConsent, LifeThreatening, UrgentTreatment, PublicHealthEmergency,
	}
}

choice! {
	/// A break-glass review's outcome.
	Review => rt::pallet_access_control::types::ReviewOutcome { Justified, Unjustified }
}

choice! {
	/// A kind of service-log entry.
	LogKind => rt::pallet_device_registry::types::LogKind {
		ErrorLog, Maintenance, Calibration, DisplayPhoto, Inspection,
	}
}

choice! {
	/// How serious an adverse event was (FDA MedWatch outcome categories).
	Seriousness => rt::pallet_traceability::types::adverse_events::Seriousness {
		Death, LifeThreatening, Hospitalisation, Disability, InterventionRequired, NonSerious,
	}
}

choice! {
	/// A step of an adverse event's investigation.
	Investigation => rt::pallet_traceability::types::adverse_events::InvestigationStatus {
		Reported, UnderInvestigation, RootCauseFound, Closed, Rejected,
	}
}

choice! {
	/// A device's FHIR status.
	Status => rt::medchain_primitives::devices::RecordStatus { Active, Inactive, EnteredInError }
}

choice! {
	/// A device's FHIR availability.
	Availability => rt::medchain_primitives::devices::Availability {
		Available, Lost, Damaged, Destroyed,
	}
}

choice! {
	/// Why a device is in its status (IEEE 11073 operational state).
	StatusReason => rt::medchain_primitives::devices::StatusReason {
		Online, Paused, Standby, Offline, NotReady, TransducerDisconnected,
		HardwareDisconnected, Off,
	}
}

choice! {
	/// A device's operating mode.
	Mode => rt::medchain_primitives::devices::OperatingMode {
		Normal, Demonstration, Service, Standby,
	}
}

choice! {
	/// An after-sales stage of an order.
	AfterSales => rt::pallet_traceability::types::AfterSalesKind {
		ServiceVisit, SoftwareUpdate, Training, Complaint, Return,
	}
}

choice! {
	/// How a device was used on a patient.
	Usage => rt::pallet_traceability::types::PatientUse { Implant, Explant, Procedure }
}

choice! {
	/// What a carrier did with a device recalled on its way.
	Disposition => rt::pallet_device_registry::types::Disposition { Returned, Quarantined }
}

choice! {
	/// The agency that issued a UDI company prefix.
	Agency => rt::pallet_device_registry::types::IssuingAgency { Gs1, Hibcc, Iccbba }
}
