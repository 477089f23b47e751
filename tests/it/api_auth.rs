//! The goals API, authentication and tenancy (docs/api.md "Authentication and tenancy",
//! "Errors"): keys per org, the acting member, and nothing leaking across orgs or to a member
//! who cannot see a goal.

use crate::common::api::{create_key, id_of, org_file, personal, revoke_key, Api, Reply, ORG};
use crate::common::{goald_json, import_json, test_dbs};
use serde_json::{json, Value};

/// Every route of docs/api.md on one org, as (method, path under the org, acting member,
/// body); each is an action its member may take, so a leak would show as a change.
fn every_route(update: &str) -> Vec<(&'static str, String, &'static str, Option<Value>)> {
    let leaked = || Some(json!({"title": "Leaked"}));
    vec![
        ("GET", "/goals".into(), "ada", None),
        ("POST", "/goals".into(), "ada", Some(personal("Leaked"))),
        ("GET", "/goals/p-dee".into(), "dee", None),
        ("PATCH", "/goals/p-dee".into(), "dee", leaked()),
        ("POST", "/goals/d-cy-dee/publish".into(), "cy", Some(json!({}))),
        ("PUT", "/goals/p-dee/parent".into(), "dee", Some(json!({"parent": "t-sales"}))),
        ("DELETE", "/goals/t-ops/parent".into(), "fay", None),
        ("POST", "/goals/p-cy/close".into(), "cy", Some(json!({}))),
        ("POST", "/goals/c-eli/archive".into(), "eli", Some(json!({}))),
        ("POST", "/goals/c-eli/unarchive".into(), "eli", Some(json!({}))),
        ("POST", "/goals/p-cy/duplicate".into(), "cy", Some(json!({}))),
        ("DELETE", "/goals/p-hal".into(), "ada", None),
        ("GET", "/goals/p-dee/progress".into(), "dee", None),
        ("POST", "/goals/p-dee/progress".into(), "dee", Some(json!({"progress": 99}))),
        ("PATCH", format!("/goals/p-dee/progress/{update}"), "dee", Some(json!({"comment": "Leaked"}))),
        ("DELETE", format!("/goals/p-dee/progress/{update}"), "dee", None),
        ("GET", "/goals/p-dee/comments".into(), "dee", None),
        ("POST", "/goals/p-dee/comments".into(), "dee", Some(json!({"body": "Leaked"}))),
        ("GET", "/goals/p-dee/history".into(), "dee", None),
        ("GET", "/me/goals".into(), "dee", None),
        ("GET", "/policy".into(), "dee", None),
        ("PATCH", "/policy".into(), "ada", Some(json!({"manager_editor": true}))),
        ("GET", "/policy/history".into(), "ada", None),
        // The update's id stands in for a comment's: a foreign key is refused before either is read.
        ("PATCH", format!("/goals/p-dee/comments/{update}"), "dee", Some(json!({"body": "Leaked"}))),
        ("DELETE", format!("/goals/p-dee/comments/{update}"), "dee", None),
        ("POST", "/goals/p-dee/follow".into(), "dee", Some(json!({}))),
        ("DELETE", "/goals/p-dee/follow".into(), "dee", None),
        ("GET", "/me/following".into(), "dee", None),
        ("GET", "/goals/p-dee/related".into(), "dee", None),
        ("PUT", "/goals/p-dee/related/p-cy".into(), "dee", Some(json!({}))),
        ("DELETE", "/goals/p-dee/related/p-cy".into(), "dee", None),
        ("GET", "/reports/progress".into(), "cy", None),
        ("GET", "/reports/adoption".into(), "cy", None),
        ("POST", "/goals/p-dee/nudge".into(), "cy", Some(json!({}))),
        ("POST", "/goals/p-dee/cheer".into(), "cy", Some(json!({}))),
        ("GET", "/categories".into(), "dee", None),
        ("POST", "/categories".into(), "ada", Some(json!({"name": "Leaked"}))),
        ("PATCH", format!("/categories/{update}"), "ada", Some(json!({"name": "Leaked"}))),
        ("DELETE", format!("/categories/{update}"), "ada", None),
    ]
}

fn bearer(key: &str, member: &str) -> Vec<(&'static str, String)> {
    vec![("Authorization", format!("Bearer {key}")), ("Goald-Member", member.to_owned())]
}

