//! What access control does, one concern a file: grants and the one access answer, requests
//! and their decisions, break-glass and its review, the audit trail, the idle sweep, the
//! runtime API's queries, and the checks calls start with.

pub(crate) mod audit;
pub(crate) mod break_glass;
pub(crate) mod checks;
pub(crate) mod grants;
pub(crate) mod queries;
pub(crate) mod requests;
pub(crate) mod sweep;
