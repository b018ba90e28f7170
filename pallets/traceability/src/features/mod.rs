//! What traceability does, one concern a file: orders and their stages, device trails, uses
//! on patients, adverse events and their investigation, recalls, the lists clients page
//! through, and the checks calls start with.

pub(crate) mod adverse_events;
pub(crate) mod checks;
pub(crate) mod lists;
pub(crate) mod orders;
pub(crate) mod recalls;
pub(crate) mod trails;
pub(crate) mod uses;
