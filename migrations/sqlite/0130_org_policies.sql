-- CONTRACT §10, org policies: the policy of each org (a full JSON object written by
-- goald; '{}' means every default), each goal's stored manager editor, and the editors and
-- participants named on goals, one row per (goal, relation, member or team).
-- The public goals' manager editor is derived from the owner's current manager, never
-- stored, so a manager change touches no goal row.
alter table orgs add column policy text not null default '{}';
alter table goals add column manager_editor_id text;
create index goals_by_manager_editor on goals (org_id, manager_editor_id) where manager_editor_id is not null;

create table goal_people (
    org_id    text not null,
    goal_id   text not null,
    relation  text not null check (relation in ('editor', 'participant')),
    kind      text not null check (kind in ('member', 'team')),
    ref_id    text not null,
    primary key (org_id, goal_id, relation, kind, ref_id)
);
-- "Which goals name this member (or team)": one index range per relation.
create index goal_people_by_ref on goal_people (org_id, ref_id, kind, relation, goal_id);

-- Every change of an org's policy through the API: who, when, the keys sent and the
-- whole policy before (executives read it at GET /v1/orgs/{org}/policy/history).
create table policy_history (
    org_id     text not null,
    at         text not null,
    actor_id   text not null,
    changes    text not null,
    before     text not null
);
create index policy_history_by_org on policy_history (org_id, at);
