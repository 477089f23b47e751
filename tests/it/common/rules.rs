//! The check the rule-equality tests share: every member's SQL visibility equals the pure
//! rule (CONTRACT §3 and §10) computed on the org as it is stored now.

use std::sync::Arc;

use goald::core::ids::OrgId;
use goald::org::OrgChart;
use goald::store::Store;
use goald::visibility::visible_goal_ids;

/// Reads the stored org and compares, for each member, `Store::visible_goal_ids` with the
/// rule on that snapshot; `context` names the backend, the org and what happened before.
pub async fn assert_everyone_sees_what_the_rule_says(store: &Arc<dyn Store>, org: &OrgId, context: &str) {
    let snapshot = store.snapshot(org).await.expect("snapshot").expect("org stored");
    let chart = OrgChart::new(&snapshot.members, &snapshot.teams).with_policy(snapshot.org.policy.clone());
    for member in &snapshot.members {
        let sql = store.visible_goal_ids(org, &member.id).await.expect("visibility");
        let rule = visible_goal_ids(&chart, &member.id, &snapshot.goals);
        assert_eq!(sql, rule, "{context}: member {}", member.id);
    }
}
