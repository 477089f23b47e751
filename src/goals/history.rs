//! The operations a goal's history records. The texts are what the history table stores and
//! the API answers, so they never change; one enum keeps every writer to the same words.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::core::text_enum;

/// The fields of a history entry's `before` that hold a goal id: a parent's `subgoal`
/// (linked, unlinked), a goal's old `parent` (updated, unlinked by a delete) and a copy's
/// `source`.
pub const GOAL_FIELDS: [&str; 3] = ["subgoal", "parent", "source"];

/// The goal ids that `before` names (in `GOAL_FIELDS`).
pub fn named_goals(before: &Value) -> BTreeSet<&str> {
    GOAL_FIELDS.iter().filter_map(|field| before.get(field).and_then(Value::as_str)).collect()
}

/// `before` as a reader is shown it: each goal id they cannot see (`sees` is false, a
/// deleted goal included) becomes `null`, so a history never names a goal its reader
/// could not open; everything else is kept.
pub fn redacted(mut before: Value, sees: impl Fn(&str) -> bool) -> Value {
    if let Value::Object(fields) = &mut before {
        for field in GOAL_FIELDS {
            if let Some(value) = fields.get_mut(field) {
                if value.as_str().is_some_and(|id| !sees(id)) {
                    *value = Value::Null;
                }
            }
        }
    }
    before
}

text_enum!(
    /// What happened to a goal, as one history line names it.
    HistoryOp {
        Created => "Created",
        Updated => "Updated",
        Published => "Published",
        OwnerChanged => "OwnerChanged",
        ContributorsChanged => "ContributorsChanged",
        ProgressAdded => "ProgressAdded",
        ProgressEdited => "ProgressEdited",
        ProgressDeleted => "ProgressDeleted",
        SubgoalLinked => "SubgoalLinked",
        SubgoalUnlinked => "SubgoalUnlinked",
        Closed => "Closed",
        Archived => "Archived",
        Unarchived => "Unarchived",
        Duplicated => "Duplicated",
        Deleted => "Deleted",
        CommentEdited => "CommentEdited",
        CommentDeleted => "CommentDeleted",
        Nudged => "Nudged",
        Cheered => "Cheered",
    }
);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{named_goals, redacted, HistoryOp};

    #[test]
    fn goal_ids_the_reader_cannot_see_become_null_and_the_rest_is_kept() {
        let sees = |id: &str| id == "seen";
        assert_eq!(redacted(json!({"subgoal": "hidden"}), sees), json!({"subgoal": null}));
        assert_eq!(redacted(json!({"subgoal": "seen"}), sees), json!({"subgoal": "seen"}));
        let update = json!({"title": "t", "parent": "hidden", "owner": "dee", "weight": 20.0});
        assert_eq!(redacted(update, sees), json!({"title": "t", "parent": null, "owner": "dee", "weight": 20.0}));
        assert_eq!(redacted(json!({"source": "hidden"}), sees), json!({"source": null}));
        assert_eq!(redacted(json!({"parent": null}), sees), json!({"parent": null}));
        assert_eq!(redacted(json!([1, 2]), sees), json!([1, 2]));
    }

    #[test]
    fn the_named_goals_are_those_of_the_goal_fields() {
        let before = json!({"subgoal": "a", "parent": "b", "source": "c", "owner": "dee"});
        assert_eq!(named_goals(&before).into_iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert!(named_goals(&json!({"parent": null})).is_empty());
    }

    #[test]
    fn every_operation_reads_back_from_its_stored_text() {
        for op in HistoryOp::ALL {
            assert_eq!(op.as_str().parse::<HistoryOp>(), Ok(*op));
        }
    }

    #[test]
    fn the_stored_texts_are_the_variant_names_rows_already_hold() {
        for op in HistoryOp::ALL {
            assert_eq!(op.as_str(), format!("{op:?}"));
        }
        assert_eq!(HistoryOp::ALL.len(), 19);
    }

    #[test]
    fn an_unknown_text_is_refused_and_named() {
        let error = "Renamed".parse::<HistoryOp>().unwrap_err();
        assert!(error.to_string().contains("\"Renamed\""), "{error}");
    }

    #[test]
    fn it_serializes_as_its_text() {
        assert_eq!(serde_json::to_value(HistoryOp::SubgoalUnlinked).unwrap(), serde_json::json!("SubgoalUnlinked"));
    }
}
