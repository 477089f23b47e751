//! The import file's parser and whole-file validation, as `goald import` runs them
//! (`ImportFile::parse`, then `import::validate` against an org with nothing stored yet):
//! on any JSON and on a mutated fixture, no panic, and every refusal names what is wrong.

use proptest::prelude::{any, prop_assert, proptest};
use proptest::sample::Index;
use serde_json::Value;

use crate::fuzz_tests::json::{config, mutate, mutation, value};
use crate::import::format::ImportFile;
use crate::import::{validate, ExistingOrg, ImportError};

const FIXTURE: &str = include_str!("../../tests/fixtures/example-org.json");

/// What a shape error's path starts with.
const SECTIONS: [&str; 4] = ["org", "members", "teams", "goals"];

/// The fields of the file's records (and `member`, `contributor` and `measurement` for a
/// reference or entry named by its kind) a validation problem starts with.
const FIELDS: [&str; 34] = [
    "id",
    "name",
    "email",
    "role",
    "manager",
    "active",
    "locale",
    "timezone",
    "members",
    "teams",
    "title",
    "description",
    "type",
    "state",
    "creator",
    "owner",
    "contributors",
    "visibility",
    "start_date",
    "end_date",
    "parent",
    "contributes_to_parent",
    "weight",
    "tracking",
    "progress",
    "status",
    "measurements",
    "created_at",
    "published_at",
    "updates",
    "member",
    "contributor",
    "measurement",
    "weights",
];

/// Problems about the entity as a whole, not one of its fields.
const WHOLE: [&str; 5] = ["appears twice", "form a cycle", "is their own manager", "is its own parent", "deep"];

/// A shape error names a path into the file, or the missing field; only a top level that
/// is not an object at all names no field, and then it says an import file was expected.
fn json_names_a_field(message: &str) -> bool {
    SECTIONS.iter().any(|s| message.starts_with(s))
        || message.starts_with("missing field `")
        || message.contains("expected struct ImportFile")
        || message == "the file must hold a JSON object"
}

/// A validation error names its entity kind and id (its type holds both); its problem
/// must start with a field of the record (`title: ...`, `manager "x" is not ...`,
/// `updates[0]: ...`), be the entity's id refused (`goal id is empty`), or be a problem of the entity as a whole.
fn invalid_names_a_field(problem: &str) -> bool {
    let first = problem.split([':', ' ', '[', '.']).next().unwrap_or_default();
    let id = ["org", "member", "team", "goal", "measurement"].iter().any(|k| problem.starts_with(&format!("{k} id ")));
    FIELDS.contains(&first) || id || WHOLE.iter().any(|w| problem.contains(w))
}

fn check(doc: &Value) -> Result<(), String> {
    let bytes = serde_json::to_vec(doc).map_err(|e| e.to_string())?;
    let refused = match ImportFile::parse(&bytes) {
        Ok(file) => match validate(file, &ExistingOrg::default()) {
            Ok(_) => return Ok(()),
            Err(e) => e,
        },
        Err(e) => e,
    };
    let fine = match &refused {
        ImportError::Json(message) => json_names_a_field(message),
        ImportError::Invalid { problem, .. } => invalid_names_a_field(problem),
    };
    if fine {
        Ok(())
    } else {
        Err(format!("the refusal names no field: {refused}"))
    }
}

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).unwrap_or(Value::Null)
}

#[test]
fn the_fixture_is_valid() {
    assert_eq!(check(&fixture()), Ok(()));
    let bytes = FIXTURE.as_bytes();
    assert!(ImportFile::parse(bytes).ok().map(|f| validate(f, &ExistingOrg::default()).is_ok()).unwrap_or(false));
}

#[test]
fn a_wrong_type_names_its_path() {
    // Found by this property: serde_json alone said only "invalid type ... at line 1 column 40".
    let mut doc = fixture();
    doc["goals"][0]["weight"] = Value::from("heavy");
    let message = ImportFile::parse(doc.to_string().as_bytes()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("goals[0].weight: invalid type"), "{message}");
}

#[test]
fn an_array_is_not_read_by_position() {
    // Found by this property: `[{...org...}]` was read as the file, errors naming `[0]`.
    let doc = Value::Array(vec![fixture()["org"].clone()]);
    assert!(matches!(ImportFile::parse(doc.to_string().as_bytes()), Err(ImportError::Json(m)) if m.contains("object")));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_json_is_imported_or_refused_naming_a_field(doc in value()) {
        let checked = check(&doc);
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }

    #[test]
    fn a_mutated_fixture_is_imported_or_refused_naming_a_field(at in any::<Index>(), m in mutation()) {
        let checked = check(&mutate(fixture(), at, m));
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}
