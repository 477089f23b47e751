//! The import file of CONTRACT §2, exactly as it is written: plain strings and numbers.
//! `validate` turns it into the domain model and names what is wrong.

use serde::{Deserialize, Serialize};

use crate::import::ImportError;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportFile {
    pub org: OrgRecord,
    #[serde(default)]
    pub members: Vec<MemberRecord>,
    #[serde(default)]
    pub teams: Vec<TeamRecord>,
    #[serde(default)]
    pub goals: Vec<GoalRecord>,
}

impl ImportFile {
    /// Reads an import file's bytes. A value of the wrong type names its path
    /// (`goals[2].weight: invalid type: ...`): serde_json alone gives only a line and column.
    pub fn parse(bytes: &[u8]) -> Result<Self, ImportError> {
        // serde reads a struct from an array too, field by position, naming `[0]`.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(ImportError::Json("the file must hold a JSON object".to_owned()));
        }
        let mut json = serde_json::Deserializer::from_slice(bytes);
        let file: Self = serde_path_to_error::deserialize(&mut json).map_err(|e| {
            let (path, inner) = (e.path().to_string(), e.inner().to_string());
            ImportError::Json(if path == "." { inner } else { format!("{path}: {inner}") })
        })?;
        json.end().map_err(|e| ImportError::Json(e.to_string()))?;
        Ok(file)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgRecord {
    pub id: String,
    pub name: String,
    pub timezone: String,
    pub locale: String,
    /// CONTRACT §10; checked by `OrgPolicy::parse`, which names a wrong key. Absent on a
    /// re-import: the stored policy stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
    /// The org's goal categories (Betterworks). Absent on a re-import: the stored ones stay;
    /// given, they replace the stored list (a category left out is deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<CategoryRecord>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryRecord {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemberRecord {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub role: String,
    pub manager: Option<String>,
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamRecord {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ContributorsRecord {
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub teams: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoalRecord {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub goal_type: String,
    pub state: String,
    pub creator: String,
    pub owner: String,
    #[serde(default)]
    pub contributors: ContributorsRecord,
    pub visibility: String,
    pub start_date: String,
    pub end_date: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default = "default_true")]
    pub contributes_to_parent: bool,
    #[serde(default)]
    pub weight: Option<f64>,
    pub tracking: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub measurements: Vec<MeasurementRecord>,
    pub created_at: String,
    #[serde(default)]
    pub published_at: Option<String>,
    #[serde(default)]
    pub updates: Vec<UpdateRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editors: Option<ContributorsRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<ContributorsRecord>,
    /// Absent (keep what is stored, or the owner's manager for a new goal), `null` (none)
    /// or a member id.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub manager_editor: Option<Option<String>>,
    /// Absent (keep what is stored, if that category stays), `null` (none) or a category id
    /// of the org (the file's `org.categories`, or the stored ones when it has none).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub category: Option<Option<String>>,
}

/// Tells a key given as `null` (`Some(None)`) from a missing one (`None`, by `default`).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeasurementRecord {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub start: f64,
    pub current: f64,
    pub target: f64,
    #[serde(default)]
    pub weight: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UpdateRecord {
    pub at: String,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
