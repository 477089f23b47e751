//! The reminder statements: the §5 evaluation set-based over an org's goals, and the
//! delivery queue. Shared text where the dialects agree (`Param::Instant` and
//! `Param::Date` bind as each backend compares them).

use std::sync::LazyLock;

use crate::store::db::Sql;

/// The goals due at an evaluation and why, after `select`: $1 org, $2 the staleness
/// cutoff (T - 28 days), $3 T's date in the org's time zone. The twin of
/// `reminders::reasons_for`.
fn due_goals(select: &str) -> String {
    format!(
        "{select}trim(case when g.last_activity_at <= $2 then 'not_updated_28_days' else '' end || ' ' || \
              case when g.end_date < $3 then 'past_end_date' else '' end) as reasons \
         from goals g join members m on m.org_id = g.org_id and m.id = g.owner_id \
         where g.org_id = $1 and g.state = 'published' \
           and (g.last_activity_at <= $2 or g.end_date < $3) \
           and m.active and coalesce(m.email, '') <> '' \
           and not exists (select 1 from reminder_opt_outs o \
                           where o.org_id = g.org_id and o.member_id = g.owner_id)"
    )
}

static PREVIEW_DUE_GOALS: LazyLock<String> =
    LazyLock::new(|| due_goals("select g.owner_id, g.id as goal_id, m.email, m.locale, m.timezone, "));
static QUEUE_DUE_GOALS: LazyLock<String> = LazyLock::new(|| {
    due_goals(
        "insert into digest_goals (org_id, owner_id, week, goal_id, reasons) select g.org_id, g.owner_id, $4, g.id, ",
    )
});

pub fn preview_due_goals() -> Sql {
    Sql::same(PREVIEW_DUE_GOALS.as_str())
}

/// $4 the week.
pub fn queue_due_goals() -> Sql {
    Sql::same(QUEUE_DUE_GOALS.as_str())
}

pub const CLAIM_EVALUATION: Sql = Sql::same(
    "insert into reminder_evaluations (org_id, week, evaluated_at, started_at) values ($1, $2, $3, $4) \
     on conflict do nothing",
);

pub const EVALUATION_EXISTS: Sql =
    Sql::same("select evaluated_at from reminder_evaluations where org_id = $1 and week = $2");

pub const FINISH_EVALUATION: Sql = Sql::same(
    "update reminder_evaluations set finished_at = $3, digests = $4, goals = $5 where org_id = $1 and week = $2",
);

/// Every time zone of the org's members: each has its own Monday 09:00.
pub const MEMBER_TIME_ZONES: Sql = Sql::same("select distinct timezone from members where org_id = $1");

/// $1 org, $2 week, $3 T, $4 JSON `[{"timezone", "deliver_at"}]`, one per member time zone.
/// The token is the secret in the digest's unsubscribe link.
pub const QUEUE_DIGESTS: Sql = Sql {
    sqlite: "insert into digests (org_id, owner_id, week, evaluated_at, deliver_at, state, unsubscribe_token) \
             select $1, q.owner_id, $2, $3, d.deliver_at, 'queued', lower(hex(randomblob(16))) \
             from (select distinct owner_id from digest_goals where org_id = $1 and week = $2) q \
             join members m on m.org_id = $1 and m.id = q.owner_id \
             join (select json_extract(value, '$.timezone') as timezone, json_extract(value, '$.deliver_at') as deliver_at \
                   from json_each($4)) d on d.timezone = m.timezone \
             where true on conflict do nothing",
    postgres: "insert into digests (org_id, owner_id, week, evaluated_at, deliver_at, state, unsubscribe_token) \
               select $1, q.owner_id, $2, $3, d.deliver_at, 'queued', replace(gen_random_uuid()::text, '-', '') \
               from (select distinct owner_id from digest_goals where org_id = $1 and week = $2) q \
               join members m on m.org_id = $1 and m.id = q.owner_id \
               join json_to_recordset($4::json) as d(timezone text, deliver_at timestamptz) on d.timezone = m.timezone \
               on conflict do nothing",
};

