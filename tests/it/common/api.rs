//! The goals API (docs/api.md) over a real socket: the `api-org.json` fixture imported as
//! org `acme`, an API key made with `goald api-key create`, `goald serve` started, and calls
//! made as one member of the org (`Authorization: Bearer KEY`, `Goald-Member: MEMBER`).
//!
//! The fixture (ids sorted; see tests/fixtures/api-org.json):
//! - ada executive; bo collaborator; cy and fay managers under ada; dee and eli (locale fr)
//!   employees under cy; gus and hal (deactivated) employees under fay;
//!   team sales = cy, dee, eli; team ops = fay, gus.
//! - o-company: organization, published, ada's, owners_and_contributors, subgoals_automatic;
//!   t-sales (cy's, team sales contributes, progress 30) and t-ops (fay's, gus contributes,
//!   progress 40) are its children, both owners_and_contributors;
//!   p-dee (dee's, private, 2025, progress 20), p-gus (gus's, private), p-cy (cy's, public),
//!   p-hal (hal's, public); d-gus (gus's draft), d-cy-dee (a draft cy created for dee);
//!   c-eli (eli's, closed, public, under t-sales without contributing).

use serde_json::{json, Value};
use tempfile::TempDir;

use super::daemon::Daemon;
use super::http::send;
use super::{fixture, goald, goald_json, import_json, read_json, TestDb};
// The tests import these from here, with the rest of the API helpers.
pub use super::values::{id_of, id_set, ids, instant, list, num, personal, team_goal, with};

pub const ORG: &str = "acme";

/// Every goal of the fixture, sorted by id.
pub const ALL_GOALS: [&str; 10] =
    ["c-eli", "d-cy-dee", "d-gus", "o-company", "p-cy", "p-dee", "p-gus", "p-hal", "t-ops", "t-sales"];

/// The fixture under another org id (same member, team and goal ids: ids are per org).
pub fn org_file(org: &str) -> Value {
    let mut file = read_json(&fixture("api-org.json"));
    file["org"]["id"] = json!(org);
    file["org"]["name"] = json!(format!("{org} Inc."));
    file
}

/// `goald api-key create --org ORG --json`: `{"id", "org", "name", "key"}`.
pub fn create_key(db: &TestDb, org: &str) -> Value {
    goald_json(db, &["api-key", "create", "--org", org, "--name", "tests", "--json"])
}

/// `goald api-key revoke --org ORG ID`; fails the test when the command fails.
pub fn revoke_key(db: &TestDb, org: &str, id: &str) {
    let out = goald(db, &["api-key", "revoke", "--org", org, id]);
    assert!(out.status.success(), "[{}] api-key revoke: {}", db.backend, String::from_utf8_lossy(&out.stderr));
}

/// A running daemon with `acme` imported and a key for it.
pub struct Api {
    pub backend: &'static str,
    pub addr: String,
    pub org: String,
    pub key: String,
    daemon: Daemon,
    _data: TempDir,
}

impl Api {
    /// Imports the fixture as `acme`, makes a key and starts `goald serve` on `db`.
    pub fn start(db: &TestDb) -> Api {
        import_json(db, &org_file(ORG));
        let key = create_key(db, ORG)["key"].as_str().expect("api-key create prints the key").to_owned();
        Self::serve(db, ORG, &key)
    }

    /// Starts `goald serve` on `db` (already imported) and calls `org` with `key`.
    pub fn serve(db: &TestDb, org: &str, key: &str) -> Api {
        Self::serve_with(db, org, key, &[])
    }

    /// As `serve`, with `GOALD_*` settings (e.g. `GOALD_NOW` to shift the daemon's clock).
    pub fn serve_with(db: &TestDb, org: &str, key: &str, env: &[(&str, &str)]) -> Api {
        let data = tempfile::tempdir().expect("temporary directory");
        let daemon = Daemon::start_with(db, data.path(), &[], env);
        Api {
            backend: db.backend,
            addr: daemon.addr.clone(),
            org: org.to_owned(),
            key: key.to_owned(),
            daemon,
            _data: data,
        }
    }

    /// Calls made as `member` with this key.
    pub fn member<'a>(&'a self, id: &'a str) -> Member<'a> {
        Member { api: self, id }
    }

    /// `path` under `/v1/orgs/{org}`.
    pub fn path(&self, path: &str) -> String {
        format!("/v1/orgs/{}{path}", self.org)
    }

    /// One request with exactly these headers (a JSON content type added when there is a body).
    pub fn raw(&self, method: &str, full_path: &str, headers: &[(&str, String)], body: Option<&Value>) -> Reply {
        let mut all: Vec<(&str, String)> = headers.to_vec();
        let bytes = match body {
            Some(body) => {
                all.push(("Content-Type", "application/json".to_owned()));
                serde_json::to_vec(body).expect("JSON")
            }
            None => Vec::new(),
        };
        self.raw_bytes(method, full_path, &all, &bytes)
    }

