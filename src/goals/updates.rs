//! Who may edit or delete a progress update (pure: no I/O). Adding one is the `add_progress`
//! action of CONTRACT §8.

use crate::core::ids::MemberId;
use crate::org::OrgView;

/// The author may edit or delete their own update; executives and collaborators any
/// update; an automatic update (written by a roll-up) nobody. A deactivated member nothing.
pub fn may_change_update(org: &impl OrgView, actor: &MemberId, author: &MemberId, automatic: bool) -> bool {
    let Some(facts) = org.member(actor).filter(|facts| facts.active) else {
        return false;
    };
    !automatic && (actor == author || facts.role.sees_everything())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goals::fixtures::{chart, member};
    use crate::org::Role;

    fn org() -> crate::org::OrgChart {
        chart(
            &[
                ("exec", Role::Executive, None, true),
                ("collab", Role::Collaborator, None, true),
                ("boss", Role::Manager, None, true),
                ("author", Role::Employee, Some("boss"), true),
                ("left", Role::Employee, Some("boss"), false),
            ],
            &[],
        )
    }

    #[test]
    fn the_author_changes_their_own_update() {
        assert!(may_change_update(&org(), &member("author"), &member("author"), false));
    }

    #[test]
    fn executives_and_collaborators_change_anyones_update() {
        assert!(may_change_update(&org(), &member("exec"), &member("author"), false));
        assert!(may_change_update(&org(), &member("collab"), &member("author"), false));
    }

    #[test]
    fn the_authors_manager_does_not_change_it() {
        assert!(!may_change_update(&org(), &member("boss"), &member("author"), false));
    }

    #[test]
    fn nobody_changes_an_automatic_update() {
        for actor in ["exec", "collab", "author"] {
            assert!(!may_change_update(&org(), &member(actor), &member("author"), true), "{actor}");
        }
    }

    #[test]
    fn a_deactivated_author_changes_nothing() {
        assert!(!may_change_update(&org(), &member("left"), &member("left"), false));
    }
}