/// What ada (executive, sees everything) reads of the org: every goal, p-dee's trail.
fn snapshot(api: &Api) -> Value {
    let ada = api.member("ada");
    json!({
        "goals": ada.explore("/goals?limit=200"),
        "history": ada.history("p-dee"),
        "progress": ada.updates("p-dee"),
        "comments": ada.comments("p-dee"),
        "policy": ada.get("/policy").expect(200),
        "categories": ada.get("/categories").expect(200),
    })
}

#[tokio::test]
async fn a_key_of_another_org_gets_401_on_every_route_and_changes_nothing() {
    for db in test_dbs().await {
        // Arrange: acme and globex hold the same ids; one key each.
        import_json(&db, &org_file(ORG));
        import_json(&db, &org_file("globex"));
        let acme_key = create_key(&db, ORG)["key"].as_str().unwrap().to_owned();
        let globex_key = create_key(&db, "globex")["key"].as_str().unwrap().to_owned();
        let api = Api::serve(&db, ORG, &acme_key);
        let update = id_of(&api.member("dee").updates("p-dee")[0]);
        let before = snapshot(&api);
        let globex_path = format!("/v1/orgs/globex{}", "/goals/p-dee");
        api.raw("GET", &globex_path, &bearer(&globex_key, "dee"), None).expect(200);

        // Act and assert: globex's key on every acme route, acme's key on every globex route.
        for (method, path, member, body) in every_route(&update) {
            let on_acme = api.raw(method, &api.path(&path), &bearer(&globex_key, member), body.as_ref());
            on_acme.expect_error(401, "unauthorized");
            let on_globex = format!("/v1/orgs/globex{path}");
            api.raw(method, &on_globex, &bearer(&acme_key, member), body.as_ref()).expect_error(401, "unauthorized");
        }
        // A key never reveals whether another org exists.
        let nowhere = api.raw("GET", "/v1/orgs/nowhere/goals", &bearer(&acme_key, "ada"), None);
        nowhere.expect_error(401, "unauthorized");

        assert_eq!(snapshot(&api), before, "[{}] a foreign key changed acme", db.backend);
        api.raw("GET", &globex_path, &bearer(&globex_key, "dee"), None).expect(200);
    }
}

/// A path with its parameters blanked: `/goals/{goal}` → `/goals/{}`.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => inside = true,
            '}' => {
                inside = false;
                out.push_str("{}");
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_the_tenancy_test_covers() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let doc = api.raw("GET", "/v1/openapi.json", &[], None).expect(200);
        let mut served: Vec<String> = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap_or_else(|| panic!("no paths: {doc}")) {
            // The goals API only: health, metrics, the webhook and the unsubscribe link
            // take no API key (their security is empty).
            if item.as_object().into_iter().flat_map(|o| o.values()).any(|op| op["security"] == serde_json::json!([])) {
                continue;
            }
            for method in ["get", "post", "put", "patch", "delete"] {
                if item.get(method).is_some() {
                    served.push(format!("{} {}", method.to_uppercase(), template(path)));
                }
            }
        }
        let mut covered: Vec<String> = every_route("{id}")
            .into_iter()
            .map(|(method, path, _, _)| {
                let path = path.replace("p-dee", "{goal}").replace("d-cy-dee", "{goal}").replace("t-ops", "{goal}");
                let path = path.replace("p-cy", "{goal}").replace("c-eli", "{goal}").replace("p-hal", "{goal}");
                format!("{method} {}", template(&format!("/v1/orgs/{{org}}{path}")))
            })
            .collect();
        served.sort();
        covered.sort();
        assert_eq!(served, covered, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn no_key_a_bad_key_or_a_revoked_key_gets_401() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let second = create_key(&db, ORG);
        let second_key = second["key"].as_str().unwrap().to_owned();
        let path = api.path("/goals/p-cy");
        api.raw("GET", &path, &bearer(&second_key, "ada"), None).expect(200);

        revoke_key(&db, ORG, &id_of(&second));

        let member = ("Goald-Member", "ada".to_owned());
        let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
            ("no Authorization", vec![member.clone()]),
            ("no Authorization and no Goald-Member", vec![]),
            ("an empty bearer", vec![("Authorization", "Bearer ".into()), member.clone()]),
            ("an unknown key", vec![("Authorization", "Bearer gk_0123456789abcdef".into()), member.clone()]),
            ("the key without Bearer", vec![("Authorization", api.key.clone()), member.clone()]),
            ("Basic credentials", vec![("Authorization", "Basic YWRhOmFkYQ==".into()), member.clone()]),
            ("a revoked key", bearer(&second_key, "ada")),
        ];
        for (what, headers) in cases {
            for (method, path, body) in [
                ("GET", api.path("/goals"), None),
                ("GET", path.clone(), None),
                ("POST", api.path("/goals"), Some(personal("No"))),
            ] {
                let reply = api.raw(method, &path, &headers, body.as_ref());
                assert_eq!(reply.status, 401, "{what}: {reply:?}");
                reply.expect_error(401, "unauthorized");
            }
        }
        // The first key still works.
        api.member("ada").goal("p-cy");
    }
}

