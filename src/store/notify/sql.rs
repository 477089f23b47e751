//! The statements of preferences and of nudges and cheers: the member's switches, their
//! page token, the 24-hour limit, and the queue of 15-minute batches (claimed with a lease
//! like digests).

use crate::store::db::Sql;

/// The member a preferences page token belongs to: a digest's token or a member token.
pub const TOKEN_OWNER: Sql = Sql::same(
    "select org_id, owner_id as member_id from digests where unsubscribe_token = $1 \
     union all select org_id, member_id from preference_tokens where token = $1",
);
/// Only a member token (the one a notification email carries).
pub const MEMBER_TOKEN_OWNER: Sql = Sql::same("select org_id, member_id from preference_tokens where token = $1");
/// $1 org, $2 member, $3 at: a member's token, made once.
pub const MAKE_TOKEN: Sql = Sql {
    sqlite: "insert into preference_tokens (org_id, member_id, token, created_at) \
             values ($1, $2, lower(hex(randomblob(16))), $3) on conflict do nothing",
    postgres: "insert into preference_tokens (org_id, member_id, token, created_at) \
               values ($1, $2, replace(gen_random_uuid()::text, '-', ''), $3) on conflict do nothing",
};
pub const TOKEN: Sql = Sql::same("select token from preference_tokens where org_id = $1 and member_id = $2");

/// $1 org, $2 member: the three switches, on where nothing says otherwise.
pub const PREFERENCES: Sql = Sql {
    sqlite:
        "select exists (select 1 from reminder_opt_outs o where o.org_id = $1 and o.member_id = $2) as digest_off, \
             coalesce(p.nudges, 1) as nudges, coalesce(p.cheers, 1) as cheers \
             from (select 1) one left join notification_preferences p on p.org_id = $1 and p.member_id = $2",
    postgres:
        "select exists (select 1 from reminder_opt_outs o where o.org_id = $1 and o.member_id = $2) as digest_off, \
               coalesce(p.nudges, true) as nudges, coalesce(p.cheers, true) as cheers \
               from (select 1) one left join notification_preferences p on p.org_id = $1 and p.member_id = $2",
};
/// Resubscribing: the digest's opt-out row goes.
pub const DIGEST_ON: Sql = Sql::same("delete from reminder_opt_outs where org_id = $1 and member_id = $2");
/// $3 at.
pub const DIGEST_OFF: Sql = Sql::same(
    "insert into reminder_opt_outs (org_id, member_id, opted_out_at) values ($1, $2, $3) on conflict do nothing",
);
/// $1 org, $2 member, $3 nudges, $4 cheers, $5 at.
pub const SET_NOTIFICATIONS: Sql = Sql::same(
    "insert into notification_preferences (org_id, member_id, nudges, cheers, updated_at) values ($1, $2, $3, $4, $5) \
     on conflict (org_id, member_id) do update set nudges = excluded.nudges, cheers = excluded.cheers, \
     updated_at = excluded.updated_at",
);

/// $1 org, $2 sender, $3 goal, $4 kind, $5 now, $6 now - 24 h: one row changed when the
/// sender may go (none before, or the last one is 24 h old), none when limited. One
/// statement, so two requests at once cannot both pass.
pub const TAKE_LIMIT: Sql = Sql::same(
    "insert into notification_limits (org_id, sender_id, goal_id, kind, last_at) values ($1, $2, $3, $4, $5) \
     on conflict (org_id, sender_id, goal_id, kind) do update set last_at = excluded.last_at \
     where notification_limits.last_at <= $6",
);
pub const LAST_SENT: Sql = Sql::same(
    "select last_at from notification_limits where org_id = $1 and sender_id = $2 and goal_id = $3 and kind = $4",
);
/// $1 org, $2 owner, $3 window start, $4 window end.
pub const OPEN_BATCH: Sql = Sql::same(
    "insert into notification_batches (org_id, owner_id, window_start, deliver_at, state) \
     values ($1, $2, $3, $4, 'queued') on conflict do nothing",
);
/// $1 org, $2 owner, $3 window start, $4 goal, $5 sender, $6 kind, $7 at.
pub const ADD_NOTIFICATION: Sql = Sql::same(
    "insert into goal_notifications (org_id, owner_id, window_start, goal_id, sender_id, kind, at) \
     values ($1, $2, $3, $4, $5, $6, $7)",
);