/// $1 deliver until, $2 now, $3 worker, $4 lease end, $5 batch size.
pub const CLAIM_DIGESTS: Sql = Sql {
    sqlite: "update digests set lease_owner = $3, lease_until = $4, attempts = attempts + 1 \
             where rowid in (select rowid from digests where state = 'queued' and deliver_at <= $1 \
                             and (retry_at is null or retry_at <= $2) and (lease_until is null or lease_until <= $2) \
                             order by deliver_at limit $5) \
             returning org_id, owner_id, week, evaluated_at, attempts, unsubscribe_token",
    postgres: "update digests d set lease_owner = $3, lease_until = $4, attempts = d.attempts + 1 \
               from (select org_id, owner_id, week from digests where state = 'queued' and deliver_at <= $1 \
                     and (retry_at is null or retry_at <= $2) and (lease_until is null or lease_until <= $2) \
                     order by deliver_at limit $5 for update skip locked) c \
               where d.org_id = c.org_id and d.owner_id = c.owner_id and d.week = c.week \
               returning d.org_id, d.owner_id, d.week, d.evaluated_at, d.attempts, d.unsubscribe_token",
};

/// The goals a claimed digest still lists: still published, still the owner's, not
/// updated since the evaluation, not deleted. $4 the evaluation instant. The parent's
/// title only when the owner surely sees the parent (CONTRACT §3 2 and 3a-b): a digest
/// must not leak the title of a private goal above the owner's.
pub const DIGEST_GOALS_STILL_DUE: Sql = Sql::same(
    "select dg.goal_id, dg.reasons, g.title, g.goal_type, g.progress, g.start_date, g.end_date, \
            g.last_activity_at, g.published_at, \
            case when (p.state <> 'draft' and (p.visibility = 'public' or p.goal_type = 'organization')) \
                   or p.owner_id = g.owner_id or p.creator_id = g.owner_id then p.title end as parent_title \
     from digest_goals dg \
     join goals g on g.org_id = dg.org_id and g.id = dg.goal_id \
     left join goals p on p.org_id = g.org_id and p.id = g.parent_id \
     where dg.org_id = $1 and dg.owner_id = $2 and dg.week = $3 \
       and g.state = 'published' and g.owner_id = dg.owner_id \
       and (g.last_activity_at is null or g.last_activity_at <= $4) \
     order by dg.goal_id",
);

pub const DIGEST_RECIPIENT: Sql = Sql::same(
    "select m.name, m.email, m.locale, m.active, org.name as org_name, org.timezone as org_timezone, \
            exists (select 1 from reminder_opt_outs o where o.org_id = m.org_id and o.member_id = m.id) as opted_out, \
            (select s.reply from mail_suppressions s \
             where s.org_id = m.org_id and s.member_id = m.id and s.email = m.email) as suppressed \
     from members m join orgs org on org.id = m.org_id where m.org_id = $1 and m.id = $2",
);

static RENDER_DUE_GOALS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} and g.owner_id = $4 order by g.id",
        due_goals(
            "select g.id as goal_id, g.title, g.goal_type, g.progress, g.start_date, g.end_date, g.last_activity_at, \
             g.published_at, (select case when (p.state <> 'draft' and (p.visibility = 'public' \
             or p.goal_type = 'organization')) or p.owner_id = g.owner_id or p.creator_id = g.owner_id \
             then p.title end from goals p where p.org_id = g.org_id and p.id = g.parent_id) as parent_title, "
        )
    )
});

/// `reminders render`: the goals of one owner due at an evaluation, with what the digest
/// shows of each. $1 org, $2 the staleness cutoff, $3 T's local date, $4 the owner.
pub fn render_due_goals() -> Sql {
    Sql::same(RENDER_DUE_GOALS.as_str())
}

