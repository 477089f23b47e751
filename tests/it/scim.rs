//! SCIM 2.0 over a real socket to `goald serve` (docs/scim.md): an Okta-style lifecycle,
//! each Entra quirk, a manager not provisioned yet, a refused cycle, bad input, and
//! another org's token; on both backends. What SCIM changed is read back from the store.

use serde_json::{json, Value};

use crate::common::daemon::Daemon;
use crate::common::http::send;
use crate::common::{fixture, goald_json, hris_apply, test_dbs, TestDb};
use goald::core::ids::{MemberId, OrgId, TeamId};
use goald::store::Store;

pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

pub struct Scim {
    pub addr: String,
    pub token: String,
    pub org: String,
}

impl Scim {
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        self.raw(method, path, &body)
    }

    pub fn raw(&self, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
        let headers =
            [("Authorization", format!("Bearer {}", self.token)), ("Content-Type", "application/scim+json".to_owned())];
        let url = format!("/scim/v2/orgs/{}{path}", self.org);
        let (status, text) = send(&self.addr, method, &url, &headers, body);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub fn patch(&self, path: &str, ops: Value) -> (u16, Value) {
        self.call("PATCH", path, Some(&json!({"schemas": [PATCH], "Operations": ops})))
    }
}

pub fn token(db: &TestDb, org: &str) -> String {
    let made = goald_json(db, &["scim", "token", "create", "--org", org, "--json"]);
    assert_eq!(made["org"], json!(org));
    made["token"].as_str().expect("a token").to_owned()
}

fn setup(db: &TestDb, daemon: &Daemon) -> Scim {
    let org = fixture("example-org.json");
    goald_json(db, &["import", org.to_str().expect("path"), "--json"]);
    Scim { addr: daemon.addr.clone(), token: token(db, "northwind"), org: "northwind".into() }
}

async fn member(db: &TestDb, id: &str) -> goald::org::Member {
    let store = goald::store::open(&db.url, 1).await.expect("open");
    let org = OrgId::parse("northwind").expect("org");
    store.member(&org, &MemberId::parse(id).expect("id")).await.expect("member").expect("stored")
}

async fn team_members(store: &dyn Store, team: &str) -> Vec<String> {
    let org = OrgId::parse("northwind").expect("org");
    let teams = store.org_teams(&org).await.expect("teams");
    let team = TeamId::parse(team).expect("team id");
    let found = teams.into_iter().find(|t| t.id == team).expect("the team");
    found.members.iter().map(|m| m.to_string()).collect()
}

fn user(name: &str, manager: Option<&str>) -> Value {
    let mut u = json!({"schemas": [USER, ENTERPRISE], "userName": format!("{name}@northwind.test"),
                       "name": {"givenName": name, "familyName": "Okta"}, "active": true,
                       "emails": [{"value": format!("{name}@northwind.test"), "type": "work", "primary": true}]});
    if let Some(m) = manager {
        u[ENTERPRISE] = json!({"manager": {"value": m}});
    }
    u
}

#[tokio::test]
async fn an_okta_lifecycle_creates_assigns_renames_deactivates_reactivates_and_unassigns() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().expect("dir");
        let daemon = Daemon::start(&db, data.path());
        let scim = setup(&db, &daemon);
        let b = db.backend;
        let (status, found) = scim.call("GET", "/Users?filter=userName%20eq%20%22zoe@northwind.test%22", None);
        assert_eq!((status, found["totalResults"].clone()), (200, json!(0)), "[{b}] connection test");
        let (status, created) = scim.call("POST", "/Users", Some(&user("zoe", Some("cy"))));
        assert_eq!(status, 201, "[{b}] {created}");
        let id = created["id"].as_str().expect("id").to_owned();
        let m = member(&db, &id).await;
        assert_eq!(
            (m.name.as_str(), m.manager.as_ref().map(|x| x.as_str()), m.active),
            ("zoe Okta", Some("cy"), true),
            "[{b}]"
        );
        let group = json!({"schemas": [GROUP], "displayName": "Okta app", "members": [{"value": id}]});
        let (status, g) = scim.call("POST", "/Groups", Some(&group));
        assert_eq!(status, 201, "[{b}] {g}");
        let store = goald::store::open(&db.url, 1).await.expect("open");
        assert_eq!(
            team_members(store.as_ref(), g["id"].as_str().expect("id")).await,
            vec![id.clone()],
            "[{b}] assigned"
        );
        // Okta's PUT is a full replace that leaves `active` out: the member stays active.
        let mut renamed = user("zoe", Some("cy"));
        renamed["name"] = json!({"formatted": "Zoe Renamed"});
        renamed.as_object_mut().expect("object").remove("active");
        let (status, put) = scim.call("PUT", &format!("/Users/{id}"), Some(&renamed));
        assert_eq!((status, put["active"].clone()), (200, json!(true)), "[{b}] {put}");
        let m = member(&db, &id).await;
        assert_eq!((m.name.as_str(), m.active), ("Zoe Renamed", true), "[{b}]");
        let (status, _) = scim.patch(&format!("/Users/{id}"), json!([{"op": "replace", "value": {"active": false}}]));
        assert_eq!((status, member(&db, &id).await.active), (200, false), "[{b}] deactivated");
        let (status, _) = scim.patch(&format!("/Users/{id}"), json!([{"op": "replace", "value": {"active": true}}]));
        assert_eq!((status, member(&db, &id).await.active), (200, true), "[{b}] reactivated");
        let (status, _) = scim.call("DELETE", &format!("/Users/{id}"), None);
        assert_eq!(status, 204, "[{b}]");
        assert!(!member(&db, &id).await.active, "[{b}] unassigning deactivates; the member stays");
        assert_eq!(scim.call("GET", &format!("/Users/{id}"), None).0, 404, "[{b}]");
    }
}

