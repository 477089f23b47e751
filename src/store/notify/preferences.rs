//! The member's switches: the digest's is `reminder_opt_outs` (a row = stopped), the
//! others `notification_preferences` (no row = on).

use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::notify::{PreferenceChange, Preferences};
use crate::store::db::row::{member_id, org_id};
use crate::store::db::{Db, DbRow, DbTx, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::notify::sql::{
    DIGEST_OFF, DIGEST_ON, MAKE_TOKEN, MEMBER_TOKEN_OWNER, PREFERENCES, SET_NOTIFICATIONS, TOKEN, TOKEN_OWNER,
};

fn owner(rows: &[DbRow]) -> Result<Option<(OrgId, MemberId)>> {
    let Some(row) = rows.first() else { return Ok(None) };
    Ok(Some((org_id(row.text("org_id")?)?, member_id(row.text("member_id")?)?)))
}

pub(super) async fn token_member(db: &Db, token: &str, member_only: bool) -> Result<Option<(OrgId, MemberId)>> {
    let sql = if member_only { MEMBER_TOKEN_OWNER } else { TOKEN_OWNER };
    owner(&db.fetch(sql, &[Param::Text(token)]).await?)
}

pub(super) async fn preference_token(db: &Db, org: &OrgId, member: &MemberId, now: DateTime<Utc>) -> Result<String> {
    let key = [Param::Text(org.as_str()), Param::Text(member.as_str())];
    db.execute(MAKE_TOKEN, &[key[0], key[1], Param::Instant(now)]).await?;
    let rows = db.fetch(TOKEN, &key).await?;
    rows.first()
        .map(|row| row.text("token"))
        .transpose()?
        .ok_or_else(|| StoreError::Corrupt("no preference token".into()))
}

fn decode(rows: &[DbRow]) -> Result<Preferences> {
    let Some(row) = rows.first() else { return Ok(Preferences::default()) };
    Ok(Preferences { digest: !row.flag("digest_off")?, nudges: row.flag("nudges")?, cheers: row.flag("cheers")? })
}

pub(super) async fn preferences(db: &Db, org: &OrgId, member: &MemberId) -> Result<Preferences> {
    decode(&db.fetch(PREFERENCES, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?)
}

pub(super) async fn change(
    db: &Db,
    org: &OrgId,
    member: &MemberId,
    changes: &[PreferenceChange],
    now: DateTime<Utc>,
) -> Result<Preferences> {
    let key = [Param::Text(org.as_str()), Param::Text(member.as_str())];
    let mut tx: DbTx = db.begin().await?;
    let before = decode(&tx.fetch(PREFERENCES, &key).await?)?;
    let after = changes.iter().fold(before, |prefs, change| prefs.with(*change));
    if after.digest != before.digest {
        if after.digest {
            tx.execute(DIGEST_ON, &key).await?;
        } else {
            tx.execute(DIGEST_OFF, &[key[0], key[1], Param::Instant(now)]).await?;
        }
    }
    if (after.nudges, after.cheers) != (before.nudges, before.cheers) {
        let params = [key[0], key[1], Param::Bool(after.nudges), Param::Bool(after.cheers), Param::Instant(now)];
        tx.execute(SET_NOTIFICATIONS, &params).await?;
    }
    tx.commit().await?;
    Ok(after)
}
