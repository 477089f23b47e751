//! The settings load, `Settings::load`, on a TOML file of known settings with arbitrary
//! values and of unknown keys: no panic, and every problem line starts with the setting
//! (or the unknown key) it is about.

use std::collections::BTreeMap;

use proptest::prelude::{any, prop, prop_assert, prop_oneof, proptest, Just, Strategy};
use serde_json::Value;

use crate::config::{ConfigError, RawSettings, Settings};
use crate::fuzz_tests::json::cases;

/// The settings' names, as `RawSettings` serialises them (so a new setting is fuzzed too).
fn known() -> Vec<String> {
    match serde_json::to_value(RawSettings::default()) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// A TOML basic string: JSON's escapes are TOML's, except DEL, which TOML wants escaped.
fn toml_string(s: &str) -> String {
    Value::from(s).to_string().replace('\u{7f}', "\\u007F")
}

fn toml_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        1 => any::<String>().prop_map(|s| toml_string(&s)),
        1 => Just(toml_string("")),
        1 => Just(toml_string("postgres://u:secret@h/db")),
        1 => Just(toml_string("09:00")),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        // Small numbers are where the checks' bounds (at least 1, at most ...) are.
        3 => (-2i64..4).prop_map(|n| n.to_string()),
        1 => any::<bool>().prop_map(|b| b.to_string()),
        1 => (-1e9f64..1e9).prop_map(|f| format!("{f:?}")),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(inner, 0..3).prop_map(|v| {
                let fields: Vec<String> = v.iter().enumerate().map(|(i, x)| format!("k{i} = {x}")).collect();
                format!("{{ {} }}", fields.join(", "))
            }),
        ]
    })
}

/// A key: one of the settings (most of the time) or any other text.
fn key() -> impl Strategy<Value = String> {
    let names = known();
    prop_oneof![
        4 => (0..names.len().max(1)).prop_map(move |i| names.get(i).cloned().unwrap_or_default()),
        1 => any::<String>(),
    ]
}

fn problems(file: &str) -> Result<Vec<String>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("goald.toml");
    std::fs::write(&path, file).map_err(|e| e.to_string())?;
    match Settings::load(Some(&path), &[]) {
        Ok(_) => Ok(Vec::new()),
        Err(ConfigError::Problems(lines)) => Ok(lines),
        Err(e) => Err(e.to_string()),
    }
}

/// Every problem starts `name:` with a name the file holds or a setting's name, even for a
/// value TOML cannot read at all (a number too large for its 64 bits: `config::read` finds
/// the key on the line the parser quotes).
fn each_names_its_setting(keys: &[String], lines: &[String]) -> Result<(), String> {
    let names: Vec<String> = known().into_iter().chain(keys.iter().cloned()).collect();
    let named = |line: &String| names.iter().any(|n| !n.is_empty() && line.starts_with(&format!("{n}:")));
    match lines.iter().find(|line| !named(line)) {
        None => Ok(()),
        Some(line) => Err(format!("a problem names no setting: {line:?}")),
    }
}

#[test]
fn a_bad_value_and_an_unknown_key_are_named() {
    let lines = problems("database_max_connections = \"many\"\nnot_a_setting = 1\n").unwrap_or_default();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(each_names_its_setting(&["not_a_setting".to_owned()], &lines), Ok(()));
}

proptest! {
    // Each case writes a file and loads it (a few ms): 256 keep this under a second.
    #![proptest_config(cases(256))]

    #[test]
    fn any_settings_file_loads_or_names_each_setting(entries in prop::collection::btree_map(key(), toml_value(), 0..6)) {
        let entries: BTreeMap<String, String> = entries;
        let file: String = entries.iter().map(|(k, v)| format!("{} = {v}\n", toml_string(k))).collect();
        let keys: Vec<String> = entries.keys().cloned().collect();
        let lines = problems(&file);
        prop_assert!(lines.is_ok(), "{:?}", lines);
        let checked = each_names_its_setting(&keys, &lines.unwrap_or_default());
        prop_assert!(checked.is_ok(), "{:?} in\n{}", checked, file);
    }
}

/// Every setting with every edge value, one at a time: the bounds' edges are too few
/// among random values for 256 cases to reach each setting's (a planted panic on
/// `mail_concurrency = 0` went unseen at 3000 cases; this finds it).
#[test]
fn every_setting_at_every_edge_loads_or_is_named() {
    let edges =
        ["0", "-1", "1", "3", "18446744073709551616", "1.5", "true", "\"\"", "\" \"", "\"a\\u0000b\"", "[]", "{}"];
    for name in known() {
        for edge in edges {
            let file = format!("{name} = {edge}\n");
            let lines = problems(&file);
            assert!(lines.is_ok(), "{file}: {lines:?}");
            assert_eq!(
                each_names_its_setting(std::slice::from_ref(&name), &lines.unwrap_or_default()),
                Ok(()),
                "{file}"
            );
        }
    }
}
