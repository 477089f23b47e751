use super::*;
use crate::goals::fixtures::{date, instant};
use crate::goals::Status;

/// Pace of a four-day goal (1 to 4 January) on 4 January, when 100% is expected.
fn pace_at_the_end(progress: f64) -> Status {
    pace_status(progress, date("2026-01-01"), date("2026-01-04"), date("2026-01-04"))
}

#[test]
fn pace_is_on_track_before_the_start_date() {
    let status = pace_status(0.0, date("2026-03-01"), date("2026-03-31"), date("2026-02-28"));
    assert_eq!(status, Status::OnTrack);
}

#[test]
fn on_the_first_day_one_day_of_progress_is_expected() {
    // 1 day of 4: 25% expected, so on track from 18.75 and at risk from 12.5.
    let on_day_one = |p| pace_status(p, date("2026-01-01"), date("2026-01-04"), date("2026-01-01"));
    assert_eq!(on_day_one(18.75), Status::OnTrack);
    assert_eq!(on_day_one(18.74), Status::AtRisk);
    assert_eq!(on_day_one(12.5), Status::AtRisk);
    assert_eq!(on_day_one(12.49), Status::OffTrack);
}

#[test]
fn exactly_three_quarters_of_the_expected_progress_is_on_track() {
    assert_eq!(pace_at_the_end(75.0), Status::OnTrack);
    assert_eq!(pace_at_the_end(74.99), Status::AtRisk);
}

#[test]
fn exactly_half_of_the_expected_progress_is_at_risk() {
    assert_eq!(pace_at_the_end(50.0), Status::AtRisk);
    assert_eq!(pace_at_the_end(49.99), Status::OffTrack);
    assert_eq!(pace_at_the_end(0.0), Status::OffTrack);
}

#[test]
fn a_boundary_holds_with_day_counts_that_are_not_round() {
    // 181 days, all elapsed: 50 is exactly half (the example's g-hal).
    let status = pace_status(50.0, date("2026-01-01"), date("2026-06-30"), date("2026-11-27"));
    assert_eq!(status, Status::AtRisk);
    // 3 of 7 days: 75 * 3 / 7 = 32.142857...; the float just below must not count as on track.
    let mid = |p| pace_status(p, date("2026-01-01"), date("2026-01-07"), date("2026-01-03"));
    assert_eq!(mid(75.0 * 3.0 / 7.0), Status::OnTrack);
    assert_eq!(mid(32.14), Status::AtRisk);
}

#[test]
fn float_noise_just_below_a_boundary_does_not_flip_the_pace() {
    assert_eq!(pace_at_the_end(75.0 - 1e-12), Status::OnTrack);
    assert_eq!(pace_at_the_end(50.0 - 1e-12), Status::AtRisk);
}

#[test]
fn after_the_end_date_the_whole_period_counts_as_elapsed() {
    let status = pace_status(80.0, date("2026-02-01"), date("2026-10-31"), date("2027-05-01"));
    assert_eq!(status, Status::OnTrack);
    let status = pace_status(70.0, date("2026-02-01"), date("2026-10-31"), date("2027-05-01"));
    assert_eq!(status, Status::AtRisk);
}

#[test]
fn an_end_before_the_start_counts_as_a_single_day() {
    let pace = |p, today| pace_status(p, date("2026-01-05"), date("2026-01-01"), date(today));
    assert_eq!(pace(0.0, "2026-01-04"), Status::OnTrack);
    assert_eq!(pace(0.0, "2026-01-05"), Status::OffTrack);
    assert_eq!(pace(75.0, "2026-01-05"), Status::OnTrack);
}

#[test]
fn the_local_date_is_taken_in_the_given_time_zone() {
    let toronto = chrono_tz::America::Toronto;
    assert_eq!(local_date(instant("2026-11-27T22:00:00Z"), toronto), date("2026-11-27"));
    assert_eq!(local_date(instant("2026-11-28T03:00:00Z"), toronto), date("2026-11-27"));
    assert_eq!(local_date(instant("2026-11-27T23:30:00Z"), chrono_tz::Europe::Paris), date("2026-11-28"));
}

#[test]
fn round2_keeps_two_decimals() {
    assert_eq!(round2(200.0 / 3.0), 66.67);
    assert_eq!(round2(58.0), 58.0);
    assert_eq!(round2(0.004), 0.0);
}

#[test]
fn round2_never_yields_negative_zero() {
    assert!(round2(-0.001).is_sign_positive());
}

#[test]
fn an_orgs_thresholds_move_the_boundaries() {
    use crate::org::PaceThresholds;
    let thresholds = PaceThresholds { on_track: 60.0, at_risk: 30.0 };
    // 2026-01-01..2026-12-31 at 2026-11-27: 331 of 365 days, 90.68% expected.
    let at = |p| pace_status_with(thresholds, p, date("2026-01-01"), date("2026-12-31"), date("2026-11-27"));
    assert_eq!(at(55.0), Status::OnTrack, "55 >= 0.60 * 90.68 = 54.4");
    assert_eq!(at(50.0), Status::AtRisk, "50 < 54.4 but >= 0.30 * 90.68 = 27.2");
    assert_eq!(at(27.0), Status::OffTrack);
    // The default thresholds give the same answers as pace_status.
    for p in [0.0, 30.0, 45.0, 68.0, 100.0] {
        let default =
            pace_status_with(PaceThresholds::default(), p, date("2026-01-01"), date("2026-12-31"), date("2026-11-27"));
        assert_eq!(default, pace_status(p, date("2026-01-01"), date("2026-12-31"), date("2026-11-27")), "{p}");
    }
}

#[test]
fn a_boundary_on_an_integral_threshold_is_exact() {
    use crate::org::PaceThresholds;
    let thresholds = PaceThresholds { on_track: 60.0, at_risk: 30.0 };
    // Half time of a 10-day goal: expected 50, so exactly 30 is on track and 15 at risk.
    let mid = |p| pace_status_with(thresholds, p, date("2026-01-01"), date("2026-01-10"), date("2026-01-05"));
    assert_eq!(mid(30.0), Status::OnTrack);
    assert_eq!(mid(29.99), Status::AtRisk);
    assert_eq!(mid(15.0), Status::AtRisk);
    assert_eq!(mid(14.99), Status::OffTrack);
}
