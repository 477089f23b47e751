-- Tree keys (src/goals/tree_keys.rs): a goal's descendants are the goals whose tree_key
-- lies in (tree_key, tree_end], so §10's waterfall reads a few index ranges instead of
-- walking the parent links goal by goal. The store numbers every org whose goals are
-- not numbered yet when it opens (store/goals/tree_keys.rs), then keeps them on each
-- goal write; goals_unnumbered finds those orgs without a scan.
alter table goals add column tree_key bigint;
alter table goals add column tree_end bigint;
-- Partial: only a query that bounds tree_key can pick it. As a full index, SQLite 3.46
-- took it for §3's scan of the goals open to everyone, 3 ms turned into 3 s.
create index goals_by_tree_key on goals (org_id, tree_key, owner_key, id) where tree_key is not null;
-- Where the org's last span ends, for a new root (store/goals/tree_keys.rs).
create index goals_by_tree_end on goals (org_id, tree_end) where tree_end is not null;
create index goals_unnumbered on goals (org_id) where tree_key is null;
