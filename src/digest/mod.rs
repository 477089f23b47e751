//! The weekly digest between the queue and the mail: what goes in one (`compose`,
//! pure, with `label` telling same-title goals apart and `links` naming and linking it)
//! and the worker that claims due digests and sends them (`deliver`).

pub mod compose;
pub mod deliver;
#[cfg(test)]
mod fixtures;
mod label;
pub mod links;
pub mod manager_compose;
pub mod manager_deliver;
mod report;
mod settings;
mod suppress;

pub use compose::{compose, Addressee, MailSettings};
pub use deliver::{deliver_due, DeliveryReport, DeliverySettings};
pub use links::{file_stem, message_id, DEFAULT_GOAL_URL_TEMPLATE};
