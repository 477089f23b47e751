-- The suppression list (issue 15): an address a server refused for good (a permanent
-- 5xx to RCPT or DATA) receives nothing more. Keyed by member and the address as it was
-- stored when refused: it applies only while the member's email is still that address,
-- so any email change (import, HRIS, SCIM, API) lifts it without a hook in each door.
create table mail_suppressions (
    org_id        text not null,
    member_id     text not null,
    email         text not null,
    reason        text not null,
    reply         text not null,
    suppressed_at text not null,
    primary key (org_id, member_id, email)
) without rowid;
