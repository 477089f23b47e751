-- The manager digest (issue 17): one evaluation per org and period, one digest per
-- (org, manager, period) whatever replicas race, and managers who unsubscribed from them.
-- Idempotency lives in the primary keys, as for the owner digests (0002_reminders.sql).

create table manager_digest_evaluations (
    org_id        text collate "C" not null,
    period        text not null,                -- 2026-W48 (weekly) or 2026-11 (monthly)
    evaluated_at  timestamptz not null,
    started_at    timestamptz not null,
    digests       integer not null default 0,
    primary key (org_id, period)
);

create table manager_digests (
    org_id             text collate "C" not null,
    manager_id         text collate "C" not null,
    period             text not null,
    evaluated_at       timestamptz not null,
    deliver_at         timestamptz not null,
    state              text not null check (state in ('queued', 'sent', 'failed', 'skipped')),
    attempts           integer not null default 0,
    retry_at           timestamptz,
    lease_owner        text,
    lease_until        timestamptz,
    last_error         text,
    sent_at            timestamptz,
    content            text not null,            -- reminders::manager_content as JSON
    unsubscribe_token  text not null unique,
    primary key (org_id, manager_id, period)
);
create index manager_digests_queued on manager_digests (deliver_at) where state = 'queued';

create table manager_digest_opt_outs (
    org_id        text collate "C" not null,
    member_id     text collate "C" not null,
    opted_out_at  timestamptz not null,
    primary key (org_id, member_id)
);
