use serde_json::{json, Value};

use super::*;
use crate::scim::schema::{ENTERPRISE, GROUP, USER};

fn user() -> Value {
    json!({"schemas": [USER], "userName": "ada@example.com", "active": true,
           "emails": [{"value": "ada@example.com", "type": "work", "primary": true}]})
}

fn patch(kind: Kind, doc: &Value, ops: Value) -> ScimResult<Value> {
    apply(kind, doc, &json!({"schemas": [PATCH_OP], "Operations": ops}))
}

#[test]
fn entra_s_replace_with_a_boolean_string_deactivates() {
    let out = patch(Kind::User, &user(), json!([{"op": "Replace", "path": "active", "value": "False"}])).unwrap();
    assert_eq!(out["active"], json!(false));
    let out = patch(Kind::User, &user(), json!([{"op": "replace", "value": {"active": "False"}}])).unwrap();
    assert_eq!(out["active"], json!(false));
}

#[test]
fn add_and_replace_are_interchangeable_on_a_single_value() {
    for op in ["Add", "Replace", "add"] {
        let out = patch(Kind::User, &user(), json!([{"op": op, "path": "displayName", "value": "Ada L."}])).unwrap();
        assert_eq!(out["displayName"], json!("Ada L."), "{op}");
    }
}

#[test]
fn entra_s_email_value_path_replaces_the_work_email_or_makes_it() {
    let ops = json!([{"op": "Add", "path": "emails[type eq \"work\"].value", "value": "ada@new.example"}]);
    let out = patch(Kind::User, &user(), ops.clone()).unwrap();
    assert_eq!(out["emails"], json!([{"value": "ada@new.example", "type": "work", "primary": true}]));
    let bare = json!({"schemas": [USER], "userName": "ada@example.com"});
    let out = patch(Kind::User, &bare, ops).unwrap();
    assert_eq!(out["emails"], json!([{"type": "work", "value": "ada@new.example"}]));
}

#[test]
fn a_manager_sent_as_a_plain_string_through_the_extension_path_is_kept_as_a_reference() {
    let ops = json!([{"op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": "m1"}]);
    let out = patch(Kind::User, &user(), ops).unwrap();
    assert_eq!(out[ENTERPRISE]["manager"], json!({"value": "m1"}));
}

#[test]
fn removing_a_member_named_in_the_value_removes_that_member_only() {
    let group = json!({"schemas": [GROUP], "displayName": "Ops", "members": [{"value": "a"}, {"value": "b"}]});
    let ops = json!([{"op": "Remove", "path": "members", "value": [{"value": "a"}]}]);
    let out = patch(Kind::Group, &group, ops).unwrap();
    assert_eq!(out["members"], json!([{"value": "b"}]));
    let ops = json!([{"op": "remove", "path": "members[value eq \"b\"]"}]);
    let out = patch(Kind::Group, &out, ops).unwrap();
    assert!(out.get("members").is_none());
}

#[test]
fn adding_members_keeps_those_there_and_skips_duplicates() {
    let group = json!({"schemas": [GROUP], "displayName": "Ops", "members": [{"value": "a"}]});
    let ops = json!([{"op": "Add", "path": "members", "value": [{"value": "a"}, {"value": "c"}]}]);
    assert_eq!(patch(Kind::Group, &group, ops).unwrap()["members"], json!([{"value": "a"}, {"value": "c"}]));
}

#[test]
fn a_patch_adding_an_unknown_attribute_or_a_wrong_type_is_refused() {
    assert!(patch(Kind::User, &user(), json!([{"op": "add", "path": "shoeSize", "value": 3}])).is_err());
    assert!(patch(Kind::User, &user(), json!([{"op": "add", "path": "active", "value": "maybe"}])).is_err());
    assert!(patch(Kind::User, &user(), json!([{"op": "jump", "path": "active", "value": true}])).is_err());
    let e = patch(Kind::User, &user(), json!([{"op": "replace", "path": "emails[type eq \"work\"", "value": "x"}]))
        .unwrap_err();
    assert_eq!(e.scim_type, Some("invalidPath"));
}

#[test]
fn a_path_naming_an_extension_sets_or_removes_its_whole_object() {
    let ops = json!([{"op": "add", "path": ENTERPRISE, "value": {"manager": {"value": "m1"}}}]);
    let out = patch(Kind::User, &user(), ops).unwrap();
    assert_eq!(out[ENTERPRISE]["manager"], json!({"value": "m1"}));
    let out = patch(Kind::User, &out, json!([{"op": "remove", "path": ENTERPRISE}])).unwrap();
    assert!(out.get(ENTERPRISE).is_none());
}
