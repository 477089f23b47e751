-- §10's paths read a manager's direct reports' goals by the reports' line keys
-- (store/org/policy_visibility_sql.rs): with line_key in the index, a manager's reports
-- and their keys come from one index range, without a read of each member row.
drop index members_by_manager;
create index members_by_manager on members (org_id, manager_id, line_key);
