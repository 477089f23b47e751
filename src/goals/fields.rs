//! The checks a goal's own fields must pass after any create or edit (pure: no I/O).
//! Rules that span goals (the weights of siblings, parent cycles) live with the roll-up
//! and the hierarchy.

use std::collections::HashSet;

use crate::core::text::{Description, MeasurementName, Title};
use crate::goals::{Goal, GoalState, GoalType, MeasurementKind};
use crate::rollup::check_weights;

/// Longest title, in characters (one constant, in `core::text`).
pub use crate::core::text::MAX_TITLE_LEN;

/// One field at fault, named as in the request body (`measurements[1].weight`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Title, description, dates, progress and each measurement, in that order; the first fault
/// wins. Weights are a rule of their own ([`check_measurement_weights`]). The text checks
/// are the same parsers every door uses, so a goal that passes here passes everywhere.
pub fn check_fields(goal: &Goal) -> Result<(), FieldError> {
    Title::parse(goal.title.as_str()).map_err(|e| FieldError::new("title", e.problem))?;
    if let Some(description) = &goal.description {
        Description::parse(description.as_str()).map_err(|e| FieldError::new("description", e.problem))?;
    }
    if goal.start_date > goal.end_date {
        let message = format!("the start date {} is after the end date {}", goal.start_date, goal.end_date);
        return Err(FieldError::new("start_date", message));
    }
    check_progress("progress", goal.progress)?;
    check_measurements(goal)
}

/// CONTRACT §4 for the measurements of one goal: explicit weights total at most 100, and
/// exactly 100 when every measurement has one.
pub fn check_measurement_weights(goal: &Goal) -> Result<(), FieldError> {
    let weights: Vec<_> = goal.measurements.iter().map(|m| m.weight).collect();
    check_weights(&weights).map_err(|e| FieldError::new("measurements", format!("measurement weights: {e}")))
}

/// A progress value as a person enters it: a finite percent.
pub fn check_progress(field: &str, progress: f64) -> Result<(), FieldError> {
    if progress.is_finite() && (0.0..=100.0).contains(&progress) {
        Ok(())
    } else {
        Err(FieldError::new(field, format!("progress {progress} is not between 0 and 100")))
    }
}

fn check_measurements(goal: &Goal) -> Result<(), FieldError> {
    let mut ids = HashSet::new();
    for (i, m) in goal.measurements.iter().enumerate() {
        let at = |name: &str| format!("measurements[{i}].{name}");
        if !ids.insert(&m.id) {
            return Err(FieldError::new(at("id"), format!("measurement id {} appears twice", m.id)));
        }
        MeasurementName::parse(m.name.as_str()).map_err(|e| FieldError::new(at("name"), e.problem))?;
        for (name, value) in [("start", m.start), ("current", m.current), ("target", m.target)] {
            if !value.is_finite() {
                return Err(FieldError::new(at(name), "not a finite number"));
            }
            if m.kind == MeasurementKind::YesNo && value != 0.0 && value != 1.0 {
                return Err(FieldError::new(at(name), "a yes_no measurement takes 0 (no) or 1 (yes)"));
            }
        }
    }
    Ok(())
}

/// What keeps a goal from being published: a team goal needs at least one contributor.
pub fn publish_problem(goal: &Goal) -> Option<FieldError> {
    let no_contributor = goal.member_contributors.is_empty() && goal.team_contributors.is_empty();
    (goal.goal_type == GoalType::Team && no_contributor)
        .then(|| FieldError::new("contributors", "a team goal needs at least one contributor (member or team)"))
}

