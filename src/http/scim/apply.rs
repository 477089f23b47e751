//! Applying the org's inbox after a SCIM write, once for many writers (a group commit):
//! a write is answered only once a pass of the inbox that started after its commit has
//! ended, but concurrent writers do not each run their own pass. One pass at a time
//! per org in this process: a writer whose commit an ended pass already covered is done
//! without a pass of its own; the others wait for the running pass, then one of them
//! runs the next, which takes every event committed before it started.
//!
//! Without this, sixteen concurrent writers run sixteen passes over the same events,
//! each taking the org's event lock in turn for events another pass already applied.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use crate::core::ids::OrgId;

/// One org's passes: commits are numbered as they end; `covered` is the number of
/// commits ended when the last ended pass started.
#[derive(Default)]
pub struct Passes {
    committed: AtomicU64,
    covered: AtomicU64,
    turn: tokio::sync::Mutex<()>,
}

/// The org's passes, shared by every request of this process.
pub fn passes(org: &OrgId) -> Arc<Passes> {
    static ORGS: LazyLock<Mutex<HashMap<String, Arc<Passes>>>> = LazyLock::new(Mutex::default);
    let mut orgs = ORGS.lock().unwrap_or_else(PoisonError::into_inner);
    orgs.entry(org.as_str().to_owned()).or_default().clone()
}

impl Passes {
    /// Called once the write's transaction committed: its number.
    pub fn committed(&self) -> u64 {
        self.committed.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Runs `pass` unless a pass that started after commit `mine` has ended already
    /// (then returns None without running it).
    pub async fn covering<F, Fut, T>(&self, mine: u64, pass: F) -> Option<T>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = T>,
    {
        if self.covered.load(Ordering::SeqCst) >= mine {
            return None;
        }
        let _turn = self.turn.lock().await;
        if self.covered.load(Ordering::SeqCst) >= mine {
            return None;
        }
        // Every commit numbered up to here ended before the pass reads the inbox.
        let start = self.committed.load(Ordering::SeqCst);
        let out = pass().await;
        self.covered.fetch_max(start, Ordering::SeqCst);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_commit_covered_by_an_ended_pass_runs_none() {
        let p = Passes::default();
        let first = p.committed();
        let second = p.committed();
        assert_eq!(p.covering(first, || async { 1 }).await, Some(1));
        // The pass started after both commits: the second is covered.
        assert_eq!(p.covering(second, || async { 2 }).await, None);
        let third = p.committed();
        assert_eq!(p.covering(third, || async { 3 }).await, Some(3));
    }

    #[tokio::test]
    async fn a_commit_after_a_pass_started_gets_a_pass_of_its_own() {
        let p = Arc::new(Passes::default());
        let first = p.committed();
        let inner = p.clone();
        let ran = p
            .covering(first, || async move {
                // Committed while the pass runs: that pass may have missed it.
                let late = inner.committed();
                assert!(inner.covered.load(Ordering::SeqCst) < late);
                late
            })
            .await;
        let late = ran.expect("ran");
        assert_eq!(p.covering(late, || async { "again" }).await, Some("again"));
    }

    #[test]
    fn each_org_has_its_own_passes() {
        let a = OrgId::parse("a-org").expect("id");
        let b = OrgId::parse("b-org").expect("id");
        assert!(Arc::ptr_eq(&passes(&a), &passes(&a)));
        assert!(!Arc::ptr_eq(&passes(&a), &passes(&b)));
    }
}
