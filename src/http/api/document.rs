//! The finishing of `/v1/openapi.json`: utoipa describes the goals API from the handlers'
//! annotations; this gives every operation its unique id and summary (handlers in
//! different modules share names like `edit`), names the server, and describes the
//! routes outside the goals API (health, metrics, the HRIS webhook, the unsubscribe
//! link), which are public: their `security` is empty.

use serde_json::{json, Value};

/// (method, path, operationId, summary) of every goals API operation.
const OPERATIONS: &[(&str, &str, &str, &str)] = &[
    ("get", "/v1/orgs/{org}/goals", "listGoals", "The goals the member sees, filtered and paged"),
    ("post", "/v1/orgs/{org}/goals", "createGoal", "Create a draft goal"),
    ("get", "/v1/orgs/{org}/me/goals", "listMyGoals", "The goals the member owns or contributes to"),
    ("get", "/v1/orgs/{org}/goals/{goal}", "getGoal", "A goal with its progress and pace"),
    ("patch", "/v1/orgs/{org}/goals/{goal}", "editGoal", "Edit a goal's fields"),
    ("delete", "/v1/orgs/{org}/goals/{goal}", "deleteGoal", "Delete a goal"),
    ("post", "/v1/orgs/{org}/goals/{goal}/publish", "publishGoal", "Publish a draft"),
    ("post", "/v1/orgs/{org}/goals/{goal}/close", "closeGoal", "Close a goal"),
    ("post", "/v1/orgs/{org}/goals/{goal}/archive", "archiveGoal", "Archive a goal"),
    ("post", "/v1/orgs/{org}/goals/{goal}/unarchive", "unarchiveGoal", "Bring an archived goal back"),
    ("post", "/v1/orgs/{org}/goals/{goal}/duplicate", "duplicateGoal", "Copy a goal as a new draft"),
    ("put", "/v1/orgs/{org}/goals/{goal}/parent", "linkGoal", "Link a goal under a parent"),
    ("delete", "/v1/orgs/{org}/goals/{goal}/parent", "unlinkGoal", "Unlink a goal from its parent"),
    ("get", "/v1/orgs/{org}/goals/{goal}/progress", "listProgressUpdates", "A goal's progress updates"),
    ("post", "/v1/orgs/{org}/goals/{goal}/progress", "addProgressUpdate", "Record progress"),
    ("patch", "/v1/orgs/{org}/goals/{goal}/progress/{update}", "editProgressUpdate", "Correct a progress update"),
    ("delete", "/v1/orgs/{org}/goals/{goal}/progress/{update}", "deleteProgressUpdate", "Delete a progress update"),
    ("get", "/v1/orgs/{org}/goals/{goal}/comments", "listComments", "A goal's comments"),
    ("post", "/v1/orgs/{org}/goals/{goal}/comments", "addComment", "Comment on a goal"),
    ("get", "/v1/orgs/{org}/goals/{goal}/history", "getHistory", "A goal's history"),
    ("post", "/v1/orgs/{org}/goals/{goal}/nudge", "nudgeGoal", "Nudge the goal's owner (\"Update?\")"),
    ("post", "/v1/orgs/{org}/goals/{goal}/cheer", "cheerGoal", "Cheer the goal's owner (\"Keep it up!\")"),
    ("get", "/v1/orgs/{org}/categories", "listCategories", "The org's goal categories"),
    ("post", "/v1/orgs/{org}/categories", "createCategory", "Create a goal category (executives)"),
    ("patch", "/v1/orgs/{org}/categories/{category}", "editCategory", "Rename or describe a category (executives)"),
    (
        "delete",
        "/v1/orgs/{org}/categories/{category}",
        "deleteCategory",
        "Delete a category; its goals keep going without one",
    ),
];

/// The finished document, from utoipa's.
pub fn complete(mut doc: Value) -> Value {
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (method, path, id, summary) in OPERATIONS {
            if let Some(operation) = paths.get_mut(*path).and_then(|item| item.get_mut(*method)) {
                operation["operationId"] = json!(id);
                operation["summary"] = json!(summary);
            }
        }
        if let Value::Object(others) = other_routes() {
            paths.extend(others);
        }
    }
    doc["servers"] =
        json!([{"url": "/", "description": "this goald (the document is served by the API it describes)"}]);
    doc["info"]["license"] = json!({"name": "MIT", "identifier": "MIT"});
    doc["tags"] = json!([
        {"name": "explore", "description": "Lists of the goals a member sees"},
        {"name": "goals", "description": "One goal: create, read, edit, delete"},
        {"name": "lifecycle", "description": "Publish, close, archive, duplicate, link (CONTRACT §8)"},
        {"name": "progress", "description": "Progress updates (CONTRACT §4)"},
        {"name": "comments", "description": "Comments on a goal"},
        {"name": "history", "description": "What happened to a goal"},
        {"name": "operations", "description": "Health, readiness, metrics and this document"},
        {"name": "webhooks", "description": "HRIS events in (CONTRACT §6)"},
        {"name": "unsubscribe", "description": "The digests' unsubscribe link (CONTRACT §9)"},
        {"name": "notifications", "description": "Nudges, cheers and email preferences (docs/notifications.md)"}
    ]);
    doc
}

