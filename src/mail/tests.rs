use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::i18n::Words;
use super::render::bodies;
use super::{render, DigestGoal, DigestMessage, LastUpdate, MailError};
use crate::goals::Status;
use crate::org::Locale;
use crate::reminders::Reason;

const MESSAGE_ID: &str = "digest.acme.dee.2026-W48@goald.localhost";
const UNSUBSCRIBE_URL: &str = "https://goald.example/unsubscribe/t0ken";
const PREFERENCES_URL: &str = "https://goald.example/preferences/t0ken";

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

fn digest(locale: Locale, goal_count: usize) -> DigestMessage {
    let goals = [
        DigestGoal {
            title: "Grow revenue".to_owned(),
            context: None,
            progress: 40.0,
            pace: Status::AtRisk,
            last_update: LastUpdate::DaysAgo(30),
            end_date: date(2026, 11, 30),
            ended_days_ago: None,
            reasons: vec![Reason::NotUpdated28Days],
            link: "https://goald.example/goals/g-1".to_owned(),
        },
        DigestGoal {
            title: "Ship v2".to_owned(),
            context: None,
            progress: 0.0,
            pace: Status::OffTrack,
            last_update: LastUpdate::NeverSincePublished(date(2026, 1, 5)),
            end_date: date(2026, 3, 1),
            ended_days_ago: Some(1),
            reasons: vec![Reason::NotUpdated28Days, Reason::PastEndDate],
            link: "https://goald.example/goals/g-2".to_owned(),
        },
    ];
    DigestMessage {
        more: None,
        from: "goald <goald@localhost>".to_owned(),
        to_name: "Dee Durand".to_owned(),
        to_email: "dee@acme.example".to_owned(),
        locale,
        org_name: "Acme Corp".to_owned(),
        message_id: MESSAGE_ID.to_owned(),
        list_id: "weekly-digest.acme.goald.localhost".to_owned(),
        unsubscribe_url: UNSUBSCRIBE_URL.to_owned(),
        preferences_url: PREFERENCES_URL.to_owned(),
        goals: goals.into_iter().take(goal_count).collect(),
    }
}

fn formatted(digest: &DigestMessage) -> String {
    let message = render(digest).expect("the digest renders");
    String::from_utf8(message.formatted()).expect("a message is ASCII")
}

#[test]
fn an_english_digest_counts_one_goal_in_the_singular_and_two_in_the_plural() {
    let one = bodies(&digest(Locale::En, 1)).expect("renders");
    let two = bodies(&digest(Locale::En, 2)).expect("renders");

    assert_eq!(one.subject, "1 goal needs your update");
    assert_eq!(two.subject, "2 goals need your update");
    assert!(one.text.contains("Hello Dee Durand,\n\nThis goal you own needs your attention:\n"), "{}", one.text);
    assert!(two.text.contains("These 2 goals you own need your attention:"), "{}", two.text);
}

#[test]
fn a_french_digest_counts_one_goal_in_the_singular_and_two_in_the_plural() {
    let one = bodies(&digest(Locale::Fr, 1)).expect("renders");
    let two = bodies(&digest(Locale::Fr, 2)).expect("renders");

    assert_eq!(one.subject, "1 objectif attend votre mise à jour");
    assert_eq!(two.subject, "2 objectifs attendent votre mise à jour");
    assert!(one.text.contains("Bonjour Dee Durand,\n\nCet objectif dont vous êtes responsable"), "{}", one.text);
    assert!(two.text.contains("Ces 2 objectifs dont vous êtes responsable demandent votre attention\u{202F}:"));
}

#[test]
fn french_counts_zero_as_singular_as_its_plural_rules_say() {
    let words = Words::new(Locale::Fr).expect("the French texts load");

    assert_eq!(words.subject(0).expect("formats"), "0 objectif attend votre mise à jour");
}

#[test]
fn every_reason_is_given_in_words_in_both_languages() {
    let english = bodies(&digest(Locale::En, 2)).expect("renders");
    let french = bodies(&digest(Locale::Fr, 2)).expect("renders");

    for part in [&english.text, &english.html] {
        assert!(part.contains("Not updated for 28 days"), "{part}");
        assert!(part.contains("Its end date has passed"), "{part}");
    }
    for part in [&french.text, &french.html] {
        assert!(part.contains("Pas de mise à jour depuis 28 jours"), "{part}");
        assert!(part.contains("Sa date de fin est dépassée"), "{part}");
    }
    assert!(!english.text.contains("not_updated_28_days") && !english.text.contains("past_end_date"));
}

#[test]
fn end_dates_are_written_the_way_each_language_writes_them() {
    let english = bodies(&digest(Locale::En, 2)).expect("renders");
    let french = bodies(&digest(Locale::Fr, 2)).expect("renders");

    assert!(english.text.contains("End date: November 30, 2026"), "{}", english.text);
    assert!(english.text.contains("Ended yesterday, March 1, 2026"));
    assert!(french.text.contains("Date de fin\u{202F}: 30 novembre 2026"), "{}", french.text);
    assert!(french.text.contains("Terminé hier, le 1er mars 2026"));
    assert!(french.html.contains("30 novembre 2026"));
}

