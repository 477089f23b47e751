//! The manager digest's statements (issue 17): the evaluation's reads and its chunked
//! insert, the delivery queue, the opt-outs. Shared text where the dialects agree.

use crate::store::db::Sql;

// The evaluation's three big reads come back as JSON arrays, one text per statement (per
// week for the reminded goals; the goals on SQLite only): sqlx hands SQLite rows over one
// at a time, a few microseconds each, which for a million goals was most of the
// evaluation. Reals go as their shortest exact text (SQLite's JSON prints 15 digits,
// which would round them). One text holds at most 1 GB on either backend: about 8 million
// published goals of one org.

/// One array `[id, name, email, role, manager_id, active (0/1), timezone, opted_out (0/1)]`
/// per member.
pub const LINE_MEMBERS: Sql = Sql {
    sqlite: "select json_group_array(json_array(m.id, m.name, m.email, m.role, m.manager_id, m.active, m.timezone, \
             exists (select 1 from manager_digest_opt_outs o where o.org_id = m.org_id and o.member_id = m.id))) \
             as members from members m where m.org_id = $1",
    postgres: "select coalesce(json_agg(json_build_array(m.id, m.name, m.email, m.role, m.manager_id, m.active::int, \
               m.timezone, (exists (select 1 from manager_digest_opt_outs o \
                                    where o.org_id = m.org_id and o.member_id = m.id))::int)), '[]')::text \
               as members from members m where m.org_id = $1",
};

/// The published goals. SQLite: one array `[id, title, owner_id, progress (text),
/// start_date, end_date, last_activity_at]` per goal, reading the table in order (through
/// an index it would fetch the rows in the index's order, one random page read each,
/// several times slower). PostgreSQL: a row per goal, which it hands over faster than it
/// builds the JSON.
pub const PUBLISHED_GOALS: Sql = Sql {
    sqlite: "select json_group_array(json_array(id, title, owner_id, printf('%!.17g', progress), start_date, \
             end_date, last_activity_at)) as goals \
             from goals not indexed where org_id = $1 and state = 'published'",
    postgres: "select id, title, owner_id, progress, start_date, end_date, last_activity_at \
               from goals where org_id = $1 and state = 'published'",
};

/// The org's reminded goals per week from $2 to $3 (the text of an ISO week sorts as the
/// week), with that week's evaluation instant (one per org and week): `[goal_id, owner_id]`
/// per goal listed.
pub const REMINDED_GOALS: Sql = Sql {
    sqlite: "select dg.week, min(e.evaluated_at) as evaluated_at, \
             json_group_array(json_array(dg.goal_id, dg.owner_id)) as goals \
             from digest_goals dg join reminder_evaluations e on e.org_id = dg.org_id and e.week = dg.week \
             where dg.org_id = $1 and dg.week >= $2 and dg.week <= $3 group by dg.week",
    postgres: "select dg.week, min(e.evaluated_at) as evaluated_at, \
               json_agg(json_build_array(dg.goal_id, dg.owner_id))::text as goals \
               from digest_goals dg join reminder_evaluations e on e.org_id = dg.org_id and e.week = dg.week \
               where dg.org_id = $1 and dg.week >= $2 and dg.week <= $3 group by dg.week",
};

/// The figures of each digest of period $2, without reading the rest of its content.
pub const PREVIOUS_FIGURES: Sql = Sql {
    sqlite: "select manager_id, json_extract(content, '$.figures') as figures from manager_digests \
             where org_id = $1 and period = $2",
    postgres: "select manager_id, (content::json -> 'figures')::text as figures from manager_digests \
               where org_id = $1 and period = $2",
};

pub const EVALUATION_EXISTS: Sql =
    Sql::same("select 1 as found from manager_digest_evaluations where org_id = $1 and period = $2");

pub const CLAIM_EVALUATION: Sql = Sql::same(
    "insert into manager_digest_evaluations (org_id, period, evaluated_at, started_at) values ($1, $2, $3, $4) \
     on conflict do nothing",
);

pub const FINISH_EVALUATION: Sql =
    Sql::same("update manager_digest_evaluations set digests = $3 where org_id = $1 and period = $2");

/// Digests per queue insert: a thousand average digests make a few megabytes of values.
pub const QUEUE_ROWS: usize = 1_000;

/// The queue insert of `rows` digests, (SQLite, PostgreSQL): $1 org, $2 period, $3 T, then
/// per row its manager, deliver_at and content (the JSON text, bound as it is).
pub fn queue(rows: usize) -> (String, String) {
    let statement = |token: &str| {
        let values: Vec<String> = (0..rows)
            .map(|row| {
                let first = 4 + 3 * row;
                format!("($1, ${first}, $2, $3, ${}, 'queued', ${}, {token})", first + 1, first + 2)
            })
            .collect();
        format!(
            "insert into manager_digests (org_id, manager_id, period, evaluated_at, deliver_at, state, content, \
             unsubscribe_token) values {} on conflict do nothing",
            values.join(", ")
        )
    };
    (statement("lower(hex(randomblob(16)))"), statement("replace(gen_random_uuid()::text, '-', '')"))
}

