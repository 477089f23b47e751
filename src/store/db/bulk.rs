//! Bulk writes, built once from a column list per table: the statements (`Bulk`), rows
//! as typed cells (`Cells`), and the writer that picks the fastest way in per backend.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::store::db::text::{date_text, instant_text, json_text, CHUNK};
use crate::store::db::{DbTx, Param};
use crate::store::error::Result;

/// A column of a bulk insert: its name (also the JSON field) and its PostgreSQL type.
pub type Column = (&'static str, &'static str);

/// Most bound values in one SQLite statement (its limit is 32,766).
const SQLITE_MAX_VALUES: usize = 30_000;

/// One bulk insert, in both dialects. SQLite gets multi-row VALUES with bound values:
/// reading JSON there re-parses each row's object once per column. PostgreSQL gets the
/// whole chunk as one JSON array through json_to_recordset, parsed once.
pub struct Bulk {
    pub table: String,
    pub columns: &'static [Column],
    /// `copy TABLE (org_id, COLUMNS) from stdin` when the insert has no conflict clause.
    pub postgres_copy: Option<String>,
    /// The upsert reading a JSON array of rows (`$2`) with json_to_recordset.
    pub postgres_upsert: String,
    sqlite_head: String,
    sqlite_tail: String,
}

impl Bulk {
    pub fn new(table: &str, columns: &'static [Column], sqlite_conflict: &str, pg_conflict: &str) -> Self {
        let names = columns.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
        let pg_values = columns.iter().map(|(name, _)| format!("j.{name}")).collect::<Vec<_>>().join(", ");
        let pg_record = columns.iter().map(|(name, ty)| format!("{name} {ty}")).collect::<Vec<_>>().join(", ");
        let postgres_upsert = format!(
            "insert into {table} (org_id, {names}) select $1, {pg_values} \
             from json_to_recordset($2::json) as j({pg_record}) {pg_conflict}"
        );
        let postgres_copy = pg_conflict.is_empty().then(|| format!("copy {table} (org_id, {names}) from stdin"));
        Self {
            table: table.to_owned(),
            columns,
            postgres_copy,
            postgres_upsert,
            sqlite_head: format!("insert into {table} (org_id, {names}) values "),
            sqlite_tail: format!(" {sqlite_conflict}"),
        }
    }

    /// Same statement text in both dialects' conflict clauses.
    pub fn same(table: &str, columns: &'static [Column], on_conflict: &str) -> Self {
        Self::new(table, columns, on_conflict, on_conflict)
    }

    pub fn sqlite_rows_per_statement(&self) -> usize {
        (SQLITE_MAX_VALUES / (self.columns.len() + 1)).max(1)
    }

    /// The SQLite statement for `rows` rows: `(?, ?, ...)` per row, org id first.
    pub fn sqlite_statement(&self, rows: usize) -> String {
        let one = format!("({})", vec!["?"; self.columns.len() + 1].join(", "));
        let mut sql = String::with_capacity(self.sqlite_head.len() + rows * (one.len() + 2) + self.sqlite_tail.len());
        sql.push_str(&self.sqlite_head);
        for i in 0..rows {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&one);
        }
        sql.push_str(&self.sqlite_tail);
        sql
    }
}

