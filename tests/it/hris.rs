//! Org changes from the HRIS through `goald hris apply` (CONTRACT §6), on both backends.

use crate::common::{fixture, goald, goald_json, hris_apply, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

fn import_example(db: &TestDb) {
    let path = fixture("example-org.json");
    goald_json(db, &["import", path.to_str().unwrap(), "--json"]);
}

fn visibility(db: &TestDb, member: &str) -> Value {
    goald_json(db, &["visibility", "--org", "northwind", "--member", member, "--json"])["goals"].clone()
}

#[tokio::test]
async fn the_example_events_give_the_contracts_visibility() {
    let expected = read_json(&fixture("example-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        let events = fixture("example-events.jsonl");
        let out = goald_json(&db, &["hris", "apply", "--org", "northwind", events.to_str().unwrap(), "--json"]);
        // evt-0001 twice: the second is a redelivery; evt-0006 is older than evt-0001.
        assert_eq!(out["received"], json!({"accepted": 6, "duplicates": 1}), "[{}]", db.backend);
        assert_eq!(out["applied"], json!({"applied": 5, "stale": 1, "waiting": 0}), "[{}]", db.backend);
        for (member, goals) in expected["visibility_after_events"].as_object().unwrap() {
            assert_eq!(&visibility(&db, member), goals, "[{}] visibility of {member}", db.backend);
        }
        // Applying the file again changes nothing.
        let again = goald_json(&db, &["hris", "apply", "--org", "northwind", events.to_str().unwrap(), "--json"]);
        assert_eq!(again["received"], json!({"accepted": 0, "duplicates": 7}), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn an_event_naming_an_unknown_member_waits_until_the_member_arrives() {
    for db in test_dbs().await {
        import_example(&db);
        let move_ivy = json!({"id": "e1", "type": "member.manager_changed", "occurred_at": "2026-11-23T10:00:00Z",
                              "data": {"member": "ivy", "manager": "cy"}});
        assert_eq!(hris_apply(&db, "northwind", &[move_ivy])["applied"]["waiting"], 1, "[{}]", db.backend);
        let status = goald_json(&db, &["hris", "status", "--org", "northwind", "--json"]);
        assert_eq!(status["waiting"][0]["id"], "e1", "[{}]", db.backend);
        assert!(status["waiting"][0]["reason"].as_str().unwrap().contains("\"ivy\""), "{status}");

        let ivy = json!({"id": "e2", "type": "member.upserted", "occurred_at": "2026-11-23T09:00:00Z",
            "data": {"id": "ivy", "name": "Ivy Park", "email": "ivy@northwind.test", "role": "employee",
                     "manager": "fay", "active": true}});
        assert_eq!(hris_apply(&db, "northwind", &[ivy])["applied"], json!({"applied": 2, "stale": 0, "waiting": 0}));
        // Ivy now reports to Cy (the waiting move came after her arrival), not to Fay.
        let cy_sees =
            goald_json(&db, &["permissions", "--org", "northwind", "--member", "cy", "--goal", "g-sales", "--json"]);
        assert!(cy_sees["actions"].as_array().unwrap().contains(&json!("view")));
        let status = goald_json(&db, &["hris", "status", "--org", "northwind", "--json"]);
        assert_eq!(status["counts"], json!({"applied": 2}), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_bad_line_names_itself_and_nothing_is_stored() {
    for db in test_dbs().await {
        import_example(&db);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let good = json!({"id": "e1", "type": "member.deactivated", "occurred_at": "2026-11-23T10:00:00Z",
                          "data": {"member": "dee"}});
        let bad = json!({"id": "e2", "type": "member.role_changed", "occurred_at": "2026-11-23T10:00:00Z",
                         "data": {"member": "dee", "role": "boss"}});
        std::fs::write(&path, format!("{good}\n{bad}\n")).unwrap();
        let out = goald(&db, &["hris", "apply", "--org", "northwind", path.to_str().unwrap()]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("line 2") && stderr.contains("data.role"), "{stderr}");
        let status = goald_json(&db, &["hris", "status", "--org", "northwind", "--json"]);
        assert_eq!(status["counts"], json!({}), "[{}]", db.backend);
        let before = read_json(&fixture("example-expected.json"))["visibility"]["dee"].clone();
        assert_eq!(visibility(&db, "dee"), before, "[{}] dee is still active", db.backend);
    }
}
