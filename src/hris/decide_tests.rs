use chrono::{DateTime, Utc};
use serde_json::json;

use super::{decide, fields, references, Awaited, Decision, Event, EventFacts, Field};
use crate::core::ids::MemberId;
use crate::hris::event::parse_events;
use crate::hris::EventKind;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn event(value: serde_json::Value) -> Event {
    parse_events(&value).unwrap().remove(0)
}

fn manager_change(occurred_at: &str) -> Event {
    event(json!({"id": "e1", "type": "member.manager_changed", "occurred_at": occurred_at,
                 "data": {"member": "eli", "manager": "fay"}}))
}

#[test]
fn an_event_naming_an_unknown_member_waits_and_says_who() {
    let fay = Awaited::Member(MemberId::parse("fay").unwrap());
    let facts = EventFacts { unknown: Some(fay.clone()), ..Default::default() };
    let Decision::Wait { why, on } = decide(&manager_change("2026-11-23T14:00:00Z"), &facts) else { panic!() };
    assert!(why.contains("\"fay\""), "{why}");
    assert_eq!(on, fay);
}

#[test]
fn an_event_older_than_the_last_applied_to_its_field_is_stale_and_an_equal_or_newer_applies() {
    let mut facts = EventFacts::default();
    facts.clocks.insert(Field::Manager, at("2026-11-23T14:00:00Z"));
    assert_eq!(decide(&manager_change("2026-11-22T09:00:00Z"), &facts), Decision::Stale);
    assert_eq!(
        decide(&manager_change("2026-11-23T14:00:00Z"), &facts),
        Decision::Apply { fields: vec![Field::Manager] }
    );
    // Another field's clock does not matter.
    let mut other = EventFacts::default();
    other.clocks.insert(Field::Role, at("2027-01-01T00:00:00Z"));
    assert_eq!(
        decide(&manager_change("2026-11-22T09:00:00Z"), &other),
        Decision::Apply { fields: vec![Field::Manager] }
    );
}

#[test]
fn an_upsert_writes_only_the_fields_no_newer_event_wrote() {
    let upsert = event(json!({"id": "e2", "type": "member.upserted", "occurred_at": "2026-11-23T10:00:00Z",
        "data": {"id": "eli", "name": "Eli", "email": null, "role": "employee", "manager": "cy", "active": true}}));
    let mut facts = EventFacts::default();
    facts.clocks.insert(Field::Manager, at("2026-11-23T14:00:00Z"));
    assert_eq!(decide(&upsert, &facts), Decision::Apply { fields: vec![Field::Profile, Field::Role, Field::Active] });
}

#[test]
fn a_manager_change_that_would_close_a_cycle_waits() {
    let facts = EventFacts { would_cycle: true, ..Default::default() };
    assert!(matches!(decide(&manager_change("2026-11-23T14:00:00Z"), &facts), Decision::Wait { .. }));
}

#[test]
fn every_field_reads_back_from_its_stored_text_and_an_unknown_one_is_named() {
    for field in Field::ALL {
        assert_eq!(field.as_str().parse::<Field>(), Ok(*field));
    }
    let error = "nickname".parse::<Field>().unwrap_err();
    assert!(error.to_string().contains("\"nickname\""), "{error}");
}

#[test]
fn each_event_writes_the_fields_of_its_subject() {
    let upsert = event(json!({"id": "e3", "type": "member.upserted", "occurred_at": "2026-11-23T10:00:00Z",
        "data": {"id": "eli", "name": "Eli", "role": "employee", "active": true}}));
    assert_eq!(fields(&upsert.kind), &[Field::Profile, Field::Manager, Field::Role, Field::Active]);
    let added = event(json!({"id": "e4", "type": "team.member_added", "occurred_at": "2026-11-23T10:00:00Z",
        "data": {"team": "core", "member": "eli"}}));
    assert_eq!(fields(&added.kind), &[Field::Membership]);
    assert_eq!(fields(&manager_change("2026-11-23T14:00:00Z").kind), &[Field::Manager]);
}

#[test]
fn a_manager_change_names_the_member_and_the_new_manager_once() {
    let event = manager_change("2026-11-23T14:00:00Z");
    let refs = references(&event.kind);
    let EventKind::ManagerChanged { member, manager: Some(manager) } = &event.kind else {
        panic!("a manager change with a manager")
    };
    assert_eq!(refs.members, vec![member.clone(), manager.clone()]);
    assert_eq!(refs.moved, Some((member.clone(), manager.clone())));
    assert_eq!(refs.team, None);
}