/// Whether a goal in `state` still takes progress updates.
pub fn takes_progress(state: GoalState) -> bool {
    state == GoalState::Published
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::{MeasurementId, MemberId};
    use crate::goals::fixtures::goal;
    use crate::goals::{Measurement, Weight};

    fn measurement(id: &str, kind: MeasurementKind, weight: Option<f64>) -> Measurement {
        Measurement {
            id: MeasurementId::parse(id).unwrap(),
            name: format!("measure {id}"),
            kind,
            start: 0.0,
            current: 0.0,
            target: 1.0,
            weight: weight.map(|w| Weight::parse(w).unwrap()),
        }
    }

    fn field_of(result: Result<(), FieldError>) -> String {
        result.unwrap_err().field
    }

    #[test]
    fn a_goal_from_the_fixtures_passes() {
        assert_eq!(check_fields(&goal("g1", "m1")), Ok(()));
    }

    #[test]
    fn a_blank_title_is_refused() {
        let mut g = goal("g1", "m1");
        g.title = "   ".into();
        assert_eq!(field_of(check_fields(&g)), "title");
    }

    #[test]
    fn a_description_of_2048_characters_passes_and_2049_does_not() {
        let mut g = goal("g1", "m1");
        g.description = Some("é".repeat(2048));
        assert_eq!(check_fields(&g), Ok(()));
        g.description = Some("é".repeat(2049));
        assert_eq!(field_of(check_fields(&g)), "description");
    }

    #[test]
    fn a_nul_or_a_line_break_in_a_title_or_measurement_name_is_refused() {
        let mut g = goal("g1", "m1");
        g.title = "a\0b".into();
        assert_eq!(field_of(check_fields(&g)), "title");
        let mut g = goal("g1", "m1");
        g.title = "t".repeat(MAX_TITLE_LEN + 1);
        assert_eq!(field_of(check_fields(&g)), "title");
        let mut g = goal("g1", "m1");
        g.description = Some("two\nlines\tand a tab".into());
        assert_eq!(check_fields(&g), Ok(()));
        let mut m = measurement("a", MeasurementKind::Numeric, None);
        m.name = "a\r\nb".into();
        g.measurements = vec![m];
        assert_eq!(field_of(check_fields(&g)), "measurements[0].name");
    }

    #[test]
    fn a_start_after_the_end_is_refused_and_a_one_day_goal_passes() {
        let mut g = goal("g1", "m1");
        g.end_date = g.start_date;
        assert_eq!(check_fields(&g), Ok(()));
        g.end_date = g.start_date.pred_opt().unwrap();
        assert_eq!(field_of(check_fields(&g)), "start_date");
    }

    #[test]
    fn measurement_weights_over_100_are_refused() {
        let mut g = goal("g1", "m1");
        g.measurements = vec![
            measurement("a", MeasurementKind::Numeric, Some(60.0)),
            measurement("b", MeasurementKind::Numeric, Some(50.0)),
        ];
        assert_eq!(check_fields(&g), Ok(()));
        assert_eq!(field_of(check_measurement_weights(&g)), "measurements");
    }

    #[test]
    fn a_yes_no_measurement_takes_only_0_or_1() {
        let mut g = goal("g1", "m1");
        let mut m = measurement("a", MeasurementKind::YesNo, None);
        m.target = 2.0;
        g.measurements = vec![m];
        assert_eq!(field_of(check_fields(&g)), "measurements[0].target");
    }

    #[test]
    fn a_measurement_id_may_not_repeat() {
        let mut g = goal("g1", "m1");
        g.measurements =
            vec![measurement("a", MeasurementKind::Percent, None), measurement("a", MeasurementKind::Percent, None)];
        assert_eq!(field_of(check_fields(&g)), "measurements[1].id");
    }

    #[test]
    fn progress_outside_0_to_100_is_refused() {
        assert!(check_progress("progress", 100.0).is_ok());
        assert!(check_progress("progress", 100.5).is_err());
        assert!(check_progress("progress", f64::NAN).is_err());
    }

    #[test]
    fn a_team_goal_without_contributors_cannot_be_published() {
        let mut g = goal("g1", "m1");
        g.goal_type = GoalType::Team;
        g.member_contributors.clear();
        g.team_contributors.clear();
        assert_eq!(publish_problem(&g).map(|e| e.field), Some("contributors".to_owned()));
        g.member_contributors.push(MemberId::parse("m1").unwrap());
        assert_eq!(publish_problem(&g), None);
    }
}
