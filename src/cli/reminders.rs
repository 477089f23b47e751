//! `goald reminders preview|run|history` (CONTRACT §7).

use crate::cli::common::{org, parse_at, Common};
use crate::cli::output::print_json;
use crate::core::time::rfc3339_text as rfc3339;
use crate::reminders::due::local_date;
use crate::reminders::types::EvaluationOutcome;
use crate::reminders::Week;

pub async fn reminders_preview(common: &Common, org_id: &str, at: Option<&str>) -> anyhow::Result<()> {
    let at = parse_at(at, &common.clock)?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let digests = store.plan_reminders(&org, at).await?;
    if common.json {
        return print_json(&serde_json::json!({
            "org": org.id.as_str(),
            "evaluated_at": rfc3339(at),
            "digests": digests,
        }));
    }
    say!("evaluation of {} at {}: {} digests", org.id, rfc3339(at), digests.len());
    for digest in &digests {
        say!("  {} <{}> {} delivered {}", digest.owner, digest.email, digest.locale, rfc3339(digest.deliver_at));
        for goal in &digest.goals {
            let reasons: Vec<&str> = goal.reasons.iter().map(|r| r.as_str()).collect();
            say!("    {} ({})", goal.id, reasons.join(", "));
        }
    }
    Ok(())
}

pub async fn reminders_run(common: &Common, org_id: &str, at: Option<&str>) -> anyhow::Result<()> {
    let at = parse_at(at, &common.clock)?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let week = Week::of(local_date(at, org.timezone));
    let outcome = store.evaluate_week(&org, week, at, common.clock.now()).await?;
    tracing::info!(org = org.id.as_str(), %week, ?outcome, "evaluation");
    // With the Friday evaluation, after it: escalation reads the week just queued.
    let managers = store.evaluate_manager_digests(&org, at, common.clock.now()).await?;
    tracing::info!(org = org.id.as_str(), ?managers, "manager digest evaluation");
    if common.json {
        return print_json(&serde_json::json!({
            "org": org.id.as_str(),
            "week": week.to_string(),
            "evaluated_at": rfc3339(at),
            "result": outcome,
            "manager_digests": managers,
        }));
    }
    match outcome {
        EvaluationOutcome::Queued { digests, goals } => {
            say!("{} {week}: queued {digests} digests listing {goals} goals", org.id)
        }
        EvaluationOutcome::AlreadyEvaluated => say!("{} {week}: already evaluated, nothing queued", org.id),
    }
    Ok(())
}

pub async fn reminders_history(common: &Common, org_id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let evaluations = store.evaluations(&org.id).await?;
    if common.json {
        return print_json(&serde_json::json!({"org": org.id.as_str(), "evaluations": evaluations}));
    }
    for e in &evaluations {
        say!("{} evaluated at {}: {} digests, {} goals", e.week, rfc3339(e.evaluated_at), e.digests, e.goals);
    }
    Ok(())
}