#[tokio::test]
async fn an_api_key_is_printed_once_and_listed_without_its_secret() {
    for db in test_dbs().await {
        import_json(&db, &org_file(ORG));
        let created = goald_json(&db, &["api-key", "create", "--org", ORG, "--name", "front end", "--json"]);
        let key = created["key"].as_str().expect("key");
        assert!(key.starts_with("gk_"), "[{}] {created}", db.backend);
        assert_eq!((&created["org"], &created["name"]), (&json!(ORG), &json!("front end")), "{created}");

        let listed = goald_json(&db, &["api-key", "list", "--org", ORG, "--json"]);
        assert!(!listed.to_string().contains(key), "[{}] the list shows the key: {listed}", db.backend);
        let entry = listed["keys"].as_array().unwrap().iter().find(|k| k["id"] == created["id"]).cloned();
        let entry = entry.unwrap_or_else(|| panic!("[{}] key not listed: {listed}", db.backend));
        assert_eq!((&entry["name"], &entry["revoked_at"]), (&json!("front end"), &Value::Null), "{entry}");

        revoke_key(&db, ORG, &id_of(&created));
        let listed = goald_json(&db, &["api-key", "list", "--org", ORG, "--json"]);
        let entry = listed["keys"].as_array().unwrap().iter().find(|k| k["id"] == created["id"]).cloned().unwrap();
        assert!(entry["revoked_at"].is_string(), "[{}] revoked: {entry}", db.backend);
    }
}

#[tokio::test]
async fn a_request_without_goald_member_gets_400_naming_the_header() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let key_only = [("Authorization", format!("Bearer {}", api.key))];
        for (method, path, body) in [
            ("GET", "/goals", None),
            ("GET", "/goals/p-cy", None),
            ("GET", "/me/goals", None),
            ("POST", "/goals", Some(personal("Nobody's"))),
        ] {
            api.raw(method, &api.path(path), &key_only, body.as_ref()).expect_invalid("Goald-Member");
        }
    }
}

#[tokio::test]
async fn an_unknown_or_deactivated_member_gets_403() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // hal is deactivated and owns p-hal; zed is nobody.
        for member in ["hal", "zed"] {
            let as_member = api.member(member);
            as_member.get("/goals").expect_error(403, "forbidden");
            as_member.get("/me/goals").expect_error(403, "forbidden");
            as_member.get("/goals/p-hal").expect_error(403, "forbidden");
            as_member.post("/goals", personal("Ghost goal")).expect_error(403, "forbidden");
            as_member.post("/goals/p-hal/progress", json!({"progress": 60})).expect_error(403, "forbidden");
            as_member.post("/goals/p-hal/comments", json!({"body": "boo"})).expect_error(403, "forbidden");
        }
        let ada = api.member("ada");
        assert_eq!(ada.goal("p-hal")["progress"].as_f64(), Some(50.0), "[{}]", db.backend);
        assert!(ada.comments("p-hal").is_empty(), "[{}]", db.backend);
    }
}

/// The 404 of `path` with the goal id blanked, to compare with a goal that does not exist.
fn not_found(reply: Reply, id: &str) -> Value {
    let body = reply.expect_error(404, "not_found");
    serde_json::from_str(&body.to_string().replace(id, "ID")).unwrap()
}