#[test]
fn each_goal_and_the_unsubscribe_url_are_linked_in_both_parts() {
    let rendered = bodies(&digest(Locale::En, 2)).expect("renders");

    for link in ["https://goald.example/goals/g-1", "https://goald.example/goals/g-2"] {
        assert!(rendered.text.contains(&format!("Update progress <{link}>")), "{}", rendered.text);
        assert!(rendered.html.contains(&format!(r#"href="{link}""#)), "{}", rendered.html);
    }
    assert_eq!(rendered.html.matches(">Update progress</a>").count(), 2, "{}", rendered.html);
    assert!(rendered.text.contains(&format!("Unsubscribe from this digest <{UNSUBSCRIBE_URL}>")));
    assert!(rendered.text.contains(&format!("Email preferences <{PREFERENCES_URL}>")));
    assert!(rendered.html.contains(&format!(r#"href="{UNSUBSCRIBE_URL}""#)));
    assert!(rendered.html.contains(&format!(r#"href="{PREFERENCES_URL}""#)));
}

#[test]
fn titles_are_escaped_in_html_and_left_as_written_in_text() {
    let mut unsafe_title = digest(Locale::En, 1);
    unsafe_title.goals[0].title = r#"<script>alert("x")</script> R&D"#.to_owned();

    let rendered = bodies(&unsafe_title).expect("renders");

    assert!(!rendered.html.contains("<script>"), "{}", rendered.html);
    // askama writes numeric entities: &#60; for <, &#38; for &.
    assert!(rendered.html.contains("&#60;script&#62;alert(&#34;x&#34;)"), "{}", rendered.html);
    assert!(rendered.html.contains("R&#38;D"));
    assert!(rendered.text.contains(r#"* <script>alert("x")</script> R&D"#), "{}", rendered.text);
}

#[test]
fn no_part_carries_unicode_isolation_marks() {
    for &locale in Locale::ALL {
        let rendered = bodies(&digest(locale, 2)).expect("renders");

        for part in [&rendered.subject, &rendered.text, &rendered.html] {
            assert!(!part.contains(['\u{2068}', '\u{2069}']), "{locale}: {part:?}");
        }
    }
}

#[test]
fn the_message_id_is_the_one_given_on_every_render() {
    let digest = digest(Locale::Fr, 2);

    let first = render(&digest).expect("renders");
    let second = render(&digest).expect("renders");

    let expected = format!("<{MESSAGE_ID}>");
    assert_eq!(first.headers().get_raw("Message-ID"), Some(expected.as_str()));
    assert_eq!(second.headers().get_raw("Message-ID"), Some(expected.as_str()));
    assert!(formatted(&digest).contains(&format!("\r\nMessage-ID: {expected}\r\n")));
}

#[test]
fn the_message_is_multipart_alternative_with_text_before_html() {
    let message = formatted(&digest(Locale::En, 1));

    assert!(message.contains("Content-Type: multipart/alternative;"), "{message}");
    let text = message.find("Content-Type: text/plain; charset=utf-8").expect("a text part");
    let html = message.find("Content-Type: text/html; charset=utf-8").expect("an html part");
    assert!(text < html);
}

#[test]
fn the_message_carries_the_headers_of_contract_section_9() {
    let message = formatted(&digest(Locale::Fr, 1));

    for header in [
        "From: goald <goald@localhost>\r\n".to_owned(),
        "To: \"Dee Durand\" <dee@acme.example>\r\n".to_owned(),
        format!("List-Unsubscribe: <{UNSUBSCRIBE_URL}>\r\n"),
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n".to_owned(),
        "List-Id: <weekly-digest.acme.goald.localhost>\r\n".to_owned(),
        "Content-Language: fr\r\n".to_owned(),
        "Auto-Submitted: auto-generated\r\n".to_owned(),
        "Date: ".to_owned(),
        // lettre encodes only the words that need it (RFC 2047): here "à".
        "Subject: 1 objectif attend votre mise =?utf-8?b?w6A=?= jour\r\n".to_owned(),
    ] {
        assert!(message.contains(&header), "{header:?} missing from\n{message}");
    }
}

#[test]
fn the_text_part_reads_as_a_plain_list() {
    let rendered = bodies(&digest(Locale::En, 2)).expect("renders");

    assert!(
        rendered.text.contains(concat!(
            "* Ship v2\n",
            "  Off track · Progress: 0%\n",
            "  No update since it was published on January 5, 2026\n",
            "  Ended yesterday, March 1, 2026\n",
            "  Not updated for 28 days\n",
            "  Its end date has passed\n",
            "  Update progress <https://goald.example/goals/g-2>\n",
        )),
        "{}",
        rendered.text
    );
}

#[test]
fn an_address_that_does_not_parse_is_an_error() {
    let mut bad = digest(Locale::En, 1);
    bad.to_email = "dee at acme".to_owned();

    assert!(matches!(render(&bad), Err(MailError::Address { field: "to", .. })));
}

#[test]
fn a_message_id_that_would_be_mangled_in_a_header_is_refused() {
    let mut bad = digest(Locale::En, 1);
    bad.message_id = "digest 48@goald.localhost".to_owned();

    assert!(matches!(render(&bad), Err(MailError::Header { field: "message id", .. })));
}

#[test]
fn every_english_text_has_a_french_twin() {
    let ids = |source: &str| -> BTreeSet<String> {
        source.lines().filter_map(|line| line.split_once(" =")).map(|(id, _)| id.to_owned()).collect()
    };

    let english = ids(include_str!("../../locales/en/digest.ftl"));
    let french = ids(include_str!("../../locales/fr/digest.ftl"));

    assert_eq!(english, french);
}
