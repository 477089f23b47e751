-- Weekly reminders (CONTRACT §5): one evaluation per org and week, one digest per
-- owner and week, the goals each digest lists, and owners who opted out.
-- Idempotency lives in the primary keys: a second evaluation of a week inserts nothing.
-- Instants are text in one fixed form (YYYY-MM-DDTHH:MM:SS.ffffffZ), so they compare as text.

create table reminder_evaluations (
    org_id        text not null,
    week          text not null,                -- ISO week of the org's local date, e.g. 2026-W48
    evaluated_at  text not null,                -- T of §5
    started_at    text not null,                -- wall clock, for ops
    finished_at   text,
    digests       integer not null default 0,
    goals         integer not null default 0,
    primary key (org_id, week)
);

create table digests (
    org_id             text not null,
    owner_id           text not null,
    week               text not null,
    evaluated_at       text not null,
    deliver_at         text not null,
    -- queued until sent, failed (permanently, with last_error) or skipped (nothing left to say)
    state              text not null check (state in ('queued', 'sent', 'failed', 'skipped')),
    attempts           integer not null default 0,
    retry_at           text,                    -- set after a transient failure
    lease_owner        text,                    -- the process sending it now
    lease_until        text,                    -- past this, another process may take it
    last_error         text,
    sent_at            text,
    goals_sent         integer,
    unsubscribe_token  text not null unique,
    primary key (org_id, owner_id, week)
);
create index digests_queued on digests (deliver_at) where state = 'queued';
create index digests_by_state on digests (state, deliver_at);

create table digest_goals (
    org_id    text not null,
    owner_id  text not null,
    week      text not null,
    goal_id   text not null,
    reasons   text not null,                    -- space-separated, in contract order
    -- Week before owner: an evaluation reads its own week, whatever history accumulates.
    primary key (org_id, week, owner_id, goal_id)
) without rowid;

create table reminder_opt_outs (
    org_id        text not null,
    member_id     text not null,
    opted_out_at  text not null,
    primary key (org_id, member_id)
) without rowid;
