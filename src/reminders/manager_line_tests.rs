use super::*;

fn id(text: &str) -> MemberId {
    MemberId::parse(text).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn member(name: &str, manager: Option<&str>, role: Role) -> LineMember {
    LineMember { id: id(name), name: name.to_uppercase(), manager: manager.map(id), role, active: true }
}

/// ceo (executive) > eve (executive) > max > mia > emp, and mia > ann.
fn org() -> Vec<LineMember> {
    vec![
        member("ceo", None, Role::Executive),
        member("eve", Some("ceo"), Role::Executive),
        member("max", Some("eve"), Role::Manager),
        member("mia", Some("max"), Role::Manager),
        member("emp", Some("mia"), Role::Employee),
        LineMember { active: false, ..member("ann", Some("mia"), Role::Employee) },
    ]
}

fn goal(id: &str, owner: &str, progress: f64, end: &str) -> LineGoal {
    LineGoal {
        id: id.to_owned(),
        title: format!("Goal {id}"),
        owner: MemberId::parse(owner).unwrap(),
        progress,
        start: date("2026-01-01"),
        end: date(end),
    }
}

fn everyone() -> BTreeSet<MemberId> {
    ["ceo", "eve", "max", "mia"].into_iter().map(id).collect()
}

#[test]
fn each_manager_counts_the_goals_and_members_of_themselves_and_their_whole_line_only() {
    let goals = [
        goal("g1", "emp", 0.0, "2026-12-31"),
        goal("g2", "emp", 100.0, "2026-12-31"),
        goal("g3", "mia", 30.0, "2026-12-31"),
        goal("g4", "max", 10.0, "2026-06-30"),
    ];
    let today = date("2026-07-01");
    let digests = summarise(&org(), &goals, &everyone(), today, PaceThresholds::default());
    let mia = &digests[&id("mia")];
    assert_eq!((mia.figures.on_track, mia.figures.at_risk, mia.figures.off_track), (1, 1, 1));
    assert_eq!(mia.flagged.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["g1", "g3"]);
    assert_eq!((mia.figures.active_members, mia.figures.members_with_published_goal), (2, 2), "ann is inactive");
    assert_eq!(mia.figures.adoption_percent, Some(100.0));
    assert!(mia.late_owners.is_empty(), "max is above mia");
    let eve = &digests[&id("eve")];
    assert_eq!((eve.figures.on_track, eve.figures.at_risk, eve.figures.off_track), (1, 1, 2));
    assert_eq!(eve.flagged.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["g1", "g4", "g3"]);
    assert_eq!(eve.late_owners, vec![LateOwner { member: "max".into(), name: "MAX".into(), goals: 1 }]);
    assert_eq!((eve.figures.late_owners, eve.figures.active_members), (1, 4));
    assert_eq!(eve.figures.adoption_percent, Some(75.0), "eve owns no goal");
    assert_eq!(digests[&id("ceo")].figures.active_members, 5);
    assert!(!digests.contains_key(&id("emp")), "only recipients get one");
}

#[test]
fn only_active_direct_reports_count_toward_getting_a_digest() {
    let members = org();
    let reports = active_direct_reports(&members);
    assert_eq!(reports.get(&id("mia")), Some(&1));
    assert_eq!(reports.get(&id("emp")), None);
}

#[test]
fn a_flagged_list_keeps_the_most_urgent_and_counts_all() {
    let goals: Vec<LineGoal> = (0..15).map(|n| goal(&format!("g{n:02}"), "emp", n as f64, "2026-12-31")).collect();
    let digests = summarise(&org(), &goals, &everyone(), date("2026-12-01"), PaceThresholds::default());
    let mia = &digests[&id("mia")];
    assert_eq!(mia.flagged_total, 15);
    assert_eq!(mia.flagged.len(), MAX_LISTED);
    assert_eq!(mia.flagged[0].id, "g00");
}

#[test]
fn an_escalated_goal_goes_one_level_up_per_week_and_stops_at_the_first_executive() {
    let members = org();
    let week: Week = "2026-W48".parse().unwrap();
    let target = |streak| {
        let reminded = [RemindedGoal { id: "g1".into(), title: "G".into(), owner: id("emp"), streak }];
        let out = escalate(&members, &reminded, &everyone(), (2, ManagerDigestCadence::Weekly, week));
        out.iter().map(|(m, goals)| (m.as_str().to_owned(), goals[0].level)).collect::<Vec<_>>()
    };
    assert_eq!(target(1), []);
    assert_eq!(target(2), [("mia".to_owned(), 1)]);
    assert_eq!(target(3), [("max".to_owned(), 2)]);
    assert_eq!(target(4), [("eve".to_owned(), 3)]);
    assert_eq!(target(5), [("eve".to_owned(), 3)], "never past eve, the first executive");
}
