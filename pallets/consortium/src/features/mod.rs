//! What the consortium does, one concern a file: organisations admitted and suspended, their
//! staff, patients registered, patient keys recovered, and the membership answers the other
//! pallets ask for.

pub(crate) mod checks;
pub(crate) mod membership;
pub(crate) mod organisations;
pub(crate) mod patients;
pub(crate) mod recovery;
pub(crate) mod staff;
