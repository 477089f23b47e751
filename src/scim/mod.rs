//! SCIM 2.0 (RFC 7643, RFC 7644) as goald's rules see it, pure: the schemas goald
//! serves (`schema`), a resource checked against them (`validate`), filters (`filter`),
//! PATCH paths and operations (`path`, `patch`), what a User or Group means for the org
//! (`mapping`) and the CONTRACT §6 events a change of one turns into (`events`).
//! The HTTP door is http/scim/, the storage store/scim/.

pub mod error;
pub mod events;
pub mod filter;
mod filter_tokens;
pub mod list;
pub mod mapping;
pub mod patch;
pub mod path;
pub mod schema;
pub mod token;
pub mod validate;

pub use error::{ScimError, ScimResult};
pub use schema::Kind;
