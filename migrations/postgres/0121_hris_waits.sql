-- A waiting HRIS event records what it waits for (a member, a team, or a change of the
-- reporting lines), indexed, so the inbox decides it again only when that may have
-- arrived instead of on every pass; `decisions` counts how often it was decided.
alter table hris_events add column waits_kind text check (waits_kind in ('member', 'team', 'lines'));
alter table hris_events add column waits_id text collate "C";
alter table hris_events add column decisions integer not null default 0;
-- Events already waiting have no recorded wait: they are looked at once more, as new.
update hris_events set state = 'pending' where state = 'waiting';
create index hris_events_pending on hris_events (org_id, seq) where state = 'pending';
create index hris_events_waits on hris_events (org_id, waits_kind, waits_id) where state = 'waiting';
