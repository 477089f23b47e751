-- Line keys: the reporting forest numbered so that a reporting line is a few ranges of
-- numbers (src/org/line_order.rs). Visibility then reads the goals owned by, contributed
-- to by, or contributed to by a team of, anyone in a manager's line with a range scan
-- per range instead of an index probe per person in the line.
--
-- members.line_key: the member's number, kept when the member moves.
-- member_reach: the ranges of the keys of the member and everyone in their line.
-- goals.owner_key, goal_member_contributors.member_key, team_members.member_key: the
-- line key of the member the row names (store/line_keys.rs keeps them in step).

alter table members add column line_key integer;
alter table goals add column owner_key integer;
alter table goal_member_contributors add column member_key integer;
alter table team_members add column member_key integer;

create table member_reach (
    org_id     text not null,
    member_id  text not null,
    lo         integer not null,
    hi         integer not null,
    primary key (org_id, member_id, lo)
) without rowid;

-- Databases migrated before: number the stored orgs in pre-order (reports by id;
-- char(1) sorts below every character an id may hold, so path order is pre-order).
create temp table line_numbering as
with recursive walk(org_id, id, path) as (
    select org_id, id, id || char(1) from members where manager_id is null
    union all
    select m.org_id, m.id, w.path || m.id || char(1)
    from walk w join members m on m.org_id = w.org_id and m.manager_id = w.id
)
select org_id, id, row_number() over (partition by org_id order by path) as line_key from walk;
create index temp.line_numbering_by_id on line_numbering (org_id, id);

update members set line_key = (select n.line_key from line_numbering n where n.org_id = members.org_id and n.id = members.id);
drop table temp.line_numbering;

insert into member_reach (org_id, member_id, lo, hi)
select m.org_id, m.id, m.line_key,
       m.line_key + (select count(*) from reporting_lines r where r.org_id = m.org_id and r.manager_id = m.id)
from members m where m.line_key is not null;

update goals set owner_key =
    (select m.line_key from members m where m.org_id = goals.org_id and m.id = goals.owner_id);
update goal_member_contributors set member_key =
    (select m.line_key from members m where m.org_id = goal_member_contributors.org_id and m.id = goal_member_contributors.member_id);
update team_members set member_key =
    (select m.line_key from members m where m.org_id = team_members.org_id and m.id = team_members.member_id);

-- The next key for a member the HRIS adds.
create index members_by_line_key on members (org_id, line_key);
-- Covering the range scans of visibility; state rides along to skip drafts in the index.
create index goals_by_owner_key on goals (org_id, owner_key, state, id);
create index goal_member_contributors_by_key on goal_member_contributors (org_id, member_key, goal_id);
create index team_members_by_key on team_members (org_id, member_key, team_id);
-- Replaced by the indexes on keys above (a member's own goals are those of their key):
-- nothing else reads goals, contributions or team memberships by member id, and each
-- index costs an import of a million goals seconds.
drop index goals_by_owner;
drop index goal_member_contributors_by_member;
drop index team_members_by_member;
-- The few drafts: "not a draft" for contributed goals without reading the goals table.
create index goals_drafts on goals (org_id, id) where state = 'draft';
