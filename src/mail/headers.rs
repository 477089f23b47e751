//! Headers lettre does not define. Their values are plain ASCII checked by `render`, so
//! lettre's RFC 2047 encoding never touches them.

use lettre::message::header::{Header, HeaderName, HeaderValue};

type ParseError = Box<dyn std::error::Error + Send + Sync>;

macro_rules! text_header {
    ($(#[$doc:meta])* $name:ident => $header:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(pub String);

        impl Header for $name {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($header)
            }

            fn parse(text: &str) -> Result<Self, ParseError> {
                Ok(Self(text.to_owned()))
            }

            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(
    /// `List-Unsubscribe: <https://...>` (RFC 2369).
    ListUnsubscribe => "List-Unsubscribe"
);
text_header!(
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the URL above opts
    /// out on a POST, so mail providers may offer a one-click button.
    ListUnsubscribePost => "List-Unsubscribe-Post"
);
text_header!(
    /// `Auto-Submitted: auto-generated` (RFC 3834): tells auto-responders not to answer.
    AutoSubmitted => "Auto-Submitted"
);
text_header!(
    /// `Content-Language: fr` (RFC 3282).
    ContentLanguage => "Content-Language"
);
text_header!(
    /// `List-Id: <weekly-digest.acme.example.com>` (RFC 2919): filters and spam scores
    /// recognise the digest as one list.
    ListId => "List-Id"
);
