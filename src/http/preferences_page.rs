//! The preferences page's HTML, in the member's language: the three switches with a form
//! each that POSTs the change. Every text put in is escaped.

use crate::notify::{Preferences, Setting};
use crate::org::Locale;

/// U+202F, before `:`, `?` and `!` in French.
const NNBSP: char = '\u{202F}';

struct Words {
    title: &'static str,
    intro: &'static str,
    saved: &'static str,
    on: &'static str,
    off: &'static str,
    stop: &'static str,
    resume: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::En => Words {
            title: "Email preferences",
            intro: "Choose which emails goald sends you.",
            saved: "Your choice is saved.",
            on: "You receive these emails.",
            off: "You do not receive these emails.",
            stop: "Stop",
            resume: "Resume",
        },
        Locale::Fr => Words {
            title: "Préférences d’e-mail",
            intro: "Choisissez les e-mails que goald vous envoie.",
            saved: "Votre choix est enregistré.",
            on: "Vous recevez ces e-mails.",
            off: "Vous ne recevez pas ces e-mails.",
            stop: "Arrêter",
            resume: "Reprendre",
        },
    }
}

fn setting_name(locale: Locale, setting: Setting) -> &'static str {
    match (locale, setting) {
        (Locale::En, Setting::Digest) => "Weekly goal reminders",
        (Locale::En, Setting::Nudges) => "Nudges from colleagues (“Update?”)",
        (Locale::En, Setting::Cheers) => "Cheers from colleagues (“Keep it up!”)",
        (Locale::Fr, Setting::Digest) => "Rappels hebdomadaires des objectifs",
        (Locale::Fr, Setting::Nudges) => "Relances de vos collègues (« Du nouveau\u{202F}? »)",
        (Locale::Fr, Setting::Cheers) => "Encouragements de vos collègues (« Continuez comme ça\u{202F}! »)",
    }
}

/// `text` safe in HTML text and in a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn is_on(prefs: &Preferences, setting: Setting) -> bool {
    match setting {
        Setting::Digest => prefs.digest,
        Setting::Nudges => prefs.nudges,
        Setting::Cheers => prefs.cheers,
    }
}

/// The whole page for the member `name`; `saved` after a POST changed something.
pub fn page(locale: Locale, name: &str, token: &str, prefs: &Preferences, saved: bool) -> String {
    let w = words(locale);
    let action = format!("/v1/preferences/{}", escape(token));
    let mut html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><h1>{title}</h1><p id=\"who\">{name}</p><p>{intro}</p>",
        lang = locale.as_str(),
        title = escape(w.title),
        name = escape(name),
        intro = escape(w.intro),
    );
    if saved {
        html.push_str(&format!("<p id=\"saved\" role=\"status\">{}</p>", escape(w.saved)));
    }
    for setting in Setting::ALL {
        let on = is_on(prefs, setting);
        let key = setting.as_str();
        let (state, button, value) = if on { (w.on, w.stop, "off") } else { (w.off, w.resume, "on") };
        html.push_str(&format!(
            "<section id=\"{key}\" data-state=\"{state_word}\"><h2>{label}</h2><p class=\"state\">{state}</p>\
             <form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"{key}\" value=\"{value}\">\
             <button type=\"submit\">{button}</button></form></section>",
            state_word = if on { "on" } else { "off" },
            label = escape(setting_name(locale, setting)),
            state = escape(state),
            button = escape(button),
        ));
    }
    html.push_str("</body></html>\n");
    html
}

/// The page for a bad form: what is wrong, in the member's language where it matters.
pub fn bad_request(locale: Locale, detail: &str) -> String {
    let lead = match locale {
        Locale::En => "This change was not understood:".to_owned(),
        Locale::Fr => format!("Cette modification n’a pas été comprise{NNBSP}:"),
    };
    format!("<!doctype html><meta charset=\"utf-8\"><title>goald</title><p>{} {}</p>\n", escape(&lead), escape(detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_escapes_the_name_and_offers_the_opposite_of_each_switch() {
        let prefs = Preferences { digest: false, nudges: true, cheers: true };
        let html = page(Locale::En, "<b>Dee</b> & \"co\"", "ab12", &prefs, false);
        assert!(html.contains("&lt;b&gt;Dee&lt;/b&gt; &amp; &quot;co&quot;"), "{html}");
        assert!(!html.contains("<b>Dee"));
        assert!(html.contains("name=\"digest\" value=\"on\""), "a stopped digest offers resume: {html}");
        assert!(html.contains("name=\"nudges\" value=\"off\""), "{html}");
        assert!(!html.contains("id=\"saved\""));
    }

    #[test]
    fn the_french_page_uses_french_typography() {
        let html = page(Locale::Fr, "Eli", "ab12", &Preferences::default(), true);
        assert!(html.contains("lang=\"fr\"") && html.contains("Préférences d’e-mail"), "{html}");
        assert!(html.contains("Du nouveau\u{202F}?") && html.contains("comme ça\u{202F}!"), "{html}");
        assert!(html.contains("Votre choix est enregistré."));
        assert!(bad_request(Locale::Fr, "x").contains("comprise\u{202F}:"));
    }
}
