//! What every layer shares and no rule owns: ids, texts, text enums, instants and the clock.

pub mod clock;
pub mod ids;
pub mod text;
pub(crate) mod text_enum;
pub mod time;

pub(crate) use text_enum::text_enum;
pub use text_enum::UnknownValue;
