#![forbid(unsafe_code)]
//! goald: the goals daemon. See CONTRACT.md in the shared folder for the behaviour.

pub mod app;
pub mod cli;
pub mod config;
pub mod core;
pub mod demo;
pub mod digest;
#[cfg(test)]
mod fuzz_tests;
pub mod goals;
pub mod hris;
pub mod http;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod notify;
pub mod org;
pub mod reminders;
pub mod reports;
pub mod rollup;
pub mod scim;
pub mod store;
pub mod systemd;
pub mod telemetry;
pub mod unwind;
pub mod visibility;
