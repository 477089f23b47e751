//! Goal categories as a reader meets them (docs/api.md): a goal shows its category's name
//! beside the id, in the goal, in explore and in `me/following`, as the org's list has it
//! now; and two executives creating the same category at once get one 201 and one 409,
//! never a 500.

use serde_json::{json, Value};

use crate::common::api::{id_of, list, personal, with, Api};
use crate::common::test_dbs;

#[tokio::test]
async fn a_goal_shows_its_categorys_current_name_in_every_view() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (ada, dee) = (api.member("ada"), api.member("dee"));
        ada.post("/categories", json!({"id": "c-growth", "name": "Growth"})).expect(201);
        let goal = dee.create_published(with(personal("Ten customers"), json!({"category": "c-growth"})));
        let id = id_of(&goal);
        assert_eq!((&goal["category"], &goal["category_name"]), (&json!("c-growth"), &json!("Growth")));
        assert_eq!(dee.goal("p-dee")["category_name"], Value::Null, "[{}] no category, no name", db.backend);

        ada.patch("/categories/c-growth", json!({"name": "Growth 2027"})).expect(200);
        assert_eq!(dee.goal(&id)["category_name"], json!("Growth 2027"), "[{}] the goal", db.backend);
        let explored = list(dee.get("/goals?category=c-growth").expect(200), "goals");
        assert_eq!(explored.len(), 1, "[{}] {explored:?}", db.backend);
        assert_eq!(explored[0]["category_name"], json!("Growth 2027"), "[{}] explore", db.backend);
        ada.post(&format!("/goals/{id}/follow"), json!({})).expect(204);
        let followed = list(ada.get("/me/following").expect(200), "goals");
        assert_eq!(followed[0]["category_name"], json!("Growth 2027"), "[{}] following", db.backend);

        ada.delete("/categories/c-growth").expect(204);
        let after = dee.goal(&id);
        assert_eq!((&after["category"], &after["category_name"]), (&Value::Null, &Value::Null), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn simultaneous_creates_of_one_category_give_one_201_and_409s() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        for round in 0..3 {
            // The same id in one round, the same name under different ids in the next.
            let statuses: Vec<u16> = std::thread::scope(|scope| {
                let calls: Vec<_> = (0..6)
                    .map(|i| {
                        let api = &api;
                        scope.spawn(move || {
                            let body = match round {
                                1 => json!({"id": format!("c-name-{i}"), "name": "Same name"}),
                                _ => json!({"id": format!("c-same-{round}"), "name": format!("Name {round} {i}")}),
                            };
                            api.member("ada").post("/categories", body).status
                        })
                    })
                    .collect();
                calls.into_iter().map(|call| call.join().expect("a request thread")).collect()
            });
            let created = statuses.iter().filter(|s| **s == 201).count();
            let refused = statuses.iter().filter(|s| **s == 409).count();
            assert_eq!((created, refused), (1, 5), "[{}] round {round}: {statuses:?}", db.backend);
        }
        let names = list(api.member("dee").get("/categories").expect(200), "categories");
        assert_eq!(names.len(), 3, "[{}] one category per round: {names:?}", db.backend);
    }
}