/// `on conflict (KEY) do update set c = excluded.c, ...` for every column but the key.
pub fn update_all(key: &str, columns: &[Column], skip: &[&str]) -> String {
    let sets = columns
        .iter()
        .filter(|(name, _)| !skip.contains(name))
        .map(|(name, _)| format!("{name} = excluded.{name}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("on conflict ({key}) do update set {sets}")
}

/// A row that can list its values; the order is the bulk statement's column order.
pub trait Cells {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>);
}

/// Writes `rows` with `bulk`: multi-row VALUES on SQLite, COPY on PostgreSQL when the
/// statement has no conflict clause, else one JSON array per chunk.
pub async fn write<T: Cells>(tx: &mut DbTx, bulk: &Bulk, org: &str, rows: &[T]) -> Result<()> {
    let started = std::time::Instant::now();
    let width = bulk.columns.len();
    let mut cells = Vec::new();
    if tx.is_sqlite() {
        for chunk in rows.chunks(bulk.sqlite_rows_per_statement()) {
            cells.clear();
            chunk.iter().for_each(|row| row.cells(&mut cells));
            let sql = bulk.sqlite_statement(chunk.len());
            tx.execute_sqlite_cells(&sql, org, &cells, width).await?;
        }
    } else if let Some(copy) = &bulk.postgres_copy {
        for chunk in rows.chunks(CHUNK * 4) {
            cells.clear();
            chunk.iter().for_each(|row| row.cells(&mut cells));
            let mut data = Vec::with_capacity(chunk.len() * 128);
            copy_text(org, &cells, width, &mut data);
            tx.copy_in_postgres(copy, &data).await?;
        }
    } else {
        for chunk in rows.chunks(CHUNK) {
            cells.clear();
            chunk.iter().for_each(|row| row.cells(&mut cells));
            let json = json_text(&JsonRows { columns: bulk.columns, cells: &cells })?;
            tx.execute_postgres(&bulk.postgres_upsert, &[Param::Text(org), Param::Text(&json)]).await?;
        }
    }
    let elapsed_ms = started.elapsed().as_millis() as u64;
    tracing::debug!(table = %bulk.table, rows = rows.len(), elapsed_ms, "bulk write");
    Ok(())
}

/// Rows in PostgreSQL's COPY text format, org id first: tab-separated, `\N` for null,
/// with backslash, tab, newline and carriage return escaped.
pub fn copy_text(org: &str, cells: &[Param<'_>], width: usize, out: &mut Vec<u8>) {
    for row in cells.chunks(width) {
        escape_copy(org, out);
        for cell in row {
            out.push(b'\t');
            match *cell {
                Param::Text(text) | Param::OptText(Some(text)) => escape_copy(text, out),
                Param::Real(x) | Param::OptReal(Some(x)) => out.extend_from_slice(x.to_string().as_bytes()),
                Param::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
                Param::Bool(flag) => out.push(if flag { b't' } else { b'f' }),
                Param::Instant(at) | Param::OptInstant(Some(at)) => out.extend_from_slice(instant_text(at).as_bytes()),
                Param::Date(date) => out.extend_from_slice(date_text(date).as_bytes()),
                Param::OptText(None) | Param::OptReal(None) | Param::OptInstant(None) => out.extend_from_slice(b"\\N"),
            }
        }
        out.push(b'\n');
    }
}

/// Rows as the JSON array json_to_recordset reads: one object per row, keyed by column.
struct JsonRows<'c, 'a> {
    columns: &'c [Column],
    cells: &'c [Param<'a>],
}

impl Serialize for JsonRows<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let width = self.columns.len().max(1);
        let mut rows = serializer.serialize_seq(Some(self.cells.len() / width))?;
        for row in self.cells.chunks(width) {
            rows.serialize_element(&JsonRow { columns: self.columns, row })?;
        }
        rows.end()
    }
}

struct JsonRow<'c, 'a> {
    columns: &'c [Column],
    row: &'c [Param<'a>],
}

impl Serialize for JsonRow<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.row.len()))?;
        for ((name, _), cell) in self.columns.iter().zip(self.row) {
            match *cell {
                Param::Text(text) | Param::OptText(Some(text)) => map.serialize_entry(name, text)?,
                Param::Real(x) | Param::OptReal(Some(x)) => map.serialize_entry(name, &x)?,
                Param::Int(n) => map.serialize_entry(name, &n)?,
                Param::Bool(flag) => map.serialize_entry(name, &flag)?,
                Param::Instant(at) | Param::OptInstant(Some(at)) => map.serialize_entry(name, &instant_text(at))?,
                Param::Date(date) => map.serialize_entry(name, &date_text(date))?,
                Param::OptText(None) | Param::OptReal(None) | Param::OptInstant(None) => {
                    map.serialize_entry(name, &Option::<()>::None)?
                }
            }
        }
        map.end()
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
    use super::{copy_text, Bulk, Param};

    #[test]
    fn a_sqlite_statement_has_one_placeholder_group_per_row() {
        let bulk = Bulk::same("t", &[("a", "text")], "");
        assert_eq!(bulk.sqlite_statement(2), "insert into t (org_id, a) values (?, ?), (?, ?) ");
    }

    #[test]
    fn copy_text_escapes_what_would_break_a_row_and_marks_nulls() {
        let cells = [Param::Text("tab\there\nback\\slash"), Param::OptText(None), Param::Bool(true), Param::Real(2.5)];
        let mut out = Vec::new();
        copy_text("org", &cells, 4, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "org\ttab\\there\\nback\\\\slash\t\\N\tt\t2.5\n");
    }
}
