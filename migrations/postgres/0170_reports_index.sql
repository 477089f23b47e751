-- The progress and adoption reports (docs/reports.md): every column they read of a goal,
-- after the owner's line key, so that a reporting line's goals come from an index-only
-- scan of one range per range of keys (src/store/reports/sql.rs).
create index goals_for_reports on goals (org_id, owner_key, state)
    include (progress, start_date, end_date, last_activity_at, parent_id);
