use serde_json::json;

use super::*;

#[test]
fn one_event_or_an_array_of_events_parses() {
    let one = json!({"id": "e1", "type": "member.deactivated", "occurred_at": "2026-11-23T16:00:00Z",
                     "data": {"member": "dee"}});
    let events = parse_events(&one).unwrap();
    assert_eq!(events[0].kind, EventKind::Deactivated { member: MemberId::parse("dee").unwrap() });
    let many = parse_events(&json!([one.clone(), one])).unwrap();
    assert_eq!(many.len(), 2);
}

#[test]
fn a_bad_event_names_its_field_and_position() {
    let cases = [
        (json!({"id": "e1", "type": "member.fired", "occurred_at": "2026-11-23T16:00:00Z", "data": {}}), "type"),
        (
            json!({"id": "e1", "type": "member.deactivated", "occurred_at": "yesterday", "data": {"member": "d"}}),
            "occurred_at",
        ),
        (
            json!({"id": "e1", "type": "member.deactivated", "occurred_at": "2026-11-23T16:00:00Z", "data": {}}),
            "data.member",
        ),
        (
            json!({"id": "e1", "type": "member.role_changed", "occurred_at": "2026-11-23T16:00:00Z",
                "data": {"member": "d", "role": "boss"}}),
            "data.role",
        ),
        (json!({"type": "member.deactivated", "occurred_at": "2026-11-23T16:00:00Z", "data": {"member": "d"}}), "id"),
        (
            json!({"id": "e1", "type": "member.manager_changed", "occurred_at": "2026-11-23T16:00:00Z",
                "data": {"member": "d"}}),
            "data.manager",
        ),
        (json!("not an object"), "event"),
    ];
    for (value, field) in cases {
        let err = parse_events(&json!([{"id": "ok", "type": "team.upserted", "occurred_at": "2026-11-23T16:00:00Z",
                                        "data": {"id": "t", "name": "T"}}, value]))
        .unwrap_err();
        assert_eq!((err.index, err.field.as_str()), (1, field), "{err}");
    }
}

#[test]
fn a_manager_set_to_null_means_no_manager() {
    let value = json!({"id": "e1", "type": "member.manager_changed", "occurred_at": "2026-11-23T16:00:00Z",
                       "data": {"member": "ada", "manager": null}});
    let kind = parse_events(&value).unwrap().remove(0).kind;
    assert_eq!(kind, EventKind::ManagerChanged { member: MemberId::parse("ada").unwrap(), manager: None });
}
