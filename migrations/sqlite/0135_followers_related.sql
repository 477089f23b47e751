-- The Betterworks goal features: who follows which goal, and the related-goal links.
-- A follow row is removed when its goal is deleted, or when it is read and the follower no
-- longer sees the goal. A related link is one row read both ways, stored with the smaller
-- id first so a pair has exactly one row.
create table goal_follows (
    org_id     text not null,
    member_id  text not null,
    goal_id    text not null,
    at         text not null,
    primary key (org_id, member_id, goal_id)
);
create index goal_follows_by_goal on goal_follows (org_id, goal_id);

create table goal_relations (
    org_id    text not null,
    low_id    text not null,
    high_id   text not null,
    at        text not null,
    primary key (org_id, low_id, high_id),
    check (low_id < high_id)
);
create index goal_relations_by_high on goal_relations (org_id, high_id);
