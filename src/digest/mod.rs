//! The weekly digest between the queue and the mail: what goes in one (`compose`,
//! pure) and the worker that claims due digests and sends them (`deliver`).

pub mod compose;
pub mod deliver;

pub use compose::{compose, file_stem, message_id, MailSettings};
pub use deliver::{deliver_due, DeliveryReport, DeliverySettings};
