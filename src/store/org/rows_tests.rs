//! Each row type lists its cells in its bulk statement's column order.

use super::{
    LineRow, MeasurementRow, MemberContributorRow, MemberRow, ReachRow, TeamContributorRow, TeamMemberRow, TeamRow,
    UpdateRow,
};
use crate::store::db::bulk::Bulk;
use crate::store::db::bulk::Cells;
use crate::store::org::tables;

/// The cells of `row` line up with `bulk`'s columns: as many, and in the order in
/// which the row's fields (named like the columns) serialize.
fn assert_lines_up<T: Cells + serde::Serialize>(row: &T, bulk: &Bulk) {
    let mut cells = Vec::new();
    row.cells(&mut cells);
    assert_eq!(cells.len(), bulk.columns.len(), "{}", bulk.table);
    let json = serde_json::to_string(row).unwrap();
    let positions: Vec<usize> = bulk
        .columns
        .iter()
        .map(|(name, _)| json.find(&format!("\"{name}\":")).unwrap_or_else(|| panic!("{name} in {json}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{} columns out of order: {json}", bulk.table);
}

#[test]
fn every_row_type_lists_its_cells_in_its_bulk_column_order() {
    let member = MemberRow {
        id: "m",
        name: "n",
        email: None,
        role: "employee",
        manager_id: None,
        active: true,
        locale: "en",
        timezone: "UTC",
        line_key: 1,
    };
    assert_lines_up(&member, &tables::UPSERT_MEMBERS);
    assert_lines_up(&TeamRow { id: "t", name: "n" }, &tables::UPSERT_TEAMS);
    assert_lines_up(&TeamMemberRow { team_id: "t", member_id: "m", member_key: 1 }, &tables::INSERT_TEAM_MEMBERS);
    assert_lines_up(&ReachRow { member_id: "m", lo: 1, hi: 2 }, &tables::INSERT_MEMBER_REACH);
    assert_lines_up(&LineRow { manager_id: "a", report_id: "b", depth: 1 }, &tables::INSERT_REPORTING_LINES);
    let contributor = MemberContributorRow { goal_id: "g", member_id: "m", member_key: 1 };
    assert_lines_up(&contributor, &tables::INSERT_MEMBER_CONTRIBUTORS);
    assert_lines_up(&TeamContributorRow { goal_id: "g", team_id: "t" }, &tables::INSERT_TEAM_CONTRIBUTORS);
    let update =
        UpdateRow { goal_id: "g", at: "x".into(), author_id: "a", progress: None, comment: None, automatic: false };
    assert_lines_up(&update, &tables::INSERT_UPDATES);
    let measurement = MeasurementRow {
        goal_id: "g",
        id: "m",
        position: 0,
        name: "n",
        kind: "percent",
        start_value: 0.0,
        current_value: 1.0,
        target_value: 2.0,
        weight: None,
    };
    assert_lines_up(&measurement, &tables::INSERT_MEASUREMENTS);
}
