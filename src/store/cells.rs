//! Rows as typed cells, in the order of their table's bulk column list: what SQLite binds
//! and what PostgreSQL's COPY reads, without building a JSON value per row.

use crate::store::rows::*;

/// One value of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    OptText(Option<&'a str>),
    Real(f64),
    OptReal(Option<f64>),
    Int(i64),
    Bool(bool),
}

/// A row that can list its cells; the order is the bulk statement's column order.
pub trait Cells {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>);
}

impl Cells for MemberRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.id),
            Cell::Text(self.name),
            Cell::OptText(self.email),
            Cell::Text(self.role),
            Cell::OptText(self.manager_id),
            Cell::Bool(self.active),
            Cell::Text(self.locale),
            Cell::Text(self.timezone),
            Cell::Int(self.line_key),
        ]);
    }
}

impl Cells for TeamRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.id), Cell::Text(self.name)]);
    }
}

impl Cells for TeamMemberRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.team_id), Cell::Text(self.member_id), Cell::Int(self.member_key)]);
    }
}

impl Cells for ReachRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.member_id), Cell::Int(self.lo), Cell::Int(self.hi)]);
    }
}

impl Cells for LineRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.manager_id), Cell::Text(self.report_id), Cell::Int(i64::from(self.depth))]);
    }
}

impl Cells for GoalRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.id),
            Cell::Text(self.title),
            Cell::OptText(self.description),
            Cell::Text(self.goal_type),
            Cell::Text(self.state),
            Cell::Text(self.creator_id),
            Cell::Text(self.owner_id),
            Cell::Text(self.visibility),
            Cell::Text(&self.start_date),
            Cell::Text(&self.end_date),
            Cell::OptText(self.parent_id),
            Cell::Bool(self.contributes_to_parent),
            Cell::OptReal(self.weight),
            Cell::Text(self.tracking),
            Cell::Real(self.progress),
            Cell::OptText(self.status),
            Cell::Text(&self.created_at),
            Cell::OptText(self.published_at.as_deref()),
            Cell::OptText(self.closed_at.as_deref()),
            Cell::OptText(self.archived_at.as_deref()),
            Cell::OptText(self.last_activity_at.as_deref()),
            Cell::Int(self.owner_key),
        ]);
    }
}

impl Cells for MemberContributorRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.goal_id), Cell::Text(self.member_id), Cell::Int(self.member_key)]);
    }
}

impl Cells for TeamContributorRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.goal_id), Cell::Text(self.team_id)]);
    }
}

impl Cells for MeasurementRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.goal_id),
            Cell::Text(self.id),
            Cell::Int(self.position as i64),
            Cell::Text(self.name),
            Cell::Text(self.kind),
            Cell::Real(self.start_value),
            Cell::Real(self.current_value),
            Cell::Real(self.target_value),
            Cell::OptReal(self.weight),
        ]);
    }
}

impl Cells for UpdateRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.goal_id),
            Cell::Text(&self.at),
            Cell::Text(self.author_id),
            Cell::OptReal(self.progress),
            Cell::OptText(self.comment),
            Cell::Bool(self.automatic),
        ]);
    }
}

/// Rows in PostgreSQL's COPY text format, org id first: tab-separated, `\N` for null,
/// with backslash, tab, newline and carriage return escaped.
pub fn copy_text(org: &str, cells: &[Cell<'_>], width: usize, out: &mut Vec<u8>) {
    for row in cells.chunks(width) {
        escape_copy(org, out);
        for cell in row {
            out.push(b'\t');
            match *cell {
                Cell::Text(text) | Cell::OptText(Some(text)) => escape_copy(text, out),
                Cell::Real(x) | Cell::OptReal(Some(x)) => out.extend_from_slice(x.to_string().as_bytes()),
                Cell::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
                Cell::Bool(flag) => out.push(if flag { b't' } else { b'f' }),
                Cell::OptText(None) | Cell::OptReal(None) => out.extend_from_slice(b"\\N"),
            }
        }
        out.push(b'\n');
    }
}

fn escape_copy(text: &str, out: &mut Vec<u8>) {
    for byte in text.bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bulk::{self, Bulk};

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
        assert_lines_up(&member, &bulk::UPSERT_MEMBERS);
        assert_lines_up(&TeamRow { id: "t", name: "n" }, &bulk::UPSERT_TEAMS);
        assert_lines_up(&TeamMemberRow { team_id: "t", member_id: "m", member_key: 1 }, &bulk::INSERT_TEAM_MEMBERS);
        assert_lines_up(&ReachRow { member_id: "m", lo: 1, hi: 2 }, &bulk::INSERT_MEMBER_REACH);
        assert_lines_up(&LineRow { manager_id: "a", report_id: "b", depth: 1 }, &bulk::INSERT_REPORTING_LINES);
        let contributor = MemberContributorRow { goal_id: "g", member_id: "m", member_key: 1 };
        assert_lines_up(&contributor, &bulk::INSERT_MEMBER_CONTRIBUTORS);
        assert_lines_up(&TeamContributorRow { goal_id: "g", team_id: "t" }, &bulk::INSERT_TEAM_CONTRIBUTORS);
        let update =
            UpdateRow { goal_id: "g", at: "x".into(), author_id: "a", progress: None, comment: None, automatic: false };
        assert_lines_up(&update, &bulk::INSERT_UPDATES);
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
        assert_lines_up(&measurement, &bulk::INSERT_MEASUREMENTS);
        let goal = GoalRow {
            id: "g",
            title: "t",
            description: None,
            goal_type: "team",
            state: "draft",
            creator_id: "c",
            owner_id: "o",
            visibility: "public",
            start_date: "2026-01-01".into(),
            end_date: "2026-12-31".into(),
            parent_id: None,
            contributes_to_parent: true,
            weight: None,
            tracking: "basic",
            progress: 0.0,
            status: None,
            created_at: "x".into(),
            published_at: None,
            closed_at: None,
            archived_at: None,
            last_activity_at: None,
            owner_key: 1,
        };
        assert_lines_up(&goal, &bulk::INSERT_GOALS);
        assert_lines_up(&goal, &bulk::UPSERT_GOALS);
    }

    #[test]
    fn copy_text_escapes_what_would_break_a_row_and_marks_nulls() {
        let cells = [Cell::Text("tab\there\nback\\slash"), Cell::OptText(None), Cell::Bool(true), Cell::Real(2.5)];
        let mut out = Vec::new();
        copy_text("org", &cells, 4, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "org\ttab\\there\\nback\\\\slash\t\\N\tt\t2.5\n");
    }
}
