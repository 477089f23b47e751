//! Nudge and cheer (issue 15, docs/notifications.md) over HTTP against `goald serve`, and
//! their email through a real SMTP server (aiosmtpd): who may send them, the 24-hour limit
//! (429 with Retry-After), one email per owner and 15-minute window, in the owner's
//! language, none when the owner turned them off, and a goal not seen answering like a goal
//! that does not exist. On SQLite and PostgreSQL.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::api::{create_key, personal, with, Api, ORG};
use crate::common::http::{get, request};
use crate::common::mime::decoded_text;
use crate::common::smtp::SmtpServer;
use crate::common::{goald_json, import_json, test_dbs};
use serde_json::{json, Value};

/// 30 s before the quarter hour: every call below falls in the window [10:00, 10:15).
const BEFORE_THE_QUARTER: &str = "2026-12-01T10:14:30Z";
const WINDOW_END: &str = "2026-12-01T10:15:00Z";

/// (status, head) of a POST as `member`: the head holds the headers.
fn post_head(api: &Api, path: &str, member: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&api.addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAuthorization: Bearer {}\r\nGoald-Member: {member}\r\n\
         Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}",
        api.path(path),
        api.addr,
        api.key
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status");
    (status, response.split("\r\n\r\n").next().unwrap_or_default().to_owned())
}

/// The notification emails received (digests of the catch-up evaluation left out).
fn notification_mails(smtp: &SmtpServer) -> Vec<String> {
    smtp.messages().into_iter().filter(|m| m.contains("Message-ID: <notify.")).collect()
}

fn header<'a>(raw: &'a str, name: &str) -> &'a str {
    raw.lines().find_map(|l| l.strip_prefix(&format!("{name}: "))).unwrap_or_else(|| panic!("no {name} in {raw}"))
}

fn path_of<'a>(api: &Api, url: &'a str) -> &'a str {
    url.trim_matches(|c| c == '<' || c == '>').strip_prefix(&format!("http://{}", api.addr)).expect("a link here")
}