    /// One request with these headers and this body, as is.
    pub fn raw_bytes(&self, method: &str, full_path: &str, headers: &[(&str, String)], body: &[u8]) -> Reply {
        let who = headers.iter().find(|(n, _)| *n == "Goald-Member").map(|(_, v)| v.as_str()).unwrap_or("nobody");
        let (status, text) = send(&self.daemon.addr, method, full_path, headers, body);
        Reply { status, body: parse_body(&text), what: format!("[{}] {who} {method} {full_path}", self.backend) }
    }
}

/// The body as JSON: empty is `null`; a chunked body is de-chunked first.
fn parse_body(text: &str) -> Value {
    if text.trim().is_empty() {
        return Value::Null;
    }
    if let Ok(value) = serde_json::from_str(text) {
        return value;
    }
    let mut rest = text;
    let mut joined = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else { break };
        if size == 0 || after.len() < size {
            break;
        }
        joined.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    serde_json::from_str(&joined).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// One answer: its status, its JSON body and what was asked (for assertion messages).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub what: String,
}

impl Reply {
    /// Asserts the status; returns the body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}: {}", self.what, self.body);
        self.body
    }

    /// Asserts an error answer: status, `error` code and a message; returns the body.
    #[track_caller]
    pub fn expect_error(self, status: u16, code: &str) -> Value {
        assert_eq!((self.status, self.body["error"].as_str()), (status, Some(code)), "{}: {}", self.what, self.body);
        assert!(
            self.body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{}: an error has a message: {}",
            self.what,
            self.body
        );
        self.body
    }

    /// Asserts a 400 `invalid` that names `field`.
    #[track_caller]
    pub fn expect_invalid(self, field: &str) {
        let what = self.what.clone();
        let body = self.expect_error(400, "invalid");
        assert_eq!(body["field"].as_str(), Some(field), "{what}: {body}");
    }
}

/// Calls made as one member.
pub struct Member<'a> {
    pub api: &'a Api,
    pub id: &'a str,
}

impl Member<'_> {
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let headers = [("Authorization", format!("Bearer {}", self.api.key)), ("Goald-Member", self.id.to_owned())];
        self.api.raw(method, &self.api.path(path), &headers, body)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.call("GET", path, None)
    }

    pub fn post(&self, path: &str, body: Value) -> Reply {
        self.call("POST", path, Some(&body))
    }

    pub fn patch(&self, path: &str, body: Value) -> Reply {
        self.call("PATCH", path, Some(&body))
    }

    pub fn put(&self, path: &str, body: Value) -> Reply {
        self.call("PUT", path, Some(&body))
    }

    pub fn delete(&self, path: &str) -> Reply {
        self.call("DELETE", path, None)
    }

    /// POST /goals, asserting 201; the new goal.
    #[track_caller]
    pub fn create(&self, body: Value) -> Value {
        self.post("/goals", body).expect(201)
    }

    /// POST /goals/{id}/publish, asserting 200.
    #[track_caller]
    pub fn publish(&self, id: &str) -> Value {
        self.post(&format!("/goals/{id}/publish"), json!({})).expect(200)
    }

    /// A draft created and published by this member; the published goal.
    #[track_caller]
    pub fn create_published(&self, body: Value) -> Value {
        let goal = self.create(body);
        self.publish(goal["id"].as_str().expect("goal id"))
    }

    /// GET /goals/{id}, asserting 200.
    #[track_caller]
    pub fn goal(&self, id: &str) -> Value {
        self.get(&format!("/goals/{id}")).expect(200)
    }

    /// GET /goals/{id}/history, asserting 200: the entries, oldest first.
    #[track_caller]
    pub fn history(&self, id: &str) -> Vec<Value> {
        list(self.get(&format!("/goals/{id}/history")).expect(200), "history")
    }

    /// The operations of the goal's history, oldest first.
    #[track_caller]
    pub fn operations(&self, id: &str) -> Vec<String> {
        self.history(id).iter().map(|e| e["operation"].as_str().expect("operation").to_owned()).collect()
    }

    /// GET /goals/{id}/progress, asserting 200: the updates, oldest first.
    #[track_caller]
    pub fn updates(&self, id: &str) -> Vec<Value> {
        list(self.get(&format!("/goals/{id}/progress")).expect(200), "updates")
    }

    /// POST /goals/{id}/progress, asserting 201: the update.
    #[track_caller]
    pub fn add_progress(&self, id: &str, body: Value) -> Value {
        self.post(&format!("/goals/{id}/progress"), body).expect(201)
    }

    /// GET /goals/{id}/comments, asserting 200.
    #[track_caller]
    pub fn comments(&self, id: &str) -> Vec<Value> {
        list(self.get(&format!("/goals/{id}/comments")).expect(200), "comments")
    }

    /// GET `path` (/goals?… or /me/goals?…), asserting 200: the whole answer.
    #[track_caller]
    pub fn explore(&self, path: &str) -> Value {
        self.get(path).expect(200)
    }
}
