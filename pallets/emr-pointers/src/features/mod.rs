//! What the EMR pointers pallet does, one concern a file: records anchored, amended and
//! erased, anchored in batches, their readers' envelopes, and the runtime API's queries.

pub(crate) mod amendments;
pub(crate) mod batches;
pub(crate) mod envelopes;
pub(crate) mod erasure;
pub(crate) mod queries;
pub(crate) mod records;