fn wait_for_metrics(api: &Api, wanted: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, metrics) = get(&api.addr, "/metrics");
        if wanted.iter().all(|w| metrics.contains(w)) {
            return metrics;
        }
        assert!(Instant::now() < deadline, "[{}] never saw {wanted:?} in {metrics}", api.backend);
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[tokio::test]
async fn nudges_and_cheers_are_limited_recorded_and_sent_as_one_email_per_owner_and_window() {
    for db in test_dbs().await {
        // Arrange: fay wants no nudges; the daemon's clock just before a quarter hour.
        import_json(&db, &crate::common::api::org_file(ORG));
        let key = create_key(&db, ORG)["key"].as_str().unwrap().to_owned();
        goald_json(&db, &["preferences", "set", "--org", ORG, "--member", "fay", "--nudges", "off", "--json"]);
        let smtp = SmtpServer::start(&[]);
        let env = [("GOALD_NOW", BEFORE_THE_QUARTER), ("GOALD_MAIL_URL", smtp.url.as_str())];
        let api = Api::serve_with(&db, ORG, &key, &env);
        let (dee, ada, cy, eli) = (api.member("dee"), api.member("ada"), api.member("cy"), api.member("eli"));
        let lyon = eli.create_published(with(personal("Lancer l’offre à Lyon"), json!({"visibility": "public"})));
        let lyon = lyon["id"].as_str().unwrap().to_owned();

        // Act and assert: who may send them.
        let taken = dee.post("/goals/p-cy/nudge", json!({})).expect(202);
        assert_eq!((&taken["kind"], &taken["goal"]), (&json!("nudge"), &json!("p-cy")), "{taken}");
        assert_eq!(taken["deliver_at"], WINDOW_END, "[{}] {taken}", db.backend);
        let (status, head) = post_head(&api, "/goals/p-cy/nudge", "dee");
        assert_eq!(status, 429, "[{}] {head}", db.backend);
        let wait: i64 = header(&head, "retry-after").trim().parse().expect("Retry-After in seconds");
        assert!((86_300..=86_400).contains(&wait), "{head}");
        dee.post("/goals/p-cy/cheer", json!({})).expect(202);
        ada.post("/goals/p-cy/cheer", json!({})).expect(202);
        cy.post("/goals/p-cy/nudge", json!({})).expect_error(403, "forbidden");
        api.member("hal").post("/goals/p-cy/nudge", json!({})).expect_error(403, "forbidden");
        cy.post("/goals/d-cy-dee/nudge", json!({})).expect_error(409, "conflict");
        let unseen = api.member("gus").post("/goals/p-dee/nudge", json!({})).expect_error(404, "not_found");
        let missing = api.member("gus").post("/goals/p-nope/nudge", json!({})).expect_error(404, "not_found");
        assert_eq!(
            unseen["message"].as_str().unwrap().replace("p-dee", "X"),
            missing["message"].as_str().unwrap().replace("p-nope", "X")
        );
        dee.post(&format!("/goals/{lyon}/nudge"), json!({})).expect(202);
        ada.post("/goals/t-ops/nudge", json!({})).expect(202);

        // Each is in the goal's history, by its sender.
        let history: Vec<(String, String)> = ada
            .history("p-cy")
            .iter()
            .map(|e| (e["operation"].as_str().unwrap().to_owned(), e["actor"].as_str().unwrap_or("").to_owned()))
            .filter(|(op, _)| op == "Nudged" || op == "Cheered")
            .collect();
        let expected =
            [("Nudged", "dee"), ("Cheered", "dee"), ("Cheered", "ada")].map(|(o, a)| (o.to_owned(), a.to_owned()));
        assert_eq!(history, expected, "[{}]", db.backend);

        // One email each for cy and eli at the window's end; none for fay (nudges off).
        let metrics = wait_for_metrics(
            &api,
            &[
                "goald_notification_emails_total{outcome=\"sent\"} 2",
                "goald_notification_emails_total{outcome=\"skipped\"} 1",
            ],
        );
        assert!(metrics.contains("goald_notifications_total{kind=\"nudge\",outcome=\"rate_limited\"} 1"), "{metrics}");
        assert!(metrics.contains("goald_notifications_total{kind=\"cheer\",outcome=\"queued\"} 2"), "{metrics}");
        let mails = notification_mails(&smtp);
        assert_eq!(mails.len(), 2, "[{}] {mails:#?}", db.backend);
        let to = |who: &str| {
            let address = format!("{who}@acme.test");
            mails.iter().find(|m| header(m, "To").contains(&address)).unwrap_or_else(|| panic!("no email to {who}"))
        };
        let cy_mail = to("cy");
        assert!(cy_mail.contains("Message-ID: <notify.acme.cy.20261201T1000@"), "{cy_mail}");
        assert!(cy_mail.contains("Subject: 3 nudges and cheers on your goals"), "{cy_mail}");
        assert!(cy_mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{cy_mail}");
        let text = decoded_text(cy_mail);
        assert!(text.contains("Dee Okafor nudged you about “Mentor the new hires”: Update?"), "{text}");
        assert!(text.contains("Dee Okafor cheered you on “Mentor the new hires”: Keep it up!"), "{text}");
        assert!(text.contains("Ada Lovelace cheered you on “Mentor the new hires”: Keep it up!"), "{text}");
        let eli_mail = to("eli");
        assert!(eli_mail.contains("Content-Language: fr"), "{eli_mail}");
        let text = decoded_text(eli_mail);
        let n = '\u{202F}';
        let line = format!("Dee Okafor vous relance sur «{n}Lancer l’offre à Lyon{n}»{n}: du nouveau{n}?");
        assert!(text.contains(&line), "{text}");
        assert!(!mails.iter().any(|m| m.contains("fay@acme.test")), "fay turned nudges off");

        // Eli's links: the preferences page in French, and the one-click that stops them.
        let one_click = path_of(&api, header(eli_mail, "List-Unsubscribe"));
        let token = one_click.rsplit('/').next().unwrap();
        let unwrapped = eli_mail.replace("=\r\n", "").replace("=\n", "");
        assert!(unwrapped.contains(&format!("/v1/preferences/{token}")), "the footer links the page: {eli_mail}");
        let (status, html) = get(&api.addr, &format!("/v1/preferences/{token}"));
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("lang=\"fr\"") && html.contains("Éloïse Martin"), "{html}");
        // The one-click link opened in a browser asks about nudges and cheers, changing nothing.
        let (status, page) = get(&api.addr, one_click);
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("nudges and cheers") && !page.contains("weekly"), "{page}");
        let form = "application/x-www-form-urlencoded";
        assert_eq!(request(&api.addr, "POST", one_click, form, b"List-Unsubscribe=One-Click").0, 200);
        let prefs = goald_json(&db, &["preferences", "show", "--org", ORG, "--member", "eli", "--json"]);
        assert_eq!(
            (&prefs["digest"], &prefs["nudges"], &prefs["cheers"]),
            (&json!(true), &json!(false), &json!(false))
        );
        let fay = goald_json(&db, &["preferences", "show", "--org", ORG, "--member", "fay", "--json"]);
        assert_eq!(fay["cheers"], true, "[{}] eli's link reached only eli", db.backend);
    }
}

#[tokio::test]
async fn a_nudge_answers_what_the_openapi_document_says() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let doc = api.raw("GET", "/v1/openapi.json", &[], None).expect(200);
        for path in ["/v1/orgs/{org}/goals/{goal}/nudge", "/v1/orgs/{org}/goals/{goal}/cheer"] {
            let operation = &doc["paths"][path]["post"];
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{path}: {operation}");
            assert!(operation["responses"]["429"].is_object(), "{path}: {operation}");
        }
        assert_eq!(doc["paths"]["/v1/preferences/{token}"]["post"]["operationId"], "changePreferences");
        let taken: Value = api.member("dee").post("/goals/p-cy/cheer", json!({})).expect(202);
        assert!(taken["deliver_at"].is_string(), "[{}] {taken}", db.backend);
    }
}