#[tokio::test]
async fn each_entra_quirk_is_accepted() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().expect("dir");
        let daemon = Daemon::start(&db, data.path());
        let scim = setup(&db, &daemon);
        let b = db.backend;
        let (_, created) = scim.call("POST", "/Users", Some(&user("yan", None)));
        let path = format!("/Users/{}", created["id"].as_str().expect("id"));
        let id = created["id"].as_str().expect("id").to_owned();
        // Boolean sent as a string.
        let (status, out) = scim.patch(&path, json!([{"op": "Replace", "path": "active", "value": "False"}]));
        assert_eq!(
            (status, out["active"].clone(), member(&db, &id).await.active),
            (200, json!(false), false),
            "[{b}] {out}"
        );
        // Add and Replace used interchangeably on a single value.
        for (op, name) in [("Add", "Yan A"), ("Replace", "Yan R")] {
            let (status, _) = scim.patch(&path, json!([{"op": op, "path": "name.formatted", "value": name}]));
            assert_eq!((status, member(&db, &id).await.name), (200, name.to_owned()), "[{b}] {op}");
        }
        // An email value path; the email follows when userName is no address.
        scim.patch(&path, json!([{"op": "Replace", "path": "userName", "value": "yan"}]));
        let (status, _) = scim
            .patch(&path, json!([{"op": "Add", "path": "emails[type eq \"work\"].value", "value": "yan@new.test"}]));
        assert_eq!((status, member(&db, &id).await.email), (200, Some("yan@new.test".to_owned())), "[{b}]");
        // The manager as a plain string.
        let (status, _) =
            scim.patch(&path, json!([{"op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": "fay"}]));
        assert_eq!((status, member(&db, &id).await.manager.map(|m| m.to_string())), (200, Some("fay".into())), "[{b}]");
        // A member removed by naming it in `value`: the others stay.
        let (status, _) =
            scim.patch("/Groups/sales", json!([{"op": "Remove", "path": "members", "value": [{"value": "dee"}]}]));
        assert_eq!(status, 200, "[{b}]");
        let store = goald::store::open(&db.url, 1).await.expect("open");
        let left = team_members(store.as_ref(), "sales").await;
        assert!(!left.contains(&"dee".to_owned()) && !left.is_empty(), "[{b}] {left:?}");
    }
}

#[tokio::test]
async fn a_manager_not_provisioned_yet_waits_and_a_cycle_is_refused_storing_nothing() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().expect("dir");
        let daemon = Daemon::start(&db, data.path());
        let scim = setup(&db, &daemon);
        let b = db.backend;
        let (status, created) = scim.call("POST", "/Users", Some(&user("xia", Some("zed"))));
        assert_eq!(status, 201, "[{b}] {created}");
        let id = created["id"].as_str().expect("id").to_owned();
        assert_eq!(member(&db, &id).await.manager, None, "[{b}] the member is there, its manager waits");
        let zed = json!({"id": "h-zed", "type": "member.upserted", "occurred_at": "2026-01-01T00:00:00Z",
                         "data": {"id": "zed", "name": "Zed", "role": "manager", "active": true}});
        hris_apply(&db, "northwind", &[zed]);
        assert_eq!(
            member(&db, &id).await.manager.map(|m| m.to_string()),
            Some("zed".into()),
            "[{b}] applied on arrival"
        );
        // ada manages cy who manages dee: dee cannot become ada's manager.
        let before = scim.call("GET", "/Users/ada", None).1;
        let (status, error) = scim
            .patch("/Users/ada", json!([{"op": "replace", "path": format!("{ENTERPRISE}:manager"), "value": "dee"}]));
        assert_eq!((status, error["scimType"].clone()), (400, json!("invalidValue")), "[{b}] {error}");
        assert_eq!(member(&db, "ada").await.manager, None, "[{b}]");
        assert_eq!(
            scim.call("GET", "/Users/ada", None).1["meta"]["version"],
            before["meta"]["version"],
            "[{b}] nothing stored"
        );
    }
}

