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

fn member_upserted(name: &str, email: serde_json::Value) -> serde_json::Value {
    json!({"id": "e1", "type": "member.upserted", "occurred_at": "2026-11-23T16:00:00Z",
           "data": {"id": "ann", "name": name, "email": email, "role": "employee", "active": true}})
}

#[test]
fn a_name_with_a_line_break_or_a_bad_email_is_refused_naming_the_field() {
    let err = parse_events(&member_upserted("Ann\r\nBcc: all@example.com", json!(null))).unwrap_err();
    assert_eq!(err.field, "data.name", "{err}");
    let err = parse_events(&member_upserted(&"n".repeat(201), json!(null))).unwrap_err();
    assert_eq!(err.field, "data.name", "{err}");
    let err = parse_events(&member_upserted("Ann", json!("ann at example.com"))).unwrap_err();
    assert_eq!(err.field, "data.email", "{err}");
    assert!(parse_events(&member_upserted("Ann Smith", json!("ann@example.com"))).is_ok());
    let team = json!({"id": "e2", "type": "team.upserted", "occurred_at": "2026-11-23T16:00:00Z",
                      "data": {"id": "t", "name": "A\nB"}});
    assert_eq!(parse_events(&team).unwrap_err().field, "data.name");
}

#[test]
fn a_nul_anywhere_in_an_event_is_refused_naming_where() {
    let mut event = member_upserted("Ann", json!(null));
    event["data"]["extra"] = json!(["ok", "a\u{0}b"]);
    assert_eq!(parse_events(&event).unwrap_err().field, "data.extra[1]");
    let mut event = member_upserted("Ann", json!(null));
    event["id"] = json!("e\u{0}1");
    assert_eq!(parse_events(&event).unwrap_err().field, "id");
}

#[test]
fn an_event_id_is_an_id_bounded_like_the_others() {
    let mut event = member_upserted("Ann", json!(null));
    event["id"] = json!("e".repeat(crate::core::ids::MAX_ID_LEN + 1));
    assert_eq!(parse_events(&event).unwrap_err().field, "id");
    event["id"] = json!("evt 1");
    assert_eq!(parse_events(&event).unwrap_err().field, "id");
}

proptest::proptest! {
    #[test]
    fn any_name_parses_or_is_refused_naming_data_name(name in "\\PC*|.{0,250}|[a\r\n\0\u{85}]{0,5}") {
        if let Err(e) = parse_events(&member_upserted(&name, json!(null))) {
            proptest::prop_assert_eq!(e.field.as_str(), "data.name");
        }
    }
}

#[test]
fn a_nul_under_an_empty_key_keeps_the_empty_key_in_its_path() {
    // Found by fuzz_tests::hris: the empty key vanished and the path named no key of the event.
    let e = parse_events(&serde_json::json!({"": {"a\u{0}b": null}})).err().map(|e| e.field);
    assert_eq!(e.as_deref(), Some(".a\\0b"));
}
