//! Folds the search text of goals stored before the folded columns existed
//! (migrations 0122): SQL cannot fold like Rust on SQLite, so it is done here, once,
//! when the database opens. Batches off the partial index of unfolded goals (a folded
//! goal leaves it): a database with nothing left to fold costs one empty index lookup.

use crate::store::db::text::folded;
use crate::store::db::{Db, Param, RowReader, Sql};
use crate::store::error::Result;

const BATCH: i64 = 1_000;

pub const UNFOLDED: Sql = Sql::same(
    "select org_id, id, title, description from goals where title_folded is null order by org_id, id limit $1",
);
pub const SET_FOLDED: Sql =
    Sql::same("update goals set title_folded = $3, description_folded = $4 where org_id = $1 and id = $2");

#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[UNFOLDED, SET_FOLDED];

pub async fn fold_stored_goals(db: &Db) -> Result<()> {
    loop {
        let rows = db.fetch(UNFOLDED, &[Param::Int(BATCH)]).await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = db.begin().await?;
        for row in &rows {
            let (org, id) = (row.text("org_id")?, row.text("id")?);
            let title = folded(&row.text("title")?);
            let description = row.opt_text("description")?.as_deref().map(folded);
            let params =
                [Param::Text(&org), Param::Text(&id), Param::Text(&title), Param::OptText(description.as_deref())];
            tx.execute(SET_FOLDED, &params).await?;
        }
        tx.commit().await?;
    }
}
