//! The job boundary: a panic inside one job (one digest, one org's evaluation, one org's
//! HRIS events) is caught here and becomes that job's error, so the loop that ran it goes
//! on with the next. A leaf module, so both `digest` and `jobs` can use it.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt as _;

/// Runs `job`; a panic comes back as its message. `AssertUnwindSafe` is sound here: what a
/// job shares (the store, the mailer) is either behind the database's transactions or
/// behind locks that recover from poisoning, and the job's own state is dropped.
pub async fn catch<F: Future>(job: F) -> Result<F::Output, String> {
    AssertUnwindSafe(job).catch_unwind().await.map_err(|panic| message(panic.as_ref()))
}

/// What `panic!` was given, when it was text.
pub fn message(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_its_message_and_a_value_passes_through() {
        assert_eq!(catch(async { 7 }).await, Ok(7));
        let caught = catch(async { panic!("bad row {}", 3) }).await;
        assert_eq!(caught, Err::<(), _>("bad row 3".to_owned()));
    }
}
