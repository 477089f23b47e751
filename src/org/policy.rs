//! An org's policy: the switches of CONTRACT §10 that turn on Betterworks' and 15Five's rules.
//! Parsed from JSON (the import file's `org.policy`, or a PATCH body) naming the key that is
//! wrong; with every key at its default the rules of §3–§9 hold unchanged.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::core::ids::MemberId;
use crate::org::role::Role;

/// §4's pace percents: `on_track` when progress ≥ on_track% of the expected progress,
/// `at_risk` when ≥ at_risk%, else off track.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaceThresholds {
    pub on_track: f64,
    pub at_risk: f64,
}

impl Default for PaceThresholds {
    fn default() -> Self {
        Self { on_track: 75.0, at_risk: 50.0 }
    }
}

crate::core::text_enum!(
    /// How often managers get the digest of their line (issue 17): `off` by default.
    ManagerDigestCadence {
        Off => "off",
        Weekly => "weekly",
        Monthly => "monthly",
    }
);

#[derive(Debug, Clone, PartialEq)]
pub struct OrgPolicy {
    pub manager_editor: bool,
    pub waterfall_editors: bool,
    pub global_viewers: BTreeSet<MemberId>,
    pub managers_manage_reporting_line: bool,
    pub organization_goal_roles: BTreeSet<Role>,
    pub employees_assign_anyone: bool,
    pub same_visibility_alignment: bool,
    pub pace_thresholds: PaceThresholds,
    pub manager_digest: ManagerDigestCadence,
    /// A goal reminded this many weeks in a row without an update is escalated to the
    /// owner's manager's digest; None (the default) is off.
    pub escalate_after_weeks: Option<u32>,
    /// Betterworks: every goal created, or published, names a category (goals/category.rs).
    pub require_category: bool,
}

impl Default for OrgPolicy {
    fn default() -> Self {
        Self {
            manager_editor: false,
            waterfall_editors: false,
            global_viewers: BTreeSet::new(),
            managers_manage_reporting_line: false,
            organization_goal_roles: [Role::Executive, Role::Collaborator, Role::Manager].into_iter().collect(),
            employees_assign_anyone: false,
            same_visibility_alignment: false,
            pace_thresholds: PaceThresholds::default(),
            manager_digest: ManagerDigestCadence::Off,
            escalate_after_weeks: None,
            require_category: false,
        }
    }
}

/// What is wrong with a policy object: always names the key (`policy.pace_thresholds.at_risk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// Empty when the policy itself is wrong (not an object).
    pub key: String,
    pub problem: String,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.key.as_str() {
            "" => write!(f, "policy: {}", self.problem),
            key => write!(f, "policy.{key}: {}", self.problem),
        }
    }
}

impl std::error::Error for PolicyError {}

fn wrong(key: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError { key: key.to_owned(), problem: problem.into() }
}

impl OrgPolicy {
    /// A whole policy object: missing keys take their defaults.
    pub fn parse(value: &Value) -> Result<Self, PolicyError> {
        Self::default().patched(value)
    }

    /// This policy with the keys of `patch` replaced (a JSON merge patch of one level; a
    /// partial `pace_thresholds` keeps the other threshold). The whole result is checked.
    pub fn patched(&self, patch: &Value) -> Result<Self, PolicyError> {
        let Value::Object(keys) = patch else {
            return Err(wrong("", format!("must be a JSON object, not {patch}")));
        };
        let mut policy = self.clone();
        for (key, value) in keys {
            match key.as_str() {
                "manager_editor" => policy.manager_editor = flag(key, value)?,
                "waterfall_editors" => policy.waterfall_editors = flag(key, value)?,
                "managers_manage_reporting_line" => policy.managers_manage_reporting_line = flag(key, value)?,
                "employees_assign_anyone" => policy.employees_assign_anyone = flag(key, value)?,
                "same_visibility_alignment" => policy.same_visibility_alignment = flag(key, value)?,
                "global_viewers" => {
                    policy.global_viewers = strings(key, value)?
                        .into_iter()
                        .map(|id| MemberId::parse(id).map_err(|e| wrong(key, e.to_string())))
                        .collect::<Result<_, _>>()?
                }
                "organization_goal_roles" => {
                    policy.organization_goal_roles = strings(key, value)?
                        .into_iter()
                        .map(|role| role.parse::<Role>().map_err(|e| wrong(key, e.to_string())))
                        .collect::<Result<_, _>>()?
                }
                "require_category" => policy.require_category = flag(key, value)?,
                "pace_thresholds" => policy.pace_thresholds = thresholds(policy.pace_thresholds, value)?,
                "manager_digest" => policy.manager_digest = cadence(key, value)?,
                "escalate_after_weeks" => policy.escalate_after_weeks = weeks(key, value)?,
                other => return Err(wrong(other, "is not a policy key")),
            }
        }
        Ok(policy)
    }