/// Each outcome updates only a digest this worker still holds ($4).
pub const MARK_SENT: Sql = Sql::same(
    "update digests set state = 'sent', sent_at = $5, goals_sent = $6, lease_owner = null, lease_until = null, \
     retry_at = null, last_error = null where org_id = $1 and owner_id = $2 and week = $3 and lease_owner = $4",
);
pub const MARK_SKIPPED: Sql = Sql::same(
    "update digests set state = 'skipped', last_error = $5, goals_sent = 0, lease_owner = null, lease_until = null \
     where org_id = $1 and owner_id = $2 and week = $3 and lease_owner = $4",
);
pub const MARK_RETRY: Sql = Sql::same(
    "update digests set retry_at = $5, last_error = $6, lease_owner = null, lease_until = null \
     where org_id = $1 and owner_id = $2 and week = $3 and lease_owner = $4",
);
pub const MARK_FAILED: Sql = Sql::same(
    "update digests set state = 'failed', last_error = $5, lease_owner = null, lease_until = null \
     where org_id = $1 and owner_id = $2 and week = $3 and lease_owner = $4",
);
/// Gives back what a stopping worker holds, without counting the attempt.
pub const RELEASE_LEASES: Sql = Sql::same(
    "update digests set lease_owner = null, lease_until = null, attempts = attempts - 1 \
     where lease_owner = $1 and state = 'queued'",
);

/// `outbox retry`: $1 org or null, $2 earliest deliver_at or null.
pub const RETRY_FAILED: Sql = Sql {
    sqlite: "update digests set state = 'queued', attempts = 0, retry_at = null, lease_owner = null, \
             lease_until = null where state = 'failed' and ($1 is null or org_id = $1) \
             and ($2 is null or deliver_at >= $2)",
    postgres: "update digests set state = 'queued', attempts = 0, retry_at = null, lease_owner = null, \
               lease_until = null where state = 'failed' and (cast($1 as text) is null or org_id = $1) \
               and (cast($2 as timestamptz) is null or deliver_at >= $2)",
};

/// $1 org or null for every org, $2 state or null for every state, $3 limit.
pub const OUTBOX: Sql = Sql::same(
    "select org_id, owner_id, week, state, deliver_at, attempts, retry_at, last_error, sent_at, goals_sent, \
            (select count(*) from digest_goals dg \
             where dg.org_id = d.org_id and dg.owner_id = d.owner_id and dg.week = d.week) as goals \
     from digests d where (cast($1 as text) is null or org_id = $1) and (cast($2 as text) is null or state = $2) \
     order by deliver_at, org_id, owner_id, week limit $3",
);
pub const OUTBOX_COUNTS: Sql = Sql::same(
    "select state, count(*) as n from digests where (cast($1 as text) is null or org_id = $1) group by state order by state",
);

pub const OPT_OUT: Sql = Sql::same(
    "insert into reminder_opt_outs (org_id, member_id, opted_out_at) \
     select org_id, owner_id, $2 from digests where unsubscribe_token = $1 on conflict do nothing",
);
pub const DIGEST_BY_TOKEN: Sql = Sql::same("select org_id, owner_id from digests where unsubscribe_token = $1");
pub const ALL_ORGS: Sql = Sql::same("select id, timezone from orgs order by id");

pub const EVALUATIONS_OF_ORG: Sql = Sql::same(
    "select week, evaluated_at, started_at, finished_at, digests, goals from reminder_evaluations \
     where org_id = $1 order by evaluated_at",
);

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) fn all() -> Vec<Sql> {
    [preview_due_goals(), queue_due_goals(), render_due_goals()]
        .into_iter()
        .chain(STATIC.iter().copied())
        .chain(super::batch_sql::ALL.iter().copied())
        .collect()
}

#[cfg(test)]
const STATIC: &[Sql] = &[
    CLAIM_EVALUATION,
    EVALUATION_EXISTS,
    FINISH_EVALUATION,
    MEMBER_TIME_ZONES,
    QUEUE_DIGESTS,
    CLAIM_DIGESTS,
    DIGEST_GOALS_STILL_DUE,
    DIGEST_RECIPIENT,
    MARK_SENT,
    MARK_SKIPPED,
    MARK_RETRY,
    MARK_FAILED,
    RELEASE_LEASES,
    RETRY_FAILED,
    OUTBOX,
    OUTBOX_COUNTS,
    OPT_OUT,
    DIGEST_BY_TOKEN,
    ALL_ORGS,
    EVALUATIONS_OF_ORG,
];
