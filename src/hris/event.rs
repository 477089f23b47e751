//! One HRIS event, parsed and validated at the boundary: a bad event names its field.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::core::ids::{EventId, MemberId, TeamId};
use crate::core::text::{Email, Name, TextError};
use crate::core::time::parse_instant;
use crate::org::{parse_time_zone, Locale, Role, TimeZone};

/// A member as `member.upserted` carries it (CONTRACT §2's member object).
#[derive(Debug, Clone, PartialEq)]
pub struct MemberFields {
    pub id: MemberId,
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    pub manager: Option<MemberId>,
    pub active: bool,
    pub locale: Option<Locale>,
    pub timezone: Option<TimeZone>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    MemberUpserted(MemberFields),
    ManagerChanged { member: MemberId, manager: Option<MemberId> },
    RoleChanged { member: MemberId, role: Role },
    Deactivated { member: MemberId },
    Reactivated { member: MemberId },
    TeamUpserted { team: TeamId, name: String },
    TeamMemberAdded { team: TeamId, member: MemberId },
    TeamMemberRemoved { team: TeamId, member: MemberId },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub kind: EventKind,
    /// The event as received, stored in the inbox.
    pub raw: Value,
}

/// What is wrong with an event, naming the field (`data.manager`, `occurred_at`, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {index}{}: {field}: {problem}", id.as_ref().map(|id| format!(" ({id:?})")).unwrap_or_default())]
pub struct EventError {
    /// Position in the batch, from 0.
    pub index: usize,
    pub id: Option<String>,
    pub field: String,
    pub problem: String,
}

impl EventKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            EventKind::MemberUpserted(_) => "member.upserted",
            EventKind::ManagerChanged { .. } => "member.manager_changed",
            EventKind::RoleChanged { .. } => "member.role_changed",
            EventKind::Deactivated { .. } => "member.deactivated",
            EventKind::Reactivated { .. } => "member.reactivated",
            EventKind::TeamUpserted { .. } => "team.upserted",
            EventKind::TeamMemberAdded { .. } => "team.member_added",
            EventKind::TeamMemberRemoved { .. } => "team.member_removed",
        }
    }
}

/// A body holding one event or a JSON array of events.
pub fn parse_events(body: &Value) -> Result<Vec<Event>, EventError> {
    match body {
        Value::Array(items) => items.iter().enumerate().map(|(i, item)| parse_event(i, item)).collect(),
        single => Ok(vec![parse_event(0, single)?]),
    }
}

struct Reader<'a> {
    index: usize,
    id: Option<String>,
    value: &'a Value,
}

impl Reader<'_> {
    fn error(&self, field: &str, problem: impl Into<String>) -> EventError {
        EventError { index: self.index, id: self.id.clone(), field: field.to_owned(), problem: problem.into() }
    }

    fn field(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(self.value, |v, key| v.get(key)).filter(|v| !v.is_null())
    }

    fn text(&self, path: &str) -> Result<String, EventError> {
        match self.field(path) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            Some(Value::String(_)) => Err(self.error(path, "is empty")),
            Some(_) => Err(self.error(path, "must be a string")),
            None => Err(self.error(path, "is missing")),
        }
    }

    fn opt_text(&self, path: &str) -> Result<Option<String>, EventError> {
        match self.field(path) {
            None => Ok(None),
            Some(_) => self.text(path).map(Some),
        }
    }

    fn member(&self, path: &str) -> Result<MemberId, EventError> {
        MemberId::parse(self.text(path)?).map_err(|e| self.error(path, e.to_string()))
    }

    fn team(&self, path: &str) -> Result<TeamId, EventError> {
        TeamId::parse(self.text(path)?).map_err(|e| self.error(path, e.to_string()))
    }

    /// Free text through its kind's parser; the refusal names this event's path.
    fn kind<T>(&self, path: &str, parse: fn(String) -> Result<T, TextError>) -> Result<T, EventError> {
        parse(self.text(path)?).map_err(|e| self.error(path, e.problem))
    }

    fn parsed<T: std::str::FromStr>(&self, path: &str) -> Result<T, EventError>
    where
        T::Err: std::fmt::Display,
    {
        self.text(path)?.parse().map_err(|e: T::Err| self.error(path, e.to_string()))
    }
}

