-- The goal model of CONTRACT §2 and the product: orgs, members, teams, reporting lines,
-- goals with contributors, measurements, progress updates, comments and history.
-- No foreign keys: the store validates every reference before it writes (an import
-- checks the whole file first) and deletes a goal's rows itself; per-row foreign-key
-- checks cost more than the rest of a million-goal import together.
-- Instants are stored as UTC text that sorts chronologically; dates as YYYY-MM-DD.

create table orgs (
    id          text primary key,
    name        text not null,
    timezone    text not null,
    locale      text not null check (locale in ('en', 'fr'))
);

create table members (
    org_id      text not null,
    id          text not null,
    name        text not null,
    email       text,
    role        text not null check (role in ('executive', 'collaborator', 'manager', 'employee')),
    manager_id  text,
    active      integer not null,
    locale      text not null check (locale in ('en', 'fr')),
    timezone    text not null,
    primary key (org_id, id)
) without rowid;
create index members_by_manager on members (org_id, manager_id);

-- Every (manager, report) pair where manager is above report, kept on every change,
-- so "who is in M's reporting line" is one index range.
create table reporting_lines (
    org_id      text not null,
    manager_id  text not null,
    report_id   text not null,
    depth       integer not null check (depth >= 1),
    primary key (org_id, manager_id, report_id)
) without rowid;
create index reporting_lines_by_report on reporting_lines (org_id, report_id);

create table teams (
    org_id      text not null,
    id          text not null,
    name        text not null,
    primary key (org_id, id)
) without rowid;

create table team_members (
    org_id      text not null,
    team_id     text not null,
    member_id   text not null,
    primary key (org_id, team_id, member_id)
) without rowid;
create index team_members_by_member on team_members (org_id, member_id);

create table goals (
    org_id                text not null,
    id                    text not null,
    title                 text not null,
    description           text check (length(description) <= 2048),
    goal_type             text not null check (goal_type in ('personal', 'team', 'organization')),
    state                 text not null check (state in ('draft', 'published', 'closed', 'archived')),
    creator_id            text not null,
    owner_id              text not null,
    visibility            text not null check (visibility in ('public', 'owners_and_contributors')),
    start_date            text not null,
    end_date              text not null,
    parent_id             text,
    contributes_to_parent integer not null default 1,
    weight                real check (weight between 0 and 100),
    tracking              text not null check (tracking in ('basic', 'measurements', 'subgoals_manual', 'subgoals_automatic')),
    -- Person-set for basic and subgoals_manual; the last computed value otherwise.
    progress              real not null default 0 check (progress between 0 and 100),
    status                text check (status in ('on_track', 'at_risk', 'off_track')),
    requires_update       integer not null default 0,
    created_at            text not null,
    published_at          text,
    closed_at             text,
    archived_at           text,
    -- Latest progress update, else published_at: what the weekly reminder reads.
    last_activity_at      text,
    primary key (org_id, id)
);
-- Covering the visibility query: owner or creator to goal id (and state) from the index alone.
-- (A without-rowid table was tried: SQLite then stops using the partial index below.)
create index goals_by_owner on goals (org_id, owner_id, state, id);
create index goals_by_creator on goals (org_id, creator_id, id);
create index goals_by_parent on goals (org_id, parent_id);
-- The goals every active member sees (CONTRACT §3, 3a and 3b).
create index goals_open_to_everyone on goals (org_id, id)
    where state <> 'draft' and (visibility = 'public' or goal_type = 'organization');

create table goal_member_contributors (
    org_id     text not null,
    goal_id    text not null,
    member_id  text not null,
    primary key (org_id, goal_id, member_id)
) without rowid;
create index goal_member_contributors_by_member on goal_member_contributors (org_id, member_id);

create table goal_team_contributors (
    org_id     text not null,
    goal_id    text not null,
    team_id    text not null,
    primary key (org_id, goal_id, team_id)
) without rowid;
create index goal_team_contributors_by_team on goal_team_contributors (org_id, team_id);

create table measurements (
    org_id      text not null,
    goal_id     text not null,
    id          text not null,
    position    integer not null,
    name        text not null,
    kind        text not null check (kind in ('percent', 'numeric', 'currency', 'yes_no')),
    start_value   real not null,
    current_value real not null,
    target_value  real not null,
    weight      real check (weight between 0 and 100),
    primary key (org_id, goal_id, id)
) without rowid;

create table progress_updates (
    id          integer primary key,
    org_id      text not null,
    goal_id     text not null,
    at          text not null,
    author_id   text not null,
    progress    real check (progress between 0 and 100),
    -- {"measurement id": value, ...} as entered with the update.
    measurement_values text,
    comment     text check (length(comment) <= 2048),
    status      text check (status in ('on_track', 'at_risk', 'off_track')),
    -- Written by a roll-up: nobody may edit or delete it.
    automatic   integer not null default 0,
    edited_at   text
);
-- One update per goal, instant and author: what makes re-importing a file a no-op.
create unique index progress_updates_natural_key on progress_updates (org_id, goal_id, at, author_id, automatic);

create table comments (
    id          integer primary key,
    org_id      text not null,
    goal_id     text not null,
    author_id   text not null,
    at          text not null,
    body        text not null check (length(body) between 1 and 2048),
    edited_at   text
);
create index comments_by_goal on comments (org_id, goal_id, at);

-- Kept when a goal is deleted: the record of what happened outlives the goal.
create table goal_history (
    id          integer primary key,
    org_id      text not null,
    goal_id     text not null,
    operation   text not null,
    at          text not null,
    actor_id    text,
    -- The fields as they were before the change.
    before      text not null default '{}'
);
create index goal_history_by_goal on goal_history (org_id, goal_id, at);
