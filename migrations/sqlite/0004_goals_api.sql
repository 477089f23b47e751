-- The goals API: API keys, optimistic concurrency on goals, and what a progress update replaced.

-- Only the SHA-256 of a key is kept; the key itself is shown once, when it is made.
create table api_keys (
    id          text primary key,
    org_id      text not null,
    name        text not null,
    key_hash    text not null unique,
    created_at  text not null,
    revoked_at  text
);
create index api_keys_by_org on api_keys (org_id);

-- Bumped by every API write: a write that read revision N and finds another is refused
-- (409), so two editors never silently overwrite each other.
alter table goals add column revision integer not null default 0;

-- The goal's progress, measurement values and status as they were before this update
-- (JSON), so deleting the latest update puts them back.
alter table progress_updates add column before text;
