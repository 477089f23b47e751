//! The manager digest's words in each locale, from locales/{en,fr}/manager.ftl (embedded
//! at build time), parsed once like the owner digest's (`i18n`).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::{MailError, Result};
use crate::org::Locale;

type Bundle = FluentBundle<FluentResource>;

const ENGLISH: &str = include_str!("../../locales/en/manager.ftl");
const FRENCH: &str = include_str!("../../locales/fr/manager.ftl");

static BUNDLES: OnceLock<Result<(Bundle, Bundle), String>> = OnceLock::new();

fn bundle(locale: Locale, source: &str) -> Result<Bundle, String> {
    let file = format!("locales/{locale}/manager.ftl");
    let resource = FluentResource::try_new(source.to_owned())
        .map_err(|(_, errors)| format!("{file} does not parse: {errors:?}"))?;
    let language = locale.as_str().parse().map_err(|error| format!("{file}: language {locale}: {error}"))?;
    let mut bundle = Bundle::new_concurrent(vec![language]);
    // No bidi isolation marks: plain-text clients show them as stray characters.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).map_err(|errors| format!("{file}: {errors:?}"))?;
    Ok(bundle)
}

/// The manager digest's words in one locale.
#[derive(Clone, Copy)]
pub(super) struct ManagerWords {
    locale: Locale,
    bundle: &'static Bundle,
}

impl ManagerWords {
    pub fn new(locale: Locale) -> Result<Self> {
        let loaded = BUNDLES.get_or_init(|| Ok((bundle(Locale::En, ENGLISH)?, bundle(Locale::Fr, FRENCH)?)));
        let (english, french) = loaded.as_ref().map_err(|detail| MailError::Locales(detail.clone()))?;
        let bundle = match locale {
            Locale::En => english,
            Locale::Fr => french,
        };
        Ok(Self { locale, bundle })
    }

    /// A message with `args` given as (name, value) pairs; numbers go in as numbers so
    /// the plural rules see them.
    pub fn say(self, id: &'static str, args: &[(&'static str, Arg)]) -> Result<String> {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Number(n) => fluent.set(*name, *n),
                Arg::Text(text) => fluent.set(*name, text.clone()),
            }
        }
        let pattern = self.bundle.get_message(id).and_then(|message| message.value());
        let Some(pattern) = pattern else {
            return Err(MailError::Translation { locale: self.locale, id, detail: "no such message".to_owned() });
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent), &mut errors);
        if !errors.is_empty() {
            return Err(MailError::Translation { locale: self.locale, id, detail: format!("{errors:?}") });
        }
        Ok(text.into_owned())
    }
}

pub(super) enum Arg {
    Number(i64),
    Text(String),
}

pub(super) fn n(value: u64) -> Arg {
    Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
}

pub(super) fn t(value: impl Into<String>) -> Arg {
    Arg::Text(value.into())
}