fn parse_event(index: usize, value: &Value) -> Result<Event, EventError> {
    let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
    let r = Reader { index, id: id.clone(), value };
    if !value.is_object() {
        return Err(r.error("event", "must be a JSON object"));
    }
    // PostgreSQL stores the raw event and refuses a NUL anywhere in it: refuse it here, as a 4xx
    // the sender can fix, rather than as a 500 it would retry forever.
    if let Some(path) = nul_path(value, None) {
        return Err(r.error(&path, "contains a NUL character"));
    }
    let id = EventId::parse(r.text("id")?).map_err(|e| r.error("id", e.to_string()))?.into();
    let occurred_at = parse_instant(&r.text("occurred_at")?).map_err(|e| r.error("occurred_at", e))?;
    if !r.field("data").is_some_and(Value::is_object) {
        return Err(r.error("data", "must be an object"));
    }
    let kind = match r.text("type")?.as_str() {
        "member.upserted" => EventKind::MemberUpserted(member_fields(&r)?),
        "member.manager_changed" => {
            if r.value.get("data").and_then(|d| d.get("manager")).is_none() {
                return Err(r.error("data.manager", "is missing (null means no manager)"));
            }
            let manager = r.opt_text("data.manager")?;
            let manager = manager.map(|m| MemberId::parse(m).map_err(|e| r.error("data.manager", e.to_string())));
            EventKind::ManagerChanged { member: r.member("data.member")?, manager: manager.transpose()? }
        }
        "member.role_changed" => {
            EventKind::RoleChanged { member: r.member("data.member")?, role: r.parsed("data.role")? }
        }
        "member.deactivated" => EventKind::Deactivated { member: r.member("data.member")? },
        "member.reactivated" => EventKind::Reactivated { member: r.member("data.member")? },
        "team.upserted" => {
            let name = r.kind("data.name", Name::parse)?.into_string();
            EventKind::TeamUpserted { team: r.team("data.id")?, name }
        }
        "team.member_added" => {
            EventKind::TeamMemberAdded { team: r.team("data.team")?, member: r.member("data.member")? }
        }
        "team.member_removed" => {
            EventKind::TeamMemberRemoved { team: r.team("data.team")?, member: r.member("data.member")? }
        }
        other => return Err(r.error("type", format!("{other:?} is not an event type"))),
    };
    Ok(Event { id, occurred_at, kind, raw: value.clone() })
}

fn member_fields(r: &Reader<'_>) -> Result<MemberFields, EventError> {
    let manager = r.opt_text("data.manager")?;
    let active = match r.field("data.active") {
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(r.error("data.active", "must be true or false")),
        None => return Err(r.error("data.active", "is missing")),
    };
    let timezone = r.opt_text("data.timezone")?;
    Ok(MemberFields {
        id: r.member("data.id")?,
        name: r.kind("data.name", Name::parse)?.into_string(),
        email: match r.field("data.email") {
            None => None,
            Some(_) => Some(r.kind("data.email", Email::parse)?.into_string()),
        },
        role: r.parsed("data.role")?,
        manager: manager.map(|m| MemberId::parse(m).map_err(|e| r.error("data.manager", e.to_string()))).transpose()?,
        active,
        locale: r
            .opt_text("data.locale")?
            .map(|l| l.parse().map_err(|e: crate::core::UnknownValue| r.error("data.locale", e.to_string())))
            .transpose()?,
        timezone: timezone
            .map(|t| parse_time_zone(&t).map_err(|e| r.error("data.timezone", e.to_string())))
            .transpose()?,
    })
}

/// The path (`data.name`, `data.tags[2]`) of the first string or key holding a NUL.
/// `at` is `None` at the event itself, so an empty key still shows in the path (`.x`).
fn nul_path(value: &Value, at: Option<String>) -> Option<String> {
    let join = |key: &str| match &at {
        None => key.to_owned(),
        Some(at) => format!("{at}.{key}"),
    };
    match value {
        Value::String(s) if s.contains('\0') => Some(at.clone().unwrap_or_else(|| "event".to_owned())),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_path(v, Some(format!("{}[{i}]", at.as_deref().unwrap_or("event"))))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                Some(join(&k.escape_debug().to_string()))
            } else {
                nul_path(v, Some(join(k)))
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
#[path = "event_tests.rs"]
mod tests;
