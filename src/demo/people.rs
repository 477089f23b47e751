//! One synthetic person: where they work, which language they read, what they are called.

use crate::import::format::MemberRecord;

use super::naming::IdFormat;
use super::rng::{chance, pick_str, weighted, DemoRng};
use super::vocab;

/// The org's own settings; members who match them leave the fields out of the file, so the
/// importer's fallback to the org (CONTRACT §2) is exercised for most people.
pub(crate) const ORG_TIMEZONE: &str = "America/Toronto";
pub(crate) const ORG_LOCALE: &str = "en";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Executive,
    Collaborator,
    Manager,
    Employee,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Executive => "executive",
            Role::Collaborator => "collaborator",
            Role::Manager => "manager",
            Role::Employee => "employee",
        }
    }

    /// Executives and managers lead people; their goals are team goals.
    pub(crate) fn leads(self) -> bool {
        matches!(self, Role::Executive | Role::Manager)
    }
}

/// Office locations. Weights give the head-office share; `french_share` gives Paris a mostly
/// French-speaking staff and Toronto a Québécois minority, about a quarter in French overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    Toronto,
    Vancouver,
    Paris,
    London,
    Sydney,
    Kolkata,
}

const SITES: [Site; 6] = [Site::Toronto, Site::Vancouver, Site::Paris, Site::London, Site::Sydney, Site::Kolkata];
const SITE_WEIGHTS: [u32; 6] = [42, 10, 20, 12, 7, 9];

impl Site {
    pub(crate) fn timezone(self) -> &'static str {
        match self {
            Site::Toronto => ORG_TIMEZONE,
            Site::Vancouver => "America/Vancouver",
            Site::Paris => "Europe/Paris",
            Site::London => "Europe/London",
            Site::Sydney => "Australia/Sydney",
            Site::Kolkata => "Asia/Kolkata",
        }
    }

    fn french_share(self) -> f64 {
        match self {
            Site::Paris => 0.9,
            Site::Toronto => 0.15,
            _ => 0.01,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) manager: Option<u32>,
    /// Reports are created together, so they are the contiguous range
    /// `first_report..first_report + report_count` of member indexes.
    pub(crate) first_report: u32,
    pub(crate) report_count: u32,
    /// Managers between this person and the CEO (the CEO is at 0).
    pub(crate) level: u8,
    /// Index into [`vocab::DEPARTMENTS`]; `None` for the CEO, who heads them all.
    pub(crate) department: Option<u8>,
    pub(crate) role: Role,
    pub(crate) active: bool,
    pub(crate) site: Site,
    pub(crate) french: bool,
    pub(crate) first_name: &'static str,
    pub(crate) last_name: &'static str,
}

impl Person {
    /// A new member reporting to `manager` (or the CEO when `manager` is `None`). Role and
    /// reports are settled once the whole tree exists.
    pub(crate) fn new(rng: &mut DemoRng, manager: Option<(u32, &Person)>, department: Option<u8>) -> Self {
        // People mostly join their manager's office; the rest spread over every site.
        let site = match manager {
            Some((_, boss)) if chance(rng, 0.6) => boss.site,
            Some(_) => SITES[weighted(rng, &SITE_WEIGHTS)],
            None => Site::Toronto,
        };
        let french = manager.is_some() && chance(rng, site.french_share());
        let (first_names, last_names) = if french {
            (vocab::FIRST_NAMES_FR, vocab::LAST_NAMES_FR)
        } else if site == Site::Kolkata {
            (vocab::FIRST_NAMES_IN, vocab::LAST_NAMES_IN)
        } else if chance(rng, 0.1) {
            // English speakers with French family names keep accents in the English locale too.
            (vocab::FIRST_NAMES_EN, vocab::LAST_NAMES_FR)
        } else {
            (vocab::FIRST_NAMES_EN, vocab::LAST_NAMES_EN)
        };
        Person {
            manager: manager.map(|(index, _)| index),
            first_report: 0,
            report_count: 0,
            level: manager.map_or(0, |(_, boss)| boss.level.saturating_add(1)),
            department,
            role: Role::Employee,
            // The CEO is always active so every org has someone at the top who can act.
            active: manager.is_none() || !chance(rng, 0.03),
            site,
            french,
            first_name: pick_str(rng, first_names),
            last_name: pick_str(rng, last_names),
        }
    }

    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub(crate) fn record(&self, index: usize, ids: &IdFormat) -> MemberRecord {
        let id = ids.member(index);
        MemberRecord {
            email: Some(ids.email(&id)),
            id,
            name: self.full_name(),
            role: self.role.as_str().to_owned(),
            manager: self.manager.map(|boss| ids.member(boss as usize)),
            active: self.active,
            locale: self.french.then(|| "fr".to_owned()),
            timezone: (self.site != Site::Toronto).then(|| self.site.timezone().to_owned()),
        }
    }
}
