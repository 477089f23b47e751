//! Property tests ("fuzz targets") for each door's parser: arbitrary and mutated inputs
//! go through the same entry the door uses, and must give a value or an error naming
//! what is wrong, never a panic. `PROPTEST_CASES` raises the case count (docs/limits.md).
//! The API bodies' property is in `http::api::fuzz_tests`, beside the private parsers.

mod config;
mod hris;
mod import;
pub(crate) mod json;
