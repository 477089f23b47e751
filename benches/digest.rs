//! Composing and rendering one digest of many due goals (issue 12): with the
//! `digest_max_goals` cap (50) it costs the sort of the due goals plus 50 rendered ones.
//! Run: `cargo bench --bench digest`. Size: BENCH_DIGEST_GOALS (default 200000).

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use goald::core::ids::{GoalId, MemberId, OrgId};
use goald::digest::{compose, Addressee, MailSettings, DEFAULT_GOAL_URL_TEMPLATE};
use goald::goals::GoalType;
use goald::org::Locale;
use goald::reminders::types::{DigestGoalRow, DigestKey};
use goald::reminders::Reason;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let count: usize = std::env::var("BENCH_DIGEST_GOALS").ok().and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("a date");
    let goals: Vec<DigestGoalRow> = (0..count)
        .map(|n| DigestGoalRow {
            id: GoalId::parse(format!("g-{n:07}")).expect("an id"),
            title: format!("Goal number {}", n % 1000),
            goal_type: GoalType::Personal,
            parent_title: (n % 2 == 0).then(|| format!("Parent {}", n % 97)),
            progress: (n % 101) as f64,
            start_date: "2026-01-01".parse().expect("a date"),
            end_date: "2026-12-31".parse().expect("a date"),
            published_at: Some(start),
            reasons: if n % 3 == 0 { vec![Reason::PastEndDate] } else { vec![Reason::NotUpdated28Days] },
            last_activity_at: Some(start + Duration::minutes((n * 7919 % 100_000) as i64)),
        })
        .collect();
    let settings = MailSettings {
        from: "goald <goald@localhost>".into(),
        app_url: "https://goals.example.com".into(),
        goal_url_template: DEFAULT_GOAL_URL_TEMPLATE.into(),
        public_url: "https://goald.example.com".into(),
        max_goals: 50,
    };
    let key = DigestKey {
        org: OrgId::parse("acme").expect("an id"),
        owner: MemberId::parse("dee").expect("an id"),
        week: "2026-W48".parse().expect("a week"),
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).single().expect("a date");
    for locale in [Locale::En, Locale::Fr] {
        let mut best = std::time::Duration::MAX;
        for _ in 0..5 {
            let started = Instant::now();
            let to =
                Addressee { name: "Dee", email: "dee@example.com", locale, org_name: "Acme", timezone: chrono_tz::UTC };
            let message = compose(&settings, &key, to, "tok", &goals, now);
            let rendered = goald::mail::render(&message).expect("renders");
            std::hint::black_box(rendered.formatted());
            best = best.min(started.elapsed());
        }
        println!("digest of {count} due goals ({locale}, 50 listed): compose + render {best:?} (best of 5)");
    }
}
