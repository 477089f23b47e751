//! The operations a goal's history records. The texts are what the history table stores and
//! the API answers, so they never change; one enum keeps every writer to the same words.

use crate::core::text_enum;

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
    }
);

#[cfg(test)]
mod tests {
    use super::HistoryOp;

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
        assert_eq!(HistoryOp::ALL.len(), 15);
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
