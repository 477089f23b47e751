use serde_json::json;

use super::*;

fn user() -> Value {
    json!({
        "userName": "Ada@Example.com", "active": true,
        "emails": [{"value": "ada@work.example", "type": "work"}, {"value": "ada@home.example", "type": "home"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m1"}}
    })
}

#[test]
fn okta_s_connection_test_filter_matches_without_case() {
    let f = parse(r#"userName eq "ada@example.com""#).unwrap();
    assert!(matches(&f, &user()));
    assert!(!matches(&parse(r#"userName eq "bob@example.com""#).unwrap(), &user()));
}

#[test]
fn and_or_not_and_value_paths_combine() {
    let u = user();
    assert!(matches(&parse(r#"userName sw "ada" and active eq true"#).unwrap(), &u));
    assert!(matches(&parse(r#"userName co "zzz" or emails[type eq "home" and value ew "home.example"]"#).unwrap(), &u));
    assert!(!matches(&parse(r#"not (userName pr)"#).unwrap(), &u));
    assert!(matches(&parse(r#"emails.value eq "ada@work.example""#).unwrap(), &u));
    let manager = r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m1""#;
    assert!(matches(&parse(manager).unwrap(), &u));
}

#[test]
fn a_filter_the_server_cannot_read_is_an_invalid_filter() {
    for bad in [
        r#"userName eq"#,
        r#"userName zz "a""#,
        r#"(userName eq "a""#,
        r#"userName eq "a" junk"#,
        r#"userName eq "a"#,
        r#"eq"#,
    ] {
        let e = parse(bad).unwrap_err();
        assert_eq!(e.scim_type, Some("invalidFilter"), "{bad}");
    }
}
