-- Explore's text search (`q`) matches case-insensitively with Unicode case folding on
-- both backends: each goal stores its title and description folded once, by the same
-- Rust code on every write and import, so the filter, sort and page all run in SQL.
-- SQLite's lower() folds ASCII only, so rows stored before are folded by goald itself
-- when it opens the database (store/db/fold.rs), through the index below, which is
-- empty once that is done.
alter table goals add column title_folded text;
alter table goals add column description_folded text;
create index goals_unfolded on goals (org_id, id) where title_folded is null;
