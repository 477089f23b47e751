//! One SCIM write in one transaction, under the org's event lock (the one the inbox
//! takes to apply): the version read is still the stored one, the userName is free, the
//! manager change closes no cycle; then the row and the events are written together.

use crate::core::ids::OrgId;
use crate::store::db::{Db, Param};
use crate::store::error::Result;
use crate::store::hris::sql::{IS_ABOVE, RECEIVE_EVENT};
use crate::store::org::sql::LOCK_ORG_EVENTS;
use crate::store::scim::sql::{DELETE_RESOURCE, INSERT_RESOURCE, RESOURCE, UPDATE_RESOURCE, USER_NAME_TAKEN};
use crate::store::scim::{kind_text, CommitOutcome, ScimCommit};

pub(super) async fn commit(db: &Db, org: &OrgId, c: &ScimCommit) -> Result<CommitOutcome> {
    let o = Param::Text(org.as_str());
    let mut tx = db.begin().await?;
    tx.execute_pg_only(LOCK_ORG_EVENTS, &[o]).await?;
    let key = [o, Param::Text(kind_text(c.kind)), Param::Text(&c.id)];
    let stored = tx.fetch(RESOURCE, &key).await?;
    let version = stored.first().map(|row| row.int("version")).transpose()?.unwrap_or(0);
    if version != c.expected_version {
        return Ok(CommitOutcome::VersionChanged);
    }
    if let Some(name) = &c.user_name {
        if !tx.fetch(USER_NAME_TAKEN, &[o, Param::Text(name), Param::Text(&c.id)]).await?.is_empty() {
            return Ok(CommitOutcome::UserNameTaken);
        }
    }
    if let Some((member, manager)) = &c.manager_move {
        let above = [o, Param::Text(member.as_str()), Param::Text(manager.as_str())];
        if member == manager || !tx.fetch(IS_ABOVE, &above).await?.is_empty() {
            return Ok(CommitOutcome::WouldCycle);
        }
    }
    let doc = c.doc.as_ref().map(|d| d.to_string());
    match (&doc, stored.is_empty()) {
        (None, _) => tx.execute(DELETE_RESOURCE, &[key[0], key[1], key[2], Param::Instant(c.now)]).await?,
        (Some(doc), fresh) => {
            let row = [
                key[0],
                key[1],
                key[2],
                Param::OptText(c.external_id.as_deref()),
                Param::OptText(c.user_name.as_deref()),
                Param::Text(doc),
                Param::Instant(c.now),
            ];
            tx.execute(if fresh { INSERT_RESOURCE } else { UPDATE_RESOURCE }, &row).await?
        }
    };
    let bodies: Vec<String> = c.events.iter().map(|e| e.raw.to_string()).collect();
    for (event, body) in c.events.iter().zip(&bodies) {
        let row = [
            o,
            Param::Text(&event.id),
            Param::Text(event.kind.type_name()),
            Param::Instant(event.occurred_at),
            Param::Text(body),
            Param::Instant(c.now),
        ];
        tx.execute(RECEIVE_EVENT, &row).await?;
    }
    tx.commit().await?;
    Ok(CommitOutcome::Stored { version: version + 1 })
}
