use proptest::prelude::{prop_assert, prop_assert_eq, proptest};

use super::*;
use crate::core::ids::MAX_ID_LEN;

#[test]
fn a_nul_is_refused_in_every_kind_naming_the_field() {
    assert_eq!(Title::parse("a\0b").unwrap_err().field, "title");
    assert_eq!(Description::parse("a\0b").unwrap_err().field, "description");
    assert_eq!(Comment::parse("a\0b").unwrap_err().field, "comment");
    assert_eq!(Name::parse("a\0b").unwrap_err().field, "name");
    assert_eq!(MeasurementName::parse("a\0b").unwrap_err().field, "name");
    assert_eq!(SearchText::parse("a\0b").unwrap_err().field, "q");
    assert_eq!(Email::parse("a\0@b").unwrap_err().field, "email");
    assert!(Title::parse("a\0b").unwrap_err().problem.contains("NUL"));
}

#[test]
fn a_name_or_title_is_one_line_but_a_description_may_hold_lines_and_tabs() {
    for bad in ["Ann\r\nBcc: x@y", "a\tb", "a\u{2028}b", "a\u{85}b", "a\u{7f}b"] {
        assert!(Name::parse(bad).is_err(), "{bad:?}");
        assert!(Title::parse(bad).is_err(), "{bad:?}");
    }
    assert!(Description::parse("line 1\r\nline 2\tend").is_ok());
    assert!(Comment::parse("a\nb\tc").is_ok());
    assert!(Description::parse("bell\u{7}").is_err());
    assert!(Comment::parse("c1\u{9b}").is_err());
}

#[test]
fn each_limit_is_inclusive_and_counts_characters_not_bytes() {
    assert!(Title::parse("é".repeat(MAX_TITLE_LEN)).is_ok());
    assert!(Title::parse("é".repeat(MAX_TITLE_LEN + 1)).unwrap_err().problem.contains("255"));
    assert!(Description::parse("é".repeat(MAX_TEXT_LEN)).is_ok());
    assert!(Description::parse("é".repeat(MAX_TEXT_LEN + 1)).is_err());
    assert!(Name::parse("n".repeat(MAX_NAME_LEN)).is_ok());
    assert!(Name::parse("n".repeat(MAX_NAME_LEN + 1)).is_err());
    let local = "l".repeat(MAX_EMAIL_LEN - 2);
    assert!(Email::parse(format!("{local}@d")).is_ok());
    assert!(Email::parse(format!("{local}x@d")).is_err());
}

#[test]
fn required_kinds_refuse_blank_and_optional_ones_take_it() {
    assert!(Title::parse("  ").is_err());
    assert!(Name::parse("").is_err());
    assert!(Description::parse("").is_ok());
    assert!(SearchText::parse("").is_ok());
}

#[test]
fn an_email_needs_text_either_side_of_an_at_and_no_space() {
    assert!(Email::parse("ann@example.com").is_ok());
    for bad in ["ann", "@example.com", "ann@", "ann smith@example.com"] {
        assert_eq!(Email::parse(bad).unwrap_err().field, "email", "{bad:?}");
    }
}

/// docs/limits.md states every limit; the page and the constants must agree.
#[test]
fn the_limits_page_states_each_constant() {
    let page = include_str!("../../docs/limits.md");
    let rows = [
        ("Title", MAX_TITLE_LEN),
        ("Description", MAX_TEXT_LEN),
        ("Comment", MAX_TEXT_LEN),
        ("Name", MAX_NAME_LEN),
        ("Measurement name", MAX_MEASUREMENT_NAME_LEN),
        ("Email", MAX_EMAIL_LEN),
        ("Search text", MAX_QUERY_LEN),
        ("Id", MAX_ID_LEN),
        ("Event id", MAX_ID_LEN),
    ];
    for (kind, max) in rows {
        let row = page.lines().find(|l| l.starts_with(&format!("| {kind} |")));
        let row = row.unwrap_or_else(|| panic!("docs/limits.md has no row for {kind}"));
        let stated = row.split('|').nth(2).map(str::trim);
        assert_eq!(stated, Some(max.to_string().as_str()), "docs/limits.md, row {kind}");
    }
}

fn refusal_names_field(result: Result<(), TextError>, field: &str) -> Result<(), String> {
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.field == field && e.to_string().starts_with(field) && !e.problem.is_empty() => Ok(()),
        Err(e) => Err(format!("refusal {e:?} does not name {field}")),
    }
}

proptest! {
    #[test]
    fn any_string_is_kept_whole_or_refused_naming_the_field(value in "\\PC*|.{0,300}|[a\t\n\r\0\u{7f}\u{85}\u{2028}]{0,6}") {
        if let Ok(title) = Title::parse(value.clone()) {
            prop_assert_eq!(title.as_str(), value.as_str());
        }
        prop_assert!(refusal_names_field(Title::parse(value.clone()).map(|_| ()), "title").is_ok());
        prop_assert!(refusal_names_field(Description::parse(value.clone()).map(|_| ()), "description").is_ok());
        prop_assert!(refusal_names_field(Comment::parse(value.clone()).map(|_| ()), "comment").is_ok());
        prop_assert!(refusal_names_field(Name::parse(value.clone()).map(|_| ()), "name").is_ok());
        prop_assert!(refusal_names_field(MeasurementName::parse(value.clone()).map(|_| ()), "name").is_ok());
        prop_assert!(refusal_names_field(SearchText::parse(value.clone()).map(|_| ()), "q").is_ok());
        prop_assert!(refusal_names_field(Email::parse(value.clone()).map(|_| ()), "email").is_ok());
    }

    #[test]
    fn nothing_accepted_holds_a_nul_or_an_over_long_value(value in "[a\0]{0,3}|a{250,260}") {
        if let Ok(title) = Title::parse(value) {
            prop_assert!(!title.as_str().contains('\0'));
            prop_assert!(title.as_str().chars().count() <= MAX_TITLE_LEN);
        }
    }
}
