//! The delivery statements that read a whole claimed batch at once, and the suppression
//! list's. A batch is a JSON array `[{"org_id", "owner_id", "week"}]` ($1).

use crate::store::db::Sql;

/// The claimed keys as rows, in each dialect.
macro_rules! keys {
    (sqlite) => {
        "(select json_extract(value, '$.org_id') as org_id, json_extract(value, '$.owner_id') as owner_id, \
                 json_extract(value, '$.week') as week from json_each($1)) k"
    };
    (postgres) => {
        "json_to_recordset($1::json) as k(org_id text, owner_id text, week text)"
    };
}

/// The suppressed reply of a member while their email is still the refused address.
macro_rules! suppressed {
    () => {
        "(select s.reply from mail_suppressions s \
          where s.org_id = m.org_id and s.member_id = m.id and s.email = m.email) as suppressed"
    };
}

macro_rules! recipients {
    ($dialect:ident) => {
        concat!(
            "select distinct m.org_id, m.id as owner_id, m.name, m.email, m.locale, m.active, \
                    org.name as org_name, org.timezone as org_timezone, ",
            suppressed!(),
            ", exists (select 1 from reminder_opt_outs o where o.org_id = m.org_id and o.member_id = m.id) \
                 as opted_out \
             from ",
            keys!($dialect),
            " join members m on m.org_id = k.org_id and m.id = k.owner_id join orgs org on org.id = m.org_id"
        )
    };
}

/// Who each digest of the batch goes to, as they are now; a member gone has no row.
pub const BATCH_RECIPIENTS: Sql = Sql { sqlite: recipients!(sqlite), postgres: recipients!(postgres) };

macro_rules! goals {
    ($dialect:ident) => {
        concat!(
            "select dg.org_id, dg.owner_id, dg.week, dg.goal_id, dg.reasons, g.title, g.goal_type, g.progress, \
                    g.start_date, g.end_date, g.last_activity_at, g.published_at, \
                    case when (p.state <> 'draft' and (p.visibility = 'public' or p.goal_type = 'organization')) \
                           or p.owner_id = g.owner_id or p.creator_id = g.owner_id then p.title end as parent_title \
             from ",
            keys!($dialect),
            " join digests d on d.org_id = k.org_id and d.owner_id = k.owner_id and d.week = k.week \
             join digest_goals dg on dg.org_id = d.org_id and dg.owner_id = d.owner_id and dg.week = d.week \
             join goals g on g.org_id = dg.org_id and g.id = dg.goal_id \
             left join goals p on p.org_id = g.org_id and p.id = g.parent_id \
             where g.state = 'published' and g.owner_id = dg.owner_id \
               and (g.last_activity_at is null or g.last_activity_at <= d.evaluated_at) \
             order by dg.org_id, dg.owner_id, dg.week, dg.goal_id"
        )
    };
}

/// `DIGEST_GOALS_STILL_DUE` for every digest of the batch, each against its own
/// evaluation instant.
pub const BATCH_DIGEST_GOALS: Sql = Sql { sqlite: goals!(sqlite), postgres: goals!(postgres) };

/// $1 org, $2 member, $3 the address refused, $4 reason, $5 the server's reply, $6 at.
pub const SUPPRESS: Sql = Sql::same(
    "insert into mail_suppressions (org_id, member_id, email, reason, reply, suppressed_at) \
     values ($1, $2, $3, $4, $5, $6) \
     on conflict (org_id, member_id, email) do update set reason = excluded.reason, reply = excluded.reply, \
     suppressed_at = excluded.suppressed_at",
);

/// The reply that suppressed a member's current address, if it is suppressed.
pub const IS_SUPPRESSED: Sql =
    Sql::same(concat!("select ", suppressed!(), " from members m where m.org_id = $1 and m.id = $2"));

/// The org's suppressions, with each member's current email: one applies only while
/// that is still the refused address.
pub const SUPPRESSIONS: Sql = Sql::same(
    "select s.member_id, s.email, s.reason, s.reply, s.suppressed_at, m.email as current_email \
     from mail_suppressions s left join members m on m.org_id = s.org_id and m.id = s.member_id \
     where s.org_id = $1 order by s.member_id, s.email",
);

/// $1 org, $2 a member id or an address: every suppression of that member or address.
pub const REMOVE_SUPPRESSION: Sql =
    Sql::same("delete from mail_suppressions where org_id = $1 and (member_id = $2 or lower(email) = lower($2))");

/// `outbox retry` (after fixing what failed them): lifts the suppressions of the owners of
/// the failed digests it requeues. $1 org or null, $2 earliest deliver_at or null.
pub const LIFT_SUPPRESSIONS_OF_FAILED: Sql = Sql {
    sqlite: "delete from mail_suppressions where exists (select 1 from digests d where d.state = 'failed' \
             and d.org_id = mail_suppressions.org_id and d.owner_id = mail_suppressions.member_id \
             and ($1 is null or d.org_id = $1) and ($2 is null or d.deliver_at >= $2))",
    postgres: "delete from mail_suppressions s where exists (select 1 from digests d where d.state = 'failed' \
               and d.org_id = s.org_id and d.owner_id = s.member_id \
               and (cast($1 as text) is null or d.org_id = $1) \
               and (cast($2 as timestamptz) is null or d.deliver_at >= $2))",
};

#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    BATCH_RECIPIENTS,
    BATCH_DIGEST_GOALS,
    SUPPRESS,
    IS_SUPPRESSED,
    SUPPRESSIONS,
    REMOVE_SUPPRESSION,
    LIFT_SUPPRESSIONS_OF_FAILED,
];