#[tokio::test]
async fn a_member_who_cannot_see_a_goal_gets_404_on_it_its_history_progress_and_comments() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let update = id_of(&api.member("dee").updates("p-dee")[0]);
        // gus cannot see dee's private goal, eli cannot see cy's draft for dee, dee cannot see t-ops.
        for (member, goal) in [("gus", "p-dee"), ("eli", "d-cy-dee"), ("dee", "t-ops")] {
            let who = api.member(member);
            for (method, path, body) in [
                ("GET", format!("/goals/{goal}"), None),
                ("GET", format!("/goals/{goal}/history"), None),
                ("GET", format!("/goals/{goal}/progress"), None),
                ("GET", format!("/goals/{goal}/comments"), None),
                ("POST", format!("/goals/{goal}/comments"), Some(json!({"body": "hello?"}))),
                ("PATCH", format!("/goals/{goal}"), Some(json!({"title": ""}))),
                ("POST", format!("/goals/{goal}/publish"), Some(json!({}))),
                ("PUT", format!("/goals/{goal}/parent"), Some(json!({"parent": "o-company"}))),
                ("DELETE", format!("/goals/{goal}/parent"), None),
                ("POST", format!("/goals/{goal}/close"), Some(json!({}))),
                ("POST", format!("/goals/{goal}/archive"), Some(json!({}))),
                ("POST", format!("/goals/{goal}/duplicate"), Some(json!({}))),
                ("POST", format!("/goals/{goal}/progress"), Some(json!({"progress": 50}))),
                ("DELETE", format!("/goals/{goal}"), None),
            ] {
                let unseen = not_found(who.call(method, &path, body.as_ref()), goal);
                let missing_path = path.replace(goal, "no-such-goal");
                let missing = not_found(who.call(method, &missing_path, body.as_ref()), "no-such-goal");
                assert_eq!(unseen, missing, "[{}] {member} {method} {path} tells unseen from missing", db.backend);
            }
            // Nor may they reach a progress update of it.
            if goal == "p-dee" {
                who.patch(&format!("/goals/p-dee/progress/{update}"), json!({"comment": "x"}))
                    .expect_error(404, "not_found");
                who.delete(&format!("/goals/p-dee/progress/{update}")).expect_error(404, "not_found");
            }
        }
        // Nothing happened to the goals they probed.
        let ada = api.member("ada");
        assert_eq!(ada.goal("p-dee")["title"], json!("Get certified in negotiation"), "[{}]", db.backend);
        assert_eq!(ada.goal("d-cy-dee")["state"], json!("draft"), "[{}]", db.backend);
        assert!(ada.comments("t-ops").is_empty(), "[{}]", db.backend);
        assert_eq!(ada.updates("p-dee").len(), 1, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn errors_come_in_the_documented_order() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // gus contributes to t-ops: publishing it is not his to do (403) before it being
        // published already (409).
        api.member("gus").post("/goals/t-ops/publish", json!({})).expect_error(403, "forbidden");
        api.member("fay").post("/goals/t-ops/publish", json!({})).expect_error(409, "conflict");
        // Malformed JSON and an oversized body.
        let headers = bearer(&api.key, "dee");
        let mut json_headers = headers.clone();
        json_headers.push(("Content-Type", "application/json".into()));
        api.raw_bytes("POST", &api.path("/goals"), &json_headers, b"{\"title\": ").expect_error(400, "invalid");
        let huge = personal(&"x".repeat(1_100_000));
        api.raw("POST", &api.path("/goals"), &headers, Some(&huge)).expect_error(413, "too_large");
        // fay sees gus's private goal through her reporting line but may not edit it: a
        // body of the wrong shape is a 400 before anything, but the fields' rules are not
        // checked for someone who may not edit (403 first).
        let fay = api.member("fay");
        fay.patch("/goals/p-gus", json!({"title": "Mine now"})).expect_error(403, "forbidden");
        fay.patch("/goals/p-gus", json!({"title": ""})).expect_error(403, "forbidden");
        fay.patch("/goals/p-gus", json!({"title": 7})).expect_invalid("title");
        assert_eq!(api.member("gus").goal("p-gus")["title"], json!("Learn the forklift"), "[{}]", db.backend);
    }
}
