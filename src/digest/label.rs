//! Telling apart listed goals that share a title: two "Q4 review" goals read the same in a
//! digest, so each gets its parent's title, or its type when that is what differs.

use std::collections::HashMap;

use crate::mail::GoalContext;
use crate::reminders::types::DigestGoalRow;

/// Titles compared as a reader sees them: case and surrounding spaces do not tell apart.
fn seen_as(title: &str) -> String {
    title.trim().to_lowercase()
}

/// For each of `goals`, in order: None when no other listed goal shares its title, else
/// its parent's title when no other goal of that title has the same parent, else its type
/// when no other has the same type, else whichever it has (the parent first).
pub fn contexts(goals: &[&DigestGoalRow]) -> Vec<Option<GoalContext>> {
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, goal) in goals.iter().enumerate() {
        by_title.entry(seen_as(&goal.title)).or_default().push(index);
    }
    goals
        .iter()
        .enumerate()
        .map(|(index, goal)| {
            let namesakes = &by_title[&seen_as(&goal.title)];
            if namesakes.len() < 2 {
                return None;
            }
            let others = || namesakes.iter().filter(move |&&other| other != index).map(|&other| goals[other]);
            let parent = goal.parent_title.as_ref();
            let parent_tells = parent.is_some() && others().all(|other| other.parent_title.as_ref() != parent);
            let type_tells = others().all(|other| other.goal_type != goal.goal_type);
            Some(match parent {
                Some(parent) if parent_tells || !type_tells => GoalContext::Parent(parent.clone()),
                _ => GoalContext::Type(goal.goal_type),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::fixtures::row;
    use crate::goals::GoalType;

    fn goal(id: &str, title: &str, parent: Option<&str>, goal_type: GoalType) -> DigestGoalRow {
        DigestGoalRow { title: title.to_owned(), parent_title: parent.map(str::to_owned), goal_type, ..row(id) }
    }

    #[test]
    fn a_unique_title_needs_no_context() {
        let (a, b) = (goal("a", "Ship", None, GoalType::Team), goal("b", "Grow", None, GoalType::Team));
        assert_eq!(contexts(&[&a, &b]), [None, None]);
    }

    #[test]
    fn two_goals_of_one_title_are_told_apart_by_their_parents() {
        let a = goal("a", "Q4 review", Some("Sales"), GoalType::Team);
        let b = goal("b", "q4 review ", Some("Support"), GoalType::Team);
        assert_eq!(
            contexts(&[&a, &b]),
            [Some(GoalContext::Parent("Sales".into())), Some(GoalContext::Parent("Support".into()))]
        );
    }

    #[test]
    fn goals_under_the_same_parent_are_told_apart_by_their_type() {
        let a = goal("a", "Hire", Some("Grow"), GoalType::Team);
        let b = goal("b", "Hire", Some("Grow"), GoalType::Personal);
        let c = goal("c", "Hire", None, GoalType::Organization);
        assert_eq!(
            contexts(&[&a, &b, &c]),
            [
                Some(GoalContext::Type(GoalType::Team)),
                Some(GoalContext::Type(GoalType::Personal)),
                Some(GoalContext::Type(GoalType::Organization))
            ]
        );
    }
}
