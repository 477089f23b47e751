# The manager digest (issue 17), English.
# Each message here has a twin in ../fr/manager.ftl; src/mail/manager_tests.rs checks both render.

manager-subject = { $count ->
    [0] Your team's goals: nothing needs your attention
    [one] Your team's goals: 1 needs your attention
   *[other] Your team's goals: { $count } need your attention
}
manager-header-weekly = Weekly team digest
manager-header-monthly = Monthly team digest
manager-greeting = Hello { $name },
manager-intro = { $people ->
    [one] How the goals of the 1 active person in your reporting line stand on { $date }.
   *[other] How the goals of the { $people } active people in your reporting line stand on { $date }.
}
manager-pace-heading = Published goals by pace
manager-pace-count = { $pace }: { $count }
manager-flagged-heading = Off track and at risk
manager-flagged-none = No goal is off track or at risk.
manager-flagged-more = { $count ->
    [one] …and 1 more
   *[other] …and { $count } more
}
manager-owner = Owner: { $name }
manager-late-heading = Owners with goals past their end date
manager-late-none = No goal is past its end date.
manager-late-owner = { $name }: { $count ->
    [one] 1 goal
   *[other] { $count } goals
}
manager-adoption-heading = Adoption
manager-adoption = { $with } of { $active } active people own a published goal ({ $percent }%)
manager-change-heading = Since the previous period
manager-change-none = There is no previous digest to compare with yet.
manager-change-off-track = Off track: { $now } ({ $delta })
manager-change-at-risk = At risk: { $now } ({ $delta })
manager-change-late = Owners past an end date: { $now } ({ $delta })
manager-change-adoption = Adoption: { $now }% ({ $delta } points)
manager-escalated-heading = Escalated to you
manager-escalated = Reminded { $weeks } weeks in a row without an update
manager-open-goal = Open the goal
manager-footer-weekly = You receive this weekly digest from { $org } because people report to you.
manager-footer-monthly = You receive this monthly digest from { $org } because people report to you.
manager-unsubscribe = Unsubscribe from team digests
