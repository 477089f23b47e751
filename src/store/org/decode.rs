//! A member row as the domain model.

use crate::org::{parse_time_zone, Member};
use crate::store::db::row::{member_id, parsed};
use crate::store::db::RowReader;
use crate::store::error::Result;

pub fn member(row: &impl RowReader) -> Result<Member> {
    Ok(Member {
        id: member_id(row.text("id")?)?,
        name: row.text("name")?,
        email: row.opt_text("email")?,
        role: parsed("role", row.text("role")?.parse())?,
        manager: row.opt_text("manager_id")?.map(member_id).transpose()?,
        active: row.flag("active")?,
        locale: parsed("locale", row.text("locale")?.parse())?,
        timezone: parsed("timezone", parse_time_zone(&row.text("timezone")?))?,
    })
}