#[tokio::test]
async fn bad_input_gets_its_rfc_7644_error_and_stores_nothing() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().expect("dir");
        let daemon = Daemon::start(&db, data.path());
        let scim = setup(&db, &daemon);
        let b = db.backend;
        let users = |s: &Scim| s.call("GET", "/Users", None).1["totalResults"].clone();
        let before = (users(&scim), goald_json(&db, &["hris", "status", "--org", "northwind", "--json"]));
        let mut unknown = user("u1", None);
        unknown["shoeSize"] = json!(42);
        let mut wrong = user("u2", None);
        wrong["active"] = json!(7);
        let taken = user("ada", None);
        for (body, status, kind) in
            [(unknown, 400, "invalidValue"), (wrong, 400, "invalidValue"), (taken, 409, "uniqueness")]
        {
            let (got, error) = scim.call("POST", "/Users", Some(&body));
            assert_eq!((got, error["scimType"].clone()), (status, json!(kind)), "[{b}] {error}");
            assert_eq!(error["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:Error"]), "[{b}]");
        }
        let (status, error) = scim.call("GET", "/Users?filter=userName%20eq", None);
        assert_eq!((status, error["scimType"].clone()), (400, json!("invalidFilter")), "[{b}]");
        let (status, error) = scim.raw("POST", "/Users", &vec![b' '; (1 << 20) + 10]);
        assert_eq!((status, error["status"].clone()), (413, json!("413")), "[{b}]");
        let (status, error) = scim.raw("POST", "/Users", b"{not json");
        assert_eq!((status, error["scimType"].clone()), (400, json!("invalidSyntax")), "[{b}]");
        let after = (users(&scim), goald_json(&db, &["hris", "status", "--org", "northwind", "--json"]));
        assert_eq!(before, after, "[{b}] nothing stored");
    }
}

#[tokio::test]
async fn another_orgs_token_or_none_gets_401_on_every_route() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().expect("dir");
        let daemon = Daemon::start(&db, data.path());
        let scim = setup(&db, &daemon);
        let store = goald::store::open(&db.url, 1).await.expect("open");
        store.import(crate::common::random::random_org("other", 3)).await.expect("import");
        let foreign = Scim {
            token: token(&db, "other"),
            ..Scim { addr: scim.addr.clone(), token: String::new(), org: "northwind".into() }
        };
        let revoked = goald_json(&db, &["scim", "token", "list", "--org", "other", "--json"]);
        assert_eq!(revoked["tokens"].as_array().map(Vec::len), Some(1));
        for (method, path) in [
            ("GET", "/Users"),
            ("GET", "/Users/ada"),
            ("POST", "/Users"),
            ("PUT", "/Users/ada"),
            ("PATCH", "/Users/ada"),
            ("DELETE", "/Users/ada"),
            ("GET", "/Groups"),
            ("GET", "/Groups/sales"),
            ("POST", "/Groups"),
            ("PATCH", "/Groups/sales"),
            ("DELETE", "/Groups/sales"),
            ("GET", "/ServiceProviderConfig"),
            ("GET", "/ResourceTypes"),
            ("GET", "/Schemas"),
            ("GET", "/nowhere"),
        ] {
            for s in [&foreign, &Scim { token: "nope".into(), addr: scim.addr.clone(), org: "northwind".into() }] {
                let (status, body) = s.call(method, path, Some(&json!({})));
                assert_eq!((status, body["status"].clone()), (401, json!("401")), "[{}] {method} {path}", db.backend);
            }
        }
        assert!(member(&db, "ada").await.active, "[{}] nothing changed", db.backend);
        let id = goald_json(&db, &["scim", "token", "list", "--org", "northwind", "--json"])["tokens"][0]["id"].clone();
        goald_json(&db, &["scim", "token", "revoke", "--org", "northwind", id.as_str().expect("id"), "--json"]);
        assert_eq!(scim.call("GET", "/Users", None).0, 401, "[{}] a revoked token", db.backend);
    }
}
