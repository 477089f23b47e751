//! What every layer shares and no rule owns: ids, text enums, instants and the clock.

pub mod clock;
pub mod ids;
pub mod text;
mod text_enum;
pub mod time;

pub(crate) use text_enum::text_enum;
pub use text_enum::UnknownValue;
