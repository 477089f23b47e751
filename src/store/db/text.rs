//! The text forms SQLite stores instants and dates in, and JSON chunks of rows for
//! statements that read many rows from one parameter (json_each, json_to_recordset).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::core::time::{parse_date, parse_instant};
use crate::store::error::{Result, StoreError};
/// A text as explore's search compares it (lowercase, Unicode-aware): the goals' stored
/// `title_folded` and `description_folded` and the searched text go through this one
/// function, so both backends give the same answer whatever their own lower() does.
pub fn folded(text: &str) -> String {
    text.to_lowercase()
}

/// Rows per bulk statement: large enough to amortise the round trip, small enough
/// to keep each JSON text a few megabytes.
pub const CHUNK: usize = 5_000;

/// The one text form of an instant in the database: fixed width, so it sorts.
pub fn instant_text(at: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    // By hand: chrono's strftime re-parses its pattern on every call, millions of times an import.
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.nanosecond() / 1_000 % 1_000_000
    )
}

/// The one text form of a date: `YYYY-MM-DD`.
pub fn date_text(date: NaiveDate) -> String {
    // Display, not strftime: the same text without re-parsing a pattern per call.
    date.to_string()
}

pub fn read_instant(text: &str) -> Result<DateTime<Utc>> {
    parse_instant(text).map_err(StoreError::Corrupt)
}

pub fn read_date(text: &str) -> Result<NaiveDate> {
    parse_date(text).map_err(StoreError::Corrupt)
}

pub fn json_chunks<T: Serialize>(rows: &[T]) -> Result<Vec<String>> {
    rows.chunks(CHUNK)
        .map(|chunk| serde_json::to_string(chunk).map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect()
}

/// A slice of rows as one JSON array, for a statement that reads them all at once.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::{instant_text, read_instant};
    use chrono::{TimeZone, Utc};

    #[test]
    fn an_instant_is_written_in_the_fixed_width_form_that_sorts() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap() + chrono::Duration::microseconds(89);
        assert_eq!(instant_text(at), "2026-03-04T05:06:07.000089Z");
        assert_eq!(read_instant(&instant_text(at)).unwrap(), at);
    }
}
