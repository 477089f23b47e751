//! Dates and instants as every door reads and prints them: `YYYY-MM-DD` dates and
//! RFC 3339 instants in, RFC 3339 in UTC with a `Z` out.

use chrono::{DateTime, NaiveDate, Utc};

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a date YYYY-MM-DD"))
}

pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{text:?} is not an RFC 3339 instant"))
}

/// RFC 3339 in UTC with a `Z`, seconds precision unless there are fractions: how the
/// reminder and HRIS answers print instants.
pub fn rfc3339_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// `#[serde(with = "crate::core::time::rfc3339")]`: an instant as [`rfc3339_text`].
pub(crate) mod rfc3339 {
    use chrono::{DateTime, Utc};

    pub fn serialize<S: serde::Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::rfc3339_text(*at))
    }
}

/// The same for an optional instant (`null` when absent).
pub(crate) mod opt_rfc3339 {
    use chrono::{DateTime, Utc};

    pub fn serialize<S: serde::Serializer>(at: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => super::rfc3339::serialize(at, serializer),
            None => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_and_dates_parse_and_name_what_is_wrong() {
        let at = parse_instant("2026-11-27T17:00:00-05:00").unwrap();
        assert_eq!(rfc3339_text(at), "2026-11-27T22:00:00Z");
        assert!(parse_instant("2026-11-27").unwrap_err().contains("\"2026-11-27\""));
        assert_eq!(parse_date("2026-02-28").unwrap().to_string(), "2026-02-28");
        assert!(parse_date("2026-02-30").unwrap_err().contains("YYYY-MM-DD"));
    }
}
