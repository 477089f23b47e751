//! The API's request and response bodies, and how goals become them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::goals::permissions::Action;
use crate::goals::{GoalState, GoalType, Measurement, MeasurementKind, Status, Tracking, Visibility};
use crate::store::goals::types::StoredUpdate;

/// Distinguishes a field left out (`None`) from a field set to null (`Some(None)`).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contributors {
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub teams: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementBody {
    /// Generated (`m1`, `m2`, ...) when left out.
    pub id: Option<String>,
    #[schema(min_length = 1, max_length = 255)]
    pub name: String,
    pub kind: MeasurementKind,
    pub start: f64,
    /// Defaults to `start`, or, on an edit, to the value the measurement has.
    pub current: Option<f64>,
    pub target: f64,
    #[schema(minimum = 0, maximum = 100)]
    pub weight: Option<f64>,
}

/// `POST /goals`: a new draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGoal {
    #[schema(min_length = 1, max_length = 128)]
    pub id: Option<String>,
    #[schema(min_length = 1, max_length = 255)]
    pub title: String,
    #[schema(max_length = 2048)]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub goal_type: GoalType,
    pub owner: Option<String>,
    pub contributors: Option<Contributors>,
    pub visibility: Option<Visibility>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub parent: Option<String>,
    pub contributes_to_parent: Option<bool>,
    #[schema(minimum = 0, maximum = 100)]
    pub weight: Option<f64>,
    pub tracking: Option<Tracking>,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: Option<f64>,
    pub status: Option<Status>,
    pub measurements: Option<Vec<MeasurementBody>>,
    /// CONTRACT §10: explicit editors.
    pub editors: Option<Contributors>,
    /// CONTRACT §10: only on `owners_and_contributors` goals.
    pub participants: Option<Contributors>,
    /// CONTRACT §10: the stored manager editor; the owner's manager when left out.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub manager_editor: Option<Option<String>>,
    /// A category id of the org (`GET /categories`); required by `policy.require_category`.
    pub category: Option<String>,
}

/// `PATCH /goals/{goal}`: the fields to change; null clears a nullable one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalPatch {
    #[schema(min_length = 1, max_length = 255)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 2048)]
    pub description: Option<Option<String>>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub owner: Option<String>,
    pub contributors: Option<Contributors>,
    pub visibility: Option<Visibility>,
    #[serde(rename = "type")]
    pub goal_type: Option<GoalType>,
    pub tracking: Option<Tracking>,
    pub measurements: Option<Vec<MeasurementBody>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 100)]
    pub weight: Option<Option<f64>>,
    pub contributes_to_parent: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Status>)]
    pub status: Option<Option<Status>>,
    pub editors: Option<Contributors>,
    pub participants: Option<Contributors>,
    /// Left out on an owner change: the new owner's manager.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub manager_editor: Option<Option<String>>,
    /// A category id of the org; null clears it (refused by `policy.require_category`).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
}

/// `PUT /goals/{goal}/parent`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentLink {
    pub parent: String,
    pub contributes_to_parent: Option<bool>,
    #[schema(minimum = 0, maximum = 100)]
    pub weight: Option<f64>,
}

/// `POST /goals/{goal}/progress` and `PATCH .../progress/{id}`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressBody {
    #[schema(minimum = 0, maximum = 100)]
    pub progress: Option<f64>,
    /// `{"measurement id": value}`.
    pub measurements: Option<std::collections::BTreeMap<String, f64>>,
    pub status: Option<Status>,
    #[schema(max_length = 2048)]
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    #[schema(min_length = 1, max_length = 2048)]
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurementView {
    pub id: String,
    pub name: String,
    pub kind: MeasurementKind,
    pub start: f64,
    pub current: f64,
    pub target: f64,
    pub weight: Option<f64>,
}

impl From<&Measurement> for MeasurementView {
    fn from(m: &Measurement) -> Self {
        Self {
            id: m.id.to_string(),
            name: m.name.clone(),
            kind: m.kind,
            start: m.start,
            current: m.current,
            target: m.target,
            weight: m.weight.map(|w| w.percent()),
        }
    }
}

/// A goal as the API shows it. Lists leave out `contributors`, `measurements` and `actions`.
#[derive(Debug, Serialize, ToSchema)]
pub struct GoalView {
    pub id: String,
    pub org: String,
    pub title: String,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub goal_type: GoalType,
    pub state: GoalState,
    pub creator: String,
    pub owner: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contributors: Option<Contributors>,
    /// CONTRACT §10, as named on the goal (not what the policy adds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editors: Option<Contributors>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Contributors>,
    /// The stored manager editor (used on private goals when the policy's switch is on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager_editor: Option<Option<String>>,
    pub visibility: Visibility,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub parent: Option<String>,
    pub contributes_to_parent: bool,
    pub weight: Option<f64>,
    pub tracking: Tracking,
    /// 0 to 100, two decimals.
    pub progress: f64,
    /// Set by a person.
    pub status: Option<Status>,
    /// Computed now from progress and dates (CONTRACT §4).
    pub pace_status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measurements: Option<Vec<MeasurementView>>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub last_activity_at: Option<DateTime<Utc>>,
    /// The category id, or null.
    pub category: Option<String>,
    /// The category's name as the org's list has it now, or null without a category.
    pub category_name: Option<String>,
    /// What the acting member may do now (CONTRACT §8), sorted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Action>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GoalPage {
    pub goals: Vec<GoalView>,
    pub total: i64,
    pub next_offset: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub author: String,
    pub progress: Option<f64>,
    #[schema(value_type = Option<Object>)]
    pub measurements: Option<serde_json::Value>,
    pub status: Option<Status>,
    pub comment: Option<String>,
    /// Written by a roll-up: nobody may edit or delete it.
    pub automatic: bool,
    pub edited_at: Option<DateTime<Utc>>,
}

impl From<StoredUpdate> for UpdateView {
    fn from(u: StoredUpdate) -> Self {
        Self {
            id: u.id,
            at: u.at,
            author: u.author.to_string(),
            progress: u.values.progress,
            measurements: u.values.measurements,
            status: u.values.status,
            comment: u.values.comment,
            automatic: u.automatic,
            edited_at: u.edited_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateList {
    pub updates: Vec<UpdateView>,
}
