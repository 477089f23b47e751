//! The rendered digest of one fixed owner, in English and in French, checked for each
//! thing issue 15 asks an owner to see, in both the HTML and the text part.

use chrono::{DateTime, Utc};

use crate::core::ids::GoalId;
use crate::digest::compose::{compose, Addressee};
use crate::digest::fixtures::{key, row, settings};
use crate::digest::settings::MailSettings;
use crate::goals::GoalType;
use crate::mail::{bodies, Bodies};
use crate::org::Locale;
use crate::reminders::types::DigestGoalRow;
use crate::reminders::Reason;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an instant")
}

/// Four goals of Dee's at Acme on Monday November 30, 2026 (Paris): two "Q4 review"
/// under different parents, one never updated since publication, one ended.
fn goals() -> Vec<DigestGoalRow> {
    let id = |text: &str| GoalId::parse(text.to_owned()).expect("an id");
    vec![
        DigestGoalRow {
            id: id("sales#q4"),
            title: "Q4 review".into(),
            parent_title: Some("Sales".into()),
            goal_type: GoalType::Team,
            progress: 85.0,
            last_activity_at: Some(at("2026-10-31T10:00:00Z")),
            ..row("a")
        },
        DigestGoalRow {
            id: id("support?q4"),
            title: "Q4 review".into(),
            parent_title: Some("Support".into()),
            progress: 60.0,
            last_activity_at: Some(at("2026-10-20T10:00:00Z")),
            ..row("b")
        },
        DigestGoalRow {
            id: id("hire"),
            title: "Hire two engineers".into(),
            progress: 0.0,
            last_activity_at: Some(at("2026-01-05T09:00:00Z")),
            ..row("c")
        },
        DigestGoalRow {
            id: id("launch"),
            title: "Launch v2".into(),
            end_date: "2026-11-20".parse().expect("a date"),
            reasons: vec![Reason::PastEndDate],
            progress: 97.0,
            ..row("d")
        },
    ]
}

fn rendered(locale: Locale) -> Bodies {
    let to = Addressee {
        name: "Dee Durand",
        email: "dee@acme.example",
        locale,
        org_name: "Acme Corp",
        timezone: chrono_tz::Europe::Paris,
    };
    let settings = MailSettings { max_goals: 10, ..settings() };
    let message = compose(&settings, &key("dee"), to, "0123abcd", &goals(), at("2026-11-30T08:00:00Z"));
    bodies(&message).expect("the digest renders")
}

/// Both parts hold `text`.
fn both(parts: &Bodies, text: &str) {
    assert!(parts.text.contains(text), "text part lacks {text:?}:\n{}", parts.text);
    assert!(parts.html.contains(text), "html part lacks {text:?}:\n{}", parts.html);
}

const LINKS: [&str; 4] = [
    "https://goals.example.com/orgs/acme/goals/sales%23q4",
    "https://goals.example.com/orgs/acme/goals/support%3Fq4",
    "https://goals.example.com/orgs/acme/goals/hire",
    "https://goals.example.com/orgs/acme/goals/launch",
];

#[test]
fn the_english_digest_shows_every_element_for_each_goal() {
    let parts = rendered(Locale::En);
    assert_eq!(parts.subject, "4 goals need your update");
    for text in [
        "Acme Corp",
        "Weekly goals digest",
        "under “Sales”",
        "under “Support”",
        "Progress: 85%",
        "Progress: 0%",
        "On track",
        "Off track",
        "Last updated 30 days ago",
        "No update since it was published on January 5, 2026",
        "End date: December 31, 2026",
        "Ended 10 days ago, November 20, 2026",
        "Its end date has passed",
        "You receive this weekly digest from Acme Corp because you own these goals.",
        "Email preferences",
        "Unsubscribe from this digest",
    ] {
        both(&parts, text);
    }
    // The pace is a word and a colour: the off-track red fills its badge and its bar.
    assert!(parts.html.contains("background-color: #c62828; border-radius: 4px; color: #ffffff"), "{}", parts.html);
    assert!(parts.html.contains(r#"<td width="85%" style="width: 85%;"#), "{}", parts.html);
    for link in LINKS {
        assert!(parts.text.contains(&format!("Update progress <{link}>")), "{}", parts.text);
        assert!(parts.html.contains(&format!(r#"href="{link}""#)), "{link}");
    }
    assert_eq!(parts.html.matches(">Update progress</a>").count(), 4);
    both(&parts, "https://goald.example.com/v1/preferences/0123abcd");
    both(&parts, "https://goald.example.com/v1/unsubscribe/0123abcd");
}

#[test]
fn the_most_urgent_goal_comes_first() {
    let parts = rendered(Locale::En);
    let position = |title: &str| parts.text.find(&format!("* {title}")).expect("listed");
    assert!(position("Launch v2") < position("Hire two engineers"));
    assert!(position("Hire two engineers") < position("Q4 review (under “Support”)"));
    assert!(position("Q4 review (under “Support”)") < position("Q4 review (under “Sales”)"));
}

#[test]
fn the_french_digest_shows_every_element_in_french_typography() {
    let parts = rendered(Locale::Fr);
    assert_eq!(parts.subject, "4 objectifs attendent votre mise à jour");
    for text in [
        "Acme Corp",
        "sous «\u{202F}Sales\u{202F}»",
        "sous «\u{202F}Support\u{202F}»",
        "Progression\u{202F}: 85\u{202F}%",
        "En bonne voie",
        "En retard",
        "Mis à jour il y a 30 jours",
        "Aucune mise à jour depuis sa publication le 5 janvier 2026",
        "Date de fin\u{202F}: 31 décembre 2026",
        "Terminé il y a 10 jours, le 20 novembre 2026",
        "Ces 4 objectifs dont vous êtes responsable demandent votre attention\u{202F}:",
        "Vous recevez ce récapitulatif hebdomadaire de Acme Corp",
        "s’il n’a pas été mis à jour",
        "Préférences d’e-mail",
        "Mettre à jour la progression",
    ] {
        both(&parts, text);
    }
    // The HTML's words, not its style sheet (where CSS writes `!important`).
    let body = &parts.html[parts.html.find("<body").expect("a body")..];
    for part in [parts.text.as_str(), body] {
        for plain in [" :", " ?", " !", " %", "'"] {
            assert!(!part.contains(plain), "{plain:?} in a French part:\n{part}");
        }
    }
}
