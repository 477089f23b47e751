-- SCIM 2.0 provisioning (docs/scim.md): the bearer tokens of each org (their SHA-256
-- only) and the resources SCIM wrote, as SCIM last stored them. The org itself changes
-- only through the HRIS inbox (hris_events); these rows are SCIM's view beside it.
create table scim_tokens (
    id          text primary key,
    org_id      text not null,
    token_hash  text not null,
    created_at  text not null,
    revoked_at  text
);
create index scim_tokens_org on scim_tokens (org_id) where revoked_at is null;

create table scim_resources (
    org_id       text not null,
    kind         text not null check (kind in ('User', 'Group')),
    id           text not null,               -- the member or team id
    external_id  text,
    user_name    text,                        -- a User's userName, lower-cased
    doc          text not null,               -- the resource as stored, without id and meta
    created_at   text not null,
    modified_at  text not null,
    version      integer not null,
    deleted_at   text,                        -- DELETE: the member is deactivated, the id never reused
    primary key (org_id, kind, id)
) without rowid;
create unique index scim_user_names on scim_resources (org_id, user_name) where kind = 'User' and deleted_at is null;
-- A userName is taken by an imported member with that email: looked up on every POST.
create index members_email_folded on members (org_id, lower(email));
