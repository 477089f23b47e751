# The weekly digest (CONTRACT §9), English.
# Each message here has a twin in ../fr/digest.ftl; src/mail/tests.rs checks both render.

digest-subject = { $count ->
    [one] { $count } goal needs your update
   *[other] { $count } goals need your update
}
digest-header = Weekly goals digest
digest-greeting = Hello { $name },
digest-intro = { $count ->
    [one] This goal you own needs your attention:
   *[other] These { $count } goals you own need your attention:
}
digest-reason-not-updated-28-days = Not updated for 28 days
digest-reason-past-end-date = Its end date has passed
digest-end-date = End date: { $date }
digest-ended = { $days ->
    [0] Ended today, { $date }
    [one] Ended yesterday, { $date }
   *[other] Ended { $days } days ago, { $date }
}
# "Progress: 40%".
digest-progress = Progress: { $percent }%
digest-pace-on-track = On track
digest-pace-at-risk = At risk
digest-pace-off-track = Off track
digest-last-updated = { $days ->
    [0] Last updated today
    [one] Last updated yesterday
   *[other] Last updated { $days } days ago
}
digest-never-updated-since = No update since it was published on { $date }
digest-never-updated = Never updated
# After a title another goal in the digest shares.
digest-context-parent = under “{ $parent }”
digest-type-personal = personal goal
digest-type-team = team goal
digest-type-organization = organization goal
digest-update-progress = Update progress
# After the list, when the digest lists only the most urgent goals.
digest-more = { $count ->
    [one] …and 1 more goal
   *[other] …and { $count } more goals
}
digest-see-all = See all your goals
digest-footer = You receive this weekly digest from { $org } because you own these goals. A goal is listed when it has not been updated for 28 days or is past its end date.
digest-preferences = Email preferences
digest-unsubscribe = Unsubscribe from this digest

# Dates: "November 30, 2026".
date-long = { $month } { $day }, { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
