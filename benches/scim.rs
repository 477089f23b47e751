//! SCIM 2.0 benchmarks (issue 14), against a real `goald serve` on SQLite and PostgreSQL:
//! - an initial sync: BENCH_SCIM_USERS (default 100000) Users POSTed by BENCH_SCIM_CLIENTS
//!   (default 16) keep-alive clients, with a reporting tree through the enterprise
//!   extension's `manager.value` (spans of 3 to 12; about 1% of the managers are posted
//!   after their reports, who are POSTed without a manager and PATCHed once it exists, as
//!   Entra does), then BENCH_SCIM_GROUPS (default 5000) Groups with their members (every
//!   User is in one Group);
//! - one PATCH moving the manager whose line is closest to 10,000 people under another
//!   manager outside that line.
//!
//! After the last call of each phase the bench polls the database until visibility is
//! right, and reports how long that took. "Right" is: no event of the org is pending or
//! waiting in the inbox, every member's manager is the expected one, and for every member
//! M the members whose line key lies in M's `member_reach` ranges (what visibility reads,
//! CONTRACT §3) are exactly M and M's expected reporting line; after the groups also
//! every team holds exactly its expected members. The cheap part (the inbox empty) is
//! polled every 10 ms; the full check then confirms the state at that moment (nothing
//! else writes).
//!
//! The Users come in a shuffled order (an IdP's, not the tree's; BENCH_SCIM_ORDER=tree for
//! breadth first); a client whose User's manager is not posted yet posts the manager first.
//!
//! Run: `cargo bench --bench scim` (BENCH_SCIM_BACKENDS=sqlite,postgres by default).
//! PostgreSQL: PG_TEST_URL.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::OnceCell;

#[path = "support/setup.rs"]
mod setup;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The generated reporting tree: user 0 is the root; `manager[i] < i` otherwise.
struct Tree {
    manager: Vec<Option<usize>>,
    reports: Vec<Vec<usize>>,
    /// Posted after their reports (their reports are PATCHed once they exist).
    late: Vec<bool>,
}

impl Tree {
    fn generate(n: usize) -> Tree {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
        let mut manager = vec![None; n];
        let mut reports = vec![vec![]; n];
        // Breadth first: each manager in turn takes the next 3 to 12 users.
        let (mut next, mut boss) = (1, 0);
        while next < n {
            let span = rng.gen_range(3..=12);
            for _ in 0..span {
                if next == n {
                    break;
                }
                manager[next] = Some(boss);
                reports[boss].push(next);
                next += 1;
            }
            boss += 1;
        }
        let late = (0..n).map(|i| i > 0 && !reports[i].is_empty() && rng.gen_ratio(1, 100)).collect();
        Tree { manager, reports, late }
    }

    /// Each user's line size, itself included.
    /// Each member's line size, the member included. Deepest first: after the bench's move a
    /// manager may come after its report in index order.
    fn sizes(&self) -> Vec<i64> {
        let mut depth = vec![0usize; self.manager.len()];
        for (i, d) in depth.iter_mut().enumerate() {
            let mut at = i;
            while let Some(m) = self.manager[at] {
                *d += 1;
                at = m;
            }
        }
        let mut order: Vec<usize> = (0..self.manager.len()).collect();
        order.sort_unstable_by_key(|&i| std::cmp::Reverse(depth[i]));
        let mut size = vec![1i64; self.manager.len()];
        for i in order {
            if let Some(m) = self.manager[i] {
                size[m] += size[i];
            }
        }
        size
    }

    fn is_above(&self, above: usize, mut i: usize) -> bool {
        while let Some(m) = self.manager[i] {
            if m == above {
                return true;
            }
            i = m;
        }
        false
    }
}

/// One keep-alive HTTP/1.1 connection to the daemon.
struct Client {
    addr: String,
    auth: String,
    stream: Option<TcpStream>,
    buffer: Vec<u8>,
}

