//! What the registry does, one concern a file: registration, lifecycle moves, custody,
//! usage, condition and the service log, and the interface the pallets built on it use.

pub(crate) mod custody;
pub(crate) mod interface;
pub(crate) mod lifecycle;
pub(crate) mod registration;
pub(crate) mod service;