    /// The whole policy as JSON, every key present: what the store keeps and the API shows.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "manager_editor": self.manager_editor,
            "waterfall_editors": self.waterfall_editors,
            "global_viewers": self.global_viewers.iter().map(MemberId::as_str).collect::<Vec<_>>(),
            "managers_manage_reporting_line": self.managers_manage_reporting_line,
            "organization_goal_roles": self.organization_goal_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "employees_assign_anyone": self.employees_assign_anyone,
            "same_visibility_alignment": self.same_visibility_alignment,
            "pace_thresholds": {"on_track": self.pace_thresholds.on_track, "at_risk": self.pace_thresholds.at_risk},
            "manager_digest": self.manager_digest.as_str(),
            "escalate_after_weeks": self.escalate_after_weeks,
            "require_category": self.require_category,
        })
    }

    /// True when some switch changes who sees or edits a goal (so the store must look
    /// beyond §3's own paths). Editors and participants on goals count on their own.
    pub fn widens_access(&self) -> bool {
        self.manager_editor
            || self.waterfall_editors
            || !self.global_viewers.is_empty()
            || self.managers_manage_reporting_line
    }

    pub fn may_make_organization_goals(&self, role: Role) -> bool {
        self.organization_goal_roles.contains(&role)
    }
}

fn flag(key: &str, value: &Value) -> Result<bool, PolicyError> {
    value.as_bool().ok_or_else(|| wrong(key, format!("must be true or false, not {value}")))
}

fn cadence(key: &str, value: &Value) -> Result<ManagerDigestCadence, PolicyError> {
    let text = value.as_str().ok_or_else(|| wrong(key, format!("must be off, weekly or monthly, not {value}")))?;
    text.parse().map_err(|_| wrong(key, format!("must be off, weekly or monthly, not {value}")))
}

/// `null` is off; else a whole number of weeks from 1 to 52.
fn weeks(key: &str, value: &Value) -> Result<Option<u32>, PolicyError> {
    if value.is_null() {
        return Ok(None);
    }
    match value.as_u64() {
        Some(n @ 1..=52) => Ok(Some(n as u32)),
        _ => Err(wrong(key, format!("must be null (off) or a whole number of weeks from 1 to 52, not {value}"))),
    }
}

fn strings<'v>(key: &str, value: &'v Value) -> Result<Vec<&'v str>, PolicyError> {
    let Value::Array(items) = value else {
        return Err(wrong(key, format!("must be a list of strings, not {value}")));
    };
    items.iter().map(|item| item.as_str().ok_or_else(|| wrong(key, format!("{item} is not a string")))).collect()
}

fn thresholds(current: PaceThresholds, value: &Value) -> Result<PaceThresholds, PolicyError> {
    let key = "pace_thresholds";
    let Value::Object(keys) = value else {
        return Err(wrong(key, format!("must be an object with on_track and at_risk, not {value}")));
    };
    let mut out = current;
    for (name, number) in keys {
        let full = format!("{key}.{name}");
        let percent = number.as_f64().filter(|p| p.is_finite()).ok_or_else(|| wrong(&full, "must be a number"))?;
        match name.as_str() {
            "on_track" => out.on_track = percent,
            "at_risk" => out.at_risk = percent,
            _ => return Err(wrong(&full, "is not a pace threshold (on_track, at_risk)")),
        }
    }
    if !(0.0 <= out.at_risk && out.at_risk <= out.on_track && out.on_track <= 100.0) {
        return Err(wrong(
            key,
            format!("needs 0 <= at_risk <= on_track <= 100, got at_risk {} and on_track {}", out.at_risk, out.on_track),
        ));
    }
    Ok(out)
}

/// Parses a stored policy (always a full object written by [`OrgPolicy::to_json`]).
pub fn stored_policy(text: &str) -> Result<OrgPolicy, PolicyError> {
    let value: Value = serde_json::from_str(text).map_err(|e| wrong("", format!("stored text: {e}")))?;
    OrgPolicy::parse(&value)
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
