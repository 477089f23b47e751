//! Goal categories in the store: the org's list, one category's create, rename and
//! deletion (its goals cleared, each with a history line, in one transaction), and the
//! import's replacement of the whole list. Who may do what is the API's to check.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{CategoryId, MemberId, OrgId};
use crate::goals::category::{name_key, sort, Category};
use crate::goals::history::HistoryOp;
use crate::import::ImportedCategory;
use crate::store::db::row::parsed;
use crate::store::db::{DbRow, DbTx, Param, RowReader};
use crate::store::error::Result;
use crate::store::goals::categories_sql::{
    CATEGORIES, CATEGORY, CATEGORY_IDS, CLEAR_FROM_GOALS, DELETE_CATEGORY, HISTORY_OF_CLEARED, INSERT_CATEGORY,
    LOCK_CATEGORY_WRITES, NAME_HOLDER, PARK_NAME_KEYS, UPDATE_CATEGORY, UPSERT_CATEGORY,
};
use crate::store::sql_store::SqlStore;

/// What a create or rename found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategorySaved {
    Saved,
    /// Create: the id is another category's.
    IdTaken,
    /// Another category has the name (ignoring case).
    NameTaken(CategoryId),
    /// Rename: no such category.
    Missing,
}

#[async_trait]
pub trait CategoryStore: Send + Sync {
    /// The org's categories, alphabetically (goals/category.rs `sort`).
    async fn categories(&self, org: &OrgId) -> Result<Vec<Category>>;
    async fn category(&self, org: &OrgId, id: &CategoryId) -> Result<Option<Category>>;
    /// Creates (`new`) or renames `category`; the checks and the write in one transaction.
    async fn save_category(&self, org: &OrgId, category: &Category, new: bool) -> Result<CategorySaved>;
    /// Deletes the category; each of its goals loses it and gets an `Updated` history line
    /// naming it (before: `{"category": id}`). False when there was no such category.
    async fn delete_category(&self, org: &OrgId, id: &CategoryId, actor: &MemberId, now: DateTime<Utc>)
        -> Result<bool>;
}

fn category(row: &DbRow) -> Result<Category> {
    Ok(Category {
        id: parsed("category id", CategoryId::parse(row.text("id")?))?,
        name: row.text("name")?,
        description: row.opt_text("description")?,
        created_at: row.instant("created_at")?,
        updated_at: row.instant("updated_at")?,
    })
}

#[async_trait]
impl CategoryStore for SqlStore {
    async fn categories(&self, org: &OrgId) -> Result<Vec<Category>> {
        let rows = self.db.fetch(CATEGORIES, &[Param::Text(org.as_str())]).await?;
        let mut all = rows.iter().map(category).collect::<Result<Vec<_>>>()?;
        sort(&mut all);
        Ok(all)
    }

    async fn category(&self, org: &OrgId, id: &CategoryId) -> Result<Option<Category>> {
        let rows = self.db.fetch(CATEGORY, &[Param::Text(org.as_str()), Param::Text(id.as_str())]).await?;
        rows.first().map(category).transpose()
    }

    async fn save_category(&self, org: &OrgId, category: &Category, new: bool) -> Result<CategorySaved> {
        let key = name_key(&category.name);
        let (org_p, id_p) = (Param::Text(org.as_str()), Param::Text(category.id.as_str()));
        let mut tx = self.db.begin().await?;
        tx.execute_pg_only(LOCK_CATEGORY_WRITES, &[org_p]).await?;
        let exists = !tx.fetch(CATEGORY, &[org_p, id_p]).await?.is_empty();
        match (new, exists) {
            (true, true) => return Ok(CategorySaved::IdTaken),
            (false, false) => return Ok(CategorySaved::Missing),
            _ => {}
        }
        if let Some(row) = tx.fetch(NAME_HOLDER, &[org_p, Param::Text(&key), id_p]).await?.first() {
            return Ok(CategorySaved::NameTaken(parsed("category id", CategoryId::parse(row.text("id")?))?));
        }
        let description = Param::OptText(category.description.as_deref());
        let (name, key_p) = (Param::Text(&category.name), Param::Text(&key));
        if new {
            let created = Param::Instant(category.created_at);
            let updated = Param::Instant(category.updated_at);
            tx.execute(INSERT_CATEGORY, &[org_p, id_p, name, key_p, description, created, updated]).await?;
        } else {
            let updated = Param::Instant(category.updated_at);
            tx.execute(UPDATE_CATEGORY, &[org_p, id_p, name, key_p, description, updated]).await?;
        }
        tx.commit().await?;
        Ok(CategorySaved::Saved)
    }

    async fn delete_category(
        &self,
        org: &OrgId,
        id: &CategoryId,
        actor: &MemberId,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let key = [Param::Text(org.as_str()), Param::Text(id.as_str())];
        let mut tx = self.db.begin().await?;
        if tx.execute(DELETE_CATEGORY, &key).await? == 0 {
            return Ok(false);
        }
        let history = [
            key[0],
            key[1],
            Param::Instant(now),
            Param::Text(actor.as_str()),
            Param::Text(HistoryOp::Updated.as_str()),
        ];
        tx.execute(HISTORY_OF_CLEARED, &history).await?;
        tx.execute(CLEAR_FROM_GOALS, &key).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The org's stored category ids, for an import's checks.
pub(crate) async fn stored_category_ids(tx: &mut DbTx, org: &OrgId) -> Result<HashSet<CategoryId>> {
    let rows = tx.fetch(CATEGORY_IDS, &[Param::Text(org.as_str())]).await?;
    rows.iter().map(|row| parsed("category id", CategoryId::parse(row.text("id")?))).collect()
}

/// An import's `categories`: the stored ones it does not list are deleted (their goals
/// lose them, without a history line, as the rest of an import writes none), the others
/// are written as listed, stamped with the import's time (a stored one keeps its created
/// instant). Called before the goals are written.
pub(crate) async fn replace_categories(tx: &mut DbTx, org: &str, categories: &[ImportedCategory]) -> Result<()> {
    let stored = tx.fetch(CATEGORY_IDS, &[Param::Text(org)]).await?;
    let stored: Vec<String> = stored.iter().map(|row| row.text("id")).collect::<Result<_>>()?;
    let listed: HashSet<&str> = categories.iter().map(|c| c.id.as_str()).collect();
    // The import file has no instants for categories: they are the import's own.
    let now = Utc::now();
    for gone in stored.iter().filter(|id| !listed.contains(id.as_str())) {
        let key = [Param::Text(org), Param::Text(gone.as_str())];
        tx.execute(CLEAR_FROM_GOALS, &key).await?;
        tx.execute(DELETE_CATEGORY, &key).await?;
    }
    tx.execute(PARK_NAME_KEYS, &[Param::Text(org)]).await?;
    for category in categories {
        let key = name_key(&category.name);
        let params = [
            Param::Text(org),
            Param::Text(category.id.as_str()),
            Param::Text(&category.name),
            Param::Text(&key),
            Param::OptText(category.description.as_deref()),
            Param::Instant(now),
            Param::Instant(now),
        ];
        tx.execute(UPSERT_CATEGORY, &params).await?;
    }
    Ok(())
}
