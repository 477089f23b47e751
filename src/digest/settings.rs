//! The configured parts of every digest, shared by composing and linking.

/// The configured parts of every digest.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `Name <address>`.
    pub from: String,
    /// Base of the goal links (the front end).
    pub app_url: String,
    /// The goal link with `{app_url}`, `{org}` and `{goal}` placeholders
    /// (`links::DEFAULT_GOAL_URL_TEMPLATE` by default).
    pub goal_url_template: String,
    /// Base of the unsubscribe link (this daemon).
    pub public_url: String,
    /// `digest_max_goals`: the most goals one digest lists.
    pub max_goals: usize,
}

impl MailSettings {
    /// The right-hand side of Message-IDs: the sender's domain, so ids are unique to
    /// this installation's mail.
    pub(crate) fn message_id_domain(&self) -> &str {
        let address = self.from.rsplit('<').next().unwrap_or(&self.from);
        let domain = address.rsplit('@').next().unwrap_or("goald.localhost").trim_end_matches('>').trim();
        if domain.is_empty() || domain.contains(char::is_whitespace) {
            "goald.localhost"
        } else {
            domain
        }
    }
}
