//! What every layer shares and no rule owns: the clock.

pub mod clock;