impl Client {
    fn new(addr: &str, token: &str) -> Client {
        Client { addr: addr.to_owned(), auth: format!("Bearer {token}"), stream: None, buffer: Vec::new() }
    }

    async fn call(&mut self, method: &str, path: &str, body: &Value) -> (u16, Value) {
        let body = body.to_string();
        for _ in 0..3 {
            if let Some(answer) = self.try_call(method, path, &body).await {
                return answer;
            }
            self.stream = None;
        }
        panic!("{method} {path}: the connection keeps failing");
    }

    /// None when the connection was closed under the request (sent again on a new one).
    async fn try_call(&mut self, method: &str, path: &str, body: &str) -> Option<(u16, Value)> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.addr).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            self.stream = Some(stream);
        }
        let stream = self.stream.as_mut()?;
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nContent-Type: application/scim+json\r\n\
             Content-Length: {}\r\n\r\n",
            self.addr,
            self.auth,
            body.len()
        );
        stream.write_all(head.as_bytes()).await.ok()?;
        stream.write_all(body.as_bytes()).await.ok()?;
        self.buffer.clear();
        let mut chunk = [0u8; 8192];
        let (end, length) = loop {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            self.buffer.extend_from_slice(&chunk[..n]);
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buffer[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                break (end + 4, length);
            }
        };
        while self.buffer.len() < end + length {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
        let head = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status line");
        if head.to_ascii_lowercase().contains("connection: close") {
            self.stream = None;
        }
        Some((status, serde_json::from_slice(&self.buffer[end..end + length]).unwrap_or(Value::Null)))
    }
}

struct Provisioning {
    tree: Tree,
    ids: Vec<OnceCell<String>>,
    org: String,
}

impl Provisioning {
    fn user_body(&self, i: usize, manager: Option<&str>) -> Value {
        let role = match (i, self.tree.reports[i].is_empty()) {
            (0, _) => "executive",
            (_, false) => "manager",
            _ => "employee",
        };
        let mut user = json!({
            "schemas": [USER, ENTERPRISE], "userName": format!("u{i}@bench.test"), "externalId": format!("e{i}"),
            "name": {"givenName": "User", "familyName": format!("N{i}")}, "displayName": format!("User N{i}"),
            "userType": role, "active": true, "timezone": "Europe/Paris", "preferredLanguage": "en-US",
            "emails": [{"value": format!("u{i}@bench.test"), "type": "work", "primary": true}],
        });
        if let Some(m) = manager {
            user[ENTERPRISE] = json!({"manager": {"value": m}});
        }
        user
    }

    /// User `i`'s id, POSTing it (and first its manager, when it is not posted yet) once.
    fn id<'a>(
        &'a self,
        client: &'a mut Client,
        i: usize,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = String> + Send + 'a>> {
        Box::pin(async move {
            if let Some(id) = self.ids[i].get() {
                return id.clone();
            }
            let manager = match self.tree.manager[i] {
                Some(m) if !self.tree.late[m] => Some(self.id(client, m).await),
                _ => None,
            };
            let client = &mut *client;
            self.ids[i]
                .get_or_init(|| async move {
                    let path = format!("/scim/v2/orgs/{}/Users", self.org);
                    let (status, created) = client.call("POST", &path, &self.user_body(i, manager.as_deref())).await;
                    assert_eq!(status, 201, "POST user {i}: {created}");
                    created["id"].as_str().expect("an id").to_owned()
                })
                .await
                .clone()
        })
    }
}

fn manager_patch(manager: &str) -> Value {
    json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": format!("{ENTERPRISE}:manager"), "value": manager}]})
}

/// Runs `work(client, item)` for items 0..n over `clients` connections.
async fn fan_out<F, Fut>(addr: &str, token: &str, clients: usize, n: usize, work: F)
where
    F: Fn(Client, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Client> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(work);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (next, work, mut client) = (next.clone(), work.clone(), Client::new(addr, token));
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return;
                }
                client = work(client, i).await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("client task");
    }
}

