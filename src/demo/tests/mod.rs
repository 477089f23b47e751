//! Tests of the generator as a whole: determinism and validity here, the org's shape in
//! `shape`, goal details in `goals`, and the million-goal timing in `scale`.

mod check;
mod goals;
mod scale;
mod shape;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, TimeZone, Utc};

use super::{generate, write_json, DemoParams};
use crate::import::format::ImportFile;
use check::assert_valid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("valid instant")
}

fn params(members: usize, goals: usize, seed: u64) -> DemoParams {
    DemoParams { org_id: "acme".to_owned(), members, goals, seed, now: now() }
}

fn small_org() -> ImportFile {
    generate(&params(200, 1_000, 42))
}

fn bytes(params: &DemoParams) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(params, &mut out).expect("writing to memory cannot fail");
    out
}

fn values<'a>(items: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    items.collect()
}

#[test]
fn the_same_parameters_give_the_same_bytes() {
    assert_eq!(bytes(&params(200, 1_000, 7)), bytes(&params(200, 1_000, 7)));
}

#[test]
fn streaming_writes_exactly_what_generate_returns() {
    let params = params(200, 1_000, 7);
    let expected = serde_json::to_vec(&generate(&params)).expect("serializable");
    assert_eq!(bytes(&params), expected);
}

#[test]
fn goals_rendered_in_many_small_parallel_batches_give_the_same_bytes() {
    let params = params(200, 1_000, 7);
    let org = super::world::DemoOrg::build(&params);
    let mut out = Vec::new();
    super::stream::write_import_file(&org, &mut out, 7).expect("writing to memory cannot fail");
    assert_eq!(out, bytes(&params));
}

#[test]
fn different_seeds_give_different_files() {
    assert_ne!(bytes(&params(200, 1_000, 1)), bytes(&params(200, 1_000, 2)));
}

#[test]
fn the_output_parses_back_as_a_valid_import_file() {
    let parsed: ImportFile = serde_json::from_slice(&bytes(&params(200, 1_000, 3))).expect("valid JSON");
    assert_eq!((parsed.members.len(), parsed.goals.len()), (200, 1_000));
    assert_valid(&parsed);
}

#[test]
fn every_reference_names_an_existing_entity_and_weights_fit_for_several_seeds() {
    for seed in 0..5 {
        assert_valid(&generate(&params(200, 1_000, seed)));
    }
}

#[test]
fn tiny_and_empty_orgs_are_still_valid() {
    for (members, goals) in [(0, 0), (0, 10), (1, 0), (1, 5), (3, 20), (12, 50), (30, 1)] {
        let file = generate(&params(members, goals, 5));
        assert_valid(&file);
        assert_eq!(file.members.len(), members);
        assert_eq!(file.goals.len(), if members == 0 { 0 } else { goals });
    }
}

#[test]
fn parents_come_before_their_children_in_the_file() {
    let file = small_org();
    let position: HashMap<&str, usize> = file.goals.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
    for (index, goal) in file.goals.iter().enumerate() {
        if let Some(parent) = &goal.parent {
            assert!(position[parent.as_str()] < index, "{} before its parent", goal.id);
        }
    }
    let members: HashMap<&str, usize> = file.members.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
    for (index, member) in file.members.iter().enumerate() {
        if let Some(manager) = &member.manager {
            assert!(members[manager.as_str()] < index, "{} before its manager", member.id);
        }
    }
}
