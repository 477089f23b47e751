use serde_json::json;

use super::*;
use crate::scim::schema::{ENTERPRISE, USER};

#[test]
fn a_user_is_stored_with_the_schema_spelling_and_real_booleans() {
    let body = json!({"schemas": [USER], "username": "ada@example.com", "ACTIVE": "False", "id": "x", "password": "p"});
    let user = normalize(Kind::User, &body).unwrap();
    assert_eq!(user, json!({"schemas": [USER], "userName": "ada@example.com", "active": false}));
}

#[test]
fn a_manager_sent_as_a_plain_string_becomes_a_reference() {
    let body = json!({"schemas": [USER, ENTERPRISE], "userName": "a", ENTERPRISE: {"manager": "m1"}});
    let user = normalize(Kind::User, &body).unwrap();
    assert_eq!(user[ENTERPRISE]["manager"], json!({"value": "m1"}));
}

#[test]
fn an_unknown_attribute_or_a_wrong_type_is_refused_naming_it() {
    let unknown = normalize(Kind::User, &json!({"schemas": [USER], "userName": "a", "shoeSize": 42})).unwrap_err();
    assert!(unknown.detail.contains("shoeSize"), "{unknown:?}");
    assert_eq!(unknown.scim_type, Some("invalidValue"));
    let wrong = normalize(Kind::User, &json!({"schemas": [USER], "userName": "a", "active": 3})).unwrap_err();
    assert!(wrong.detail.contains("active"), "{wrong:?}");
    let wrong = normalize(Kind::User, &json!({"schemas": [USER], "userName": 7})).unwrap_err();
    assert!(wrong.detail.contains("userName"), "{wrong:?}");
}

#[test]
fn a_user_without_user_name_or_with_a_foreign_schema_is_refused() {
    assert!(normalize(Kind::User, &json!({"schemas": [USER], "displayName": "A"})).is_err());
    assert!(normalize(Kind::User, &json!({"schemas": ["urn:x"], "userName": "a"})).is_err());
    assert!(normalize(Kind::Group, &json!({"schemas": [USER], "displayName": "a"})).is_err());
}