struct Daemon {
    child: Child,
    addr: String,
    url: String,
    _data: tempfile::TempDir,
}

impl Daemon {
    async fn start(url: &str) -> Daemon {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("org.json");
        let org = json!({"org": {"id": "bench", "name": "Bench SCIM", "timezone": "UTC", "locale": "en"},
                         "members": [], "teams": [], "goals": []});
        std::fs::write(&file, org.to_string()).expect("org file");
        setup::import(url, &file);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        drop(listener);
        let child = Command::new(env!("CARGO_BIN_EXE_goald"))
            .args(["--database-url", url, "serve", "--http-addr", &addr])
            .env("GOALD_LOG", std::env::var("BENCH_SCIM_LOG").unwrap_or_else(|_| "warn".into()))
            .env("GOALD_DATA_DIR", dir.path())
            .env("GOALD_DATABASE_MAX_CONNECTIONS", "16")
            .spawn()
            .expect("serve");
        while std::net::TcpStream::connect(&addr).is_err() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Daemon { child, addr, url: url.to_owned(), _data: dir }
    }

    fn token(&self) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_goald"))
            .args(["--database-url", &self.url, "scim", "token", "create", "--org", "bench", "--json"])
            .env("GOALD_LOG", "warn")
            .stderr(Stdio::inherit())
            .output()
            .expect("scim token create");
        assert!(out.status.success());
        let made: Value = serde_json::from_slice(&out.stdout).expect("token json");
        made["token"].as_str().expect("token").to_owned()
    }

    fn stop(mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// A failed assertion must not leave the daemon running.
impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What visibility must show: each member's manager, line size, and each team's size.
struct Expected {
    managers: HashMap<String, Option<String>>,
    lines: HashMap<String, i64>,
    teams: HashMap<String, i64>,
}

async fn open_events(url: &str) -> i64 {
    let sql = "select 'open', count(*) from hris_events where org_id = 'bench' and state in ('pending', 'waiting')";
    setup::query(url, sql).await.first().map_or(0, |r| r.1)
}

/// Every difference between the store and `expected` (empty: visibility is right).
async fn differences(url: &str, expected: &Expected) -> Vec<String> {
    let mut wrong = Vec::new();
    let rows = setup::query(
        url,
        "select id || ' ' || coalesce(manager_id, '-'), cast(0 as bigint) from members where org_id = 'bench'",
    )
    .await;
    let stored: HashMap<String, Option<String>> = rows
        .iter()
        .map(|(t, _)| {
            let (id, m) = t.split_once(' ').expect("row");
            (id.to_owned(), (m != "-").then(|| m.to_owned()))
        })
        .collect();
    if stored.len() != expected.managers.len() {
        wrong.push(format!("{} members stored, {} expected", stored.len(), expected.managers.len()));
    }
    let bad = expected.managers.iter().filter(|(id, m)| stored.get(*id) != Some(m)).count();
    if bad > 0 {
        wrong.push(format!("{bad} members have another manager than expected"));
    }
    // Counted here, by binary search over the sorted keys: the join in SQL is a range scan
    // of the members per range, minutes at 100,000 members.
    let sql = "select id, line_key from members where org_id = 'bench'";
    let mut keys: Vec<i64> = setup::query(url, sql).await.into_iter().map(|(_, key)| key).collect();
    keys.sort_unstable();
    let sql = "select member_id || ' ' || lo, hi from member_reach where org_id = 'bench'";
    let mut reach: HashMap<String, i64> = HashMap::new();
    for (member_lo, hi) in setup::query(url, sql).await {
        let (member, lo) = member_lo.rsplit_once(' ').expect("member and lo");
        let lo: i64 = lo.parse().expect("lo");
        let inside = keys.partition_point(|k| *k <= hi) - keys.partition_point(|k| *k < lo);
        *reach.entry(member.to_owned()).or_default() += inside as i64;
    }
    let bad = expected.lines.iter().filter(|(id, n)| reach.get(*id) != Some(n)).count();
    if bad > 0 {
        wrong.push(format!("{bad} members' reach is not their line"));
    }
    if !expected.teams.is_empty() {
        let sql = "select team_id, count(*) from team_members where org_id = 'bench' group by team_id";
        let teams: HashMap<String, i64> = setup::query(url, sql).await.into_iter().collect();
        if teams != expected.teams {
            wrong.push(format!(
                "team members differ ({} teams stored, {} expected)",
                teams.len(),
                expected.teams.len()
            ));
        }
    }
    wrong
}

/// From the end of the last call until visibility is right.
async fn until_right(url: &str, expected: &Expected, last_call: Instant) -> Duration {
    loop {
        while open_events(url).await > 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let at = last_call.elapsed();
        let wrong = differences(url, expected).await;
        if wrong.is_empty() {
            return at;
        }
        assert!(last_call.elapsed() < Duration::from_secs(600), "visibility never became right: {wrong:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn run(backend: &str, url: &str) {
    let users = setup::env_usize("BENCH_SCIM_USERS", 100_000);
    let groups = setup::env_usize("BENCH_SCIM_GROUPS", 5_000).min(users);
    let clients = setup::env_usize("BENCH_SCIM_CLIENTS", 16);
    let daemon = Daemon::start(url).await;
    let token = daemon.token();
    let sync = Arc::new(Provisioning {
        tree: Tree::generate(users),
        ids: (0..users).map(|_| OnceCell::new()).collect(),
        org: "bench".into(),
    });
    let late = sync.tree.late.iter().filter(|l| **l).count();

    // Users, top down in breadth-first order with the late managers last.
    let mut order: Vec<usize> = (0..users).filter(|i| !sync.tree.late[*i]).collect();
    if std::env::var("BENCH_SCIM_ORDER").as_deref() != Ok("tree") {
        use rand::seq::SliceRandom;
        order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(7));
    }
    order.extend((0..users).filter(|i| sync.tree.late[*i]));
    let order = Arc::new(order);
    let started = Instant::now();
    let s = sync.clone();
    fan_out(&daemon.addr, &token, clients, users, move |mut client, k| {
        let (s, order) = (s.clone(), order.clone());
        async move {
            s.id(&mut client, order[k]).await;
            client
        }
    })
    .await;
    // The reports of the late managers get their manager now it exists.
    let patched: Arc<Vec<usize>> =
        Arc::new((1..users).filter(|i| sync.tree.manager[*i].is_some_and(|m| sync.tree.late[m])).collect());
    let (s, p) = (sync.clone(), patched.clone());
    fan_out(&daemon.addr, &token, clients, patched.len(), move |mut client, k| {
        let (s, p) = (s.clone(), p.clone());
        async move {
            let i = p[k];
            let manager = s.ids[s.tree.manager[i].expect("manager")].get().expect("posted").clone();
            let path = format!("/scim/v2/orgs/bench/Users/{}", s.ids[i].get().expect("posted"));
            let (status, body) = client.call("PATCH", &path, &manager_patch(&manager)).await;
            assert_eq!(status, 200, "PATCH {path}: {body}");
            client
        }
    })
    .await;
    let users_took = started.elapsed();
    let last_call = Instant::now();
    let id_of = |i: usize| sync.ids[i].get().expect("posted").clone();
    let mut expected = Expected {
        managers: (0..users).map(|i| (id_of(i), sync.tree.manager[i].map(id_of))).collect(),
        lines: sync.tree.sizes().iter().enumerate().map(|(i, n)| (id_of(i), *n)).collect(),
        teams: HashMap::new(),
    };
    let visible = until_right(url, &expected, last_call).await;
    println!(
        "{backend}: {users} users ({late} managers after their reports, {} PATCHes) over {clients} clients in \
         {users_took:.2?}: {:.0} users/s; visibility right {visible:.2?} after the last call",
        patched.len(),
        users as f64 / users_took.as_secs_f64()
    );

    // Groups: user i is in group i % groups.
    let members: Arc<Vec<Vec<String>>> =
        Arc::new((0..groups).map(|g| (g..users).step_by(groups.max(1)).map(id_of).collect()).collect());
    let group_ids: Arc<Vec<OnceCell<String>>> = Arc::new((0..groups).map(|_| OnceCell::new()).collect());
    let started = Instant::now();
    let (m, g) = (members.clone(), group_ids.clone());
    fan_out(&daemon.addr, &token, clients, groups, move |mut client, k| {
        let (m, g) = (m.clone(), g.clone());
        async move {
            let body = json!({"schemas": [GROUP], "displayName": format!("Team {k}"),
                              "members": m[k].iter().map(|id| json!({"value": id})).collect::<Vec<_>>()});
            let (status, created) = client.call("POST", "/scim/v2/orgs/bench/Groups", &body).await;
            assert_eq!(status, 201, "POST group {k}: {created}");
            g[k].set(created["id"].as_str().expect("id").to_owned()).expect("once");
            client
        }
    })
    .await;
    let groups_took = started.elapsed();
    let last_call = Instant::now();
    expected.teams =
        (0..groups).map(|k| (group_ids[k].get().expect("posted").clone(), members[k].len() as i64)).collect();
    let visible = until_right(url, &expected, last_call).await;
    println!(
        "{backend}: {groups} groups ({users} memberships) in {groups_took:.2?}: {:.0} groups/s; visibility right \
         {visible:.2?} after the last call",
        groups as f64 / groups_took.as_secs_f64()
    );

    // The line closest to 10,000 people moves under a manager outside it.
    let sizes = sync.tree.sizes();
    let moved = (1..users).min_by_key(|i| (sizes[*i] - 10_000).abs()).expect("a line");
    let target = (1..users).find(|&t| {
        t != moved
            && !sync.tree.reports[t].is_empty()
            && Some(t) != sync.tree.manager[moved]
            && !sync.tree.is_above(moved, t)
    });
    match target {
        None => println!("{backend}: no manager outside the {}-person line: the move is skipped", sizes[moved]),
        Some(target) => {
            let mut client = Client::new(&daemon.addr, &token);
            let path = format!("/scim/v2/orgs/bench/Users/{}", id_of(moved));
            // Expected after the move: the moved line leaves its old managers and joins the new ones.
            let mut tree_after = sync.tree.manager.clone();
            tree_after[moved] = Some(target);
            let tree = Tree { manager: tree_after, reports: vec![], late: vec![] };
            expected.managers.insert(id_of(moved), Some(id_of(target)));
            expected.lines = tree.sizes().iter().enumerate().map(|(i, n)| (id_of(i), *n)).collect();
            let started = Instant::now();
            let (status, body) = client.call("PATCH", &path, &manager_patch(&id_of(target))).await;
            assert_eq!(status, 200, "PATCH {path}: {body}");
            let answered = started.elapsed();
            let visible = until_right(url, &expected, started).await;
            println!(
                "{backend}: PATCH moving a {}-person line under another manager: answered in {answered:.2?}, \
                 visibility right {visible:.2?} after the call",
                sizes[moved]
            );
        }
    }
    daemon.stop();
}

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    let backends = std::env::var("BENCH_SCIM_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    for backend in backends.split(',') {
        match backend.trim() {
            "sqlite" => {
                let dir = tempfile::tempdir().expect("dir");
                let url = format!("sqlite://{}", dir.path().join("bench.db").display());
                run("sqlite", &url).await;
            }
            "postgres" => {
                let Some(db) = setup::PgDatabase::create("goald_bench_scim").await else { continue };
                run("postgres", &db.url).await;
                db.drop().await;
            }
            other => panic!("BENCH_SCIM_BACKENDS: unknown backend {other:?}"),
        }
    }
}
