//! The integration tests, one binary: each module was a file of its own under `tests/`,
//! and one binary links the crate and `common` once instead of once per file. Run a subset
//! by module path: `cargo test --test it serve::` or `./scripts/test --test it api_`.

mod common;

mod api_align;
mod api_auth;
mod api_betterworks_comments;
mod api_betterworks_follow;
mod api_categories;
mod api_category_names;
mod api_create;
mod api_duplicate_delete;
mod api_edit;
mod api_explore;
mod api_history;
mod api_lifecycle;
mod api_policy;
mod api_progress;
mod api_visibility;
mod contract_example;
mod contract_policy_example;
mod delivery;
mod goal_links_match_rules;
mod hardening_bounds;
mod hardening_http;
mod hardening_input;
mod hardening_mail;
mod hris;
mod hris_matches_rules;
mod import;
mod mail;
mod mail_dkim;
mod mail_render;
mod manager_digest;
mod manager_digest_render;
mod notify_api;
mod notify_preferences;
mod observability;
mod observability_cli;
mod ops_startup;
mod org_changes;
mod reimport_matches_rules;
mod reminders;
mod reports;
mod reports_match_rules;
mod scim;
mod scim_conformance;
mod scim_matches_rules;
mod serve;
mod serve_clock;
mod store_matches_rules;
mod suppression;
mod webhooks;
