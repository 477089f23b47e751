//! A stored manager digest as a message (issue 17), pure: its names, links and words'
//! inputs, so they are tested without a database or a mail server.

use chrono::NaiveDate;

use crate::digest::compose::Addressee;
use crate::digest::links::{goal_url, manager_list_id, manager_message_id};
use crate::digest::settings::MailSettings;
use crate::mail::ManagerDigestMessage;
use crate::reminders::manager_content::{ManagerDigestContent, ManagerDigestKey};

/// The path of the one-click unsubscribe from manager digests, under `public_url`.
pub fn manager_unsubscribe_url(settings: &MailSettings, token: &str) -> String {
    format!("{}/v1/unsubscribe/manager/{token}", settings.public_url.trim_end_matches('/'))
}

/// A monthly period reads `2026-11`, a weekly one `2026-W48`.
pub fn is_monthly(period: &str) -> bool {
    !period.contains('W')
}

pub fn compose_manager(
    settings: &MailSettings,
    key: &ManagerDigestKey,
    to: Addressee<'_>,
    (token, date): (&str, NaiveDate),
    content: &ManagerDigestContent,
) -> ManagerDigestMessage {
    let (org, manager) = (key.org.as_str(), key.manager.as_str());
    ManagerDigestMessage {
        from: settings.from.clone(),
        to_name: to.name.to_owned(),
        to_email: to.email.to_owned(),
        locale: to.locale,
        org_name: to.org_name.to_owned(),
        message_id: manager_message_id(org, manager, &key.period, settings),
        list_id: manager_list_id(org, settings),
        unsubscribe_url: manager_unsubscribe_url(settings, token),
        monthly: is_monthly(&key.period),
        date,
        flagged_links: content.flagged.iter().map(|g| goal_url(settings, org, &g.id)).collect(),
        escalated_links: content.escalated.iter().map(|g| goal_url(settings, org, &g.id)).collect(),
        content: content.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::{MemberId, OrgId};
    use crate::digest::fixtures::settings;
    use crate::org::Locale;

    #[test]
    fn the_names_are_stable_per_manager_and_period_and_the_links_are_the_goals() {
        let key = ManagerDigestKey {
            org: OrgId::parse("acme").unwrap(),
            manager: MemberId::parse("mia").unwrap(),
            period: "2026-11".to_owned(),
        };
        let to = Addressee {
            name: "Mia",
            email: "mia@acme.example",
            locale: Locale::En,
            org_name: "Acme",
            timezone: chrono_tz::Europe::Paris,
        };
        let mut content = ManagerDigestContent::default();
        content.flagged.push(crate::reminders::manager_content::FlaggedGoal {
            id: "g 1".into(),
            title: "G".into(),
            owner: "emp".into(),
            owner_name: "Emp".into(),
            pace: crate::goals::Status::OffTrack,
            progress: 10.0,
            end_date: "2026-12-31".parse().unwrap(),
        });
        let date = "2026-11-27".parse().unwrap();
        let message = compose_manager(&settings(), &key, to, ("t0ken", date), &content);
        assert_eq!(message.message_id, "manager-digest.acme.mia.2026-11@example.com");
        assert!(message.monthly);
        assert!(message.unsubscribe_url.ends_with("/v1/unsubscribe/manager/t0ken"), "{}", message.unsubscribe_url);
        assert_eq!(message.flagged_links, ["https://goals.example.com/orgs/acme/goals/g%201"]);
        assert_eq!(message, compose_manager(&settings(), &key, to, ("t0ken", date), &content));
    }
}