/// $1 now, $2 worker, $3 lease end, $4 batch size.
pub const CLAIM_BATCHES: Sql = Sql {
    sqlite: "update notification_batches set lease_owner = $2, lease_until = $3, attempts = attempts + 1 \
             where (org_id, owner_id, window_start) in (select org_id, owner_id, window_start from notification_batches \
                    where state = 'queued' and deliver_at <= $1 and (retry_at is null or retry_at <= $1) \
                    and (lease_until is null or lease_until <= $1) order by deliver_at limit $4) \
             returning org_id, owner_id, window_start, attempts",
    postgres: "update notification_batches b set lease_owner = $2, lease_until = $3, attempts = b.attempts + 1 \
               from (select org_id, owner_id, window_start from notification_batches \
                     where state = 'queued' and deliver_at <= $1 and (retry_at is null or retry_at <= $1) \
                     and (lease_until is null or lease_until <= $1) order by deliver_at limit $4 for update skip locked) c \
               where b.org_id = c.org_id and b.owner_id = c.owner_id and b.window_start = c.window_start \
               returning b.org_id, b.owner_id, b.window_start, b.attempts",
};
/// A batch's notifications on goals the owner still owns, oldest first.
pub const BATCH_ITEMS: Sql = Sql::same(
    "select n.kind, n.goal_id, n.at, g.title, s.name as sender_name from goal_notifications n \
     join goals g on g.org_id = n.org_id and g.id = n.goal_id \
     join members s on s.org_id = n.org_id and s.id = n.sender_id \
     where n.org_id = $1 and n.owner_id = $2 and n.window_start = $3 and g.owner_id = n.owner_id \
     order by n.at, n.id",
);
/// $1 org, $2 owner, $3 window start, $4 worker, then: sent $5 at; retry $5 at, $6 error;
/// failed or skipped $5 why.
pub const MARK_SENT: Sql = Sql::same(
    "update notification_batches set state = 'sent', sent_at = $5, lease_owner = null, lease_until = null \
     where org_id = $1 and owner_id = $2 and window_start = $3 and lease_owner = $4",
);
pub const MARK_RETRY: Sql = Sql::same(
    "update notification_batches set retry_at = $5, last_error = $6, lease_owner = null, lease_until = null \
     where org_id = $1 and owner_id = $2 and window_start = $3 and lease_owner = $4",
);
pub const MARK_FAILED: Sql = Sql::same(
    "update notification_batches set state = 'failed', last_error = $5, lease_owner = null, lease_until = null \
     where org_id = $1 and owner_id = $2 and window_start = $3 and lease_owner = $4",
);
pub const MARK_SKIPPED: Sql = Sql::same(
    "update notification_batches set state = 'skipped', last_error = $5, lease_owner = null, lease_until = null \
     where org_id = $1 and owner_id = $2 and window_start = $3 and lease_owner = $4",
);
pub const RELEASE: Sql = Sql::same(
    "update notification_batches set lease_owner = null, lease_until = null, attempts = attempts - 1 \
     where lease_owner = $1 and state = 'queued'",
);

/// Every statement above, for the test that prepares each on both backends.
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    TOKEN_OWNER,
    MEMBER_TOKEN_OWNER,
    MAKE_TOKEN,
    TOKEN,
    PREFERENCES,
    DIGEST_ON,
    DIGEST_OFF,
    SET_NOTIFICATIONS,
    TAKE_LIMIT,
    LAST_SENT,
    OPEN_BATCH,
    ADD_NOTIFICATION,
    CLAIM_BATCHES,
    BATCH_ITEMS,
    MARK_SENT,
    MARK_RETRY,
    MARK_FAILED,
    MARK_SKIPPED,
    RELEASE,
];
