-- The goal model of CONTRACT §2 and the product: orgs, members, teams, reporting lines,
-- goals with contributors, measurements, progress updates, comments and history.
-- No foreign keys: the store validates every reference before it writes (an import
-- checks the whole file first) and deletes a goal's rows itself; per-row foreign-key
-- checks cost more than the rest of a million-goal import together.
-- Ids are compared bytewise (collate "C") so SQL order matches the JSON lists.

create table orgs (
    id          text collate "C" primary key,
    name        text not null,
    timezone    text not null,
    locale      text not null check (locale in ('en', 'fr'))
);

create table members (
    org_id      text collate "C" not null,
    id          text collate "C" not null,
    name        text not null,
    email       text,
    role        text not null check (role in ('executive', 'collaborator', 'manager', 'employee')),
    manager_id  text collate "C",
    active      boolean not null,
    locale      text not null check (locale in ('en', 'fr')),
    timezone    text not null,
    primary key (org_id, id)
);
create index members_by_manager on members (org_id, manager_id);

-- Every (manager, report) pair where manager is above report, kept on every change,
-- so "who is in M's reporting line" is one index range.
create table reporting_lines (
    org_id      text collate "C" not null,
    manager_id  text collate "C" not null,
    report_id   text collate "C" not null,
    depth       integer not null check (depth >= 1),
    primary key (org_id, manager_id, report_id)
);
create index reporting_lines_by_report on reporting_lines (org_id, report_id);

create table teams (
    org_id      text collate "C" not null,
    id          text collate "C" not null,
    name        text not null,
    primary key (org_id, id)
);

create table team_members (
    org_id      text collate "C" not null,
    team_id     text collate "C" not null,
    member_id   text collate "C" not null,
    primary key (org_id, team_id, member_id)
);
create index team_members_by_member on team_members (org_id, member_id);

create table goals (
    org_id                text collate "C" not null,
    id                    text collate "C" not null,
    title                 text not null,
    description           text check (char_length(description) <= 2048),
    goal_type             text not null check (goal_type in ('personal', 'team', 'organization')),
    state                 text not null check (state in ('draft', 'published', 'closed', 'archived')),
    creator_id            text collate "C" not null,
    owner_id              text collate "C" not null,
    visibility            text not null check (visibility in ('public', 'owners_and_contributors')),
    start_date            date not null,
    end_date              date not null,
    parent_id             text collate "C",
    contributes_to_parent boolean not null default true,
    weight                double precision check (weight between 0 and 100),
    tracking              text not null check (tracking in ('basic', 'measurements', 'subgoals_manual', 'subgoals_automatic')),
    -- Person-set for basic and subgoals_manual; the last computed value otherwise.
    progress              double precision not null default 0 check (progress between 0 and 100),
    status                text check (status in ('on_track', 'at_risk', 'off_track')),
    requires_update       boolean not null default false,
    created_at            timestamptz not null,
    published_at          timestamptz,
    closed_at             timestamptz,
    archived_at           timestamptz,
    -- Latest progress update, else published_at: what the weekly reminder reads.
    last_activity_at      timestamptz,
    -- state rides in the key's index: visibility checks "not a draft" without the heap.
    primary key (org_id, id) include (state)
);
-- Covering the visibility query: owner or creator to goal id (and state) from the index alone.
create index goals_by_owner on goals (org_id, owner_id) include (id, state);
create index goals_by_creator on goals (org_id, creator_id) include (id);
create index goals_by_parent on goals (org_id, parent_id);
-- The goals every active member sees (CONTRACT §3, 3a and 3b).
create index goals_open_to_everyone on goals (org_id, id)
    where state <> 'draft' and (visibility = 'public' or goal_type = 'organization');

create table goal_member_contributors (
    org_id     text collate "C" not null,
    goal_id    text collate "C" not null,
    member_id  text collate "C" not null,
    primary key (org_id, goal_id, member_id)
);
create index goal_member_contributors_by_member on goal_member_contributors (org_id, member_id);

create table goal_team_contributors (
    org_id     text collate "C" not null,
    goal_id    text collate "C" not null,
    team_id    text collate "C" not null,
    primary key (org_id, goal_id, team_id)
);
create index goal_team_contributors_by_team on goal_team_contributors (org_id, team_id);

create table measurements (
    org_id      text collate "C" not null,
    goal_id     text collate "C" not null,
    id          text collate "C" not null,
    position    integer not null,
    name        text not null,
    kind        text not null check (kind in ('percent', 'numeric', 'currency', 'yes_no')),
    start_value   double precision not null,
    current_value double precision not null,
    target_value  double precision not null,
    weight      double precision check (weight between 0 and 100),
    primary key (org_id, goal_id, id)
);

create table progress_updates (
    id          bigint generated always as identity primary key,
    org_id      text collate "C" not null,
    goal_id     text collate "C" not null,
    at          timestamptz not null,
    author_id   text collate "C" not null,
    progress    double precision check (progress between 0 and 100),
    -- {"measurement id": value, ...} as entered with the update.
    measurement_values jsonb,
    comment     text check (char_length(comment) <= 2048),
    status      text check (status in ('on_track', 'at_risk', 'off_track')),
    -- Written by a roll-up: nobody may edit or delete it.
    automatic   boolean not null default false,
    edited_at   timestamptz
);
-- One update per goal, instant and author: what makes re-importing a file a no-op.
create unique index progress_updates_natural_key on progress_updates (org_id, goal_id, at, author_id, automatic);

create table comments (
    id          bigint generated always as identity primary key,
    org_id      text collate "C" not null,
    goal_id     text collate "C" not null,
    author_id   text collate "C" not null,
    at          timestamptz not null,
    body        text not null check (char_length(body) between 1 and 2048),
    edited_at   timestamptz
);
create index comments_by_goal on comments (org_id, goal_id, at);

-- Kept when a goal is deleted: the record of what happened outlives the goal.
create table goal_history (
    id          bigint generated always as identity primary key,
    org_id      text collate "C" not null,
    goal_id     text collate "C" not null,
    operation   text not null,
    at          timestamptz not null,
    actor_id    text collate "C",
    -- The fields as they were before the change.
    before      jsonb not null default '{}'::jsonb
);
create index goal_history_by_goal on goal_history (org_id, goal_id, at);

-- Instants leave the database in the one text form SQLite stores, so both backends
-- share the code that reads them.
create function utc_text(t timestamptz) returns text
    language sql immutable strict
    as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
