//! `goald report progress|adoption`: a member's reports over a scope (docs/reports.md).

use anyhow::{bail, Context};

use crate::cli::args::ReportArgs;
use crate::cli::common::{org, parse_at, Common};
use crate::cli::output::print_json;
use crate::core::ids::MemberId;
use crate::org::{Member, Org};
use crate::reports::{check_scope, ProgressFigures, Scope};
use crate::store::Store;

/// The org, the viewer and the scope the arguments name, checked.
async fn parsed(store: &dyn Store, args: &ReportArgs) -> anyhow::Result<(Org, Member, Scope)> {
    let org = org(store, &args.member.org).await?;
    let id = MemberId::parse(args.member.member.as_str()).context("--member")?;
    let Some(viewer) = store.member(&org.id, &id).await? else {
        bail!("org {:?} has no member {id:?}", org.id.as_str());
    };
    let scope = Scope::parse(&args.scope).context("--scope")?;
    check_scope(&viewer, &scope)?;
    Ok((org, viewer, scope))
}

pub async fn progress(common: &Common, args: &ReportArgs) -> anyhow::Result<()> {
    let at = parse_at(args.at.as_deref(), &common.clock)?;
    let store = common.store().await?;
    let (org, viewer, scope) = parsed(store.as_ref(), args).await?;
    let report = store.progress_report(&org, &viewer, &scope, at).await?;
    if common.json {
        return print_json(&report);
    }
    say!("progress of {} over {} at {} ({}):", report.viewer, report.scope, report.at, report.date);
    print_figures("all", &report.totals)?;
    for direct in &report.direct_reports {
        print_figures(direct.member.as_str(), &direct.figures)?;
    }
    Ok(())
}

fn print_figures(who: &str, f: &ProgressFigures) -> anyhow::Result<()> {
    let mean = f.mean_progress.map_or("-".to_owned(), |m| format!("{m:.2}%"));
    say!(
        "  {who}: {} goals (published {}, closed {}, archived {}); on track {}, at risk {}, off track {}; \
         mean {mean}; past end {}; not updated 28 days {}",
        f.goals,
        f.by_state.published,
        f.by_state.closed,
        f.by_state.archived,
        f.by_pace.on_track,
        f.by_pace.at_risk,
        f.by_pace.off_track,
        f.past_end_date,
        f.not_updated_28_days
    );
    Ok(())
}

pub async fn adoption(common: &Common, args: &ReportArgs) -> anyhow::Result<()> {
    let at = parse_at(args.at.as_deref(), &common.clock)?;
    let store = common.store().await?;
    let (org, viewer, scope) = parsed(store.as_ref(), args).await?;
    let report = store.adoption_report(&org, &viewer, &scope, at).await?;
    if common.json {
        return print_json(&report);
    }
    let f = &report.figures;
    let shown = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.2}"));
    say!("adoption of {} over {} at {}:", report.viewer, report.scope, report.at);
    say!(
        "  {} of {} active members own a published goal ({}%)",
        f.members_with_published_goal,
        f.active_members,
        shown(f.members_with_published_goal_percent)
    );
    say!(
        "  {} of {} published goals have a parent ({}%)",
        f.published_goals_with_parent,
        f.published_goals,
        shown(f.published_goals_with_parent_percent)
    );
    say!("  median days since the last activity: {}", shown(f.median_days_since_last_activity));
    for member in &f.members_without_published_goal {
        say!("  no published goal: {member}");
    }
    Ok(())
}
