//! The SCIM statements: tokens, and the resources as SCIM stored them.

use crate::store::db::Sql;

pub const ORG_TOKENS: Sql = Sql::same(
    "select t.token_hash from orgs o left join scim_tokens t on t.org_id = o.id and t.revoked_at is null where o.id = $1",
);
pub const INSERT_TOKEN: Sql =
    Sql::same("insert into scim_tokens (id, org_id, token_hash, created_at) values ($1, $2, $3, $4)");
pub const TOKENS: Sql =
    Sql::same("select id, created_at, revoked_at from scim_tokens where org_id = $1 order by created_at, id");
pub const REVOKE_TOKEN: Sql =
    Sql::same("update scim_tokens set revoked_at = $3 where org_id = $1 and id = $2 and revoked_at is null");

pub const RESOURCE: Sql = Sql::same(
    "select id, external_id, doc, created_at, modified_at, version, deleted_at from scim_resources \
     where org_id = $1 and kind = $2 and id = $3",
);
pub const RESOURCES: Sql = Sql::same(
    "select id, external_id, doc, created_at, modified_at, version, deleted_at from scim_resources \
     where org_id = $1 and kind = $2 order by created_at, id",
);
/// A live User holding the userName ($2, lower-cased) other than $3.
pub const USER_NAME_TAKEN: Sql = Sql::same(
    "select 1 as found from scim_resources where org_id = $1 and kind = 'User' and user_name = $2 \
       and deleted_at is null and id <> $3 \
     union all \
     select 1 from members m where m.org_id = $1 and lower(m.email) = $2 and m.id <> $3 \
       and not exists (select 1 from scim_resources s where s.org_id = $1 and s.kind = 'User' and s.id = m.id)",
);
pub const INSERT_RESOURCE: Sql = Sql::same(
    "insert into scim_resources (org_id, kind, id, external_id, user_name, doc, created_at, modified_at, version) \
     values ($1, $2, $3, $4, $5, $6, $7, $7, 1)",
);
pub const UPDATE_RESOURCE: Sql = Sql::same(
    "update scim_resources set external_id = $4, user_name = $5, doc = $6, modified_at = $7, version = version + 1 \
     where org_id = $1 and kind = $2 and id = $3",
);
pub const DELETE_RESOURCE: Sql = Sql::same(
    "update scim_resources set deleted_at = $4, modified_at = $4, version = version + 1 \
     where org_id = $1 and kind = $2 and id = $3",
);
/// Active members with no live SCIM User: what `goald scim reconcile` reports.
pub const UNKNOWN_TO_SCIM: Sql = Sql::same(
    "select m.id from members m where m.org_id = $1 and m.active \
       and not exists (select 1 from scim_resources s where s.org_id = $1 and s.kind = 'User' and s.id = m.id \
                       and s.deleted_at is null) \
     order by m.id",
);

#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    ORG_TOKENS,
    INSERT_TOKEN,
    TOKENS,
    REVOKE_TOKEN,
    RESOURCE,
    RESOURCES,
    USER_NAME_TAKEN,
    INSERT_RESOURCE,
    UPDATE_RESOURCE,
    DELETE_RESOURCE,
    UNKNOWN_TO_SCIM,
];
