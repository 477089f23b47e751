use chrono::TimeZone as _;
use serde_json::json;

use super::*;
use crate::hris::parse_events;
use crate::org::Role;

fn ada() -> MemberState {
    MemberState {
        name: "Ada".into(),
        email: Some("ada@example.com".into()),
        role: Role::Employee,
        manager: None,
        active: true,
        locale: None,
        timezone: None,
    }
}

fn batch() -> EventBatch {
    EventBatch::new("b", chrono::Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap())
}

fn types(b: &EventBatch) -> Vec<&str> {
    b.events.iter().map(|e| e["type"].as_str().unwrap()).collect()
}

#[test]
fn a_new_member_with_a_manager_not_provisioned_yet_is_written_and_the_manager_waits() {
    let mut b = batch();
    let after = MemberState { manager: Some("boss".into()), ..ada() };
    b.member("m1", None, &after, false, None);
    assert_eq!(types(&b), ["member.upserted", "member.manager_changed"]);
    assert_eq!(b.events[0]["data"]["manager"], json!(null));
    assert_eq!(b.events[1]["data"], json!({"member": "m1", "manager": "boss"}));
    // Every event is one §6 reads.
    assert_eq!(parse_events(&json!(b.events)).unwrap().len(), 2);
}

#[test]
fn a_known_manager_goes_in_the_upsert() {
    let mut b = batch();
    b.member("m1", None, &MemberState { manager: Some("boss".into()), ..ada() }, true, None);
    assert_eq!(types(&b), ["member.upserted"]);
    assert_eq!(b.events[0]["data"]["manager"], json!("boss"));
}

#[test]
fn only_what_changed_becomes_an_event() {
    let mut b = batch();
    b.member("m1", Some(&ada()), &ada(), true, None);
    assert!(b.events.is_empty());
    b.member("m1", Some(&ada()), &MemberState { active: false, ..ada() }, true, None);
    b.member("m1", Some(&ada()), &MemberState { manager: Some("boss".into()), ..ada() }, true, None);
    b.member("m1", Some(&ada()), &MemberState { role: Role::Manager, ..ada() }, true, None);
    assert_eq!(types(&b), ["member.deactivated", "member.manager_changed", "member.role_changed"]);
    assert_eq!(parse_events(&json!(b.events)).unwrap().len(), 3);
}

#[test]
fn a_team_s_members_change_one_event_each() {
    let mut b = batch();
    let had = vec!["a".to_owned(), "b".to_owned()];
    b.team("t", Some(("Ops", &had)), "Ops", &["b".to_owned(), "c".to_owned()]);
    assert_eq!(types(&b), ["team.member_added", "team.member_removed"]);
    assert_eq!(b.events[1]["data"], json!({"team": "t", "member": "a"}));
}