fn text(description: &str) -> Value {
    json!({"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}})
}

fn html(description: &str) -> Value {
    json!({"description": description, "content": {"text/html": {"schema": {"type": "string"}}}})
}

fn error(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}})
}

fn header(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "header", "required": true, "description": description, "schema": {"type": "string"}})
}

fn path_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

fn other_routes() -> Value {
    let public = json!([]);
    json!({
        "/healthz": {"get": {
            "operationId": "getHealth", "tags": ["operations"], "summary": "Liveness: 200 while the process answers",
            "security": public, "responses": {"200": text("alive")}
        }},
        "/readyz": {"get": {
            "operationId": "getReadiness", "tags": ["operations"],
            "summary": "Readiness: the database answers and every loop made progress lately",
            "security": public,
            "responses": {"200": text("ready"), "503": text("not ready, naming the database or the stalled loop")}
        }},
        "/metrics": {"get": {
            "operationId": "getMetrics", "tags": ["operations"], "summary": "Prometheus metrics (text format 0.0.4)",
            "description": "The metrics are listed in docs/metrics.md.",
            "security": public,
            "responses": {"200": text("the metrics"), "503": error("the database does not answer")}
        }},
        "/v1/openapi.json": {"get": {
            "operationId": "getOpenApi", "tags": ["operations"], "summary": "This document",
            "security": public,
            "responses": {"200": {"description": "the OpenAPI document",
                "content": {"application/json": {"schema": {"type": "object"}}}}}
        }},
        "/v1/orgs/{org}/hris/events": {"post": {
            "operationId": "receiveHrisEvents", "tags": ["webhooks"],
            "summary": "Receive HRIS events (CONTRACT §6), signed the Standard Webhooks way",
            "description": "One event or an array of events. 202 once they are stored in the org's inbox; \
                            an unknown org is answered as a bad signature. Every 4xx stores nothing.",
            "security": public,
            "parameters": [
                path_param("org", "the org the events are for"),
                header("webhook-id", "the message id"),
                header("webhook-timestamp", "Unix seconds, within 5 minutes of now"),
                header("webhook-signature", "v1,BASE64 HMAC-SHA256 with one of the org's secrets (space-separated)")
            ],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {}}}},
            "responses": {
                "202": {"description": "stored", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["accepted", "duplicates"],
                    "properties": {"accepted": {"type": "integer", "minimum": 0}, "duplicates": {"type": "integer", "minimum": 0}}
                }}}},
                "400": error("not JSON, or not events"),
                "401": error("bad signature, or no such org"),
                "413": error("the body is over 1 MiB"),
                "500": error("not stored; retry")
            }
        }},
        "/v1/unsubscribe/{token}": {
            "get": {
                "operationId": "confirmUnsubscribe", "tags": ["unsubscribe"],
                "summary": "The digest's unsubscribe link: a page with a button that unsubscribes",
                "security": public,
                "parameters": [path_param("token", "the token of the digest's link")],
                "responses": {"200": html("the confirmation page"), "404": html("no such link")}
            },
            "post": {
                "operationId": "unsubscribe", "tags": ["unsubscribe"],
                "summary": "Unsubscribe from the weekly digests (RFC 8058 one-click)",
                "security": public,
                "parameters": [path_param("token", "the token of the digest's link")],
                "requestBody": {"required": false, "content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "properties": {"List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}}
                }}}},
                "responses": {"200": html("unsubscribed"), "404": html("no such link"), "500": html("not recorded; try again later")}
            }
        },
        "/v1/preferences/{token}": crate::http::api::notify::preferences_routes(),
        "/v1/unsubscribe/manager/{token}": {
            "get": {
                "operationId": "confirmManagerUnsubscribe", "tags": ["unsubscribe"],
                "summary": "The manager digest's unsubscribe link: a page with a button that unsubscribes",
                "security": public,
                "parameters": [path_param("token", "the token of the manager digest's link")],
                "responses": {"200": html("the confirmation page"), "404": html("no such link")}
            },
            "post": {
                "operationId": "unsubscribeManagerDigest", "tags": ["unsubscribe"],
                "summary": "Unsubscribe from the manager digests (RFC 8058 one-click)",
                "security": public,
                "parameters": [path_param("token", "the token of the manager digest's link")],
                "requestBody": {"required": false, "content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "properties": {"List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}}
                }}}},
                "responses": {"200": html("unsubscribed"), "404": html("no such link"), "500": html("not recorded; try again later")}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_id_in_the_table_is_unique() {
        let mut ids: Vec<&str> = OPERATIONS.iter().map(|(_, _, id, _)| *id).collect();
        let others = other_routes();
        for item in others.as_object().into_iter().flat_map(|o| o.values()) {
            for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
                ids.extend(operation["operationId"].as_str());
            }
        }
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{ids:?}");
    }
}
