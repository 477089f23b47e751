use serde_json::json;

use super::*;

#[test]
fn an_empty_policy_is_every_default() {
    let policy = OrgPolicy::parse(&json!({})).unwrap();
    assert_eq!(policy, OrgPolicy::default());
    assert!(!policy.widens_access());
    assert!(policy.may_make_organization_goals(Role::Manager));
    assert!(!policy.may_make_organization_goals(Role::Employee));
    assert_eq!(policy.pace_thresholds, PaceThresholds { on_track: 75.0, at_risk: 50.0 });
}

#[test]
fn every_key_is_read() {
    let policy = OrgPolicy::parse(&json!({
        "manager_editor": true, "waterfall_editors": true, "global_viewers": ["jo"],
        "managers_manage_reporting_line": true, "organization_goal_roles": ["employee"],
        "employees_assign_anyone": true, "same_visibility_alignment": true,
        "pace_thresholds": {"on_track": 60, "at_risk": 30}
    }))
    .unwrap();
    assert!(policy.manager_editor && policy.waterfall_editors && policy.managers_manage_reporting_line);
    assert!(policy.employees_assign_anyone && policy.same_visibility_alignment);
    assert_eq!(policy.global_viewers.iter().map(MemberId::as_str).collect::<Vec<_>>(), ["jo"]);
    assert!(policy.may_make_organization_goals(Role::Employee));
    assert!(!policy.may_make_organization_goals(Role::Executive));
    assert_eq!(policy.pace_thresholds, PaceThresholds { on_track: 60.0, at_risk: 30.0 });
}

#[test]
fn an_unknown_key_is_named() {
    let error = OrgPolicy::parse(&json!({"manager_editors": true})).unwrap_err();
    assert_eq!(error.to_string(), "policy.manager_editors: is not a policy key");
}

#[test]
fn a_value_of_the_wrong_type_names_its_key() {
    for (policy, key) in [
        (json!({"manager_editor": "yes"}), "manager_editor"),
        (json!({"global_viewers": "jo"}), "global_viewers"),
        (json!({"global_viewers": [3]}), "global_viewers"),
        (json!({"organization_goal_roles": ["boss"]}), "organization_goal_roles"),
        (json!({"pace_thresholds": 70}), "pace_thresholds"),
        (json!({"pace_thresholds": {"on_track": "high"}}), "pace_thresholds.on_track"),
    ] {
        assert_eq!(OrgPolicy::parse(&policy).unwrap_err().key, key, "{policy}");
    }
}

#[test]
fn a_partial_threshold_object_keeps_the_other_default() {
    let policy = OrgPolicy::parse(&json!({"pace_thresholds": {"at_risk": 20}})).unwrap();
    assert_eq!(policy.pace_thresholds, PaceThresholds { on_track: 75.0, at_risk: 20.0 });
}

#[test]
fn thresholds_out_of_order_or_range_or_another_key_fail() {
    for thresholds in [
        json!({"on_track": 40, "at_risk": 60}),
        json!({"on_track": 120}),
        json!({"at_risk": -1}),
        json!({"off_track": 10}),
    ] {
        let error = OrgPolicy::parse(&json!({ "pace_thresholds": thresholds })).unwrap_err();
        assert!(error.key.starts_with("pace_thresholds"), "{error}");
    }
}

#[test]
fn a_policy_that_is_not_an_object_fails() {
    assert_eq!(OrgPolicy::parse(&json!([1])).unwrap_err().to_string(), "policy: must be a JSON object, not [1]");
}

#[test]
fn a_patch_changes_only_its_keys() {
    let start = OrgPolicy::parse(&json!({"manager_editor": true, "pace_thresholds": {"on_track": 60}})).unwrap();
    let patched = start.patched(&json!({"waterfall_editors": true, "pace_thresholds": {"at_risk": 10}})).unwrap();
    assert!(patched.manager_editor && patched.waterfall_editors);
    assert_eq!(patched.pace_thresholds, PaceThresholds { on_track: 60.0, at_risk: 10.0 });
}

#[test]
fn the_stored_text_reads_back_the_same_policy() {
    let policy = OrgPolicy::parse(&json!({"global_viewers": ["a", "b"], "employees_assign_anyone": true})).unwrap();
    assert_eq!(stored_policy(&policy.to_json().to_string()).unwrap(), policy);
}

#[test]
fn switches_that_widen_access_are_told_apart_from_those_that_do_not() {
    assert!(!OrgPolicy::parse(&json!({"employees_assign_anyone": true})).unwrap().widens_access());
    assert!(!OrgPolicy::parse(&json!({"same_visibility_alignment": true})).unwrap().widens_access());
    for key in ["manager_editor", "waterfall_editors", "managers_manage_reporting_line"] {
        assert!(OrgPolicy::parse(&json!({ key: true })).unwrap().widens_access(), "{key}");
    }
    assert!(OrgPolicy::parse(&json!({"global_viewers": ["x"]})).unwrap().widens_access());
}

#[test]
fn the_manager_digest_is_off_and_escalation_unset_by_default_and_both_are_read() {
    let default = OrgPolicy::default();
    assert_eq!((default.manager_digest, default.escalate_after_weeks), (ManagerDigestCadence::Off, None));
    let policy = OrgPolicy::parse(&json!({"manager_digest": "monthly", "escalate_after_weeks": 3})).unwrap();
    assert_eq!((policy.manager_digest, policy.escalate_after_weeks), (ManagerDigestCadence::Monthly, Some(3)));
    assert_eq!(OrgPolicy::parse(&policy.to_json()).unwrap(), policy);
    let off = policy.patched(&json!({"escalate_after_weeks": null})).unwrap();
    assert_eq!(off.escalate_after_weeks, None);
}

#[test]
fn a_bad_manager_digest_or_escalation_names_its_key() {
    let error = OrgPolicy::parse(&json!({"manager_digest": "daily"})).unwrap_err();
    assert_eq!(error.key, "manager_digest");
    for weeks in [json!(0), json!(-1), json!(2.5), json!("2"), json!(53)] {
        let error = OrgPolicy::parse(&json!({"escalate_after_weeks": weeks})).unwrap_err();
        assert_eq!(error.key, "escalate_after_weeks", "{weeks}");
    }
}

#[test]
fn require_category_is_off_by_default_read_by_name_and_stored() {
    assert!(!OrgPolicy::default().require_category);
    let policy = OrgPolicy::parse(&json!({"require_category": true})).unwrap();
    assert!(policy.require_category);
    assert_eq!(policy.to_json()["require_category"], json!(true));
    assert_eq!(stored_policy(&policy.to_json().to_string()).unwrap(), policy);
    let error = OrgPolicy::parse(&json!({"require_category": "yes"})).unwrap_err();
    assert_eq!(error.key, "require_category");
}
