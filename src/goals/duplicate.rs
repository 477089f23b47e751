//! Duplicating a goal, exactly as the product does it (pure: no I/O).

use chrono::{DateTime, Utc};

use crate::core::ids::{GoalId, MemberId};
use crate::core::text::MAX_TITLE_LEN;
use crate::goals::{Goal, GoalState};
use crate::org::Locale;

/// The copy of `source` that `actor` makes: a new draft with its own id, created now by the
/// actor. Owner, description, dates, visibility, tracking, parent link, type, contributors
/// and measurements are copied, each measurement's current value reset to its start.
/// Progress updates, sub-goals (they stay under the source), the archive date and the
/// "requires update" flag are not. The title gets " (copy)" or " (copie)" by the actor's
/// locale.
///
/// The copy keeps the parent link but not the weight in it: the source's explicit weight
/// is already counted once among the parent's children, and a second one could push the
/// set past 100 %; without a weight the copy shares what is left.
pub fn duplicate(source: &Goal, id: GoalId, actor: &MemberId, actor_locale: Locale, now: DateTime<Utc>) -> Goal {
    let suffix = match actor_locale {
        Locale::En => " (copy)",
        Locale::Fr => " (copie)",
    };
    let mut measurements = source.measurements.clone();
    for m in &mut measurements {
        m.current = m.start;
    }
    Goal {
        id,
        title: copy_title(&source.title, suffix),
        state: GoalState::Draft,
        creator: actor.clone(),
        weight: None,
        progress: 0.0,
        status: None,
        measurements,
        created_at: now,
        published_at: None,
        closed_at: None,
        archived_at: None,
        updates: Vec::new(),
        ..source.clone()
    }
}

/// The title with the suffix, the title cut short so the copy's title is still a title
/// (MAX_TITLE_LEN): a copy that could never be edited would be no copy.
fn copy_title(title: &str, suffix: &str) -> String {
    let room = MAX_TITLE_LEN.saturating_sub(suffix.chars().count());
    let kept: String = title.chars().take(room).collect();
    format!("{}{suffix}", kept.trim_end())
}

/// The copy without its parent link, for an actor who may not align it there (a link is
/// theirs to make, and the copy would move the parent's roll-up): no parent, no weight,
/// contributing by default as a new goal does.
pub fn unlinked(copy: Goal) -> Goal {
    Goal { parent: None, weight: None, contributes_to_parent: true, ..copy }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::MeasurementId;
    use crate::goals::fixtures::{goal, goal_id, instant, member, weight};
    use crate::goals::{Measurement, MeasurementKind, ProgressUpdate, Status};

    fn source() -> Goal {
        let mut g = goal("g1", "owner");
        g.creator = member("creator");
        g.description = Some("why it matters".into());
        g.parent = Some(goal_id("parent"));
        g.weight = weight(40.0);
        g.member_contributors = vec![member("c1")];
        g.progress = 55.0;
        g.status = Some(Status::AtRisk);
        g.archived_at = Some(instant("2026-05-01T00:00:00Z"));
        g.measurements = vec![Measurement {
            id: MeasurementId::parse("m").unwrap(),
            name: "revenue".into(),
            kind: MeasurementKind::Currency,
            start: 10.0,
            current: 70.0,
            target: 110.0,
            weight: None,
        }];
        g.updates = vec![ProgressUpdate {
            at: instant("2026-04-01T00:00:00Z"),
            by: member("owner"),
            progress: Some(55.0),
            comment: None,
            automatic: false,
        }];
        g
    }

    fn copy(locale: Locale) -> Goal {
        duplicate(&source(), goal_id("g2"), &member("actor"), locale, instant("2026-06-01T00:00:00Z"))
    }

    #[test]
    fn the_copy_keeps_owner_description_dates_visibility_tracking_parent_type_and_contributors() {
        let (s, c) = (source(), copy(Locale::En));
        assert_eq!(c.owner, s.owner);
        assert_eq!(c.description, s.description);
        assert_eq!((c.start_date, c.end_date), (s.start_date, s.end_date));
        assert_eq!((c.visibility, c.tracking, c.goal_type), (s.visibility, s.tracking, s.goal_type));
        assert_eq!(c.parent, s.parent);
        assert_eq!(c.contributes_to_parent, s.contributes_to_parent);
        assert_eq!(c.member_contributors, s.member_contributors);
    }

    #[test]
    fn the_copy_is_a_fresh_draft_of_the_actor_with_its_own_id() {
        let c = copy(Locale::En);
        assert_eq!(c.id, goal_id("g2"));
        assert_eq!(c.state, GoalState::Draft);
        assert_eq!(c.creator, member("actor"));
        assert_eq!(c.created_at, instant("2026-06-01T00:00:00Z"));
        assert_eq!((c.published_at, c.closed_at, c.archived_at), (None, None, None));
    }

    #[test]
    fn measurements_restart_from_their_start_and_progress_is_not_copied() {
        let c = copy(Locale::En);
        assert_eq!(c.measurements[0].current, 10.0);
        assert_eq!(c.measurements[0].target, 110.0);
        assert!(c.updates.is_empty());
        assert_eq!((c.progress, c.status), (0.0, None));
    }

    #[test]
    fn the_title_is_suffixed_in_the_actors_language() {
        assert_eq!(copy(Locale::En).title, "Goal g1 (copy)");
        assert_eq!(copy(Locale::Fr).title, "Goal g1 (copie)");
    }

    #[test]
    fn the_copy_of_a_longest_title_is_still_a_title() {
        let title = copy_title(&"é".repeat(MAX_TITLE_LEN), " (copie)");
        assert_eq!(title.chars().count(), MAX_TITLE_LEN);
        assert!(title.ends_with("é (copie)"));
        assert_eq!(copy_title("Goal", " (copy)"), "Goal (copy)");
    }

    #[test]
    fn an_unlinked_copy_has_no_parent_and_contributes_by_default() {
        let mut c = copy(Locale::En);
        c.contributes_to_parent = false;
        let u = unlinked(c.clone());
        assert_eq!((u.parent, u.weight, u.contributes_to_parent), (None, None, true));
        assert_eq!(Goal { parent: c.parent.clone(), contributes_to_parent: false, ..u }, c);
    }

    #[test]
    fn the_weight_in_the_parent_is_not_copied() {
        assert_eq!(copy(Locale::En).weight, None);
    }
}
