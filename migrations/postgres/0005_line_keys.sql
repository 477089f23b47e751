-- Line keys: the reporting forest numbered so that a reporting line is a few ranges of
-- numbers (src/org/line_order.rs). Visibility then reads the goals owned by, contributed
-- to by, or contributed to by a team of, anyone in a manager's line with a range scan
-- per range instead of an index probe per person in the line.
--
-- members.line_key: the member's number, kept when the member moves.
-- member_reach: the ranges of the keys of the member and everyone in their line.
-- goals.owner_key, goal_member_contributors.member_key, team_members.member_key: the
-- line key of the member the row names (store/line_keys.rs keeps them in step).

alter table members add column line_key bigint;
alter table goals add column owner_key bigint;
alter table goal_member_contributors add column member_key bigint;
alter table team_members add column member_key bigint;

create table member_reach (
    org_id     text collate "C" not null,
    member_id  text collate "C" not null,
    lo         bigint not null,
    hi         bigint not null,
    primary key (org_id, member_id, lo)
);

-- Databases migrated before: number the stored orgs in pre-order (reports by id: arrays
-- of ids compare element by element, so path order is pre-order).
with recursive walk(org_id, id, path) as (
    select org_id, id, array[id::text collate "C"] from members where manager_id is null
    union all
    select m.org_id, m.id, w.path || (m.id::text collate "C")
    from walk w join members m on m.org_id = w.org_id and m.manager_id = w.id
),
numbered as (select org_id, id, row_number() over (partition by org_id order by path) as line_key from walk)
update members m set line_key = n.line_key from numbered n where m.org_id = n.org_id and m.id = n.id;

insert into member_reach (org_id, member_id, lo, hi)
select m.org_id, m.id, m.line_key,
       m.line_key + (select count(*) from reporting_lines r where r.org_id = m.org_id and r.manager_id = m.id)
from members m where m.line_key is not null;

update goals g set owner_key = m.line_key from members m where m.org_id = g.org_id and m.id = g.owner_id;
update goal_member_contributors c set member_key = m.line_key
    from members m where m.org_id = c.org_id and m.id = c.member_id;
update team_members t set member_key = m.line_key from members m where m.org_id = t.org_id and m.id = t.member_id;

-- The next key for a member the HRIS adds.
create index members_by_line_key on members (org_id, line_key);
-- Covering the range scans of visibility; state rides along to skip drafts in the index.
create index goals_by_owner_key on goals (org_id, owner_key) include (id, state);
create index goal_member_contributors_by_key on goal_member_contributors (org_id, member_key) include (goal_id);
create index team_members_by_key on team_members (org_id, member_key) include (team_id);
-- A line's teams to their goals from the index alone (replaces the index without goal_id).
create index goal_team_contributors_by_team_goal on goal_team_contributors (org_id, team_id) include (goal_id);
drop index goal_team_contributors_by_team;
-- Replaced by the indexes on keys above (a member's own goals are those of their key):
-- nothing else reads goals, contributions or team memberships by member id, and each
-- index costs an import of a million goals seconds.
drop index goals_by_owner;
drop index goal_member_contributors_by_member;
drop index team_members_by_member;
-- The few drafts: "not a draft" for contributed goals without reading the goals table.
create index goals_drafts on goals (org_id, id) where state = 'draft';
