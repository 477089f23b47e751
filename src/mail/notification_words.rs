//! The nudge and cheer email's words, from locales/{en,fr}/notification.ftl (embedded at
//! build time, parsed once, like the digest's).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::{MailError, Result};
use crate::org::Locale;

type Bundle = FluentBundle<FluentResource>;

const ENGLISH: &str = include_str!("../../locales/en/notification.ftl");
const FRENCH: &str = include_str!("../../locales/fr/notification.ftl");

static BUNDLES: OnceLock<Result<(Bundle, Bundle), String>> = OnceLock::new();

fn bundle(locale: Locale, source: &str) -> Result<Bundle, String> {
    let file = format!("locales/{locale}/notification.ftl");
    let resource = FluentResource::try_new(source.to_owned())
        .map_err(|(_, errors)| format!("{file} does not parse: {errors:?}"))?;
    let language = locale.as_str().parse().map_err(|error| format!("{file}: language {locale}: {error}"))?;
    let mut bundle = Bundle::new_concurrent(vec![language]);
    // No bidi isolation marks: plain-text clients show them as stray characters.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).map_err(|errors| format!("{file}: {errors:?}"))?;
    Ok(bundle)
}

/// The texts of one locale.
#[derive(Clone, Copy)]
pub struct NotificationWords {
    locale: Locale,
    bundle: &'static Bundle,
}

impl NotificationWords {
    pub fn new(locale: Locale) -> Result<Self> {
        let loaded = BUNDLES.get_or_init(|| Ok((bundle(Locale::En, ENGLISH)?, bundle(Locale::Fr, FRENCH)?)));
        let (english, french) = loaded.as_ref().map_err(|detail| MailError::Locales(detail.clone()))?;
        let bundle = match locale {
            Locale::En => english,
            Locale::Fr => french,
        };
        Ok(Self { locale, bundle })
    }

    /// The text `id` with `args` (`name`, `sender`, `goal`, `count`) filled in.
    pub fn text(self, id: &'static str, args: &[(&'static str, ArgValue<'_>)]) -> Result<String> {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            match value {
                ArgValue::Text(text) => fluent.set(*name, *text),
                ArgValue::Count(n) => fluent.set(*name, *n),
            }
        }
        let broken = |detail: String| MailError::Translation { locale: self.locale, id, detail };
        let pattern =
            self.bundle.get_message(id).and_then(|m| m.value()).ok_or_else(|| broken("no such message".into()))?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent), &mut errors);
        if !errors.is_empty() {
            return Err(broken(format!("{errors:?}")));
        }
        Ok(text.into_owned())
    }
}

#[derive(Clone, Copy)]
pub enum ArgValue<'a> {
    Text(&'a str),
    Count(usize),
}
