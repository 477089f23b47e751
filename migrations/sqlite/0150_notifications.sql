-- Preferences and nudges/cheers (issue 15, docs/notifications.md).
-- The weekly digest's flag stays `reminder_opt_outs` (a row = stopped; resubscribing
-- deletes it). Nudge and cheer emails are on unless a row here says otherwise.
create table notification_preferences (
    org_id      text not null,
    member_id   text not null,
    nudges      integer not null default 1,
    cheers      integer not null default 1,
    updated_at  text not null,
    primary key (org_id, member_id)
) without rowid;

-- One secret per member for the notification email's preferences and one-click links
-- (a digest's own token reaches the same page).
create table preference_tokens (
    org_id      text not null,
    member_id   text not null,
    token       text not null unique,
    created_at  text not null,
    primary key (org_id, member_id)
) without rowid;

-- The last nudge (or cheer) of a sender on a goal: the 24-hour rate limit's key.
create table notification_limits (
    org_id     text not null,
    sender_id  text not null,
    goal_id    text not null,
    kind       text not null check (kind in ('nudge', 'cheer')),
    last_at    text not null,
    primary key (org_id, sender_id, goal_id, kind)
) without rowid;

-- One email per owner and 15-minute window (window_start on a quarter hour, UTC); it
-- goes out at window_end with the lease and retry rules of digests.
create table notification_batches (
    org_id        text not null,
    owner_id      text not null,
    window_start  text not null,
    deliver_at    text not null,
    state         text not null check (state in ('queued', 'sent', 'failed', 'skipped')),
    attempts      integer not null default 0,
    retry_at      text,
    lease_owner   text,
    lease_until   text,
    last_error    text,
    sent_at       text,
    primary key (org_id, owner_id, window_start)
) without rowid;
create index notification_batches_queued on notification_batches (deliver_at) where state = 'queued';

create table goal_notifications (
    id            integer primary key,
    org_id        text not null,
    owner_id      text not null,
    window_start  text not null,
    goal_id       text not null,
    sender_id     text not null,
    kind          text not null check (kind in ('nudge', 'cheer')),
    at            text not null
);
create index goal_notifications_by_batch on goal_notifications (org_id, owner_id, window_start);
