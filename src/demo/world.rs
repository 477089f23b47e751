//! The whole synthetic org in compact form; records are materialized one at a time from it,
//! so `generate` and the streaming writer produce the same file.

use chrono::{DateTime, NaiveDate, Utc};

use crate::import::format::{GoalRecord, MemberRecord, OrgRecord, TeamRecord};

use super::calendar::org_today;
use super::chart::OrgChart;
use super::detail::goal_record;
use super::naming::IdFormat;
use super::people::{ORG_LOCALE, ORG_TIMEZONE};
use super::plan::{plan_goals, GoalPlan};
use super::teams::Teams;
use super::DemoParams;

pub(crate) struct DemoOrg {
    pub(crate) org_id: String,
    pub(crate) seed: u64,
    pub(crate) now: DateTime<Utc>,
    pub(crate) today: NaiveDate,
    pub(crate) ids: IdFormat,
    pub(crate) chart: OrgChart,
    pub(crate) teams: Teams,
    pub(crate) plans: Vec<GoalPlan>,
}

impl DemoOrg {
    pub(crate) fn build(params: &DemoParams) -> Self {
        let chart = OrgChart::build(params.members, params.seed);
        let teams = Teams::build(&chart, params.seed);
        let plans = plan_goals(&chart, params.goals, params.seed, params.now);
        let ids = IdFormat::new(&params.org_id, chart.len(), teams.len(), plans.len());
        DemoOrg {
            org_id: params.org_id.clone(),
            seed: params.seed,
            now: params.now,
            today: org_today(params.now),
            ids,
            chart,
            teams,
            plans,
        }
    }

    pub(crate) fn org_record(&self) -> OrgRecord {
        OrgRecord {
            id: self.org_id.clone(),
            name: "Acme Demo".to_owned(),
            timezone: ORG_TIMEZONE.to_owned(),
            locale: ORG_LOCALE.to_owned(),
            policy: None,
            categories: None,
        }
    }

    pub(crate) fn members(&self) -> impl Iterator<Item = MemberRecord> + '_ {
        self.chart.people.iter().enumerate().map(|(index, person)| person.record(index, &self.ids))
    }

    pub(crate) fn teams(&self) -> impl Iterator<Item = TeamRecord> + '_ {
        (0..self.teams.len()).filter_map(|index| self.teams.record(index, &self.ids))
    }

    pub(crate) fn goals(&self) -> impl Iterator<Item = GoalRecord> + '_ {
        self.plans.iter().enumerate().map(|(index, plan)| goal_record(self, index, plan))
    }
}
