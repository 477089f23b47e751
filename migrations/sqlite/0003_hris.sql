-- HRIS events (CONTRACT §6): a durable inbox, per-field clocks for last-writer-wins,
-- and the webhook secrets of each org.

create table hris_events (
    seq          integer primary key,             -- arrival order
    org_id       text not null,
    id           text not null,
    type         text not null,
    occurred_at  text not null,
    body         text not null,                   -- the event as received
    received_at  text not null,
    -- pending until looked at; applied, duplicate, stale, or waiting (with reason)
    state        text not null check (state in ('pending', 'applied', 'duplicate', 'stale', 'waiting')),
    reason       text,
    applied_at   text,
    unique (org_id, id)
);
create index hris_events_open on hris_events (org_id, seq) where state in ('pending', 'waiting');

-- The occurred_at of the last event applied to a field of a subject
-- (member:ID, team:ID, team:ID/member:ID).
create table hris_clocks (
    org_id       text not null,
    subject      text not null,
    field        text not null,
    occurred_at  text not null,
    primary key (org_id, subject, field)
) without rowid;

create table hris_secrets (
    org_id    text not null,
    secret    text not null,
    added_at  text not null,
    primary key (org_id, secret)
) without rowid;
