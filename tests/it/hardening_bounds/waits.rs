//! Waiting HRIS events, through `goald hris apply` and `goald hris status`, on both
//! backends: the per-event decision counter shows an event is not decided again on every
//! pass, only when its member arrives.

use crate::common::{fixture, goald_json, hris_apply, import_json, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

fn event(id: &str, kind: &str, data: Value) -> Value {
    json!({"id": id, "type": kind, "occurred_at": "2026-11-23T14:00:00Z", "data": data})
}

fn status(db: &TestDb) -> Value {
    goald_json(db, &["hris", "status", "--org", "northwind", "--json"])
}

fn decisions(status: &Value) -> Vec<i64> {
    status["waiting"].as_array().unwrap().iter().map(|e| e["decisions"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn a_waiting_event_is_decided_again_only_when_its_member_arrives() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("example-org.json")));
        let waits: Vec<Value> = (0..3)
            .map(|i| event(&format!("w{i}"), "member.role_changed", json!({"member": "zed", "role": "manager"})))
            .collect();
        assert_eq!(hris_apply(&db, "northwind", &waits)["applied"]["waiting"], 3, "[{}]", db.backend);
        assert_eq!(decisions(&status(&db)), vec![1, 1, 1], "[{}]", db.backend);

        // Other events apply (several passes) and the waiting ones are not looked at again.
        for i in 0..3 {
            let other = event(&format!("o{i}"), "team.upserted", json!({"id": format!("t{i}"), "name": "T"}));
            let out = hris_apply(&db, "northwind", &[other]);
            assert_eq!(out["applied"], json!({"applied": 1, "stale": 0, "waiting": 3}), "[{}]", db.backend);
        }
        let now = status(&db);
        assert_eq!(decisions(&now), vec![1, 1, 1], "[{}] {now}", db.backend);
        assert!(now["waiting"][0]["reason"].as_str().unwrap().contains("\"zed\""), "{now}");

        // Zed arrives: the three apply in the same pass.
        let zed = event(
            "z",
            "member.upserted",
            json!({"id": "zed", "name": "Zed", "email": null,
            "role": "employee", "manager": "cy", "active": true}),
        );
        let out = hris_apply(&db, "northwind", &[zed]);
        assert_eq!(out["applied"], json!({"applied": 4, "stale": 0, "waiting": 0}), "[{}]", db.backend);
        assert_eq!(status(&db)["counts"], json!({"applied": 7}), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_move_waiting_for_a_team_applies_when_the_team_arrives_and_not_before() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("example-org.json")));
        let join = event("j", "team.member_added", json!({"team": "later", "member": "dee"}));
        assert_eq!(hris_apply(&db, "northwind", &[join])["applied"]["waiting"], 1, "[{}]", db.backend);
        let other = event("o", "member.deactivated", json!({"member": "eli"}));
        hris_apply(&db, "northwind", &[other]);
        assert_eq!(decisions(&status(&db)), vec![1], "[{}]", db.backend);
        let team = event("t", "team.upserted", json!({"id": "later", "name": "Later"}));
        let out = hris_apply(&db, "northwind", &[team]);
        assert_eq!(out["applied"], json!({"applied": 2, "stale": 0, "waiting": 0}), "[{}]", db.backend);
    }
}
