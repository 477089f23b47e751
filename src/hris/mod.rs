//! Org changes from the HRIS (CONTRACT §6): the events (`event`), what applying one
//! decides (`decide`, pure), and the webhook's signature check (`signature`).

pub mod decide;
pub mod event;
pub mod signature;

pub use decide::{decide, Decision, EventFacts};
pub use event::{parse_events, Event, EventError, EventKind, MemberFields};