/// $1 deliver until, $2 now, $3 worker, $4 lease end, $5 batch size.
pub const CLAIM: Sql = Sql {
    sqlite: "update manager_digests set lease_owner = $3, lease_until = $4, attempts = attempts + 1 \
             where rowid in (select rowid from manager_digests where state = 'queued' and deliver_at <= $1 \
                             and (retry_at is null or retry_at <= $2) and (lease_until is null or lease_until <= $2) \
                             order by deliver_at limit $5) \
             returning org_id, manager_id, period, evaluated_at, attempts, unsubscribe_token, content",
    postgres: "update manager_digests d set lease_owner = $3, lease_until = $4, attempts = d.attempts + 1 \
               from (select org_id, manager_id, period from manager_digests where state = 'queued' \
                     and deliver_at <= $1 and (retry_at is null or retry_at <= $2) \
                     and (lease_until is null or lease_until <= $2) \
                     order by deliver_at limit $5 for update skip locked) c \
               where d.org_id = c.org_id and d.manager_id = c.manager_id and d.period = c.period \
               returning d.org_id, d.manager_id, d.period, d.evaluated_at, d.attempts, d.unsubscribe_token, d.content",
};

pub const RECIPIENT: Sql = Sql::same(
    "select m.name, m.email, m.locale, m.active, org.name as org_name, org.timezone as org_timezone, \
            exists (select 1 from manager_digest_opt_outs o where o.org_id = m.org_id and o.member_id = m.id) \
              as opted_out, \
            (select s.reply from mail_suppressions s \
             where s.org_id = m.org_id and s.member_id = m.id and s.email = m.email) as suppressed \
     from members m join orgs org on org.id = m.org_id where m.org_id = $1 and m.id = $2",
);

/// Each outcome updates only a digest this worker still holds ($4).
pub const MARK_SENT: Sql = Sql::same(
    "update manager_digests set state = 'sent', sent_at = $5, lease_owner = null, lease_until = null, \
     retry_at = null, last_error = null where org_id = $1 and manager_id = $2 and period = $3 and lease_owner = $4",
);
pub const MARK_SKIPPED: Sql = Sql::same(
    "update manager_digests set state = 'skipped', last_error = $5, lease_owner = null, lease_until = null \
     where org_id = $1 and manager_id = $2 and period = $3 and lease_owner = $4",
);
pub const MARK_RETRY: Sql = Sql::same(
    "update manager_digests set retry_at = $5, last_error = $6, lease_owner = null, lease_until = null \
     where org_id = $1 and manager_id = $2 and period = $3 and lease_owner = $4",
);
pub const MARK_FAILED: Sql = Sql::same(
    "update manager_digests set state = 'failed', last_error = $5, lease_owner = null, lease_until = null \
     where org_id = $1 and manager_id = $2 and period = $3 and lease_owner = $4",
);
pub const RELEASE: Sql = Sql::same(
    "update manager_digests set lease_owner = null, lease_until = null, attempts = attempts - 1 \
     where lease_owner = $1 and state = 'queued'",
);

/// $1 org or null.
pub const OUTBOX: Sql = Sql::same(
    "select org_id, manager_id, period, state, deliver_at, attempts, last_error, sent_at, content \
     from manager_digests where (cast($1 as text) is null or org_id = $1) \
     order by period, org_id, manager_id",
);

pub const OPT_OUT: Sql = Sql::same(
    "insert into manager_digest_opt_outs (org_id, member_id, opted_out_at) \
     select org_id, manager_id, $2 from manager_digests where unsubscribe_token = $1 on conflict do nothing",
);
pub const BY_TOKEN: Sql = Sql::same("select org_id, manager_id from manager_digests where unsubscribe_token = $1");

#[cfg(test)]
pub(crate) fn all() -> Vec<Sql> {
    vec![
        LINE_MEMBERS,
        PUBLISHED_GOALS,
        REMINDED_GOALS,
        PREVIOUS_FIGURES,
        EVALUATION_EXISTS,
        CLAIM_EVALUATION,
        FINISH_EVALUATION,
        CLAIM,
        RECIPIENT,
        MARK_SENT,
        MARK_SKIPPED,
        MARK_RETRY,
        MARK_FAILED,
        RELEASE,
        OUTBOX,
        OPT_OUT,
        BY_TOKEN,
    ]
}
